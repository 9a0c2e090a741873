"""Shared eras: read from the background, and checked where sources define them too."""

from __future__ import annotations

from typing import Any

from rdflib import RDF, RDFS, SKOS, Graph
from rdflib.namespace import TIME

from ..errors import Problem
from ..namespaces import GK
from .dates import DateValue, parse_date
from .periods import Period


def merge_eras(
    background: dict[str, Period], defined: list[Period], problems: list[Problem]
) -> dict[str, Period]:
    """The background's eras and those sources define; a second definition must agree.

    Two definitions agree when they have the same bounds (value, precision and
    approximate marks); labels may differ.
    """
    merged = dict(background)
    for era in defined:
        other = merged.get(era.id)
        if other is None:
            merged[era.id] = era
        elif (other.begin, other.end) != (era.begin, era.end):
            where = f"{other.path}:{other.line}" if other.line else other.path
            problems.append(
                Problem(
                    era.path,
                    era.line,
                    f"the shared era '{era.id}' is defined differently in {where} "
                    f"({other.bounds()} there, {era.bounds()} here); use the shared era as "
                    "it is, or give yours another id",
                )
            )
    return merged


# -- eras of the background --------------------------------------------------------
_LITERAL_PROPS = (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear)


def read_background_eras(graph: Graph, where: str) -> dict[str, Period]:
    """The ``gk:Era`` individuals of the background graph, by ``skos:notation``."""
    eras: dict[str, Period] = {}
    for era in sorted(set(graph.subjects(RDF.type, GK.Era)), key=str):
        notation = graph.value(era, SKOS.notation)
        if notation is None:
            continue
        label = graph.value(era, RDFS.label)
        begin = _instant(graph, graph.value(era, TIME.hasBeginning))
        end = _instant(graph, graph.value(era, TIME.hasEnd))
        refs = tuple(sorted(str(o) for o in graph.objects(era, RDFS.seeAlso)))
        eras[str(notation)] = Period(
            str(notation), str(label or notation), begin, end, None, where, 0, see_also=refs
        )
    return eras


def _instant(graph: Graph, node: Any) -> DateValue | None:
    if node is None:
        return None
    for prop in _LITERAL_PROPS:
        value = graph.value(node, prop)
        if value is not None:
            date = parse_date(str(value))
            approximate = graph.value(node, GK.isApproximate)
            return date.with_(approximate=bool(approximate and approximate.toPython()))
    return None
