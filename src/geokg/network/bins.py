"""Time bins of the network projection: the periods themselves, or years, five-year spans, decades.

A claim's alignment counts in every bin its period overlaps, so that sources
written in different years are compared year by year instead of being
stitched together under one period name. With ``eras`` the bins are the
periods of the data, as they are named.

Dates here are ``datetime.date`` bounds: a year ``2017`` is the interval
2017-01-01 … 2017-12-31, a month ``2019-06`` is 2019-06-01 … 2019-06-30.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

BIN_KINDS = ("eras", "year", "5y", "decade")

_DATE = re.compile(r"^(-?\d{1,4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateBoundsError(ValueError):
    """A date that is not a year, a year-month or a day."""


@dataclass(frozen=True, order=True)
class Span:
    """A closed interval of days; either end may be unknown (None)."""

    begin: dt.date | None
    end: dt.date | None

    def overlaps(self, other: Span) -> bool:
        return (self.begin is None or other.end is None or self.begin <= other.end) and (
            self.end is None or other.begin is None or other.begin <= self.end
        )


@dataclass(frozen=True)
class Bin:
    """One time bin: the signed graph ``Projection.signed[bin.id]`` covers it.

    ``periods`` names the period IRIs an ``eras`` bin stands for (empty for
    calendar bins). ``begin`` and ``end`` are ISO strings (as in the report).
    """

    id: str
    label: str
    order: int
    begin: str | None
    end: str | None
    kind: str
    periods: tuple[str, ...] = ()

    @property
    def span(self) -> Span:
        return Span(
            date_bounds(self.begin)[0] if self.begin else None,
            date_bounds(self.end)[1] if self.end else None,
        )


def date_bounds(text: str) -> tuple[dt.date, dt.date, str]:
    """The earliest and latest day a year, year-month or day can mean, and its precision.

    Examples
    --------
    >>> date_bounds("2019-02")
    (datetime.date(2019, 2, 1), datetime.date(2019, 2, 28), 'month')
    >>> date_bounds("2017")[1]
    datetime.date(2017, 12, 31)
    """
    m = _DATE.match(str(text).strip())
    if not m:
        raise DateBoundsError(
            f"'{text}' is not a date: write a year (2019), a month (2019-06) or a day (2019-06-15)"
        )
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            d = dt.date(year, int(month), int(day))
            return d, d, "day"
        if month:
            last = calendar.monthrange(year, int(month))[1]
            return dt.date(year, int(month), 1), dt.date(year, int(month), last), "month"
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    except ValueError as err:
        raise DateBoundsError(f"'{text}' is not a date: {err}") from None


def calendar_bin(kind: str, year: int) -> tuple[str, str, int, int]:
    """The id, label, first and last year of the ``kind`` bin holding ``year``.

    Examples
    --------
    >>> calendar_bin("5y", 2017), calendar_bin("decade", 1991)[:2]
    (('2015-2019', '2015–2019', 2015, 2019), ('1990s', 'the 1990s'))
    """
    if kind == "year":
        return str(year), str(year), year, year
    if kind == "5y":
        first = year - year % 5
        return f"{first}-{first + 4}", f"{first}–{first + 4}", first, first + 4
    if kind == "decade":
        first = year - year % 10
        return f"{first}s", f"the {first}s", first, first + 9
    raise ValueError(f"unknown calendar bin kind '{kind}'")


def calendar_bins(kind: str, span: Span) -> list[tuple[str, str, int, int]]:
    """Every ``kind`` bin a span overlaps, in order (an unknown end counts as the known one)."""
    first, last = span.begin or span.end, span.end or span.begin
    if first is None or last is None:
        return []
    out: list[tuple[str, str, int, int]] = []
    year = first.year
    while year <= last.year:
        item = calendar_bin(kind, year)
        out.append(item)
        year = item[3] + 1
    return out
