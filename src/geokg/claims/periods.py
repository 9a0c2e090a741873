"""Periods: intervals on one timeline, local to their source, and shared eras.

A source names the phases it distinguishes (``current``, ``amelioration``);
the names are local to the source, so two sources may both say ``current``
and mean different years (IRI ``gkd:period/<source-id>/<period-id>``). Each
period is an interval on real time: a begin and an end at year, month or day
precision, either given (``begin: 1991``) or resolved from the author's words
relative to the source's date (``relative: since 2014``), with bounds marked
approximate where the words are vague. Named eras many sources share (the
Cold War) are defined once in the background (``gk:Era``, IRI
``gkd:era/<id>``); a source may use one by name, or say that one of its
periods lies within one (``era: cold-war``). docs/claims-format.md gives the
rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rdflib import URIRef

from ..namespaces import individual
from .dates import PRECISIONS, DateValue


@dataclass(frozen=True)
class Period:
    """A period of one source, or a shared era (``source`` is None)."""

    id: str
    label: str
    begin: DateValue | None
    end: DateValue | None
    source: str | None
    path: str
    line: int
    relative: str | None = None  # the author's words, when resolved against the source date
    era: str | None = None  # the era this period lies within
    follows: str | None = None
    see_also: tuple[str, ...] = ()

    @property
    def is_era(self) -> bool:
        return self.source is None

    @property
    def iri(self) -> URIRef:
        return era_iri(self.id) if self.source is None else period_iri(self.source, self.id)

    @property
    def key(self) -> str:
        """``<source-id>/<period-id>``, or the era's id."""
        return self.id if self.source is None else f"{self.source}/{self.id}"

    @property
    def precision(self) -> str | None:
        """The coarsest precision of its bounds (``year``, ``month``, ``day``)."""
        known = [d.precision for d in (self.begin, self.end) if d is not None]
        return min(known, key=PRECISIONS.index) if known else None

    @property
    def approximate(self) -> bool:
        return any(d is not None and d.approximate for d in (self.begin, self.end))

    def earliest(self) -> dt.date | None:
        return self.begin.earliest() if self.begin else None

    def latest(self) -> dt.date | None:
        return self.end.latest() if self.end else None

    def bounds(self) -> str:
        begin = f"{'~' if self.begin and self.begin.approximate else ''}{self.begin or '…'}"
        end = f"{'~' if self.end and self.end.approximate else ''}{self.end or '…'}"
        return f"{begin}–{end}"


def period_iri(source_id: str, period_id: str) -> URIRef:
    return individual("period", source_id, period_id)


def era_iri(era_id: str) -> URIRef:
    return individual("era", era_id)


# -- one order for every period --------------------------------------------------
class PeriodOrderError(ValueError):
    def __init__(self, period: Period, message: str):
        self.period = period
        super().__init__(message)


def order_periods(periods: list[Period]) -> list[Period]:
    """Every period and era in one chronological order.

    By the earliest day each can begin, then the latest day it can end (open
    ends last), then its key, so that ties are broken the same way on every
    run. A period without a begin takes the place right after the one it
    ``follows``; with neither, it is placed where it ends ("before the 2022
    invasion" comes just before "since the invasion"), and with no bound at
    all it comes first. Raises ``PeriodOrderError``
    for an unknown or circular ``follows`` and for a period that begins
    before the one it follows.
    """
    by_key = {p.key: p for p in periods}
    anchors: dict[str, tuple[dt.date, int]] = {}

    def followed(period: Period) -> Period | None:
        if not period.follows:
            return None
        local = f"{period.source}/{period.follows}" if period.source else period.follows
        prev = by_key.get(local) or by_key.get(period.follows)
        if prev is None:
            raise PeriodOrderError(
                period, f"period '{period.id}' follows '{period.follows}', which is not defined"
            )
        return prev

    def anchor(period: Period, trail: tuple[str, ...] = ()) -> tuple[dt.date, int]:
        if period.key in anchors:
            return anchors[period.key]
        if period.key in trail:
            names = " → ".join(k.rsplit("/", 1)[-1] for k in (*trail, period.key))
            raise PeriodOrderError(period, f"periods follow each other in a circle: {names}")
        prev = followed(period)
        prev_anchor = anchor(prev, (*trail, period.key)) if prev else None
        if period.begin:
            if prev and prev.begin and period.begin.earliest() < prev.begin.earliest():
                raise PeriodOrderError(
                    period,
                    f"period '{period.id}' begins ({period.begin}) "
                    f"before '{prev.id}', which it follows",
                )
            result = (period.begin.earliest(), 0)
        elif prev_anchor:
            result = (prev_anchor[0], prev_anchor[1] + 1)
        elif period.end:
            result = (period.end.earliest(), 0)
        else:
            result = (dt.date.min, 0)
        anchors[period.key] = result
        return result

    return sorted(periods, key=lambda p: (anchor(p), p.latest() or dt.date.max, p.key))
