"""Shared pieces of the report's views: the ``Section`` block and how values are written."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...namespaces import local_name


@dataclass
class Section:
    """A titled block: intro lines, one table, then notes (bullets)."""

    title: str
    intro: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def name(report: dict, iri: str) -> str:
    entity = report["entities"].get(iri)
    return entity["label"] if entity else local_name(iri)


def pair(report: dict, a: str, b: str) -> str:
    return f"{name(report, a)} – {name(report, b)}"


def claim_ids(report: dict, iris: list[str]) -> str:
    """Source-qualified claim ids (``source-id/claim-id``), unique across a corpus."""
    return ", ".join(report["claims"].get(c, {}).get("qualified_id", local_name(c)) for c in iris)


def cite(source: dict) -> str:
    """A source as the report names it: its title and date."""
    return f"{source['title']} ({source['date']})" if source.get("date") else source["title"]


def num(value: float | None, digits: int = 3) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def signed(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:+g}" if value else "0"


def stance(obs: dict) -> str:
    """``cooperative (+1)``; a disagreement shows each source's stance, never an average."""
    if obs.get("disputed"):
        return "disputed: " + " vs ".join(
            f"{s['stance']} ({s['date'] or s['id']})" for s in obs.get("sources", [])
        )
    return f"{obs.get('stance') or '?'} ({signed(obs['weight'])})"


def header(report: dict) -> list[str]:
    d = report["dataset"]
    graphs = {
        "asserted": "asserted (ontology + sources)",
        "inferred": "asserted + OWL RL closure",
        "background": "asserted + OWL RL closure + background",
    }[d["graphs"]]
    lines = [
        f"dataset: {d['path'] or '(in memory)'}",
        f"graphs: {graphs}; modalities counted: {', '.join(d['modalities'])}",
        f"periods: {', '.join(p['id'] for p in report['periods'][:30])}"
        + (f" … ({len(report['periods'])})" if len(report["periods"]) > 30 else ""),
    ]
    bins = {"eras": "the periods of the data", "year": "years", "5y": "five-year spans"}
    lines.append(f"time bins: {bins.get(d.get('bins', 'eras'), 'decades')}")
    if d.get("as_of"):
        lines.append(f"as of {d['as_of']}: only sources published by then")
    sources = d.get("sources", [])
    if len(sources) <= 5:
        lines += [f"source: {cite(s)} [{s['id']}]" for s in sources]
    else:
        lines.append(f"sources: {len(sources)}")
    if d["focus"]:
        lines.append(f"focus: {', '.join(name(report, a) for a in d['focus'])}")
    if d["carry_forward"]:
        lines.append("balance and centrality carry each pair's last stated stance forward")
    return lines
