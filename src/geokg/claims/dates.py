"""Dates in claims files: years, months, days, and phrases relative to the source date.

A ``DateValue`` is a point on real time at the precision the text gives it
(year, month or day). Because a year or a month denotes a span of days, every
value also has normalised bounds, the earliest and the latest day it can
denote (``earliest()``, ``latest()``): that is what comparisons, ordering and
the dataset's ``gk:earliestDate``/``gk:latestDate`` use, so that a query
comparing ``xsd:date`` values never silently misses a year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

from rdflib import URIRef

from ..namespaces import GK

PRECISIONS = ("year", "month", "day")

# Phrase → offset in years from the source date. "latter year" is how some
# writers say "last year"; the resolved value keeps the original words.
RELATIVE_YEARS = {
    "last year": -1,
    "latter year": -1,
    "the latter year": -1,
    "previous year": -1,
    "the previous year": -1,
    "a year ago": -1,
    "this year": 0,
    "the current year": 0,
    "current year": 0,
    "next year": 1,
    "the coming year": 1,
}
NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_COUNT = r"(\d+|" + "|".join(NUMBERS) + r")"
_YEARS_AGO = re.compile(rf"^{_COUNT} years? ago$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class DateValue:
    """A year, a month or a day; how certain and how exact it is; the words it came from.

    Examples
    --------
    >>> d = parse_date("2023-06")
    >>> d.precision, str(d), d.earliest(), d.latest()
    ('month', '2023-06', datetime.date(2023, 6, 1), datetime.date(2023, 6, 30))
    """

    year: int
    month: int | None = None
    day_of_month: int | None = None
    certainty: URIRef = GK.Stated
    relative: str | None = None
    approximate: bool = False

    @property
    def precision(self) -> str:
        if self.day_of_month is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def day(self) -> dt.date | None:
        """The day, when the value has day precision."""
        if self.day_of_month is None or self.month is None:
            return None
        return dt.date(self.year, self.month, self.day_of_month)

    def earliest(self) -> dt.date:
        """The first day this value can denote."""
        return dt.date(self.year, self.month or 1, self.day_of_month or 1)

    def latest(self) -> dt.date:
        """The last day this value can denote."""
        month = self.month or 12
        last = calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, self.day_of_month or last)

    def sort_key(self) -> tuple[dt.date, dt.date]:
        return (self.earliest(), self.latest())

    def with_(self, **changes: object) -> DateValue:
        return replace(self, **changes)

    def __str__(self) -> str:
        if self.day is not None:
            return self.day.isoformat()
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return str(self.year)


class DateFormatError(ValueError):
    pass


def from_day(day: dt.date, **fields: object) -> DateValue:
    return DateValue(day.year, day.month, day.day, **fields)


def parse_date(value: object) -> DateValue:
    """A year (``2017``), a month (``2017-03``) or an ISO date (``2017-03-01``).

    Examples
    --------
    >>> parse_date(2017).precision, parse_date("2016-10-24").day
    ('year', datetime.date(2016, 10, 24))
    """
    if value is None:
        raise DateFormatError("no date given")
    if isinstance(value, bool):
        raise DateFormatError(f"'{value}' is not a date")
    if isinstance(value, dt.datetime):
        return from_day(value.date())
    if isinstance(value, dt.date):
        return from_day(value)
    if isinstance(value, int):
        return DateValue(_check_year(value))
    text = str(value).strip()
    if re.fullmatch(r"-?\d{1,4}", text):
        return DateValue(_check_year(int(text)))
    if match := _MONTH.match(text):
        month = int(match.group(2))
        if not 1 <= month <= 12:
            raise DateFormatError(f"'{text}' is not a month: the month must be 01–12")
        return DateValue(_check_year(int(match.group(1))), month)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise DateFormatError(
            f"'{text}' is not a date: write a year (2017), a month (2017-03) "
            "or an ISO date (2017-03-01)"
        ) from None
    return from_day(day)


def _check_year(year: int) -> int:
    if not 1 <= year <= 9999:
        raise DateFormatError(f"the year {year} is out of range (1–9999)")
    return year


def count(word: str) -> int:
    """``"two"`` → 2, ``"12"`` → 12."""
    return int(word) if word.isdigit() else NUMBERS[word]


def relative_year_offset(phrase: str) -> int | None:
    """The offset in years a phrase such as 'last year' or 'three years ago' means."""
    phrase = " ".join(phrase.lower().split())
    offset = RELATIVE_YEARS.get(phrase)
    if offset is None and (m := _YEARS_AGO.match(phrase)):
        offset = -count(m.group(1))
    return offset


class NoSourceDate(DateFormatError):
    """A relative phrase in a source that has no date to resolve it against."""


def no_date(value: object) -> NoSourceDate:
    return NoSourceDate(
        f"'{value}' is relative, but the source has no date to resolve it against "
        "(it is relative to the time of writing); add date.value to source.yaml (a year, e.g. 2017, is enough; "
        "certainty: estimated if it is inferred), or write an absolute date"
    )


def resolve_when(value: object, source_date: DateValue | None) -> DateValue:
    """A claim's ``when``: an absolute date, or a phrase resolved against the source date.

    Examples
    --------
    >>> d = resolve_when("last year", DateValue(2017, certainty=GK.Estimated))
    >>> d.year, d.relative, d.certainty == GK.Estimated
    (2016, 'last year', True)
    """
    if isinstance(value, str):
        offset = relative_year_offset(value)
        if offset is not None:
            if source_date is None:
                raise no_date(value)
            return DateValue(
                source_date.year + offset, certainty=source_date.certainty, relative=value
            )
    try:
        return parse_date(value)
    except DateFormatError as err:
        raise DateFormatError(
            f"{err}, or a phrase relative to the source date ('last year', 'this year', "
            "'two years ago')"
        ) from None
