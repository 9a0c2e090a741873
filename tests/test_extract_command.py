"""``geokg extract`` end to end, in-process through ``geokg.cli.extract.run``.

The draft of every source text validates as the build would (a throw-away
copy of the source folder), its JSON lines follow the documented schema, and
every bad input is refused with a clear message and its exit code.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from geokg.cli.extract import add_parser
from geokg.errors import ExtractInputError, GeokgError
from geokg.extract.draft import emit_claim
from geokg.rdf.build import Paths, validate

from .conftest import ROOT, SOURCE_ID

EXTRACT = ROOT / "tests" / "extract"
LEXICON = EXTRACT / "lexicon.yaml"
TEXTS = {
    SOURCE_ID: ROOT / "graph" / "sources" / SOURCE_ID,
    "india-us-convergence": EXTRACT / "india-us-convergence",
    "china-pakistan-corridor": EXTRACT / "china-pakistan-corridor",
}
BLIND = sorted(p.parent.name for p in (EXTRACT / "blind").glob("*/article.txt"))


def extract(*argv: str | Path) -> int:
    """Run ``geokg extract ARGV`` as the command line does; returns the exit code."""
    parser = argparse.ArgumentParser(prog="geokg")
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["extract", *map(str, argv)])
    try:
        return args.func(args)
    except GeokgError as err:
        print(f"geokg extract: error: {err}", file=__import__("sys").stderr)
        return err.exit_code


def source_copy(tmp_path: Path, source_id: str) -> Path:
    """A copy of a source folder (text and metadata, no claims) under tmp/sources/."""
    folder = tmp_path / "sources" / source_id
    folder.mkdir(parents=True)
    for name in ("article.txt", "source.yaml"):
        shutil.copy(TEXTS[source_id] / name, folder / name)
    return folder


# -- the draft validates -----------------------------------------------------


@pytest.mark.parametrize("source_id", sorted(TEXTS))
def test_draft_validates_as_is(tmp_path, source_id, capsys):
    folder = source_copy(tmp_path, source_id)
    draft = folder / "claims.yaml"
    assert extract(folder / "article.txt", "--lexicon", LEXICON, "-o", draft, "--quiet") == 0
    report = validate(Paths(root=tmp_path, sources=tmp_path / "sources", include_drafts=True))
    [source] = report.sources
    assert len(source.claims) >= 10
    assert all(c.machine_drafted and 0 <= c.confidence <= 1 for c in source.claims)
    doc = yaml.safe_load(draft.read_text(encoding="utf-8"))
    assert doc["source"] == source_id
    ids = [c["id"] for c in doc["claims"]]
    assert len(ids) == len(set(ids))
    text = (folder / "article.txt").read_text(encoding="utf-8")
    assert all(e["quote"] in text for c in doc["claims"] for e in c["evidence"])


@pytest.mark.parametrize("source_id", BLIND)
def test_blind_text_drafts_validate_as_is(tmp_path, source_id):
    """The texts written by others, with the entities their curators declared."""
    folder = tmp_path / "sources" / source_id
    folder.mkdir(parents=True)
    for name in ("article.txt", "source.yaml"):
        shutil.copy(EXTRACT / "blind" / source_id / name, folder / name)
    lexicons = ("--lexicon", LEXICON, "--lexicon", EXTRACT / "blind" / "lexicon.yaml")
    assert extract(folder / "article.txt", *lexicons, "-o", folder / "claims.yaml", "--quiet") == 0
    report = validate(Paths(root=tmp_path, sources=tmp_path / "sources", include_drafts=True))
    [source] = report.sources
    assert source.claims and all(c.machine_drafted for c in source.claims)


def test_draft_beside_curated_sources_has_its_own_periods(tmp_path):
    """Drafted next to the bundled article, the draft's `current` is its own, not the op-ed's.

    Before periods were local, the draft copied the bundled op-ed's definition
    (``current`` following ``amelioration``) and so meant its years.
    """
    shutil.copytree(ROOT / "graph" / "sources", tmp_path / "sources")
    shutil.copytree(ROOT / "graph" / "background", tmp_path / "background")
    folder = source_copy(tmp_path, "india-us-convergence")
    assert extract(folder / "article.txt", "--lexicon", LEXICON, "-o", folder / "claims.yaml") == 0
    draft = yaml.safe_load((folder / "claims.yaml").read_text(encoding="utf-8"))
    current = next(p for p in draft["periods"] if p["id"] == "current")
    assert current == {"id": "current", "label": "The time of writing", "relative": "current"}
    assert not any(p["id"] in ("amelioration", "post-soviet") for p in draft["periods"])
    paths = Paths(
        root=tmp_path,
        sources=tmp_path / "sources",
        background=tmp_path / "background",
        include_drafts=True,
    )
    report = validate(paths)
    by_id = {s.id: s for s in report.sources}
    assert set(by_id) == {SOURCE_ID, "india-us-convergence"}
    theirs = next(p for p in by_id[SOURCE_ID].periods if p.id == "current")
    ours = next(p for p in by_id["india-us-convergence"].periods if p.id == "current")
    assert theirs.iri != ours.iri
    assert ours.end.year == by_id["india-us-convergence"].date.year != theirs.end.year


def test_for_decades_is_not_the_time_of_writing(tmp_path):
    """'For decades Russia was India's …' is drafted in a period of decades, not in `current`."""
    folder = tmp_path / "sources" / "decades"
    folder.mkdir(parents=True)
    (folder / "article.txt").write_text(
        "For decades, Russia was India's main arms supplier and closest partner. "
        "Today India and the United States are strategic partners.\n",
        encoding="utf-8",
    )
    (folder / "source.yaml").write_text("id: decades\ndate: 2023-06\n", encoding="utf-8")
    assert extract(folder / "article.txt", "-o", folder / "claims.yaml", "--quiet") == 0
    doc = yaml.safe_load((folder / "claims.yaml").read_text(encoding="utf-8"))
    periods = {c["parties"][0] + "-" + c["parties"][1]: c["period"] for c in doc["claims"]}
    assert periods == {"india-russia": "decades", "india-us": "current"}
    report = validate(Paths(root=tmp_path, sources=tmp_path / "sources", include_drafts=True))
    [source] = report.sources
    decades = next(p for p in source.periods if p.id == "decades")
    assert (decades.begin.year, decades.begin.approximate, str(decades.end)) == (
        1993,
        True,
        "2023-06",
    )


def test_month_precision_date_option(tmp_path):
    """--date 2023-06 is kept as a month (it used to be cut to the year)."""
    text = tmp_path / "note.txt"
    text.write_text("Today India and the United States are strategic partners.\n", encoding="utf-8")
    out = tmp_path / "claims.yaml"
    assert extract(text, "--date", "2023-06", "-o", out, "--quiet") == 0
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    [current] = doc["periods"]
    assert (current["begin"], current["end"], current["approximate"]) == (2020, "2023-06", "begin")


def test_repeated_sentences_get_an_occurrence(tmp_path):
    folder = tmp_path / "sources" / "repeats"
    folder.mkdir(parents=True)
    sentence = "India and the United States are strategic partners."
    (folder / "article.txt").write_text(
        f"{sentence} Pakistan is a rival of India.\n\nTrade grew. {sentence}\n", encoding="utf-8"
    )
    (folder / "source.yaml").write_text("id: repeats\ndate: 2018\n", encoding="utf-8")
    assert extract(folder / "article.txt", "-o", folder / "claims.yaml", "--quiet") == 0
    doc = yaml.safe_load((folder / "claims.yaml").read_text(encoding="utf-8"))
    occurrences = [
        e.get("occurrence") for c in doc["claims"] for e in c["evidence"] if e["quote"] == sentence
    ]
    assert sorted(occurrences) == [1, 2]
    validate(Paths(root=tmp_path, sources=tmp_path / "sources"))


def test_relative_times_resolve_against_the_date(tmp_path, capsys):
    text = tmp_path / "note.txt"
    text.write_text("Last year, Russia endorsed Pakistan's bid.\n", encoding="utf-8")
    assert extract(text, "--format", "jsonl", "--date", "2017-05-01", "--quiet") == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    [event] = [r for r in records if r["kind"] == "event"]
    assert event["when"] == "last year" and event["when_year"] == 2016


@pytest.mark.parametrize(
    "value",
    [
        "plain-key",
        "Quote: with a colon # and a hash",
        "- starts like a list",
        "yes",
        "2017",
        "“Typographic” quotes, an apostrophe’s and a dash – é…",
        'back\\slash and "double quotes"',
        "line\nbreak",
    ],
)
def test_claim_entries_read_back_as_written(value):
    entry = {
        "id": "s1-x",
        "statement": value,
        "parties": ["india", value],
        "value": {"amount": 15000000000, "currency": "USD", "approximate": True},
        "causes": ["s1-a", {"outcome": value, "about": ["india"]}],
        "evidence": [{"quote": value, "occurrence": 2}],
        "machine_drafted": True,
        "confidence": 0.42,
    }
    assert yaml.safe_load(emit_claim(entry)) == [entry]


# -- JSON lines ----------------------------------------------------------------

SCHEMA = {
    "type": "object",
    "required": [
        "kind",
        "subject",
        "object",
        "stance",
        "modality",
        "quote",
        "start",
        "end",
        "confidence",
        "cameo",
        "quad_class",
        "plover",
    ],
    "properties": {
        "kind": {"enum": ["alignment", "interest", "event", "causal", "membership", "relation"]},
        "subject": {"type": ["string", "null"]},
        "object": {"type": ["string", "null"]},
        "stance": {"enum": [None, "hostile", "tense", "neutral", "cooperative", "partnership"]},
        "modality": {"enum": ["fact", "expectation", "recommendation", "attributed"]},
        "quote": {"type": "string", "minLength": 1},
        "start": {"type": "integer", "minimum": 0},
        "end": {"type": "integer", "minimum": 1},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "cameo": {"type": ["string", "null"], "pattern": "^[0-2][0-9][0-9]{0,2}$"},
        "quad_class": {"enum": [None, 1, 2, 3, 4]},
        "plover": {
            "enum": [
                None,
                "AGREE",
                "CONSULT",
                "SUPPORT",
                "COOPERATE",
                "AID",
                "CONCEDE",
                "RETREAT",
                "ACCUSE",
                "DEMAND",
                "REJECT",
                "THREATEN",
                "PROTEST",
                "MOBILIZE",
                "SANCTION",
                "COERCE",
                "ASSAULT",
            ]
        },
    },
}


def test_jsonl_records_follow_the_schema(capsys):
    folder = TEXTS[SOURCE_ID]
    assert extract(folder / "article.txt", "--format", "jsonl", "--quiet") == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    text = (folder / "article.txt").read_text(encoding="utf-8")
    kinds = {r["kind"] for r in records}
    assert {"alignment", "interest", "event", "causal", "membership"} <= kinds
    for record in records:
        jsonschema.validate(record, SCHEMA)
        assert text[record["start"] : record["end"]] == record["quote"]
        if record["kind"] == "alignment":
            assert record["stance"] and record["subject"] and record["object"]
    labels = {r["subject"] for r in records if r["kind"] == "alignment"}
    assert "Pakistan" in labels  # ontology labels, not keys


# -- bad input -----------------------------------------------------------------


def _bad(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Caf\u00e9 Moscow talks.".encode("latin-1"), "not UTF-8"),
        (b"Smart quotes \x93Moscow\x94 in cp1252.", "cp1252"),
    ],
    ids=["empty", "white-space", "binary", "latin-1", "cp1252"],
)
def test_unusable_texts_exit_9_with_a_message(tmp_path, capsys, content, message):
    path = _bad(tmp_path, content)
    out = tmp_path / "claims.yaml"
    assert extract(path, "-o", out) == ExtractInputError.exit_code == 9
    err = capsys.readouterr().err
    assert message in err and str(path) in err and "docs/extraction.md" in err
    assert not out.exists()


def test_missing_file_exits_9(tmp_path, capsys):
    assert extract(tmp_path / "nowhere.txt") == ExtractInputError.exit_code
    assert "no such file" in capsys.readouterr().err


def test_text_without_actors_gives_an_empty_draft(tmp_path, capsys):
    folder = tmp_path / "sources" / "weather"
    folder.mkdir(parents=True)
    path = folder / "article.txt"
    path.write_text("It rained all week. The harvest will be late this year.\n", encoding="utf-8")
    assert extract(path, "-o", folder / "claims.yaml") == 0
    assert "no actor recognised" in capsys.readouterr().err
    doc = yaml.safe_load((folder / "claims.yaml").read_text(encoding="utf-8"))
    assert doc["claims"] == [] and doc["source"] == "weather"


@pytest.mark.parametrize("date", ["yesterday", "2017/03/01", "17", "2017-13-40"])
def test_unknown_date_format_is_a_usage_error(tmp_path, capsys, date):
    text = _bad(tmp_path, b"Russia and Pakistan cooperate.")
    assert extract(text, "--date", date) == 64
    assert "--date" in capsys.readouterr().err


def test_bad_source_id_is_a_usage_error(tmp_path, capsys):
    text = _bad(tmp_path, b"Russia and Pakistan cooperate.")
    assert extract(text, "--source-id", "Not An Id") == 64


def test_existing_output_is_kept_without_force(tmp_path, capsys):
    text = _bad(tmp_path, b"Russia and Pakistan cooperate.")
    out = tmp_path / "claims.yaml"
    out.write_text("curated: true\n", encoding="utf-8")
    assert extract(text, "-o", out) == 64
    assert out.read_text(encoding="utf-8") == "curated: true\n"
    assert extract(text, "-o", out, "--force", "--quiet") == 0


@pytest.mark.parametrize(
    ("lexicon", "message"),
    [
        ("colours: [red]\n", "unknown section 'colours'"),
        ("names:\n  atlantis: [Poseidonia]\n", "'atlantis'"),
        ("stance:\n  hostile: ['(unclosed']\n", "not a valid pattern"),
        ("names: [unclosed\n", "not valid YAML"),
        ("entities:\n  - id: Japan\n    type: state\n", "needs an id"),
        ("events:\n  arms-deal: [{cue: gave guns to, implies: friendly}]\n", "not a stance"),
    ],
)
def test_bad_lexicon_exits_9(tmp_path, capsys, lexicon, message):
    path = tmp_path / "lexicon.yaml"
    path.write_text(lexicon, encoding="utf-8")
    text = _bad(tmp_path, b"Russia and Pakistan cooperate.")
    assert extract(text, "--lexicon", path) == ExtractInputError.exit_code
    assert message in capsys.readouterr().err


def test_a_large_text_streams(tmp_path, capsys):
    """About 400 KB of articles: drafted in one pass, every quote unique or numbered."""
    parts = [(TEXTS[k] / "article.txt").read_text(encoding="utf-8") for k in sorted(TEXTS)]
    big = tmp_path / "sources" / "big" / "article.txt"
    big.parent.mkdir(parents=True)
    big.write_text("\n\n".join(parts * 40), encoding="utf-8")
    (big.parent / "source.yaml").write_text("id: big\n", encoding="utf-8")
    assert extract(big, "--lexicon", LEXICON, "-o", big.parent / "claims.yaml", "--quiet") == 0
    validate(Paths(root=tmp_path, sources=tmp_path / "sources"))
