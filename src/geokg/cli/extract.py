"""``geokg extract``: draft a claims file from a text, or score a draft against curated claims.

The command line wires this in with ``geokg.cli.extract.add_parser(subparsers)``;
``run(args)`` returns the exit code: 0 success (also for a text with no
recognisable actor: an empty draft and a message), 9 a text or lexicon that
cannot be used (missing, empty, binary, not UTF-8, malformed), 64 an option
value that makes no sense (an unknown --date format, a bad --source-id).
"""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Any

# What the command does lives in geokg.extract.drafting (draft_claims); this
# module parses the options and prints.


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``geokg extract`` on the command line's subparsers."""
    p = subparsers.add_parser(
        "extract",
        help="draft a claims file from a text, for a person to review",
        description="Draft claims from a text, sentence by sentence: actors, relations and "
        "their stance, interests, events, causes, modality, period, each with the sentence "
        "quoted. The draft passes `geokg validate`; review it before `geokg build`. "
        "Rules and lexicons, no model: see docs/extraction.md.",
        epilog="Exit codes: 0 ok (an empty draft when no actor is recognised), 9 unusable "
        "text or lexicon, 64 bad option value.",
    )
    p.add_argument("path", type=Path, help="the text (UTF-8), e.g. graph/sources/ID/article.txt")
    p.add_argument(
        "-o", "--output", type=Path, help="write the draft here (default: standard output)"
    )
    p.add_argument(
        "--format",
        choices=("yaml", "jsonl"),
        default="yaml",
        help="yaml: a claims file (default); jsonl: one candidate per line",
    )
    p.add_argument("--source-id", help="the source id (default: the folder of -o or of PATH)")
    p.add_argument(
        "--date",
        help="the text's date, YYYY, YYYY-MM or YYYY-MM-DD, to resolve 'last year' "
        "(default: date.value of source.yaml beside PATH)",
    )
    p.add_argument(
        "--lexicon",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="a YAML lexicon adding names, entities and cues (repeatable)",
    )
    p.add_argument(
        "--evaluate",
        type=Path,
        metavar="GOLD",
        help="compare the draft with this curated claims file and print precision, recall, F1",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing -o file")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``geokg extract``; returns the exit code (errors raise ``GeokgError``)."""
    # Imported here so that the command line starts fast (the lexicon loads the ontology).
    from ..extract.drafting import draft_claims

    with _progress(args.path, args.quiet) as progress:
        drafted = draft_claims(
            args.path,
            args.output,
            source_id=args.source_id,
            date=args.date,
            lexicons=tuple(args.lexicon),
            format=args.format,
            evaluate=args.evaluate,
            force=args.force,
            progress=progress,
        )
    if drafted.evaluation is not None:
        print(drafted.evaluation.report(details=not args.quiet))
    if drafted.actor_mentions == 0:
        print(
            f"geokg extract: no actor recognised in {args.path}: the draft has no claims. "
            "Actors are found by the names in ontology/gazetteer.ttl and the extraction "
            "lexicon; add names with --lexicon FILE (see docs/extraction.md).",
            file=sys.stderr,
        )
    elif not args.quiet:
        where = f" to {args.output}" if args.output else ""
        print(
            f"geokg extract: drafted {drafted.claims} claims from {drafted.sentences} "
            f"sentences{where}; review them before `geokg build`.",
            file=sys.stderr,
        )
    return 0


def _progress(path: Path, quiet: bool):
    """A progress bar on standard error for long texts (none when not a terminal)."""
    if quiet or not sys.stderr.isatty():
        return nullcontext(None)
    return _Bar(path)


class _Bar:
    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        from rich.console import Console
        from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

        size = self.path.stat().st_size if self.path.is_file() else None
        self.progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.progress.__enter__()
        task = self.progress.add_task("extracting", total=size)
        return lambda n: self.progress.advance(task, n)

    def __exit__(self, *exc: Any) -> None:
        self.progress.__exit__(*exc)
