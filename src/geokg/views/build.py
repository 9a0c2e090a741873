"""Writing every view, and the index page that links them."""

from __future__ import annotations

import html
from pathlib import Path

from rdflib import Dataset

from ..collector import collection_paused
from ..files import write_all
from ..network.oxdataset import OxigraphDataset
from ..network.projection import check_bins, project
from .explorer import Citations, ExplorerPages, corpus_links, page_name, scan_dataset
from .forked import forked, frozen
from .page import csp_meta
from .projected import ProjectionSide, view_pages, view_selection

FORK_FROM = 20  # source pages from which a forked child shares the work (a fork costs ~0.1 s)
# bytes of a dataset file (~15 sources) from which a second interpreter helps (measured:
# 10 sources, 3.5 MB, break even; 30 sources, 10 MB, 3.4 s → 2.5 s)
SPLIT_FROM = 5_000_000

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
    ``parallel``: ``True``, other processes share the work: for a dataset file, a
    second interpreter makes the projection (``projected``), else a forked child
    makes a share of the explorer's source pages (``forked``); ``False``, neither;
    ``None`` (default), the first for a dataset file from ``SPLIT_FROM`` bytes on,
    else the second from ``FORK_FROM`` source pages on. The pages are the same
    either way.
    """
    check_bins(bins)  # (before any child is started for nothing)
    with collection_paused():  # (the records of every page, all kept until written)
        return _render(ds, bins, parallel)


def _render(ds: Dataset | OxigraphDataset, bins: str, parallel: bool | None) -> dict[str, str]:
    path = _file_of(ds)
    if path is not None and (parallel or (parallel is None and path.stat().st_size >= SPLIT_FROM)):
        return _render_split(ds, bins)
    selection = view_selection(bins)
    projection = project(ds, selection, causal=False)
    scan = scan_dataset(ds)
    explorer = ExplorerPages(scan.index, projection)
    pages = view_pages(projection, scan.actors, scan.index.cls)
    pages["explorer.html"] = explorer.corpus_page()
    return _assembled(pages, _source_pages(explorer, parallel))


def _file_of(ds: Dataset | OxigraphDataset) -> Path | None:
    return ds.path if isinstance(ds, OxigraphDataset) else None


def _render_split(ds: OxigraphDataset, bins: str) -> dict[str, str]:
    """The views with the projection made in a child process (``projected``) while this
    process scans the file and makes the explorer's pages but for their claims."""
    side = ProjectionSide(ds.path, bins)
    try:
        scan = scan_dataset(ds)
        explorer = ExplorerPages(scan.index)
        explorer.prepare()  # (all but the claims, which come with the projection)
        got = side.projection()
        projection = None
        if got is None:  # the child failed: made here, where an error is raised as it is
            projection = project(ds, view_selection(bins), causal=False)
            got = Citations.of(projection), corpus_links(projection)
        citations, links = got
        explorer.cite(citations)
        if projection is None:  # the child makes its two pages meanwhile
            side.ask_pages(scan.actors, scan.index.cls)
        corpus = explorer.corpus_page(links)
        # (in this process: what is left of each page is quick, and a forked child
        # copied more of this process's memory than it saved)
        sources = _source_pages(explorer, False)
        made = None if projection is not None else side.pages()
    finally:
        side.close()
    if made is None:
        projection = projection or project(ds, view_selection(bins), causal=False)
        made = view_pages(projection, scan.actors, scan.index.cls)
    return _assembled({**made, "explorer.html": corpus}, sources)


def _source_pages(explorer: ExplorerPages, parallel: bool | None) -> dict[str, str]:
    """The explorer's page of every source, by file name, in order; a forked child makes
    a share of them if ``parallel`` (``None``: from ``FORK_FROM`` pages on)."""
    sources = explorer.source_ids
    parallel = len(sources) >= FORK_FROM if parallel is None else parallel
    # The child takes every other source page (pages of similar sizes alternate); the
    # parent the rest, about as much work on a corpus.
    theirs, ours = (sources[::2], sources[1::2]) if parallel else ([], sources)
    with frozen(), forked(lambda: explorer.source_pages(theirs), enabled=parallel) as child:
        made = explorer.source_pages(ours)
        made.update(child())
    return {name: made[name] for name in map(page_name, sources)}  # in the same order either way


def _assembled(views: dict[str, str], sources: dict[str, str]) -> dict[str, str]:
    """Every page in order: the views, the explorer's source pages, the index."""
    return {
        **{name: views[name] for name in VIEWS},
        **sources,
        "index.html": index_page(sorted(sources)),
    }


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
