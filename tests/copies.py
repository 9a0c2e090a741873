"""Multi-source corpora for the build tests and benchmarks, made in a temporary folder.

Copies of the bundled article under other ids and dates, and the curated test
texts of ``tests/extract`` (written for this project's tests, not real
reporting). Nothing here writes under ``graph/``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "graph" / "sources" / "pakistan-russia-rapprochement"
TEST_TEXTS = ROOT / "tests" / "extract"


def copy_source(
    folder: Path, sources: Path, new_id: str | None = None, year: int | None = None
) -> Path:
    """Copy a source folder into ``sources`` as ``new_id``, dated ``year`` if given."""
    new_id = new_id or folder.name
    target = sources / new_id
    shutil.copytree(folder, target)
    for path in target.iterdir():
        path.chmod(0o644)
    meta = target / "source.yaml"
    text = re.sub(r"(?m)^id: .*$", f"id: {new_id}", meta.read_text(encoding="utf-8"))
    if year is not None:
        text = re.sub(r"(?m)^(  (?:value|earliest): )\d{4}\b", rf"\g<1>{year}", text)
    meta.write_text(text, encoding="utf-8")
    claims = target / "claims.yaml"
    claims.write_text(
        re.sub(r"(?m)^source: .*$", f"source: {new_id}", claims.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    return target


def make_project(root: Path, copies: int = 0, test_texts: bool = False) -> Path:
    """A project folder with graph/sources and graph/background: the bundled article,
    ``copies`` more copies of it (ids ``copy-N``, dated 2017+N), and the test texts."""
    graph = root / "graph"
    shutil.copytree(ROOT / "graph" / "background", graph / "background")
    sources = graph / "sources"
    sources.mkdir(parents=True)
    copy_source(BUNDLED, sources)
    for n in range(1, copies + 1):
        copy_source(BUNDLED, sources, f"copy-{n:03d}", 2017 + n % 8)
    if test_texts:
        add_test_texts(root)
    return root


def add_test_texts(root: Path) -> list[str]:
    """Add the curated test texts that build together with what is there already.

    A text is left out when the corpus rejects it (a ``SourceError``: say, a
    shared era bounded otherwise than another source bounds it). Period names
    are each source's own, so no curated text is left out today.
    """
    from geokg.errors import SourceError
    from geokg.rdf.build import Paths, validate

    sources = root / "graph" / "sources"
    texts = [c.parent for c in sorted(TEST_TEXTS.glob("**/claims.yaml"))]
    texts = [t for t in texts if not (sources / t.name).exists()]
    # All at once first: one validation instead of one per text (each reads every source).
    targets = [copy_source(text, sources) for text in texts]
    try:
        validate(Paths(root=root))
        return [target.name for target in targets]
    except SourceError:
        for target in targets:
            shutil.rmtree(target)
    added = []
    for text in texts:
        target = copy_source(text, sources)
        try:
            validate(Paths(root=root))
        except SourceError:
            shutil.rmtree(target)
            continue
        added.append(target.name)
    return added
