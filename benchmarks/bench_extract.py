"""Throughput and memory of `geokg extract` on texts of concatenated articles.

Builds texts of 256 KB to 2 MB from the bundled article and the extraction
test texts, and for each size runs the command's pipeline in a fresh process:

- ``jsonl``: extract and write JSON lines (one pass, streamed);
- ``yaml``: extract, spool, count repeated quotes (a second pass over the
  text) and write the claims file, as ``geokg extract -o`` does;

and prints seconds, KB/s (of UTF-8 input), peak resident memory of the
process and the peak of Python allocations during extraction (tracemalloc, in
a separate run, as it slows the code down). Target: at least 200 KB/s at 1 MB,
and memory flat as the text grows.

    .venv/bin/python benchmarks/bench_extract.py [--sizes 256,512,1024,2048]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = [
    ROOT / "graph" / "sources" / "pakistan-russia-rapprochement" / "article.txt",
    ROOT / "tests" / "extract" / "india-us-convergence" / "article.txt",
    ROOT / "tests" / "extract" / "china-pakistan-corridor" / "article.txt",
]
LEXICON = ROOT / "tests" / "extract" / "lexicon.yaml"


def corpus(path: Path, kilobytes: int) -> int:
    """Write about ``kilobytes`` KB of concatenated articles to ``path``; returns its size."""
    texts = [p.read_text(encoding="utf-8").strip() for p in ARTICLES]
    parts, size, i = [], 0, 0
    while size < kilobytes * 1024:
        parts.append(texts[i % len(texts)])
        size += len(parts[-1].encode("utf-8")) + 2
        i += 1
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path.stat().st_size


def child(path: Path, fmt: str, trace: bool) -> dict:
    """One measurement, in this process: the pipeline of `geokg extract`."""
    from geokg.cli.extract import add_parser
    from geokg.extract.lexicon import load_lexicon

    load_lexicon((LEXICON,))  # fixed cost, measured apart
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / ("claims.yaml" if fmt == "yaml" else "claims.jsonl")
        argv = ["extract", str(path), "--format", fmt, "-o", str(out), "--quiet"]
        args = parser.parse_args([*argv, "--lexicon", str(LEXICON)])
        if trace:
            tracemalloc.start()
        start = time.perf_counter()
        args.func(args)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] if trace else None
        lines = sum(1 for _ in out.open(encoding="utf-8")) if out.exists() else 0
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "rss_mb": rss_kb / 1024,
        "traced_mb": (peak or 0) / 2**20,
        "lines": lines,
    }


def measure(path: Path, fmt: str, trace: bool) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path), fmt, "trace" if trace else "plain"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def lexicon_load() -> float:
    code = (
        "import time; t = time.perf_counter(); "
        "from geokg.extract.lexicon import load_lexicon; load_lexicon(); "
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="256,512,1024,2048", help="KB, comma-separated")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        path, fmt, trace = args.child
        print(json.dumps(child(Path(path), fmt, trace == "trace")))
        return
    print(f"lexicon and ontology load (once per process): {lexicon_load():.2f} s")
    print(
        f"{'input':>9} {'format':>6} {'seconds':>8} {'KB/s':>7} {'peak RSS':>9} "
        f"{'py peak':>8} {'output lines':>13}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for kilobytes in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"corpus-{kilobytes}.txt"
            size = corpus(path, kilobytes)
            for fmt in ("jsonl", "yaml"):
                run = measure(path, fmt, trace=False)
                traced = measure(path, fmt, trace=True)
                rate = size / 1024 / run["seconds"]
                print(
                    f"{size / 1024:7.0f}KB {fmt:>6} {run['seconds']:8.2f} {rate:7.0f} "
                    f"{run['rss_mb']:7.0f}MB {traced['traced_mb']:6.1f}MB {run['lines']:13d}"
                )


if __name__ == "__main__":
    main()
