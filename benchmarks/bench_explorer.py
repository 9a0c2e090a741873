"""Time the explorer's part of `geokg views` on a corpus and print the size of every page.

    python benchmarks/bench_compare.py --sources 200 --keep DIR   # makes DIR/corpus.trig
    python benchmarks/bench_explorer.py DIR/corpus.trig [--out DIR/views]

Loading the dataset and projecting it are timed apart (they are the analysis'
share, also paid by `geokg analyze`); then reading the explorer's index (one
pass over every named graph), rendering the corpus page and every source's
page (in one process, then shared with a forked child as `geokg views`
does), and writing them. Targets (issue 13): `geokg views` under 10 s at 200
sources, no page over 5 MB.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from geokg.files import write_all
from geokg.network.oxdataset import OxigraphDataset
from geokg.network.projection import MODALITIES, Selection, project
from geokg.views.explorer import ExplorerPages, explorer_pages, read_index
from geokg.views.forked import can_fork, forked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument(
        "--out", type=Path, help="write the pages here (default: a temporary folder)"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    ds = OxigraphDataset.load(args.dataset)  # as `geokg views` reads it
    print(f"load {args.dataset.name}: {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    projection = project(ds, Selection.named("inferred", MODALITIES))
    print(f"projection: {time.perf_counter() - start:.1f} s")
    start, cpu = time.perf_counter(), time.process_time()
    pages = explorer_pages(ds, projection)
    rendered, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"explorer pages: {len(pages)} rendered in {rendered:.1f} s (CPU {cpu:.1f} s)")
    if can_fork():  # the source pages shared with a forked child, as `geokg views` does
        start = time.perf_counter()
        explorer = ExplorerPages(read_index(ds), projection)
        ids = explorer.source_ids
        with forked(lambda: explorer.source_pages(ids[::2])) as child:
            shared = explorer.source_pages(ids[1::2])
            shared["explorer.html"] = explorer.corpus_page()
        shared.update(child())
        assert shared == pages, "the forked child's pages differ"
        print(
            f"the same, every other source page by a forked child: {time.perf_counter() - start:.1f} s"
        )
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.out or Path(tmp)
        start = time.perf_counter()
        write_all({folder / name: text for name, text in pages.items()})
        print(f"written in {time.perf_counter() - start:.1f} s")
        sizes = sorted((len(text.encode("utf-8")), name) for name, text in pages.items())
    print(f"largest pages: {', '.join(f'{n} {s / 1e6:.2f} MB' for s, n in sizes[-3:])}")
    print(f"all pages: {sum(s for s, _ in sizes) / 1e6:.1f} MB")
    print("(the machine is shared with other work: figures vary between runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
