"""The analyses' results as JSON-ready dicts (the shapes of ``report.schema.json``).

One function per kind of result; ``entities`` and ``claims`` gather the
labels and the evidence of everything the other parts name or cite.
"""

from __future__ import annotations

import networkx as nx

from ...namespaces import local_name
from ...network.projection import Projection, SourceRef, SourceStance
from ..agreement import Disagreement
from ..balance import Balance
from ..centrality import MEASURES, pivotality
from ..drivers import Chain
from ..dyads import DyadTimeline, Observation
from ..frustration import EXACT_MAX_NODES
from ..interests import InterestLink, PairInterests
from ..shifts import Shift


def obs(o: Observation) -> dict:
    return {
        "period": o.period,
        "stance": o.stance,
        "weight": num(o.weight),
        "sign": o.sign,
        "disputed": o.disputed,
        "sources": [source_stance(s) for s in o.sources],
        "claims": list(o.claims),
    }


def source(ref: SourceRef) -> dict:
    return {"iri": ref.iri, "id": ref.id, "title": ref.title, "date": ref.date}


def source_stance(s: SourceStance) -> dict:
    return {
        "source": s.source,
        "id": s.source_id,
        "title": s.title,
        "date": s.date,
        "stance": s.stance,
        "rank": num(s.rank),
        "modalities": list(s.modalities),
        "claims": list(s.claims),
        "claim_ids": list(s.claim_ids),
    }


def disagreement(d: Disagreement) -> dict:
    return {
        "a": d.a,
        "b": d.b,
        "bin": d.bin,
        "sources": [source_stance(s) for s in d.sources],
    }


def timeline(t: DyadTimeline, succession: str | None = None) -> dict:
    return {
        "succession": succession,
        "a": t.a,
        "b": t.b,
        "observed": len(t.observed),
        "net_change": num(t.net_change),
        "reversal": t.reversal,
        "trajectory": t.trajectory(),
        "timeline": [
            {**obs(p), "observed": True} if p is not None else {"period": period, "observed": False}
            for period, p in zip(t.periods, t.points, strict=True)
        ],
    }


def shift(projection: Projection, s: Shift, succession: str | None = None) -> dict:
    marking = (e for x in projection.successions for e in x.events)
    events = {e.iri: e for e in (*projection.events, *marking)}
    return {
        "succession": succession,
        "rank": s.rank,
        "a": s.a,
        "b": s.b,
        "kind": s.kind,
        "direction": s.direction,
        "delta": num(s.delta),
        "before": obs(s.before),
        "after": obs(s.after),
        "skipped": list(s.skipped),
        "events": [
            {
                "iri": iri,
                "label": events[iri].label,
                "type": projection.label(events[iri].type) if events[iri].type else None,
                "period": events[iri].period,
                "claims": list(events[iri].claims),
            }
            for iri in s.events
        ],
        "causes": [
            {"node": c.node, "label": c.label, "kind": c.kind, "claims": list(c.claims)}
            for c in s.causes
        ],
    }


def compared(period: str, stated: Balance, carried: Balance, G: nx.Graph) -> dict:
    """Balance of the stated ties beside balance with earlier stances carried forward."""
    return {
        "period": period,
        "stated": _figures(stated),
        "carried_forward": {
            **_figures(carried),
            "carried": sum(1 for *_, c in G.edges(data="carried_from") if c),
        },
    }


def _figures(b: Balance) -> dict:
    return {
        "ties": b.positive + b.negative,
        "triangles": b.triangles,
        "balanced_triangles": b.balanced_triangles,
        "frustration": b.frustration.value,
        "exact": b.frustration.exact,
        "balanced": b.balanced if b.triangles else None,
    }


def argument(a, triads) -> dict:
    """An argument of the author with the triads it concerns and balance's prediction."""
    return {
        "iri": a.iri,
        "label": a.label,
        "claims": list(a.claims),
        "recommendation": a.recommendation,
        "addressees": list(a.addressees),
        "relations": [list(p) for p in a.relations],
        "triads": [
            {
                "nodes": list(t.nodes),
                "signs": [{"a": u, "b": v, "sign": s} for u, v, s in t.signs],
                "balanced": t.balanced,
                "flip": list(t.flip) if t.flip else None,
                "advice": [{"a": u, "b": v, "sign": s, "how": how} for u, v, s, how in t.advice],
                "against_balance": t.against,
            }
            for t in triads
        ],
    }


def tension(projection: Projection, t) -> dict:
    """A claimed sole cause beside the other causes the text gives for the same effect."""

    def causes(items):
        return [
            {
                "node": c,
                "label": projection.causal.nodes[c].get("label", c),
                "kind": projection.causal.nodes[c].get("kind", "other"),
                "actors": list(projection.causal.nodes[c].get("actors", ())),
                "claims": list(claims),
            }
            for c, claims in items
        ]

    return {
        "effect": t.effect,
        "effect_label": projection.causal.nodes[t.effect].get("label", t.effect),
        "sole": causes(t.sole),
        "others": causes(t.others),
    }


def balance(period: str, G: nx.Graph, disputed: int, b: Balance) -> dict:
    f = b.frustration
    # Camps and predicted signs rest on cycles: without a triangle any split of a
    # tree of ties is "balanced", so neither is reported.
    supported = b.triangles > 0
    return {
        "period": period,
        "nodes": b.nodes,
        "disputed_excluded": disputed,
        "carried": sum(1 for *_, c in G.edges(data="carried_from") if c),
        "positive": b.positive,
        "negative": b.negative,
        "neutral": b.neutral,
        "triangles": b.triangles,
        "balanced_triangles": b.balanced_triangles,
        "balance_ratio": num(b.ratio),
        "balanced": b.balanced,
        "frustration": {
            "value": f.value,
            "exact": f.exact,
            "method": f.method,
            "lower_bound": f.lower_bound,
            "normalised": num(f.normalised),
            "frustrated": [list(e) for e in f.frustrated],
            "exact_max_nodes": EXACT_MAX_NODES,
            "largest_component": f.largest_component,
        },
        "spectral": {"lambda_min": num(b.lambda_min), "lower_bound": b.spectral_bound},
        "walk_balance": num(b.walk_balance),
        "camps": [list(b.camps[0]), list(b.camps[1])] if supported else [[], []],
        "unbalanced_triads": {
            "total": b.unbalanced_triangles,
            "listed": [
                {
                    "nodes": list(t.nodes),
                    "edges": [
                        {
                            "a": e[0],
                            "b": e[1],
                            "sign": s,
                            "carried_from": G.edges[e].get("carried_from"),
                            "claims": list(G.edges[e].get("claims", ())),
                        }
                        for e, s in t.edges
                    ],
                    "flip": list(t.flip),
                }
                for t in b.unbalanced
            ],
        },
        "predicted": {
            "total": b.predicted_total if supported else 0,
            "listed": [{"a": u, "b": v, "sign": s} for u, v, s in b.predicted] if supported else [],
        },
    }


def link(k: InterestLink) -> dict:
    return {
        "kind": k.kind,
        "a": k.a,
        "b": k.b,
        "interest": k.interest,
        "a_mode": k.a_mode,
        "b_mode": k.b_mode,
        "direct": k.direct,
        "reason": k.reason,
        "claims": list(k.claims),
    }


def pair(p: PairInterests) -> dict:
    return {
        "a": p.a,
        "b": p.b,
        "convergent": p.convergent,
        "complementary": p.complementary,
        "competing": p.competing,
        "period": p.period,
        "stance": p.stance,
        "weight": num(p.weight),
        "expected_sign": p.expected_sign,
        "consistent": p.consistent,
    }


def centrality(period: str, G: nx.Graph, top: int) -> dict:
    rows = pivotality(G)
    return {
        "period": period,
        "total": len(rows),
        "actors": [
            {
                "rank": n,
                "actor": c.actor,
                **{m: num(getattr(c, m)) for m in MEASURES if m != "cut_vertex"},
                "cut_vertex": c.cut_vertex,
            }
            for n, c in enumerate(rows[:top], start=1)
        ],
    }


def chain(projection: Projection, c: Chain) -> dict:
    C = projection.causal
    return {
        "driver": c.driver,
        "target": c.target,
        "structural": c.structural,
        "length": len(c.links),
        "nodes": [
            {
                "iri": n,
                "label": C.nodes[n].get("label", n),
                "kind": C.nodes[n].get("kind"),
                "period": C.nodes[n].get("period"),
            }
            for n in c.nodes
        ],
        "links": [
            {"cause": k.cause, "effect": k.effect, "claims": list(k.claims)} for k in c.links
        ],
    }


def entities(projection: Projection, report: dict) -> dict:
    iris: set[str] = set()
    for period in report["periods"]:
        iris.update(x for tie in period["ties"] for x in (tie["a"], tie["b"]))
    for period in report["balance"]:
        iris.update(a for camp in period["camps"] for a in camp)
    for item in (
        report["dyads"]["listed"]
        + report["shifts"]["listed"]
        + report["interests"]["pairs"]
        + report["disagreements"]
    ):
        iris.update((item["a"], item["b"]))
    for link in report["interests"]["links"]:
        iris.update((link["a"], link["b"], link["interest"]))
    for period in report["centrality"]["periods"]:
        iris.update(a["actor"] for a in period["actors"])
    return {
        iri: {
            "key": projection.keys.get(iri, local_name(iri)),
            "label": projection.label(iri),
        }
        for iri in sorted(map(str, iris))
    }


def claims(projection: Projection, report: dict) -> dict:
    cited: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "claims" and isinstance(item, list):
                    cited.update(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    # The ties of every period are most of the report: read them directly.
    for period in report["periods"]:
        for tie in period["ties"]:
            cited.update(tie["claims"])
    walk({k: v for k, v in report.items() if k not in ("claims", "periods")})
    out = {}
    for iri in sorted(cited):
        claim = projection.claims.get(iri)
        if claim is not None:
            ref = projection.source_of(iri)
            out[iri] = {
                "id": claim.id,
                "qualified_id": projection.claim_id(iri),
                "source_title": ref.title if ref else None,
                "source_date": ref.date if ref else None,
                "modality": claim.modality,
                "statement": claim.statement,
                "source": claim.source,
                "quotes": [
                    {"text": q.text, "start": q.start, "end": q.end, "sentences": list(q.sentences)}
                    for q in claim.quotes
                ],
            }
    return out


def num(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)
