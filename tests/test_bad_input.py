"""Bad input: every broken source is refused, said where and how to fix, and nothing is touched.

Each test breaks a throw-away copy of the sources (the ``project`` fixture) in one
way and runs the real command in-process, ``geokg.cli.main``: ``validate`` and
``build --no-reasoner --out OUT``, where OUT already holds the repository's
current outputs. Both must exit with the source-problem code, print the same
problems (file, line, claim, what to do) on stderr, leave OUT byte-for-byte as
it was and modify no file of the project (the sources included).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from geokg.claims.text import split_sentences
from geokg.cli.main import main
from geokg.errors import DOCS, SourceError
from geokg.rdf.build import Paths, validate

from .conftest import ROOT, SOURCE_ID

OUTPUTS = ("geokg.trig", "geokg.ttl", "geokg.jsonld")
CLAIMS, ARTICLE, METADATA = "claims.yaml", "article.txt", "source.yaml"


# -- the project copy and how to break it ------------------------------------


class SourceCopy:
    """The copied source folder, with edits that fail loudly if their target is not there."""

    def __init__(self, project: Path):
        self.folder = project / "graph" / "sources" / SOURCE_ID

    def path(self, name: str = CLAIMS) -> Path:
        return self.folder / name

    def read(self, name: str = CLAIMS) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def replace(self, old: str, new: str, name: str = CLAIMS) -> None:
        text = self.read(name)
        assert text.count(old) == 1, f"{old!r} must occur exactly once in {name}"
        self.path(name).write_text(text.replace(old, new), encoding="utf-8")

    def _claim_block(self, text: str, claim_id: str) -> tuple[int, int]:
        head = f"\n  - id: {claim_id}\n"
        assert text.count(head) == 1, f"claim {claim_id} must occur exactly once"
        start = text.index(head) + 1
        end = text.find("\n  - id: ", start)
        return start, len(text) if end == -1 else end

    def replace_in_claim(self, claim_id: str, old: str, new: str) -> None:
        """Replace ``old``, which must occur once in the claim's block, by ``new``."""
        text = self.read()
        start, end = self._claim_block(text, claim_id)
        block = text[start:end]
        assert block.count(old) == 1, f"{old!r} must occur exactly once in claim {claim_id}"
        self.path().write_text(text[:start] + block.replace(old, new) + text[end:], "utf-8")

    def claim_line(self, claim_id: str, snippet: str | None = None) -> int:
        """The line of ``snippet`` in the claim's block (default: the claim's ``- id:`` line)."""
        text = self.read()
        start, end = self._claim_block(text, claim_id)
        at = start
        if snippet is not None:
            block = text[start:end]
            assert block.count(snippet) == 1, f"{snippet!r} not once in claim {claim_id}"
            at = start + block.index(snippet)
        return text.count("\n", 0, at) + 1

    def line(self, snippet: str, name: str = CLAIMS) -> int:
        text = self.read(name)
        assert text.count(snippet) == 1, f"{snippet!r} must occur exactly once in {name}"
        return text.count("\n", 0, text.index(snippet)) + 1


@pytest.fixture
def src(project: Path) -> SourceCopy:
    return SourceCopy(project)


@pytest.fixture
def out(project: Path) -> Path:
    """An output folder pre-filled with the repository's current outputs."""
    folder = project / "out"
    folder.mkdir()
    for name in OUTPUTS:
        shutil.copyfile(ROOT / "graph" / name, folder / name)
    return folder


@pytest.fixture(autouse=True)
def _elsewhere(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from an empty folder inside the project: nothing may depend on the working
    directory, and a stray relative write would show up in the project's snapshot."""
    cwd = project / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)


# -- running the command and reading its report ------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    """Every file (by content hash) and folder under ``folder``."""
    return {
        p.relative_to(folder).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "<dir>"
        )
        for p in sorted(folder.rglob("*"))
    }


@dataclass
class Report:
    """What the command printed on stderr, split into its problems."""

    text: str
    problems: list[str]

    def at(self, path: Path, line: int | None, claim: str | None = None) -> str:
        """The one problem reported at ``path:line`` (for ``claim``); its message."""
        where = str(path) if line is None else f"{path}:{line}"
        prefix = f"{where}:" + (f" claim '{claim}':" if claim else "")
        found = [
            p
            for p in self.problems
            if p.startswith(prefix + " ") and (claim or not p.startswith(prefix + " claim '"))
        ]
        assert len(found) == 1, f"expected one problem at {prefix!r} in:\n{self.text}"
        return found[0][len(prefix) + 1 :]

    def count(self, needle: str) -> int:
        return sum(needle in p for p in self.problems)


def run_failing(project: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> Report:
    """Run ``validate`` and ``build --no-reasoner``; both must refuse the sources the same way,
    write nothing and modify nothing."""
    outputs = {name: (ROOT / "graph" / name).read_bytes() for name in OUTPUTS}
    before = snapshot(project)
    reports = []
    for command in (
        ["validate", "--root", str(project)],
        ["build", "--no-reasoner", "--root", str(project), "--out", str(out)],
    ):
        code = main(command)
        captured = capsys.readouterr()
        assert code == SourceError.exit_code == 2, captured.err
        assert captured.out == ""
        prefix = f"geokg {command[0]}: error: "
        assert captured.err.startswith(prefix), captured.err
        reports.append(captured.err.removeprefix(prefix))
        assert snapshot(project) == before, f"'geokg {command[0]}' modified the project"
        for name, data in outputs.items():
            assert (out / name).read_bytes() == data, f"{name} changed"
    assert reports[0] == reports[1], "validate and build report different problems"
    text = reports[0]
    lines = text.rstrip("\n").split("\n")
    header = re.fullmatch(r"(\d+) problems? in the sources:", lines[0])
    assert header, text
    assert lines[-1] == f"Nothing was written. The claims format is described in {DOCS}."
    problems = [line.removeprefix("  ") for line in lines[1:-1]]
    assert all(line.startswith("  ") for line in lines[1:-1]), text
    assert int(header.group(1)) == len(problems), text
    return Report(text, problems)


def run_validate_ok(project: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = snapshot(project)
    code = main(["validate", "--root", str(project)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.err == ""
    assert "sources are valid; nothing was written" in captured.out
    assert snapshot(project) == before, "'geokg validate' wrote or modified a file"
    return captured.out


# -- the unmodified copy -----------------------------------------------------


def test_validate_on_the_unmodified_copy_exits_0_and_writes_nothing(project, capsys):
    out = run_validate_ok(project, capsys)
    assert f"source {SOURCE_ID}: " in out
    assert not (project / "graph" / "geokg.trig").exists()


# -- one bad input per test --------------------------------------------------


def test_quote_not_in_the_article_names_the_claim_and_the_closest_passage(
    project, out, src, capsys
):
    original = "the melting of ice between Pakistan and its erstwhile adversary, Russia."
    src.replace_in_claim("pk-ru-current-thaw", original, original.replace("melting", "thawing"))
    line = src.claim_line("pk-ru-current-thaw", "- quote:")
    sentence = next(s for s in split_sentences(src.read(ARTICLE)) if s.text.endswith(original))
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1
    message = report.at(src.path(), line, "pk-ru-current-thaw")
    assert message.startswith("quote not found in the text: ")
    assert "thawing of ice" in message
    assert f"closest passage is sentence {sentence.index} " in message
    assert f'"{sentence.text}"' in message
    assert "Copy the quote exactly from the source text" in message


def test_unknown_actor_suggests_the_nearest(project, out, src, capsys):
    src.replace_in_claim(
        "pk-ru-current-thaw", "parties: [pakistan, russia]", "parties: [pakistan, rusia]"
    )
    line = src.claim_line("pk-ru-current-thaw", "parties:")
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1
    message = report.at(src.path(), line, "pk-ru-current-thaw")
    assert message.startswith("unknown actor 'rusia'.")
    assert "Did you mean: russia " in message


def test_unknown_interest_suggests_the_nearest(project, out, src, capsys):
    src.replace_in_claim(
        "pk-energy-security", "interest: energy-security", "interest: energy-securty"
    )
    line = src.claim_line("pk-energy-security", "interest:")
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1
    message = report.at(src.path(), line, "pk-energy-security")
    assert message.startswith("unknown interest 'energy-securty'.")
    assert "Did you mean: energy-security " in message


def test_period_ending_before_it_begins(project, out, src, capsys):
    src.replace("    begin: 1947\n    end: 1991\n", "    begin: 1947\n    end: 1901\n")
    line = src.line("    end: 1901\n")
    report = run_failing(project, out, capsys)
    message = report.at(src.path(), line)
    assert "period 'cold-war' ends (1901) before it begins (1947)" in message
    assert "swap or correct the dates" in message


def test_duplicate_claim_id_gives_the_line_of_the_first_use(project, out, src, capsys):
    first = src.claim_line("pk-energy-needs")
    second = src.claim_line("pk-energy-security")
    src.replace_in_claim("pk-energy-security", "id: pk-energy-security", "id: pk-energy-needs")
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1
    message = report.at(src.path(), second, "pk-energy-needs")
    assert f"duplicate claim id (first used on line {first})" in message
    assert "ids must be unique" in message


def test_malformed_yaml_unclosed_quote(project, out, src, capsys):
    statement = '"The ice is melting between Pakistan and its erstwhile adversary Russia."'
    src.replace_in_claim("pk-ru-current-thaw", statement, statement[:-1])
    first = src.claim_line("pk-ru-current-thaw")
    last = src.claim_line("pk-ru-current-thaw", "- quote:")
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1
    problem = report.problems[0]
    match = re.match(rf"{re.escape(str(src.path()))}:(\d+): not valid YAML", problem)
    assert match, problem
    # PyYAML notices the runaway string only where the next quote closes it.
    assert first <= int(match.group(1)) <= last
    assert "not closed" in problem


def test_malformed_yaml_bad_indentation(project, out, src, capsys):
    src.replace_in_claim("pk-ru-current-thaw", "    stance: cooperative\n", "      stance: x\n")
    line = src.claim_line("pk-ru-current-thaw", "      stance: x\n")
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1
    message = report.at(src.path(), line)
    assert message.startswith("not valid YAML")
    assert "indent" in message


def test_claims_file_naming_a_source_that_does_not_exist(project, out, src, capsys):
    src.replace(f"source: {SOURCE_ID}\n", "source: no-such-source\n")
    line = src.line("source: no-such-source\n")
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1
    message = report.at(src.path(), line)
    assert "refers to the source 'no-such-source', which does not exist" in message
    assert f"names it: source: {SOURCE_ID}" in message


def test_article_not_utf8(project, out, src, capsys):
    text = src.read(ARTICLE).replace("\u2019", "'")
    assert text.count("proximity") == 1
    text = text.replace("proximity", "proximit\u00e9")  # é: one byte, 0xe9, in Latin-1
    data = text.encode("latin-1")
    src.path(ARTICLE).write_bytes(data)
    offset = data.index(b"\xe9")
    line = data.count(b"\n", 0, offset) + 1
    assert line > 1
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1
    message = report.at(src.path(ARTICLE), line)
    assert f"not UTF-8 (byte 0xe9 at offset {offset})" in message
    assert "convert the file to UTF-8" in message


def test_missing_article(project, out, src, capsys):
    src.path(ARTICLE).unlink()
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1
    message = report.at(src.path(ARTICLE), None)
    assert message.startswith("missing")
    assert "put the source's text there, as UTF-8" in message


def test_recommendation_without_addressee(project, out, src, capsys):
    src.replace_in_claim("rec-pk-balance-vs-india", "    addressee: pakistan\n", "")
    line = src.claim_line("rec-pk-balance-vs-india")
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1
    message = report.at(src.path(), line, "rec-pk-balance-vs-india")
    assert "a recommendation needs an 'addressee' (who should act)" in message


def test_attributed_claim_without_attributed_to(project, out, src, capsys):
    src.replace_in_claim("ru-pressure-us-via-taliban", "    attributed_to: experts\n", "")
    line = src.claim_line("ru-pressure-us-via-taliban")
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1
    message = report.at(src.path(), line, "ru-pressure-us-via-taliban")
    assert "an attributed claim needs 'attributed_to' (e.g. experts)" in message


def test_unknown_field_suggests_the_intended_one(project, out, src, capsys):
    src.replace_in_claim("pk-energy-needs", "    statement: ", "    statment: ")
    typo = src.claim_line("pk-energy-needs", "statment:")
    report = run_failing(project, out, capsys)
    message = report.at(src.path(), typo, "pk-energy-needs")
    assert "unknown field 'statment'" in message
    assert "did you mean 'statement'?" in message
    # The misspelt field also leaves the claim without its statement.
    assert len(report.problems) == 2
    missing = report.at(src.path(), src.claim_line("pk-energy-needs"), "pk-energy-needs")
    assert "needs a 'statement'" in missing


def test_quote_occurring_twice_asks_for_more_or_an_occurrence(project, out, src, capsys):
    phrase = "both the countries"
    assert src.read(ARTICLE).count(phrase) == 2
    evidence = "    evidence:\n"
    src.replace_in_claim(
        "pk-ru-post-soviet-tense", evidence, f'{evidence}      - quote: "{phrase}"\n'
    )
    line = src.claim_line("pk-ru-post-soviet-tense", f'"{phrase}"')
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1
    message = report.at(src.path(), line, "pk-ru-post-soviet-tense")
    assert "quote occurs 2 times in the text" in message
    assert "lengthen it or add 'occurrence: N'" in message

    # With the occurrence given, the file is valid and the second occurrence is used.
    src.replace_in_claim(
        "pk-ru-post-soviet-tense", f'"{phrase}"\n', f'"{phrase}"\n        occurrence: 2\n'
    )
    run_validate_ok(project, capsys)
    text = src.read(ARTICLE)
    (source,) = validate(Paths(root=project)).sources
    claim = next(c for c in source.claims if c.id == "pk-ru-post-soviet-tense")
    added = claim.evidence[0]
    assert added.quote == phrase
    assert added.span.start == text.index(phrase, text.index(phrase) + 1)


def test_causal_claim_pointing_at_a_missing_claim(project, out, src, capsys):
    src.replace_in_claim(
        "in-us-drives-rapprochement",
        "effects: [pk-ru-current-russia-aligns]",
        "effects: [pk-ru-current-russia-align]",
    )
    line = src.claim_line("in-us-drives-rapprochement", "effects:")
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1
    message = report.at(src.path(), line, "in-us-drives-rapprochement")
    assert "refers to the claim 'pk-ru-current-russia-align', which does not exist" in message
    assert "did you mean 'pk-ru-current-russia-aligns'?" in message


def test_relative_when_in_a_source_without_date(project, out, src, capsys):
    meta = src.read(METADATA)
    start, end = meta.index("\ndate:\n") + 1, meta.index("\nurl:") + 1
    src.path(METADATA).write_text(meta[:start] + meta[end:], encoding="utf-8")
    assert "date" not in src.read(METADATA)
    claims = src.read().splitlines()
    relative = [
        (n, m.group(1))
        for n, text in enumerate(claims, 1)
        if (m := re.fullmatch(r"\s+when: (last year|latter year)", text))
    ]
    assert len(relative) >= 2
    report = run_failing(project, out, capsys)
    # A source without a date is allowed; only the relative times are problems.
    assert not any(p.startswith(str(src.path(METADATA))) for p in report.problems)
    assert report.count("is relative, but the source has no date") == len(relative)
    claim_id = "ru-endorses-pk-sco-bid"
    message = report.at(src.path(), src.claim_line(claim_id, "when:"), claim_id)
    assert "when: 'last year' is relative, but the source has no date" in message
    assert "add date.value to source.yaml" in message


def test_when_in_a_bad_date_format(project, out, src, capsys):
    src.replace_in_claim("ru-offers-cooperation", "when: last year", "when: sometime in 2016")
    line = src.claim_line("ru-offers-cooperation", "when:")
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1
    message = report.at(src.path(), line, "ru-offers-cooperation")
    assert "'sometime in 2016' is not a date" in message
    assert "write a year (2017), a month (2017-03) or an ISO date (2017-03-01)" in message


@pytest.mark.parametrize("empty", ["claims: []\n", "claims:\n"], ids=["empty-list", "null"])
def test_empty_claims_list(project, out, src, capsys, empty):
    text = src.read()
    assert text.count("\nclaims:\n") == 1
    src.path().write_text(text[: text.index("\nclaims:\n") + 1] + empty, encoding="utf-8")
    line = src.line(empty)
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1
    message = report.at(src.path(), line)
    assert "no claims: a claims file needs at least one claim" in message


def test_duplicate_key_in_one_mapping(project, out, src, capsys):
    src.replace_in_claim(
        "pk-energy-needs", "    actor: pakistan\n", "    actor: pakistan\n    actor: russia\n"
    )
    line = src.claim_line("pk-energy-needs", "actor: russia")
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1
    message = report.at(src.path(), line)
    assert (
        f"the key 'actor' appears twice in the same mapping (first on line {line - 1})" in message
    )


def test_several_problems_are_all_reported_in_one_run(project, out, src, capsys):
    src.replace_in_claim(
        "pk-ru-current-thaw", "parties: [pakistan, russia]", "parties: [pakistan, rusia]"
    )
    src.replace_in_claim(
        "pk-energy-security", "interest: energy-security", "interest: energy-securty"
    )
    src.replace_in_claim("ru-offers-cooperation", "when: last year", "when: sometime in 2016")
    src.replace_in_claim("rec-pk-balance-vs-india", "    addressee: pakistan\n", "")
    src.replace_in_claim(
        "in-us-drives-rapprochement",
        "effects: [pk-ru-current-russia-aligns]",
        "effects: [pk-ru-current-russia-align]",
    )
    src.replace("genre: op-ed\n", "genre: oped\n", name=METADATA)
    expected = [
        (src.path(), src.claim_line("pk-ru-current-thaw", "parties:"), "pk-ru-current-thaw"),
        (src.path(), src.claim_line("pk-energy-security", "interest:"), "pk-energy-security"),
        (src.path(), src.claim_line("ru-offers-cooperation", "when:"), "ru-offers-cooperation"),
        (src.path(), src.claim_line("rec-pk-balance-vs-india"), "rec-pk-balance-vs-india"),
        (
            src.path(),
            src.claim_line("in-us-drives-rapprochement", "effects:"),
            "in-us-drives-rapprochement",
        ),
        (src.path(METADATA), src.line("genre: oped\n", METADATA), None),
    ]
    report = run_failing(project, out, capsys)
    assert report.text.startswith(f"{len(expected)} problems in the sources:\n")
    assert len(report.problems) == len(expected)
    for path, line, claim in expected:
        report.at(path, line, claim)


# -- regressions: each of these was a bug ------------------------------------------


@pytest.mark.parametrize(
    ("claim_id", "old", "new"),
    [
        (
            "pk-ru-cold-war-hostile",
            "parties: [pakistan, soviet-union]",
            "parties: [pakistan, soviet-unon]",
        ),
        ("cold-war", "    end: 1991\n", "    end: 1901\n"),
    ],
    ids=["bad-claim", "bad-period"],
)
def test_regression_one_mistake_is_one_problem(project, out, src, capsys, claim_id, old, new):
    if claim_id == "cold-war":
        src.replace("    begin: 1947\n" + old, "    begin: 1947\n" + new)
    else:
        src.replace_in_claim(claim_id, old, new)
    report = run_failing(project, out, capsys)
    assert len(report.problems) == 1, report.text


@pytest.mark.parametrize(
    ("claim_id", "old", "new"),
    [
        ("ru-offers-cooperation", "when: last year", "when: 2016-13-01"),
        ("ru-offers-cooperation", "when: last year", "when: 2016-02-30"),
    ],
    ids=["month-13", "february-30"],
)
def test_regression_impossible_calendar_date_is_a_source_problem(
    project, out, src, capsys, claim_id, old, new
):
    src.replace_in_claim(claim_id, old, new)
    line = src.claim_line(claim_id, "when:")
    report = run_failing(project, out, capsys)
    report.at(src.path(), line, claim_id)


def test_regression_occurrence_must_be_a_number(project, out, src, capsys):
    src.replace_in_claim(
        "pk-ru-post-soviet-tense",
        "    evidence:\n",
        '    evidence:\n      - quote: "both the countries"\n        occurrence: true\n',
    )
    report = run_failing(project, out, capsys)
    line = src.claim_line("pk-ru-post-soviet-tense", "occurrence:")
    report.at(src.path(), line, "pk-ru-post-soviet-tense")
