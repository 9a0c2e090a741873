"""Periods, eras and instants as OWL-Time, with normalised day bounds.

Every instant states its value in its own precision (``time:inXSDgYear``,
``time:inXSDgYearMonth`` or ``time:inXSDDate``, with ``time:unitType``) and
also the earliest and latest day it can denote (``gk:earliestDate``,
``gk:latestDate``, both ``xsd:date``), so that ``FILTER(?d < "2020-01-01"^^xsd:date)``
works whatever the precision. ``gk:periodOrder`` puts every period and era of
the dataset in one chronological order; it depends on all sources, so it is
added once the sources' graphs exist (``period_order_triples``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import SKOS, TIME

from ..claims.dates import DateValue
from ..claims.periods import Period, era_iri, order_periods, period_iri
from ..namespaces import GK, part_of

Triple = tuple[URIRef, URIRef, Literal | URIRef]
UNIT = {"year": TIME.unitYear, "month": TIME.unitMonth, "day": TIME.unitDay}


def date_literal(value: DateValue) -> Literal:
    """The value in its own precision: ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``."""
    if value.day is not None:
        return Literal(value.day, datatype=XSD.date)
    if value.month is not None:
        return Literal(f"{value.year:04d}-{value.month:02d}", datatype=XSD.gYearMonth)
    return Literal(f"{value.year:04d}", datatype=XSD.gYear)


def day_bounds(value: DateValue) -> Iterator[tuple[URIRef, Literal]]:
    """``gk:earliestDate`` and ``gk:latestDate`` of a value."""
    yield GK.earliestDate, Literal(value.earliest(), datatype=XSD.date)
    yield GK.latestDate, Literal(value.latest(), datatype=XSD.date)


def instant_triples(node: URIRef, value: DateValue) -> Iterator[Triple]:
    prop = {"year": TIME.inXSDgYear, "month": TIME.inXSDgYearMonth, "day": TIME.inXSDDate}
    yield node, RDF.type, TIME.Instant
    yield node, prop[value.precision], date_literal(value)
    yield node, TIME.unitType, UNIT[value.precision]
    for p, o in day_bounds(value):
        yield node, p, o
    yield node, GK.dateCertainty, value.certainty
    if value.approximate:
        yield node, GK.isApproximate, Literal(True)
    if value.relative:
        yield node, GK.relativeExpression, Literal(value.relative)


def period_triples(period: Period, lang: str, defined_by: URIRef | None) -> Iterator[Triple]:
    """A period (``gk:Period``) or an era (``gk:Era``) as a ``time:ProperInterval``."""
    p = period.iri
    yield p, RDF.type, GK.Era if period.is_era else GK.Period
    # An era's triples are the same whichever source describes it (see eras.ttl).
    yield p, RDFS.label, Literal(period.label, lang="en" if period.is_era else lang)
    yield p, SKOS.notation, Literal(period.id)
    if defined_by is not None and not period.is_era:
        yield p, RDFS.isDefinedBy, defined_by
    if period.relative:
        yield p, GK.relativeExpression, Literal(period.relative)
    for prop, value, suffix in (
        (TIME.hasBeginning, period.begin, "beginning"),
        (TIME.hasEnd, period.end, "end"),
    ):
        if value is not None:
            node = part_of(p, suffix)
            yield p, prop, node
            yield from instant_triples(node, value)
    if period.era:
        yield p, TIME.intervalIn, era_iri(period.era)
    if period.follows:
        local = (
            period_iri(period.source, period.follows) if period.source else era_iri(period.follows)
        )
        yield p, TIME.intervalAfter, local
    for ref in period.see_also:
        yield p, RDFS.seeAlso, URIRef(ref)


def period_order_triples(periods: Iterable[Period]) -> dict[URIRef, int]:
    """``gk:periodOrder`` of every period and era: one order for the whole dataset.

    By normalised bounds (earliest begin, then latest end, then key); see
    ``geokg.claims.periods.order_periods``.
    """
    unique = {p.key: p for p in periods}
    return {p.iri: n for n, p in enumerate(order_periods(list(unique.values())))}
