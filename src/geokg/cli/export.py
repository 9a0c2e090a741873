"""``geokg export``: the signed actor network and the actor–interest graph as GraphML or GEXF.

A thin shell over ``geokg.analysis.graphfiles``: the same selection options
as ``geokg analyze`` (``--modality``, ``--graphs``, ``--bins``, ``--as-of``,
``--source``), so a Gephi file counts exactly what the report counts.

Exit codes: 0 success; 1 nothing to export (no alignment in the selection) or
an output cannot be written; 8 the dataset cannot be read or lacks a named
graph; 64 bad options, an unknown source or bin, ``--as-of`` before every source.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .analyze import add_selection_arguments, selection_of

FORMATS = ("graphml", "gexf")
GRAPHS = ("actors", "interests")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``export`` on the ``geokg`` sub-command parsers."""
    p = subparsers.add_parser(
        "export",
        help="write the actor network and the actor–interest graph as GraphML or GEXF (Gephi)",
        description="Write the signed actor network (GEXF: one dynamic graph whose edges live "
        "during the periods that state them, so Gephi's timeline plays the shifts; GraphML: "
        "one edge per pair and period) and the actor–interest graph, with stance, weight, "
        "modality and claim ids as attributes.",
        epilog="Exit codes: 0 ok, 1 nothing to export or an output cannot be written, 8 dataset "
        "unreadable or missing a named graph, 64 bad options, unknown source or bin.",
    )
    p.add_argument("--format", choices=FORMATS, default="gexf", help="file format (default: gexf)")
    p.add_argument(
        "--graph",
        action="append",
        choices=GRAPHS,
        help="which graph (repeatable; default: both): actors, interests",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="folder to write actors.<format> and interests.<format> into (default: .)",
    )
    add_selection_arguments(p)
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Write the graphs ``args`` (from the ``export`` parser) select."""
    from ..analysis import graphfiles
    from ..errors import EmptySelectionError
    from ..files import write_all
    from ..network.projection import project
    from ..rdf.dataset import load_dataset

    path, selection = selection_of(args)
    projection = project(load_dataset(path), selection)
    if not any(G.number_of_edges() for G in projection.signed.values()):
        raise EmptySelectionError(
            f"no alignment between actors is stated with modalities "
            f"{', '.join(sorted(selection.modalities))} and graphs '{selection.graphs}': nothing "
            "to export. Count other modalities (--modality) or include more graphs (--graphs)."
        )
    wanted = list(dict.fromkeys(args.graph or GRAPHS))
    files = {
        args.out / f"{name}.{args.format}": graphfiles.render(projection, name, args.format)
        for name in wanted
    }
    for written in write_all(files):
        print(f"wrote {written}")
    print(graphfiles.describe(projection))
    return 0
