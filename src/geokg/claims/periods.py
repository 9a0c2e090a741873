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
import re
from dataclasses import dataclass
from typing import Any

from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import TIME

from ..errors import Problem
from ..namespaces import GK, GKD
from .dates import (
    PRECISIONS,
    DateFormatError,
    DateValue,
    NoSourceDate,
    count,
    no_date,
    parse_date,
    relative_year_offset,
)
from .fields import FieldReader, Skip, nearest
from .terms import ERA_FIELDS, PERIOD_FIELDS
from .yamlio import LineDict


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
    return GKD[f"period/{source_id}/{period_id}"]


def era_iri(era_id: str) -> URIRef:
    return GKD[f"era/{era_id}"]


# -- relative expressions -------------------------------------------------------
# Each rule: pattern → (years back for the begin, whether that begin is
# approximate). The end is the source's date: the words speak of a span that
# reaches the time of writing. Documented in docs/claims-format.md.
_N = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
_NOW = r"(the )?(current|present)( (epoch|era|period|time|times|moment|juncture|day))?"
SPAN_RULES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(rf"^({_NOW}|currently|today|now|nowadays|these days|at present)$"), (3, True)),
    (re.compile(r"^((in )?recent (years|times)|recently|lately|of late)$"), (5, True)),
    (
        re.compile(rf"^((in|over|for|during) )?the (past|last) {_N} years$"),
        lambda m: (count(m.group(4)), False),
    ),
    (re.compile(r"^((in|over|for|during) )?the (past|last) (decade|ten years)$"), (10, False)),
    (re.compile(r"^(for )?(several |many )?decades$"), (30, True)),
    (re.compile(rf"^for {_N} decades$"), lambda m: (10 * count(m.group(1)), True)),
]
_SINCE = re.compile(r"^since (\S+)$")
_PAST = re.compile(r"^((in )?the past|historically|traditionally|formerly|before)$")


def resolve_span(phrase: str, source_date: DateValue | None) -> tuple[DateValue | None, DateValue]:
    """The interval a phrase relative to the source date denotes: ``(begin, end)``.

    The end is the source date (a begin of ``None`` is open: "in the past").
    Raises ``NoSourceDate`` without a source date, ``DateFormatError`` for
    words no rule knows.

    Examples
    --------
    >>> b, e = resolve_span("since 2014", DateValue(2017))
    >>> str(b), str(e), b.approximate
    ('2014', '2017', False)
    >>> b, e = resolve_span("current", DateValue(2023, 6))
    >>> str(b), b.approximate, str(e)
    ('2020', True, '2023-06')
    >>> b, e = resolve_span("last year", DateValue(2017))
    >>> str(b), str(e)
    ('2016', '2016')
    """
    words = " ".join(str(phrase).lower().split()).rstrip(".")
    rule = _rule(words)
    if source_date is None:
        raise no_date(phrase)
    certainty = source_date.certainty
    end = source_date.with_(relative=None, approximate=False)
    if (offset := relative_year_offset(words)) is not None:
        year = DateValue(source_date.year + offset, certainty=certainty)
        return year, year
    if words.startswith("since "):
        begin = parse_date(_SINCE.match(words).group(1))  # type: ignore[union-attr]
        if begin.earliest() > end.latest():
            raise DateFormatError(f"'{phrase}' begins after the source's date ({source_date})")
        return begin.with_(certainty=GK.Stated), end
    if rule == "past":
        return None, end
    back, approximate = rule
    begin = DateValue(source_date.year - back, certainty=certainty, approximate=approximate)
    return begin, end


def _rule(words: str) -> Any:
    if relative_year_offset(words) is not None:
        return "year"
    if m := _SINCE.match(words):
        try:
            parse_date(m.group(1))
        except DateFormatError as err:
            raise DateFormatError(f"'{words}': {err}") from None
        return "since"
    if _PAST.match(words):
        return "past"
    for pattern, rule in SPAN_RULES:
        if m := pattern.match(words):
            return rule(m) if callable(rule) else rule
    raise DateFormatError(
        f"'{words}' is not a relative expression geokg knows; write begin/end instead, or one "
        "of: current, in recent years, last year, this year, N years ago, the past N years, "
        "the past decade, since YYYY, for decades, in the past"
    )


def is_relative(phrase: str) -> bool:
    """Whether ``phrase`` is one of the relative expressions ``resolve_span`` knows."""
    try:
        _rule(" ".join(str(phrase).lower().split()).rstrip("."))
    except DateFormatError:
        return False
    return True


# -- reading periods and eras from a claims file ---------------------------------
class PeriodReader:
    """Reads the ``periods:`` and ``eras:`` of one claims file."""

    def __init__(
        self,
        fields: FieldReader,
        source_id: str,
        source_date: DateValue | None,
        eras: dict[str, Period] | None,
    ):
        self.fields = fields
        self.source_id = source_id
        self.source_date = source_date
        # The shared eras, by id; None when they are not known (a claims file
        # read on its own, as `geokg extract --evaluate` does): era names are
        # then accepted unchecked.
        self.eras = eras
        self.periods: dict[str, Period] = {}
        self.broken: set[str] = set()  # declared but unreadable: not reported again
        # Relative periods of an undated source: period id → (line, words, claims using it).
        self.undated: dict[str, tuple[int, str, list[str]]] = {}

    def read_periods(self, value: Any, line: int) -> list[Period]:
        return self._read(value, line, "periods", PERIOD_FIELDS, era=False)

    def read_eras(self, value: Any, line: int) -> list[Period]:
        """Eras a source defines for others to share (better: the background's eras.ttl)."""
        return self._read(value, line, "eras", ERA_FIELDS, era=True)

    def _read(self, value: Any, line: int, what: str, allowed: set[str], era: bool) -> list[Period]:
        out: list[Period] = []
        try:
            items = self.fields.mappings(value, line, what)
        except Skip:
            return []
        for item in items:
            period_id = None
            try:
                period_id = self.fields.id(item, "era" if era else "period")
                for key in item:
                    if key not in allowed:
                        near = nearest(str(key), allowed)
                        hint = f"; did you mean '{near}'?" if near else ""
                        self.fields.problem(
                            item.line_of(key), f"unknown period field '{key}'{hint}"
                        )
                seen = self.periods if not era else {p.id: p for p in out}
                if period_id in seen:
                    self.fields.problem(item.line, f"period '{period_id}' is defined twice")
                    continue
                period = self._period(item, period_id, era)
                out.append(period)
                if not era:
                    self.periods[period_id] = period
            except Skip:
                if period_id:
                    self.broken.add(period_id)
        return out

    def _period(self, item: LineDict, period_id: str, era: bool) -> Period:
        begin = self._date(item, "begin")
        end = self._date(item, "end")
        relative = item.get("relative")
        if relative is not None:
            relative = " ".join(str(relative).split())
            try:
                derived_begin, derived_end = resolve_span(relative, self.source_date)
            except NoSourceDate:
                # Reported once the claims that use it are known (``report_undated``).
                self.undated[period_id] = (item.line_of("relative"), relative, [])
                raise Skip from None
            except DateFormatError as err:
                self.fields.problem(item.line_of("relative"), f"period '{period_id}': {err}")
                raise Skip from None
            begin = begin or derived_begin
            end = end or derived_end
        begin, end = self._approximate(item, begin, end)
        if begin and end and end.latest() < begin.earliest():
            self.fields.problem(
                item.line_of("end"),
                f"period '{period_id}' ends ({end}) before it begins ({begin}); "
                "swap or correct the dates",
            )
            raise Skip
        era_id = item.get("era")
        if era_id is not None:
            era_id = str(era_id)
            self._check_within(item, period_id, era_id, begin, end)
        follows = item.get("follows")
        see_also = tuple(
            str(s) for s in self.fields.list(item.get("see_also"), item.line, "see_also")
        )
        return Period(
            period_id,
            " ".join(str(item.get("label") or period_id).split()),
            begin,
            end,
            None if era else self.source_id,
            self.fields.path,
            item.line,
            relative=relative,
            era=era_id,
            follows=str(follows) if follows else None,
            see_also=see_also,
        )

    def _date(self, item: LineDict, key: str) -> DateValue | None:
        if item.get(key) is None:
            return None
        try:
            return parse_date(item[key])
        except DateFormatError as err:
            self.fields.problem(item.line_of(key), f"{key}: {err}")
            raise Skip from None

    def _approximate(
        self, item: LineDict, begin: DateValue | None, end: DateValue | None
    ) -> tuple[DateValue | None, DateValue | None]:
        value = item.get("approximate")
        if value is None or value is False:
            return begin, end
        if value not in (True, "begin", "end", "both"):
            self.fields.problem(
                item.line_of("approximate"), "approximate must be true, begin, end or both"
            )
            raise Skip
        if begin is not None and value in (True, "begin", "both"):
            begin = begin.with_(approximate=True)
        if end is not None and value in (True, "end", "both"):
            end = end.with_(approximate=True)
        return begin, end

    def _check_within(
        self,
        item: LineDict,
        period_id: str,
        era_id: str,
        begin: DateValue | None,
        end: DateValue | None,
    ) -> None:
        if self.eras is None:
            return
        era = self.eras.get(era_id)
        if era is None:
            near = nearest(era_id, set(self.eras))
            self.fields.problem(
                item.line_of("era"),
                f"period '{period_id}': unknown era '{era_id}'"
                + (f"; did you mean '{near}'?" if near else "")
                + " (eras are defined in graph/background/eras.ttl)",
            )
            raise Skip
        outside = (
            (begin is not None and era.begin is not None and begin.earliest() < era.earliest())
            or (end is not None and era.end is not None and end.latest() > era.latest())  # type: ignore[operator]
            or (begin is None and era.begin is not None)
        )
        if outside:
            self.fields.problem(
                item.line,
                f"period '{period_id}' ({_show(begin, end)}) lies outside its era '{era_id}' "
                f"({era.bounds()}); correct its dates or its era",
            )
            raise Skip

    def resolve(self, name: Any, line: int) -> Period:
        """The period a claim names: one of this source's, else a shared era."""
        key = str(name)
        if key in self.undated:
            # Reported once, at the period, naming the claims that use it; the
            # claim itself is read on, so its other problems show too.
            if self.fields.claim:
                self.undated[key][2].append(self.fields.claim)
            return Period(key, key, None, None, self.source_id, self.fields.path, line)
        if key in self.broken:
            raise Skip  # already reported where the period is defined
        if key in self.periods:
            return self.periods[key]
        if self.eras is None:
            return Period(key, key, None, None, None, self.fields.path, line)
        if key in self.eras:
            return self.eras[key]
        near = nearest(key, set(self.periods) | set(self.eras))
        self.fields.problem(
            line,
            f"unknown period '{name}'"
            + (f"; did you mean '{near}'?" if near else "")
            + "; declare it under periods: (or name a shared era)",
        )
        raise Skip

    def report_undated(self) -> None:
        """One problem per relative period of an undated source, naming the claims using it."""
        for period_id, (line, words, claims) in self.undated.items():
            users = (
                f"; used by the claim{'s' if len(claims) > 1 else ''} {', '.join(claims)}"
                if claims
                else ""
            )
            self.fields.problem(
                line,
                f"period '{period_id}' is relative ('{words}') but the source has no date to "
                f"resolve it against{users}. Add date.value to source.yaml (a year, e.g. 2017, "
                "with certainty: estimated if it is inferred), or give the period begin/end",
                claim=claims[0] if claims else None,
            )


def _show(begin: DateValue | None, end: DateValue | None) -> str:
    return f"{begin or '…'}–{end or '…'}"


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


# -- one order for every period --------------------------------------------------
class PeriodOrderError(ValueError):
    def __init__(self, period: Period, message: str):
        self.period = period
        super().__init__(message)


def order_periods(periods: list[Period]) -> list[Period]:
    """Every period and era in one chronological order.

    By the earliest day each can begin (a period without a begin takes the
    place right after the one it ``follows``; with neither it comes first),
    then the latest day it can end (open ends last), then its key, so that
    ties are broken the same way on every run. Raises ``PeriodOrderError``
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
        else:
            result = (dt.date.min, 0)
        anchors[period.key] = result
        return result

    return sorted(periods, key=lambda p: (anchor(p), p.latest() or dt.date.max, p.key))
