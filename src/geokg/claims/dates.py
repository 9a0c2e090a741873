"""Dates in claims files: years, ISO dates, and phrases relative to the source date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rdflib import URIRef

from ..namespaces import GK

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
_NUMBERS = {
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
_YEARS_AGO = re.compile(r"^(\d+|" + "|".join(_NUMBERS) + r") years? ago$")


@dataclass(frozen=True)
class DateValue:
    """A year or a day, how certain it is, and the words it was resolved from."""

    year: int
    day: dt.date | None = None
    certainty: URIRef = GK.Stated
    relative: str | None = None

    def sort_key(self) -> tuple[int, int, int]:
        if self.day:
            return (self.day.year, self.day.month, self.day.day)
        return (self.year, 0, 0)

    def __str__(self) -> str:
        return self.day.isoformat() if self.day else str(self.year)


class DateFormatError(ValueError):
    pass


def parse_date(value: object) -> DateValue:
    """A year (``2017``) or an ISO date (``2017-03-01``), as YAML gives it.

    Examples
    --------
    >>> parse_date(2017).year, parse_date("2016-10-24").day
    (2017, datetime.date(2016, 10, 24))
    """
    if value is None:
        raise DateFormatError("no date given")
    if isinstance(value, bool):
        raise DateFormatError(f"'{value}' is not a date")
    if isinstance(value, dt.datetime):
        return DateValue(value.year, value.date())
    if isinstance(value, dt.date):
        return DateValue(value.year, value)
    if isinstance(value, int):
        return DateValue(_check_year(value))
    text = str(value).strip()
    if re.fullmatch(r"-?\d{1,4}", text):
        return DateValue(_check_year(int(text)))
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise DateFormatError(
            f"'{text}' is not a date: write a year (2017) or an ISO date (2017-03-01)"
        ) from None
    return DateValue(day.year, day)


def _check_year(year: int) -> int:
    if not 1 <= year <= 9999:
        raise DateFormatError(f"the year {year} is out of range (1–9999)")
    return year


def resolve_when(value: object, source_date: DateValue | None) -> DateValue:
    """A claim's ``when``: an absolute date, or a phrase resolved against the source date.

    Examples
    --------
    >>> d = resolve_when("last year", DateValue(2017, certainty=GK.Estimated))
    >>> d.year, d.relative, d.certainty == GK.Estimated
    (2016, 'last year', True)
    """
    if isinstance(value, str):
        phrase = " ".join(value.lower().split())
        offset = RELATIVE_YEARS.get(phrase)
        if offset is None and (m := _YEARS_AGO.match(phrase)):
            n = m.group(1)
            offset = -(int(n) if n.isdigit() else _NUMBERS[n])
        if offset is not None:
            if source_date is None:
                raise DateFormatError(
                    f"'{value}' is relative, but the source has no date to resolve it against; "
                    "add date.value to source.yaml"
                )
            return DateValue(source_date.year + offset, None, source_date.certainty, value)
    try:
        return parse_date(value)
    except DateFormatError as err:
        raise DateFormatError(
            f"{err}, or a phrase relative to the source date ('last year', 'this year', "
            "'two years ago')"
        ) from None
