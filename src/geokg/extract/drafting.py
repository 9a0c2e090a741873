"""``draft_claims``: a text in, a claims file (or JSON lines) out — what ``geokg extract`` does.

The command line only parses options and prints; a notebook calls this::

    summary = geokg.extract.draft_claims("article.txt", "graph/sources/x/claims.yaml")

The text streams through the reader and the coder; candidates are spooled
to a temporary file (memory stays flat on long texts) and written at the end,
atomically, so that a failed run leaves an existing file as it was.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, TextIO

from ..claims.dates import DateFormatError, DateValue, parse_date
from ..claims.terms import CLAIMS_FILE, ID_PATTERN, METADATA_FILE, TEXT_FILE
from ..errors import ExtractInputError, UsageError
from .reader import source_date

FORMATS = ("yaml", "jsonl")


@dataclass
class Drafted:
    """What a draft holds: claim and sentence counts, actors found, and the score if asked."""

    claims: int
    sentences: int
    actor_mentions: int
    evaluation: Any = None  # an ``Evaluation`` when a curated file was given


def draft_claims(
    text: Path | str,
    output: Path | str | None = None,
    *,
    source_id: str | None = None,
    date: str | None = None,
    lexicons: tuple[Path, ...] = (),
    format: str = "yaml",
    evaluate: Path | None = None,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Drafted:
    """Draft the claims of ``text`` into ``output`` (standard output when ``None``).

    Parameters
    ----------
    text
        The article (UTF-8).
    output
        The claims file (or JSON-lines file) to write; an existing file is kept
        unless ``force``. With ``evaluate`` and no output, nothing is written.
    source_id
        Lower-case letters, digits and ``-`` (default: from the folder names).
    date
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (default: ``source.yaml`` beside it).
    lexicons
        YAML lexicons adding names, entities and cues.
    format
        ``yaml`` (a claims file) or ``jsonl`` (one candidate per line).
    evaluate
        A curated claims file of the same text to score the draft against.
    progress
        Called with the number of bytes read, for a progress bar.

    Raises
    ------
    ExtractInputError
        The text or a lexicon cannot be used (exit 9).
    UsageError
        A bad date or source id, an unknown format, or an existing output without ``force``.
    """
    from .coder import Coder
    from .draft import QuoteCounter, folded_quote, period_entries, write_draft
    from .lexicon import load_lexicon
    from .reader import read_sentences

    path = Path(text)
    out_path = Path(output) if output is not None else None
    if format not in FORMATS:
        raise UsageError(f"unknown draft format '{format}'; use {' or '.join(FORMATS)}")
    if out_path and out_path.exists() and not force:
        raise UsageError(f"{out_path} exists; give --force to overwrite it")
    when, relative_ok = text_date(date, path, out_path)
    source_id = draft_source_id(source_id, path, out_path)
    lexicon = load_lexicon(tuple(Path(p) for p in lexicons))
    coder = Coder(lexicon, when)

    def done(count: int, evaluation: Any = None) -> Drafted:
        return Drafted(count, coder.sentences, coder.actor_mentions, evaluation)

    if format == "jsonl" and not evaluate:
        with _atomic(out_path) as out:
            count = 0
            for claim in coder.code_all(read_sentences(path, progress)):
                out.write(json.dumps(claim.to_json(lexicon), ensure_ascii=False) + "\n")
                count += 1
        return done(count)
    with tempfile.TemporaryFile() as spool:
        counter = QuoteCounter()
        count = 0
        for claim in coder.code_all(read_sentences(path, progress)):
            pickle.dump(claim, spool)
            counter.add(folded_quote(claim.sentence.text))
            count += 1
        evaluation = None
        if evaluate:
            spool.seek(0)
            evaluation = _evaluate(Path(evaluate), list(_unspooled(spool)), lexicon, when, path)
            if out_path is None:
                return done(count, evaluation)
        spool.seek(0)
        if format == "jsonl":
            with _atomic(out_path) as out:
                for claim in _unspooled(spool):
                    out.write(json.dumps(claim.to_json(lexicon), ensure_ascii=False) + "\n")
            return done(count, evaluation)
        counter.scan(read_sentences(path))
        # The draft's own periods, from its text and date: never another source's.
        periods = period_entries(coder.periods, lexicon, when, relative_ok)
        entities = [lexicon.entities[k] for k in sorted(coder.entities)]
        header = (
            f"# Machine-drafted by `geokg extract` {version('geokg')} from {path.name}: "
            f"{count} claims from {coder.sentences} sentences.\n"
            "# Review every claim against its quote: correct or delete it, then remove\n"
            "# `machine_drafted` and `confidence` from the claims you keep. The comment\n"
            "# above each claim gives its cue and its CAMEO and PLOVER codes.\n"
        )
        with _atomic(out_path) as out:
            write_draft(
                out,
                source_id,
                _unspooled(spool),
                lexicon,
                periods,
                entities,
                counter,
                when,
                relative_ok,
                header,
            )
    return done(count, evaluation)


def _evaluate(gold: Path, claims: list, lexicon: Any, date: DateValue | None, path: Path):
    from .evaluate import evaluate

    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:  # pragma: no cover - read_sentences has checked it
        raise ExtractInputError(f"{path}: not UTF-8") from None
    gold_date = source_date(gold.parent / METADATA_FILE) or date
    return evaluate(claims, gold, text, lexicon, gold_date)


def _unspooled(spool: Any) -> Iterator[Any]:
    while True:
        try:
            yield pickle.load(spool)
        except EOFError:
            return


def text_date(option: str | None, path: Path, output: Path | None) -> tuple[DateValue | None, bool]:
    """The text's date, and whether a source.yaml beside the draft has one (for 'last year')."""
    beside = (output.parent if output else path.parent) / METADATA_FILE
    known = source_date(beside)
    if option is None:
        return (known or source_date(path.parent / METADATA_FILE)), known is not None
    text = option.strip()
    try:
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
            raise DateFormatError(text)
        value = parse_date(text)
    except DateFormatError:
        raise UsageError(
            f"--date '{option}' is not a date: write a year (2017), a month (2017-03) or an ISO "
            "date (2017-03-01) (see docs/extraction.md)"
        ) from None
    return value, known is not None and known.year == value.year


def draft_source_id(option: str | None, path: Path, output: Path | None) -> str:
    """The source id: as given (checked), else the folder of ``claims.yaml`` or ``article.txt``."""
    if option is not None:
        if not ID_PATTERN.match(option):
            raise UsageError(
                f"--source-id '{option}' must be lower-case letters, digits and '-' "
                "(see docs/extraction.md)"
            )
        return option
    if output is not None and output.name == CLAIMS_FILE:
        name = output.resolve().parent.name
    elif path.name == TEXT_FILE:
        name = path.resolve().parent.name
    else:
        name = path.stem
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "draft"


class _atomic:
    """Write to a temporary file beside ``path`` and move it into place when done."""

    def __init__(self, path: Path | None):
        self.path = path
        self.handle: TextIO | None = None

    def __enter__(self) -> TextIO:
        if self.path is None:
            return nullcontext(sys.stdout).__enter__()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=self.path.parent)
        self.handle = os.fdopen(fd, "w", encoding="utf-8")
        return self.handle

    def __exit__(self, kind: Any, *_: Any) -> None:
        if self.handle is None:
            return
        self.handle.close()
        if kind is None:
            os.chmod(self.tmp, 0o644)
            os.replace(self.tmp, self.path)
        else:
            os.unlink(self.tmp)
