"""Analyses of the signed actor networks: shifts, balance, interests, pivots, drivers.

Each module is one family of pure functions over NetworkX graphs or plain
data (``geokg.network`` builds the graphs from the dataset):

- ``dyads`` — a pair's stance per period; ``shifts`` — changes of stance, ranked;
- ``signs``, ``frustration``, ``balance``, ``triads`` — structural balance;
- ``interests`` — convergent, complementary and competing interests;
- ``centrality`` — pivotality; ``drivers`` — causal chains ending in an alignment;
- ``tidy`` — long pandas tables (dyad × period, claims, interests, shifts);
  ``graphfiles`` — GraphML and GEXF files for Gephi;
- ``report`` — all of them as one JSON-ready dict (``report.schema.json``),
  shown by ``terminal``, ``markdown`` and ``plots``; ``command`` is ``geokg analyze``.

The names below are imported on first use, so that importing
``geokg.cli.analyze`` (to register the sub-command) stays cheap.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "Options": "report.analyse",
    "analyse": "report.analyse",
    "carry_forward": "dyads",
    "detect_shifts": "shifts",
    "driver_chains": "drivers",
    "dyad_timeline": "dyads",
    "frustration_index": "frustration",
    "interest_links": "interests",
    "pivotality": "centrality",
    "relate_to_alignment": "interests",
    "structural_balance": "balance",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in ("tidy", "graphfiles"):
        return importlib.import_module(f".{name}", __name__)
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
