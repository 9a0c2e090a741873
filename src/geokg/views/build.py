"""Writing every view, and the index page that links them."""

from __future__ import annotations

import html
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rdflib import Dataset

from ..files import write_all
from ..network.oxdataset import OxigraphDataset
from ..network.projection import MODALITIES, Selection, project, union_wanted
from .alignments import alignment_page
from .explorer import ExplorerPages, page_name, scan_dataset
from .forked import forked, frozen
from .interests import interest_page
from .page import csp_meta

FORK_FROM = 20  # source pages from which a forked child shares the work (a fork costs ~0.1 s)

VIEWS = {
    "alignment-shifts.html": (
        "Alignment shifts",
        "The actor network period by period: stance, intensity, what changed, where sources "
        "disagree; filter sources or pick an as-of date; click an edge for each source's "
        "stance over time with its sentences.",
    ),
    "interests.html": (
        "Strategic interests",
        "Who pursues, sells or needs which interest; convergent and complementary pairs.",
    ),
    "explorer.html": (
        "Knowledge graph explorer",
        "Actors, interests and their relations across the sources, with one page per source "
        "of every individual it asserts; filter by class and graph, search names and aliases, "
        "click a node for its properties, neighbours and claims with their quotes.",
    ),
}


def render_views(
    ds: Dataset | OxigraphDataset, bins: str = "eras", parallel: bool | None = None
) -> dict[str, str]:
    """Every view's HTML, by file name (``bins``: the alignment view's time bins).

    ``ds`` is an rdflib ``Dataset`` or, faster on a corpus, an ``OxigraphDataset``.
    ``parallel``: whether a forked child makes a share of the explorer's source pages
    on another core (see ``forked``); by default, from ``FORK_FROM`` source pages on.
    The pages are the same either way.
    """
    # Every modality is drawn; the views mark what is not reported as fact.
    selection = Selection.named("inferred", MODALITIES, bins=bins)
    # One pass over the quads: the classes of every individual (explorer and interests),
    # the actors' classes and aliases (alignments).
    if isinstance(ds, OxigraphDataset) and ds.path is not None:
        ds.read_union_ahead(union_wanted(selection))
        # The scan reads the file again in Python while the projection waits on
        # Oxigraph (loading, reading the union: it lets go of the interpreter), on
        # another core; neither touches what the other makes.
        with ThreadPoolExecutor(max_workers=1) as pool:
            projected = pool.submit(project, ds, selection)
            scan = scan_dataset(ds)
            projection = projected.result()
    else:
        projection = project(ds, selection)
        scan = scan_dataset(ds)
    explorer = ExplorerPages(scan.index, projection)
    sources = explorer.source_ids
    if parallel is None:
        parallel = len(sources) >= FORK_FROM
    # The child takes every other source page (pages of similar sizes alternate); the
    # parent the rest and the other views, about as much work on a corpus.
    theirs, ours = (sources[::2], sources[1::2]) if parallel else ([], sources)
    with frozen(), forked(lambda: explorer.source_pages(theirs), enabled=parallel) as child:
        pages = {
            "alignment-shifts.html": alignment_page(projection, actors=scan.actors),
            "interests.html": interest_page(projection, classes=scan.index.cls),
            "explorer.html": explorer.corpus_page(),
        }
        made = explorer.source_pages(ours)
        made.update(child())
    names = [page_name(s) for s in sources]
    pages.update((name, made[name]) for name in names)  # in the same order either way
    pages["index.html"] = index_page(sorted(names))
    return pages


def index_page(sources: list[str] = ()) -> str:
    """The page linking every view; ``sources``: the explorer's per-source pages."""
    items = "".join(
        f'<li><a href="{html.escape(name)}">{html.escape(title)}</a> — {html.escape(text)}</li>'
        for name, (title, text) in VIEWS.items()
    )
    if sources:
        links = ", ".join(
            f'<a href="{html.escape(name)}">{html.escape(name.rsplit("/", 1)[-1][:-5])}</a>'
            for name in sources
        )
        items += f"<li>The explorer, source by source: {links}</li>"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">{csp_meta()}<title>geokg views</title>
<style>body {{ font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 48rem; }}</style>
</head><body><h1>geokg views</h1><ul>{items}</ul>
<p>Each page is self-contained and works offline from disk.</p></body></html>
"""


def write_views(ds: Dataset | OxigraphDataset, folder: Path, bins: str = "eras") -> list[Path]:
    """Write the views into ``folder``: all the pages are replaced together, or none."""
    written = write_all({folder / name: page for name, page in render_views(ds, bins).items()})
    # a source no longer in the dataset leaves no page of its own behind
    for stale in set((folder / "explorer").glob("*.html")) - set(written):
        stale.unlink()
    return written
