"""Periods relative to the time of writing: the author's words, resolved against the source date.

``resolve_span("since 2014", date)`` gives the interval the words denote;
the rules are listed in docs/claims-format.md ("Periods: one timeline").
"""

from __future__ import annotations

import re
from typing import Any

from ..namespaces import GK
from .dates import DateFormatError, DateValue, count, no_date, parse_date, relative_year_offset

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
