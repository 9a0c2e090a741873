"""Quantities in claims: money, lengths and durations, with their units."""

from __future__ import annotations

import re
from typing import Any

from .fields import FieldReader, Skip
from .yamlio import LineDict

# UN/CEFACT Recommendation 20 codes for the units lengths are given in.
UNIT_CODES = {"km": "KMT", "m": "MTR", "mi": "SMI", "nmi": "NMI"}
# Units of stocks, flows and counts (resource claims' amounts), also UN/CEFACT.
AMOUNT_UNITS = {
    **UNIT_CODES,
    "m3": "MTQ",
    "t": "TNE",
    "bbl": "BLL",
    "MW": "MAW",
    "USD": "USD",
    "items": "C62",
}
# ISO 8601 durations of one unit (P14D, P2W, P3M, P1Y, PT6H) → OWL-Time units.
_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)([YMWD])|T(\d+(?:\.\d+)?)([HMS]))$")
DATE_UNITS = {"Y": "unitYear", "M": "unitMonth", "W": "unitWeek", "D": "unitDay"}
TIME_UNITS = {"H": "unitHour", "M": "unitMinute", "S": "unitSecond"}


def amount(fields: FieldReader, value: Any, line: int, what: str) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        fields.problem(
            line,
            f"{what}.amount must be a non-negative number (write 153000000, not '153 million')",
        )
        raise Skip
    return value


def money(fields: FieldReader, item: LineDict) -> dict[str, Any] | None:
    """``value: {amount: 153000000, currency: USD, approximate: true}``."""
    value = item.get("value")
    if value is None:
        return None
    if not isinstance(value, LineDict):
        fields.problem(item.line_of("value"), "value must be {amount: N, currency: USD}")
        raise Skip
    currency = str(value.get("currency", ""))
    if not re.fullmatch(r"[A-Z]{3}", currency):
        fields.problem(value.line, "value.currency must be an ISO 4217 code such as USD")
        raise Skip
    return {
        "amount": amount(fields, value.get("amount"), value.line, "value"),
        "currency": currency,
        "approximate": bool(value.get("approximate", False)),
    }


def length(fields: FieldReader, value: Any, line: int) -> dict[str, Any]:
    """``length: {amount: 1300, unit: km}``."""
    if not isinstance(value, LineDict):
        fields.problem(line, "length must be {amount: N, unit: km}")
        raise Skip
    unit = str(value.get("unit", ""))
    if unit not in UNIT_CODES:
        fields.problem(value.line, f"length.unit must be one of {', '.join(UNIT_CODES)}")
        raise Skip
    return {
        "amount": amount(fields, value.get("amount"), value.line, "length"),
        "unit": unit,
        "approximate": bool(value.get("approximate", False)),
    }


def duration(fields: FieldReader, item: LineDict) -> dict[str, Any] | None:
    """``duration: P14D`` (an ISO 8601 duration in one unit) → amount and OWL-Time unit."""
    value = item.get("duration")
    if value is None:
        return None
    match = _DURATION.match(value) if isinstance(value, str) else None
    if not match:
        fields.problem(
            item.line_of("duration"),
            "duration must be an ISO 8601 duration in one unit, such as P14D "
            "(14 days), P2W, P3M, P1Y or PT6H",
        )
        raise Skip
    if match.group(1):
        return {"amount": match.group(1), "unit": DATE_UNITS[match.group(2)], "iso": value}
    return {"amount": match.group(3), "unit": TIME_UNITS[match.group(4)], "iso": value}


def amount_of(fields: FieldReader, item: LineDict) -> dict[str, Any] | None:
    """``amount: {amount: 1200, unit: items, approximate: true}`` (a resource's stock or need)."""
    value = item.get("amount")
    if value is None:
        return None
    if not isinstance(value, LineDict):
        fields.problem(item.line_of("amount"), "amount must be {amount: N, unit: items}")
        raise Skip
    unit = str(value.get("unit", ""))
    if unit not in AMOUNT_UNITS:
        fields.problem(value.line, f"amount.unit must be one of {', '.join(AMOUNT_UNITS)}")
        raise Skip
    return {
        "amount": amount(fields, value.get("amount"), value.line, "amount"),
        "unit": unit,
        "code": AMOUNT_UNITS[unit],
        "approximate": bool(value.get("approximate", False)),
    }
