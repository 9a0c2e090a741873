"""``geokg extract``: draft a claims file from a text, or score a draft against curated claims.

The command line wires this in with ``geokg.cli.extract.add_parser(subparsers)``;
``run(args)`` returns the exit code: 0 success (also for a text with no
recognisable actor: an empty draft and a message), 9 a text or lexicon that
cannot be used (missing, empty, binary, not UTF-8, malformed), 64 an option
value that makes no sense (an unknown --date format, a bad --source-id).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import nullcontext
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..claims.dates import DateFormatError, DateValue, parse_date
from ..errors import ExtractInputError, UsageError
from ..extract.reader import source_date

if TYPE_CHECKING:
    from ..extract.coder import Coder
    from ..extract.lexicon import Lexicon
    from ..extract.records import Candidate

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


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
    from ..extract.coder import Coder
    from ..extract.draft import (
        QuoteCounter,
        folded_quote,
        period_entries,
        write_draft,
    )
    from ..extract.lexicon import load_lexicon
    from ..extract.reader import read_sentences

    path: Path = args.path
    output: Path | None = args.output
    if output and output.exists() and not args.force:
        raise UsageError(f"{output} exists; give --force to overwrite it")
    date, relative_ok = _date(args.date, path, output)
    source_id = _source_id(args.source_id, path, output)
    lexicon = load_lexicon(tuple(args.lexicon))
    coder = Coder(lexicon, date)
    if args.format == "jsonl" and not args.evaluate:
        with _progress(path, args.quiet) as progress, _opened(output) as out:
            count = 0
            for claim in coder.code_all(read_sentences(path, progress)):
                out.write(json.dumps(claim.to_json(lexicon), ensure_ascii=False) + "\n")
                count += 1
        return _summary(args, coder, count)
    with tempfile.TemporaryFile() as spool:
        counter = QuoteCounter()
        count = 0
        with _progress(path, args.quiet) as progress:
            for claim in coder.code_all(read_sentences(path, progress)):
                pickle.dump(claim, spool)
                counter.add(folded_quote(claim.sentence.text))
                count += 1
        if args.evaluate:
            spool.seek(0)
            _evaluate(args.evaluate, list(_unspooled(spool)), lexicon, date, path, args.quiet)
            if output is None:
                return _summary(args, coder, count)
        spool.seek(0)
        if args.format == "jsonl":
            with _opened(output) as out:
                for claim in _unspooled(spool):
                    out.write(json.dumps(claim.to_json(lexicon), ensure_ascii=False) + "\n")
            return _summary(args, coder, count)
        counter.scan(read_sentences(path))
        # The draft's own periods, from its text and date: never another source's.
        periods = period_entries(coder.periods, lexicon, date, relative_ok)
        entities = [lexicon.entities[k] for k in sorted(coder.entities)]
        header = (
            f"# Machine-drafted by `geokg extract` {version('geokg')} from {path.name}: "
            f"{count} claims from {coder.sentences} sentences.\n"
            "# Review every claim against its quote: correct or delete it, then remove\n"
            "# `machine_drafted` and `confidence` from the claims you keep. The comment\n"
            "# above each claim gives its cue and its CAMEO and PLOVER codes.\n"
        )
        with _atomic(output) as out:
            write_draft(
                out,
                source_id,
                _unspooled(spool),
                lexicon,
                periods,
                entities,
                counter,
                date,
                relative_ok,
                header,
            )
    return _summary(args, coder, count)


def _evaluate(
    gold: Path,
    claims: list[Candidate],
    lexicon: Lexicon,
    date: DateValue | None,
    path: Path,
    quiet: bool,
) -> None:
    from ..extract.evaluate import evaluate

    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:  # pragma: no cover - read_sentences has checked it
        raise ExtractInputError(f"{path}: not UTF-8") from None
    gold_date = source_date(gold.parent / "source.yaml") or date
    print(evaluate(claims, gold, text, lexicon, gold_date).report(details=not quiet))


def _unspooled(spool: Any) -> Iterator[Candidate]:
    while True:
        try:
            yield pickle.load(spool)
        except EOFError:
            return


def _summary(args: argparse.Namespace, coder: Coder, count: int) -> int:
    if coder.actor_mentions == 0:
        print(
            f"geokg extract: no actor recognised in {args.path}: the draft has no claims. "
            "Actors are found by the names in ontology/gazetteer.ttl and the extraction "
            "lexicon; add names with --lexicon FILE (see docs/extraction.md).",
            file=sys.stderr,
        )
    elif not args.quiet:
        where = f" to {args.output}" if args.output else ""
        print(
            f"geokg extract: drafted {count} claims from {coder.sentences} sentences{where}; "
            "review them before `geokg build`.",
            file=sys.stderr,
        )
    return 0


# -- options --------------------------------------------------------------------
def _date(option: str | None, path: Path, output: Path | None) -> tuple[DateValue | None, bool]:
    """The text's date, and whether a source.yaml beside the draft has one (for 'last year')."""
    beside = (output.parent if output else path.parent) / "source.yaml"
    known = source_date(beside)
    if option is None:
        return (known or source_date(path.parent / "source.yaml")), known is not None
    text = option.strip()
    try:
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
            raise DateFormatError(text)
        value = parse_date(text)
    except DateFormatError:
        raise UsageError(
            f"--date '{option}' is not a date: write a year (2017), a month (2017-03) or an ISO "
            "date (2017-03-01)"
        ) from None
    return value, known is not None and known.year == value.year


def _source_id(option: str | None, path: Path, output: Path | None) -> str:
    if option is not None:
        if not _ID.match(option):
            raise UsageError(f"--source-id '{option}' must be lower-case letters, digits and '-'")
        return option
    if output is not None and output.name == "claims.yaml":
        name = output.resolve().parent.name
    elif path.name == "article.txt":
        name = path.resolve().parent.name
    else:
        name = path.stem
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "draft"


# -- output ---------------------------------------------------------------------
def _opened(output: Path | None):
    if output is None:
        return nullcontext(sys.stdout)
    return output.open("w", encoding="utf-8")


class _atomic:
    """Write to a temporary file beside ``path`` and move it into place when done."""

    def __init__(self, path: Path | None):
        self.path = path
        self.handle: TextIO | None = None

    def __enter__(self) -> TextIO:
        if self.path is None:
            return sys.stdout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=".draft-", suffix=".yaml", dir=self.path.parent)
        self.handle = os.fdopen(fd, "w", encoding="utf-8")
        return self.handle

    def __exit__(self, kind: Any, *_: Any) -> None:
        if self.handle is None:
            return
        self.handle.close()
        if kind is None:
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)


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
