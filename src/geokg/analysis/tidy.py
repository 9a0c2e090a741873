"""The analysis as tidy, long pandas tables: what a researcher starts from.

One row per observation, one column per variable, short labels beside
compact IRIs (prefixed names such as ``gkd:pakistan``), no repeated rows:

- ``dyad_periods``: dyad × period — the consensus stance of each pair in each
  period (or time bin), with its dates, like the dyad-year tables of event
  datasets;
- ``dyad_claims``: dyad × period × source × claim — each claim behind a
  stance, with its own stance, modality, quote, source title and date;
- ``interests``: actor × interest × mode × period — who pursues, seeks to sell
  or needs to buy what, with the claims behind it;
- ``shifts``: one row per shift, with the events and causes that mark it.

Every table is built from the same ``Projection`` and report (so from one
``Selection``): the modalities they count are in ``DataFrame.attrs`` and in
the ``selection`` table. ``docs/tables.md`` is the column dictionary.

Examples
--------
>>> compact("https://w3id.org/geokg/id/pakistan")
'gkd:pakistan'
>>> compact("urn:x-local:thing")
'urn:x-local:thing'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..files import write_all
from ..namespaces import PREFIXES
from ..network.projection import Bin, Projection
from .agreement import agreed
from .dyads import ordered
from .report import serialise
from .shifts import detect_shifts
from .succession import across, follow

__all__ = [
    "COLUMNS",
    "FILES",
    "compact",
    "dyad_claims",
    "dyad_periods",
    "interests",
    "selection",
    "shifts",
    "tables",
    "write_csv",
]

# Longest namespace first, so that ``graph:`` wins over a shorter prefix of it.
_NAMESPACES = sorted(((str(ns), p) for p, ns in PREFIXES.items()), key=lambda x: -len(x[0]))
SEP = "; "  # between the items of a list held in one cell

COLUMNS: dict[str, list[str]] = {
    "dyad_periods": [
        "period",
        "period_label",
        "period_order",
        "period_start",
        "period_end",
        "a",
        "a_label",
        "b",
        "b_label",
        "stance",
        "weight",
        "sign",
        "disputed",
        "modalities",
        "n_claims",
        "n_sources",
        "claims",
    ],
    "dyad_claims": [
        "period",
        "period_label",
        "period_start",
        "period_end",
        "a",
        "a_label",
        "b",
        "b_label",
        "claim",
        "claim_iri",
        "alignment",
        "stance",
        "rank",
        "modality",
        "dyad_stance",
        "statement",
        "quote",
        "source",
        "source_title",
        "source_date",
    ],
    "interests": [
        "actor",
        "actor_label",
        "interest",
        "interest_label",
        "mode",
        "period",
        "period_label",
        "period_start",
        "period_end",
        "against",
        "via",
        "region",
        "project",
        "serves",
        "modalities",
        "n_claims",
        "claims",
    ],
    "shifts": [
        "rank",
        "a",
        "a_label",
        "b",
        "b_label",
        "kind",
        "direction",
        "delta",
        "before_period",
        "before_start",
        "before_end",
        "before_stance",
        "before_weight",
        "after_period",
        "after_start",
        "after_end",
        "after_stance",
        "after_weight",
        "skipped",
        "events",
        "event_ids",
        "causes",
        "claims",
    ],
    "selection": ["setting", "value"],
}
# The CSV file of each table (``geokg analyze --csv DIR``).
FILES = {name: f"{name.replace('_', '-')}.csv" for name in COLUMNS}


def compact(iri: str | None) -> str | None:
    """``iri`` as a prefixed name of the project's prefixes (``gkd:russia``), else as it is."""
    if iri is None:
        return None
    for namespace, prefix in _NAMESPACES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _frame(name: str, rows: Iterable[dict], projection: Projection) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=COLUMNS[name])
    frame.attrs["modalities"] = sorted(projection.selection.modalities)
    frame.attrs["graphs"] = projection.selection.graphs
    return frame


def _dates(b: Bin | None) -> tuple[str | None, str | None]:
    """The first and last day a period or time bin can cover (ISO), from its bounds."""
    if b is None:
        return None, None
    span = b.span
    return (
        span.begin.isoformat() if span.begin else None,
        span.end.isoformat() if span.end else None,
    )


def _periods(projection: Projection, report: dict) -> list[Bin]:
    wanted = {p["id"] for p in report["periods"]}
    return [b for b in projection.bins if b.id in wanted]


def _focus(report: dict):
    focus = set(report["dataset"]["focus"])
    return lambda *nodes: not focus or bool(focus & set(nodes))


def dyad_periods(projection: Projection, report: dict) -> pd.DataFrame:
    """One row per dyad and period: the pair's consensus stance there, as the report has it."""
    bins = {b.id: b for b in projection.bins}
    rows = []
    for period in report["periods"]:
        start, end = _dates(bins.get(period["id"]))
        for tie in period["ties"]:
            modalities = {m for s in tie["sources"] for m in s["modalities"]}
            rows.append(
                {
                    "period": period["id"],
                    "period_label": period["label"],
                    "period_order": period["order"],
                    "period_start": start,
                    "period_end": end,
                    **_pair(projection, tie["a"], tie["b"]),
                    "stance": tie["stance"],
                    "weight": tie["weight"],
                    "sign": tie["sign"],
                    "disputed": tie["disputed"],
                    "modalities": SEP.join(sorted(modalities)),
                    "n_claims": len(tie["claims"]),
                    "n_sources": len(tie["sources"]),
                    "claims": SEP.join(projection.claim_id(c) for c in tie["claims"]),
                }
            )
    return _frame("dyad_periods", rows, projection)


def dyad_claims(projection: Projection, report: dict) -> pd.DataFrame:
    """One row per dyad, period, source and claim: each claim behind each stance."""
    rows = []
    for b in _periods(projection, report):
        start, end = _dates(b)
        G = projection.signed[b.id]
        for u, v, d in sorted((*ordered(u, v), d) for u, v, d in G.edges(data=True)):
            by_claim: dict[str, list] = defaultdict(list)
            for item in d.get("support", ()):
                by_claim[item.claim].append(item)
            for claim_iri, items in sorted(by_claim.items(), key=lambda kv: kv[0]):
                first = items[0]
                claim = projection.claims.get(claim_iri)
                ref = projection.source_of(claim_iri)
                rows.append(
                    {
                        "period": b.id,
                        "period_label": b.label,
                        "period_start": start,
                        "period_end": end,
                        **_pair(projection, u, v),
                        "claim": projection.claim_id(claim_iri),
                        "claim_iri": compact(claim_iri),
                        "alignment": SEP.join(
                            dict.fromkeys(compact(i.alignment) or "" for i in items)
                        ),
                        "stance": first.stance,
                        "rank": first.rank,
                        "modality": first.modality,
                        "dyad_stance": d.get("stance"),
                        "statement": claim.statement if claim else None,
                        "quote": " […] ".join(q.text for q in claim.quotes) if claim else None,
                        "source": ref.id if ref else None,
                        "source_title": ref.title if ref else None,
                        "source_date": ref.date if ref else None,
                    }
                )
    return _frame("dyad_claims", rows, projection)


def interests(projection: Projection, report: dict) -> pd.DataFrame:
    """One row per actor, interest, mode and period, merging the pursuits that repeat it."""
    bins = {b.id: b for b in projection.bins}
    wanted = {p["id"] for p in report["periods"]}
    involves = _focus(report)
    grouped: dict[tuple, dict[str, set]] = {}
    for _, _, d in projection.interests.edges(data=True):
        for p in d.get("pursuits", ()):
            if p.period is not None and p.period not in wanted:
                continue
            if not involves(p.actor):
                continue
            key = (p.actor, p.interest, p.mode, p.period)
            item = grouped.setdefault(
                key, {k: set() for k in ("against", "via", "region", "project", "serves", "claims")}
            )
            for name in ("against", "via", "region", "project", "serves", "claims"):
                item[name].update(getattr(p, name))
    order = {b.id: b.order for b in projection.bins}
    rows = []
    for (actor, interest, mode, period), item in sorted(
        grouped.items(),
        key=lambda kv: (
            projection.label(kv[0][0]),
            projection.label(kv[0][1]),
            kv[0][2],
            order.get(kv[0][3], -1),
        ),
    ):
        start, end = _dates(bins.get(period)) if period else (None, None)
        claims = sorted(item["claims"])
        rows.append(
            {
                "actor": compact(actor),
                "actor_label": projection.label(actor),
                "interest": compact(interest),
                "interest_label": projection.label(interest),
                "mode": mode,
                "period": period,
                "period_label": bins[period].label if period in bins else None,
                "period_start": start,
                "period_end": end,
                **{
                    name: SEP.join(sorted(projection.label(x) for x in item[name]))
                    for name in ("against", "via", "region", "project", "serves")
                },
                "modalities": SEP.join(
                    sorted(
                        {projection.claims[c].modality for c in claims if c in projection.claims}
                    )
                ),
                "n_claims": len(claims),
                "claims": SEP.join(projection.claim_id(c) for c in claims),
            }
        )
    return _frame("interests", rows, projection)


def _pair(projection: Projection, a: str, b: str) -> dict[str, str]:
    """A dyad's four columns: each actor's compact IRI and label."""
    return {
        "a": compact(a),
        "a_label": projection.label(a),
        "b": compact(b),
        "b_label": projection.label(b),
    }


def shifts(projection: Projection, report: dict) -> pd.DataFrame:
    """One row per shift between consecutive stated periods — all of them, not only the
    report's ``--top`` — with the events and causes that mark it."""
    order = [p["id"] for p in report["periods"]]
    # followed across a state succession, as the report does
    graphs = follow({p: agreed(projection.signed[p]) for p in order}, projection.successions)
    involves = _focus(report)
    found = [
        across(s, graphs, projection.successions, projection.label)[0]
        for s in detect_shifts(graphs, order, events=projection.events, causal=projection.causal)
        if involves(s.a, s.b)
    ]
    bins = {b.id: b for b in projection.bins}
    rows = []
    for s in found:
        item = serialise.shift(projection, s)
        before, after = item["before"], item["after"]
        claims = dict.fromkeys(
            [
                *before["claims"],
                *after["claims"],
                *(c for e in item["events"] for c in e["claims"]),
                *(c for cause in item["causes"] for c in cause["claims"]),
            ]
        )
        rows.append(
            {
                "rank": item["rank"],
                **_pair(projection, item["a"], item["b"]),
                "kind": item["kind"],
                "direction": item["direction"],
                "delta": item["delta"],
                "before_period": before["period"],
                "before_start": _dates(bins.get(before["period"]))[0],
                "before_end": _dates(bins.get(before["period"]))[1],
                "before_stance": before["stance"],
                "before_weight": before["weight"],
                "after_period": after["period"],
                "after_start": _dates(bins.get(after["period"]))[0],
                "after_end": _dates(bins.get(after["period"]))[1],
                "after_stance": after["stance"],
                "after_weight": after["weight"],
                "skipped": SEP.join(item["skipped"]),
                "events": SEP.join(dict.fromkeys(e["label"] for e in item["events"])),
                "event_ids": SEP.join(compact(e["iri"]) or "" for e in item["events"]),
                "causes": SEP.join(dict.fromkeys(c["label"] for c in item["causes"])),
                "claims": SEP.join(projection.claim_id(c) for c in claims),
            }
        )
    return _frame("shifts", rows, projection)


def selection(projection: Projection, report: dict) -> pd.DataFrame:
    """What the tables count: graphs, modalities, time bins, sources, carry-forward."""
    d = report["dataset"]
    settings = [
        ("dataset", d["path"]),
        ("graphs", d["graphs"]),
        ("modalities", SEP.join(d["modalities"])),
        ("excluded_claims", SEP.join(f"{m}: {n}" for m, n in d["excluded_claims"].items())),
        ("bins", d["bins"]),
        ("as_of", d["as_of"] or ""),
        ("sources", SEP.join(s["id"] for s in d["sources"])),
        ("periods", SEP.join(p["id"] for p in report["periods"])),
        ("focus", SEP.join(compact(a) or "" for a in d["focus"])),
        ("carry_forward", str(d["carry_forward"]).lower()),
    ]
    return _frame("selection", ({"setting": k, "value": v} for k, v in settings), projection)


def tables(projection: Projection, report: dict | None = None) -> dict[str, pd.DataFrame]:
    """Every tidy table of ``projection`` (and of ``report``, default ``analyse(projection)``).

    The report decides the periods and focus actors; the projection's selection
    decides the graphs, sources and modalities.
    """
    if report is None:
        from .report.analyse import analyse

        report = analyse(projection)
    return {
        "dyad_periods": dyad_periods(projection, report),
        "dyad_claims": dyad_claims(projection, report),
        "interests": interests(projection, report),
        "shifts": shifts(projection, report),
        "selection": selection(projection, report),
    }


def to_csv(frame: pd.DataFrame) -> str:
    """One table as CSV text (UTF-8, ``\\n`` line ends, no index): the same bytes each run."""
    return frame.to_csv(index=False, lineterminator="\n")


def write_csv(frames: dict[str, pd.DataFrame], directory: Path) -> list[Path]:
    """Write each table to ``directory/<name>.csv`` (all or none); return the files."""
    return write_all({directory / FILES[name]: to_csv(frame) for name, frame in frames.items()})
