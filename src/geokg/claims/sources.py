"""Reading a source folder: its text, its metadata and its claims file.

``load_sources`` reads every folder under a sources directory, checks
everything it can without building RDF, and either returns the sources or
raises one ``SourceError`` listing every problem found, with file and line.
Nothing here writes a file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from ..digests import digest, files_digest
from ..errors import Problem, SourceError
from ..namespaces import GK
from ..workers import Forked
from ..workers import inputs as worker_inputs
from .dates import DateFormatError, DateValue, parse_date
from .eras import merge_eras
from .evidence import ContextSentence
from .periods import Period, PeriodOrderError, order_periods
from .reader import Claim, ClaimReader, Entity
from .terms import (
    CLAIMS_FILE,
    GENRES,
    METADATA_FILE,
    METADATA_KEYS,
    TEXT_FILE,
    TOP_LEVEL_KEYS,
)
from .text import Sentence, split_sentences
from .vocabulary import Vocabulary
from .yamlio import LineDict, load_yaml

__all__ = [
    "CLAIMS_FILE",
    "METADATA_FILE",
    "TEXT_FILE",
    "Coverage",
    "Source",
    "load_sources",
    "source_folders",
]


@dataclass
class Source:
    """One source: its text split into sentences, its metadata and its claims."""

    id: str
    folder: Path
    text: str
    sentences: list[Sentence]
    metadata: dict[str, Any]
    date: DateValue | None
    earliest: DateValue | None
    date_note: str | None
    periods: list[Period] = field(default_factory=list)
    eras: list[Period] = field(default_factory=list)  # shared eras it defines or uses
    entities: list[Entity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    context: list[ContextSentence] = field(default_factory=list)
    # Unreviewed drafts (and claims that point at them) the build left out.
    left_out: list[Claim] = field(default_factory=list)
    # The digest of everything its reading depended on (its files, every
    # source's entities, the shared eras); set when read through a ``ReadMemo``.
    read_key: str = ""

    @property
    def text_path(self) -> Path:
        return self.folder / TEXT_FILE

    def date_bounds(self) -> tuple[dt.date, dt.date] | None:
        """The earliest and latest day the source's date can denote (``earliest`` narrows it)."""
        if self.date is None:
            return None
        first = self.date.earliest()
        if self.earliest is not None:
            first = max(first, self.earliest.earliest())
        return first, self.date.latest()

    def coverage(self) -> Coverage:
        # Sentences quoted by left-out drafts are covered, pending review.
        used = {
            s.index for c in (*self.claims, *self.left_out) for e in c.evidence for s in e.sentences
        }
        context = {s.index for c in self.context for s in c.sentences}
        bearing = [s for s in self.sentences if s.index not in context]
        uncovered = [s for s in bearing if s.index not in used]
        return Coverage(len(self.sentences), len(context), len(bearing), uncovered)


@dataclass(frozen=True)
class Coverage:
    """Sentences used as evidence out of those that bear claims."""

    sentences: int
    context_only: int
    claim_bearing: int
    uncovered: list[Sentence]

    @property
    def covered(self) -> int:
        return self.claim_bearing - len(self.uncovered)

    @property
    def ratio(self) -> float:
        return self.covered / self.claim_bearing if self.claim_bearing else 1.0

    def __str__(self) -> str:
        return (
            f"{self.covered}/{self.claim_bearing} claim-bearing sentences used as evidence "
            f"({self.ratio:.0%}; {self.sentences} sentences, {self.context_only} context-only)"
        )


class ReadMemo(Protocol):
    """Where ``load_sources`` keeps what it read, by the digest of what that depended on.

    The build's cache (``geokg.rdf.cache``) adds the ontology, the background and
    geokg's code to every key. Only reads that found no problem are kept.
    """

    def recall(self, kind: str, key: str) -> Any | None: ...

    def remember(self, kind: str, key: str, value: Any) -> None: ...


def _folder_key(folder: Path) -> str:
    """The digest of a source folder's files, by name: wherever the project is."""
    return digest(
        [folder.name, files_digest(folder / n for n in (METADATA_FILE, CLAIMS_FILE, TEXT_FILE))]
    )


def _context_key(entities: list[Entity], eras: dict[str, Period]) -> str:
    """What one source's claims may name of the others: every entity, the shared eras."""
    declared = sorted(repr((e.id, e.cls, e.label, e.aliases)) for e in entities)
    # Where an era is written does not change what it is.
    shared = (repr(replace(eras[k], path="")) for k in sorted(eras))
    return digest([*declared, "eras", *shared])


def source_folders(sources_dir: Path) -> list[Path]:
    """The folders under ``sources_dir`` that hold a claims file or a text."""
    if not sources_dir.is_dir():
        raise SourceError([Problem(str(sources_dir), None, "no such sources folder")])
    return sorted(
        p
        for p in sources_dir.iterdir()
        if p.is_dir() and ((p / CLAIMS_FILE).exists() or (p / TEXT_FILE).exists())
    )


def load_sources(
    sources_dir: Path,
    vocabulary: Vocabulary,
    eras: dict[str, Period] | None = None,
    include_drafts: bool = False,
    memo: ReadMemo | None = None,
) -> list[Source]:
    """Read and check every source under ``sources_dir``.

    ``eras`` are the shared eras of the background (``read_background_eras``).
    Unreviewed drafts (claims marked ``machine_drafted: true``) are checked
    like any claim, then left out (``Source.left_out``) unless
    ``include_drafts``. Raises ``SourceError`` with all problems found;
    returns the sources otherwise. With a ``memo``, a folder whose files did
    not change is not parsed again, and its claims are not read again unless
    some source's entities or the shared eras changed too.
    """
    problems: list[Problem] = []
    folders = source_folders(sources_dir)
    if not folders:
        raise SourceError(
            [Problem(str(sources_dir), None, f"no source folders (each needs {CLAIMS_FILE})")]
        )
    known_ids = {p.name for p in folders}
    loaded: list[tuple[Source, LineDict, Path]] = []
    pending: list[tuple[str, str, Any]] = []  # for the memo, once everything is read
    keys = [_folder_key(folder) if memo is not None else "" for folder in folders]
    found = [memo.recall("folder", key) if memo is not None else None for key in keys]
    unread = [i for i, f in enumerate(found) if f is None]
    # The folders not recalled are parsed by forked workers (YAML, text, sentences).
    reads = Forked(
        _read_folder_in_worker, len(unread), ([folders[i] for i in unread], known_ids), chunk=8
    )
    for i, (read, its_problems) in zip(unread, reads, strict=True):
        found[i] = read
        problems.extend(its_problems)
        if read[0] is not None and not its_problems:
            # A copy: the source is filled in below, the memo keeps it as read.
            pending.append(("folder", keys[i], (replace(read[0]), read[1])))
    for folder, key, (source, claims_doc) in zip(folders, keys, found, strict=True):
        if source is not None and claims_doc is not None:
            source.folder, source.read_key = folder, key
            loaded.append((source, claims_doc, folder / CLAIMS_FILE))

    # Entities and eras first, from every source, so that claims may use any of them.
    readers = []
    for source, doc, path in loaded:
        reader = ClaimReader(
            source.id, path, source.text, source.sentences, source.date, vocabulary, eras
        )
        source.entities = reader.read_entities(doc.get("entities"), doc.line_of("entities"))
        source.eras = reader.read_eras(doc.get("eras"), doc.line_of("eras"))
        readers.append((source, doc, reader))
    shared = merge_eras(dict(eras or {}), [e for s, _, _ in readers for e in s.eras], problems)
    context = _context_key([e for s, _, _ in readers for e in s.entities], shared)
    for source, _, reader in readers:
        reader.use_eras(shared)
        source.read_key = digest([source.read_key, context]) if memo is not None else ""
    recalled = [
        memo.recall("claims", source.read_key) if memo is not None else None
        for source, _, _ in readers
    ]
    unread = [i for i, read in enumerate(recalled) if read is None]
    # The claims not recalled are read by forked workers too.
    reads = Forked(_read_claims_in_worker, len(unread), ([readers[i] for i in unread],), chunk=8)
    for i, (read, its_problems) in zip(unread, reads, strict=True):
        recalled[i] = read
        readers[i][2].problems.extend(its_problems)
        if not its_problems:
            pending.append(("claims", readers[i][0].read_key, read))
    for (source, _, reader), read in zip(readers, recalled, strict=True):
        periods, source.context, source.claims = read
        # Read elsewhere, the periods name that claims file in their messages.
        source.periods = [replace(p, path=reader.path) for p in periods]
        problems.extend(reader.problems)
    if not problems:
        everything = [*shared.values(), *(p for s, _, _ in readers for p in s.periods)]
        try:
            order_periods(everything)
        except PeriodOrderError as err:
            problems.append(Problem(err.period.path, err.period.line, str(err)))
    if problems:
        raise SourceError(problems)
    if memo is not None:  # a failed read leaves nothing behind
        for kind, key, value in pending:
            memo.remember(kind, key, value)
    sources = [s for s, _, _ in readers]
    for source in sources:
        source.eras = _eras_of(source, shared)
    if not include_drafts:
        for source in sources:
            source.claims, source.left_out = reviewed_only(source.claims)
    return sources


def _read_folder_in_worker(index: int) -> tuple[tuple, list[Problem]]:
    """``_read_folder`` of one folder, and the problems it found."""
    folders, known_ids = worker_inputs()
    problems: list[Problem] = []
    return _read_folder(folders[index], known_ids, problems), problems


def _read_claims_in_worker(index: int) -> tuple[tuple, list[Problem]]:
    """One source's periods, context sentences and claims, and the problems found
    reading them (its reader's earlier problems stay with the reader)."""
    (readers,) = worker_inputs()
    _, doc, reader = readers[index]
    before = len(reader.problems)
    read = (
        reader.read_periods(doc.get("periods"), doc.line_of("periods")),
        reader.read_context(doc.get("context_only"), doc.line_of("context_only")),
        reader.read_claims(doc.get("claims"), doc.line_of("claims")),
    )
    reader.check_references(read[2])
    # Handed back, not kept: the task may run in this process (one core, one task).
    found = reader.problems[before:]
    del reader.problems[before:]
    return read, found


def _eras_of(source: Source, eras: dict[str, Period]) -> list[Period]:
    """The shared eras a source defines or uses: its graph describes them too.

    So a source's graph is complete on its own (``--graph source/<id>``), and
    whatever else defines the same era gives the same triples.
    """
    by_iri = {e.iri: e for e in eras.values()}
    used = {e.id for e in source.eras}
    used |= {p.era for p in source.periods if p.era}
    used |= {
        by_iri[c.content["period"]].id for c in source.claims if c.content.get("period") in by_iri
    }
    return [eras[e] for e in sorted(used) if e in eras]


def reviewed_only(claims: list[Claim]) -> tuple[list[Claim], list[Claim]]:
    """Reviewed claims, and the drafts with every claim that points at one.

    A reviewed causal link whose cause is an unreviewed draft cannot stand
    without it, so it is left out with the draft (and counted with it).
    """
    out = {c.id for c in claims if c.draft}
    changed = True
    while changed:
        changed = False
        for claim in claims:
            if claim.id not in out and any(ref in out for ref in claim.references()):
                out.add(claim.id)
                changed = True
    return [c for c in claims if c.id not in out], [c for c in claims if c.id in out]


def _read_folder(
    folder: Path, known_ids: set[str], problems: list[Problem]
) -> tuple[Source | None, LineDict | None]:
    text = _read_text(folder / TEXT_FILE, problems)
    meta = _read_yaml(folder / METADATA_FILE, problems)
    claims_doc = _read_yaml(folder / CLAIMS_FILE, problems)
    if text is None or meta is None or claims_doc is None:
        return None, None
    source_id = folder.name
    meta_path = str(folder / METADATA_FILE)
    for key in meta:
        if key not in METADATA_KEYS:
            problems.append(Problem(meta_path, meta.line_of(key), f"unknown field '{key}'"))
    if meta.get("id") != source_id:
        problems.append(
            Problem(
                meta_path,
                meta.line_of("id"),
                f"id is '{meta.get('id')}' but the folder is '{source_id}'; they must be equal",
            )
        )
    if meta.get("genre") is not None and meta.get("genre") not in GENRES:
        problems.append(
            Problem(meta_path, meta.line_of("genre"), f"genre must be one of {', '.join(GENRES)}")
        )
    date, earliest, note = _read_date(meta, meta_path, problems)
    claims_path = str(folder / CLAIMS_FILE)
    named = claims_doc.get("source")
    if named != source_id:
        if named not in known_ids:
            problems.append(
                Problem(
                    claims_path,
                    claims_doc.line_of("source"),
                    f"refers to the source '{named}', which does not exist under "
                    f"{folder.parent}; a claims file sits in its source's folder "
                    f"and names it: source: {source_id}",
                )
            )
        else:
            problems.append(
                Problem(
                    claims_path,
                    claims_doc.line_of("source"),
                    f"names the source '{named}' but sits in the folder of '{source_id}'; "
                    "move it or correct the name",
                )
            )
        return None, None
    allowed = TOP_LEVEL_KEYS
    for key in claims_doc:
        if key not in allowed:
            problems.append(
                Problem(
                    claims_path,
                    claims_doc.line_of(key),
                    f"unknown top-level field '{key}' (expected {', '.join(sorted(allowed))})",
                )
            )
    source = Source(
        id=source_id,
        folder=folder,
        text=text,
        sentences=split_sentences(text),
        metadata=dict(meta),
        date=date,
        earliest=earliest,
        date_note=note,
    )
    return source, claims_doc


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    if not path.is_file():
        problems.append(
            Problem(str(path), None, "missing: put the source's text there, as UTF-8 plain text")
        )
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        bad = data[err.start]
        # Bytes 0x80–0x9F are curly quotes and dashes in Windows-1252, control characters in Latin-1.
        encoding = "cp1252" if 0x80 <= bad <= 0x9F else "latin1"
        problems.append(
            Problem(
                str(path),
                line,
                f"not UTF-8 (byte 0x{bad:02x} at offset {err.start}); convert the file to "
                f"UTF-8, e.g. iconv -f {encoding} -t utf-8 (if {encoding} is its encoding)",
            )
        )
        return None
    if "\x00" in text:
        problems.append(Problem(str(path), None, "contains NUL bytes: not a text file"))
        return None
    if not text.strip():
        problems.append(Problem(str(path), None, "is empty"))
        return None
    return text.removeprefix("\ufeff")


def _read_yaml(path: Path, problems: list[Problem]) -> LineDict | None:
    if not path.is_file():
        problems.append(Problem(str(path), None, "missing: see docs/claims-format.md"))
        return None
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(Problem(str(path), None, "not UTF-8; save it as UTF-8"))
        return None
    doc, errors = load_yaml(path, raw)
    problems.extend(errors)
    if errors:
        return None
    if not isinstance(doc, LineDict):
        problems.append(Problem(str(path), 1, "must be a YAML mapping (key: value lines)"))
        return None
    return doc


def _read_date(
    meta: LineDict, path: str, problems: list[Problem]
) -> tuple[DateValue | None, DateValue | None, str | None]:
    raw = meta.get("date")
    if raw is None:
        return None, None, None
    if not isinstance(raw, LineDict):
        raw_map = LineDict(value=raw)
        raw_map.line, raw_map.key_lines = meta.line_of("date"), {}
        raw = raw_map
    certainty = {"stated": GK.Stated, "estimated": GK.Estimated}.get(
        str(raw.get("certainty", "stated"))
    )
    if certainty is None:
        problems.append(
            Problem(
                path, raw.line_of("certainty"), "date.certainty must be 'stated' or 'estimated'"
            )
        )
        certainty = GK.Stated
    if raw.get("value") is None:
        problems.append(
            Problem(path, raw.line, "date needs a value: a year, a month (2023-06) or an ISO date")
        )
        return None, None, None
    try:
        date = parse_date(raw.get("value")).with_(certainty=certainty)
        earliest = parse_date(raw["earliest"]) if raw.get("earliest") is not None else None
    except DateFormatError as err:
        problems.append(Problem(path, raw.line, f"date: {err}"))
        return None, None, None
    return date, earliest, raw.get("note")
