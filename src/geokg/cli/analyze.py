"""``geokg analyze``: alignment shifts, structural balance, interests, pivots and drivers.

A thin shell over ``geokg.network.project`` and ``geokg.analysis.report.analyse``:
it checks the selection, prints the report (rich tables), and writes it as
Markdown, JSON (``report.schema.json``) and charts when asked. Heavy imports
happen in ``run`` so that registering the command costs nothing.

Exit codes: 0 success; 1 nothing to analyse in the selection; 8 the dataset
cannot be read or lacks a named graph; 64 an unknown actor, period, source or
bin (the message suggests the nearest names), ``--as-of`` before every
source, or bad options.
"""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path

from ..claims.terms import DEFAULT_MODALITY, GRAPH_SELECTIONS, MODALITIES
from ..errors import GeokgError


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``analyze`` on the ``geokg`` sub-command parsers."""
    p = subparsers.add_parser(
        "analyze",
        help="analyse alignment shifts, balance, interests, pivots and driver chains",
        description="Project the dataset onto signed actor networks per period and report "
        "which alignments shifted and why, how balanced each period is, which interests "
        "converge or complement each other, who is pivotal and which causal chains the "
        "sources propose — every figure with the claims it rests on.",
        epilog="Exit codes: 0 ok, 1 nothing to analyse, 8 dataset unreadable or missing a "
        "named graph, 64 unknown actor, period, source or bin, --as-of before every source, "
        "or bad options. JSON schema: "
        "geokg/analysis/report/report.schema.json.",
    )
    add_selection_arguments(p)
    p.add_argument(
        "--period",
        action="append",
        metavar="ID",
        help="analyse only these periods or time bins (repeatable)",
    )
    p.add_argument(
        "--actor",
        action="append",
        metavar="NAME",
        help="restrict dyads, shifts, interests and drivers to these actors (key, label or alias)",
    )
    p.add_argument(
        "--dyad",
        action="append",
        nargs=2,
        metavar=("A", "B"),
        help="show (and plot) this pair's timeline; repeatable",
    )
    p.add_argument(
        "--carry-forward",
        action="store_true",
        help="for balance and centrality, keep a pair's last stated stance in later periods "
        "that say nothing about it",
    )
    p.add_argument("--top", type=int, default=20, help="longest lists (default: %(default)s)")
    p.add_argument(
        "--exact-max-nodes",
        type=int,
        default=20,
        help="largest unbalanced component whose frustration index is searched exhaustively "
        "(2..26; default: %(default)s); larger ones get a heuristic upper bound",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the frustration heuristic")
    p.add_argument("--markdown", type=Path, metavar="PATH", help="write the report as Markdown")
    p.add_argument("--json", type=Path, metavar="PATH", help="write the report as JSON")
    p.add_argument("--plots", type=Path, metavar="DIR", help="write PNG and SVG charts here")
    p.add_argument(
        "--csv",
        type=Path,
        metavar="DIR",
        help="write the tidy tables here as CSV: dyad-periods, dyad-claims, interests, shifts, "
        "selection (columns: docs/tables.md)",
    )
    p.add_argument("--quiet", action="store_true", help="do not print the report")
    p.set_defaults(func=run)
    return p


def add_selection_arguments(p: argparse.ArgumentParser) -> None:
    """The options that make a ``Selection`` (one modality control for every command):
    ``--dataset``, ``--graphs``, ``--modality``, ``--bins``, ``--as-of``, ``--source``."""
    p.add_argument(
        "--dataset", type=Path, help="TriG file (default: the project's graph/geokg.trig)"
    )
    p.add_argument(
        "--graphs",
        choices=GRAPH_SELECTIONS,
        default="inferred",
        help="asserted: ontology and source graphs; inferred (default): + the OWL RL "
        "closure; background: + the background knowledge",
    )
    p.add_argument(
        "--modality",
        action="append",
        metavar="M",
        help=f"claim modalities to count, repeatable or comma-separated ({', '.join(MODALITIES)}; "
        "default: fact)",
    )
    p.add_argument(
        "--bins",
        default="eras",
        metavar="KIND",
        help="time bins: eras (the periods of the data; default), year, 5y or decade. A claim "
        "counts in every bin its period overlaps, so sources of different years are compared "
        "year by year",
    )
    p.add_argument(
        "--as-of",
        metavar="DATE",
        help="use only sources published by this date (a year, month or day: 2019, 2019-06, "
        "2019-06-15)",
    )
    p.add_argument(
        "--source",
        action="append",
        metavar="ID",
        help="use only these sources (source ids; repeatable or comma-separated)",
    )


def selection_of(args: argparse.Namespace):
    """The dataset path and the ``Selection`` that ``add_selection_arguments``' options make."""
    from ..network.projection import Selection

    sources = [x.strip() for v in args.source or () for x in v.split(",") if x.strip()]
    selection = Selection.named(
        args.graphs,
        _modalities(args.modality),
        bins=args.bins,
        sources=sources or None,
        as_of=args.as_of,
    )
    return args.dataset or _project_dataset(), selection


def run(args: argparse.Namespace) -> int:
    """Run the analysis that ``args`` (from the ``analyze`` parser) selects."""
    from ..errors import UsageError

    if not 0 < args.top <= 10_000:
        raise UsageError("--top must be between 1 and 10000")
    if not 2 <= args.exact_max_nodes <= 26:
        raise UsageError("--exact-max-nodes must be between 2 and 26")
    path, selection = selection_of(args)
    modalities = sorted(selection.modalities)
    dataset = _load(path, selection)  # read on threads of their own while analysis is imported
    import gc
    import json

    from rich.console import Console

    from ..analysis.report.analyse import Options, analyse
    from ..analysis.report.markdown import to_markdown
    from ..analysis.report.terminal import print_report
    from ..files import write_all
    from ..network.projection import project

    projection = project(dataset, selection)
    periods = _periods(projection, args.period)
    names = _Names(dataset, projection)
    actors = tuple(names.resolve(a) for a in args.actor or ())
    dyads = tuple((names.resolve(a), names.resolve(b)) for a, b in args.dyad or ())
    _check_selection(projection, periods, actors, dyads, modalities, args.graphs)
    options = Options(
        periods=periods,
        actors=actors,
        dyads=dyads,
        top=args.top,
        carry_forward=args.carry_forward,
        exact_max_nodes=args.exact_max_nodes,
        seed=args.seed,
    )
    # The projection lives as long as the analysis: the collector need not visit
    # its millions of objects again (two full collections, 0.26 s at 200 sources).
    gc.freeze()
    try:
        report = analyse(projection, options, dataset=_shown(path))
    finally:
        gc.unfreeze()
    if not args.quiet:
        console = Console()
        if not console.is_terminal:  # a pipe or a file: wide tables, notes unbroken
            console = Console(width=140, soft_wrap=True)
        print_report(report, console)
    files: dict[Path, bytes | str] = {}
    if args.markdown:
        files[args.markdown] = to_markdown(report)
    if args.json:
        files[args.json] = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if args.plots:
        from ..analysis.report.plots import render_plots  # matplotlib: only when drawing

        files.update({args.plots / n: d for n, d in render_plots(report, dyads).items()})
    if args.csv:
        from ..analysis import tidy

        tables = tidy.tables(projection, report)
        files.update({args.csv / tidy.FILES[n]: tidy.to_csv(t) for n, t in tables.items()})
    written = write_all(files)  # all together or none (OutputError)
    for path in written:
        print(f"wrote {path}")
    return 0


# -- checks -------------------------------------------------------------------------


def _modalities(values: list[str] | None) -> list[str]:
    from ..errors import UsageError

    chosen = [m.strip() for v in values or [DEFAULT_MODALITY] for m in v.split(",") if m.strip()]
    for m in chosen:
        if m not in MODALITIES:
            near = difflib.get_close_matches(m, MODALITIES, n=1)
            hint = f" Did you mean: {near[0]}?" if near else ""
            raise UsageError(f"unknown modality '{m}'.{hint} Use {', '.join(MODALITIES)}.")
    return list(dict.fromkeys(chosen))


def _project_dataset() -> Path:
    from ..resources import find_root

    return find_root() / "graph" / "geokg.trig"


def _shown(path: Path) -> str:
    """The dataset's path as the report records it: relative to the project when inside
    it, so that the same analysis writes the same bytes wherever it is run from."""
    from ..resources import find_root

    try:
        return path.resolve().relative_to(find_root()).as_posix()
    except (ValueError, GeokgError):
        return str(path)


def _load(path: Path, selection):
    # Oxigraph reads and queries a corpus many times faster than rdflib, with the same rows.
    from ..network.oxdataset import OxigraphDataset
    from ..network.projection import union_wanted

    return OxigraphDataset.load(path, union_of=union_wanted(selection))


def _periods(projection, wanted: list[str] | None) -> tuple[str, ...] | None:
    from ..errors import UnknownPeriodError

    if not wanted:
        return None
    known = [b.id for b in projection.bins]
    chosen = [w.strip() for v in wanted for w in v.split(",") if w.strip()]
    for period in chosen:
        if period not in known:
            near = difflib.get_close_matches(period, known, n=3, cutoff=0.4)
            hint = f" Did you mean: {', '.join(near)}?" if near else ""
            raise UnknownPeriodError(
                f"unknown period '{period}'.{hint} The dataset's periods are, in order: "
                f"{', '.join(known) or '(none)'}."
            )
    return tuple(p for p in known if p in chosen)


class _Names:
    """Actor names (key, label, alias) → IRIs, with suggestions for unknown names."""

    def __init__(self, dataset, projection):
        self._dataset, self._selection = dataset, projection.selection
        self._vocabulary = None

    @property
    def vocabulary(self):
        # Built on first use only: the union of the selected graphs costs as much
        # as the projection's own (200 sources: seconds), and most runs name no actor.
        if self._vocabulary is None:
            from ..claims.vocabulary import Vocabulary
            from ..network.oxdataset import GraphUnion
            from ..network.projection import select_graphs
            from ..sparql.params import NAMES_QUERY

            union = select_graphs(self._dataset, self._selection)
            if isinstance(union, GraphUnion):  # only the triples naming needs, as rdflib
                union = union.construct(NAMES_QUERY)
            self._vocabulary = Vocabulary.from_graph(union)
        return self._vocabulary

    def resolve(self, name: str) -> str:
        from ..errors import AmbiguousName, UnknownActorError, UnknownName

        try:
            return str(self.vocabulary.resolve("actor", name))
        except (UnknownName, AmbiguousName) as err:
            raise UnknownActorError(str(err)) from err


def _check_selection(projection, periods, actors, dyads, modalities, graphs) -> None:
    from ..analysis.dyads import ordered
    from ..errors import EmptySelectionError

    chosen = [b.id for b in projection.bins if periods is None or b.id in periods]
    stated = [p for p in chosen if projection.signed[p].number_of_edges()]
    where = f"modalities {', '.join(modalities)}, graphs '{graphs}', periods {', '.join(chosen) or '(none)'}"
    if not stated:
        raise EmptySelectionError(
            f"no alignment between actors is stated with {where}: nothing to analyse. "
            "Count other modalities (--modality), choose other periods (--period) or "
            "include more graphs (--graphs)."
        )
    for actor in actors:
        if not any(actor in projection.signed[p] for p in chosen):
            raise EmptySelectionError(
                f"{projection.label(actor)} has no stated alignment with {where}."
            )
    for a, b in dyads:
        pair = ordered(a, b)
        if not any(projection.signed[p].has_edge(*pair) for p in chosen):
            raise EmptySelectionError(
                f"no alignment of {projection.label(a)} and {projection.label(b)} is stated "
                f"with {where}."
            )
