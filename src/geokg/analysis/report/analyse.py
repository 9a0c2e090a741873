"""The analysis report: every analysis of a projection, as one JSON-ready dict.

The dict follows ``report.schema.json`` (shipped beside this module; see
``schema()``), whose ``schema_version`` changes only when a field changes
meaning or disappears. Actors, interests and causal nodes are IRIs, named in
``entities``; every number cites claim IRIs, described in ``claims`` (with
their modality, statement and quotes). Long lists are cut at ``top`` items
and say how many there were (``total``).
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

import networkx as nx

from ...errors import UnknownActorError
from ...namespaces import local_name
from ...network.projection import Bin, Projection
from ..agreement import agreed, disagreements, disputed_count
from ..argument import argued_triads, tensions
from ..balance import structural_balance
from ..centrality import MEASURES
from ..drivers import driver_chains
from ..dyads import dyad_timeline, dyads, ordered
from ..frustration import EXACT_MAX_NODES
from ..interests import interest_links, relate_to_alignment
from ..shifts import KINDS, detect_shifts
from ..succession import across, carry_across, dyad_succession, follow
from . import serialise

SCHEMA_VERSION = "1.1"


@dataclass(frozen=True)
class Options:
    """What the report covers: periods (default all), focus actors, dyads to show, list sizes.

    ``actors`` and ``dyads`` take IRIs, keys or labels (``("pakistan", "Russia")``);
    ``carry_forward`` keeps a pair's last stated stance in later silent periods for
    balance and centrality (``geokg analyze --carry-forward``).
    """

    periods: tuple[str, ...] | None = None
    actors: tuple[str, ...] = ()
    dyads: tuple[tuple[str, str], ...] = ()
    top: int = 20
    max_dyads: int = 50
    carry_forward: bool = False
    exact_max_nodes: int = EXACT_MAX_NODES
    seed: int = 0


def schema_path() -> Path:
    return Path(str(files("geokg"))) / "analysis" / "report" / "report.schema.json"


def schema() -> dict:
    """The JSON Schema of the report."""
    return json.loads(schema_path().read_text(encoding="utf-8"))


def analyse(projection: Projection, options: Options | None = None, dataset: str = "") -> dict:
    """Every analysis of ``projection`` as a dict that validates against ``schema()``."""
    o = options or Options()
    known = [b.id for b in projection.bins]
    unknown = sorted(set(o.periods or ()) - set(known))
    if unknown:
        raise ValueError(
            f"unknown period(s) {', '.join(unknown)}; the periods are {', '.join(known)}"
        )
    order = [p for p in known if o.periods is None or p in o.periods]
    stated = {p: projection.signed[p] for p in order}
    # Structure (shifts, balance, centrality, interests) rests on the edges the
    # sources agree on; disputed edges are listed in "disagreements" instead.
    graphs = {p: agreed(G) for p, G in stated.items()}
    focus = {actor_iri(projection, a) for a in o.actors}

    def involves(*nodes: Hashable) -> bool:
        return not focus or bool(focus & set(nodes))

    report: dict = {
        "schema_version": SCHEMA_VERSION,
        "generator": f"geokg {version('geokg')}",
        "dataset": {
            "path": dataset,
            "graphs": projection.selection.graphs,
            "modalities": sorted(projection.selection.modalities),
            "excluded_claims": dict(sorted(projection.excluded.items())),
            "focus": sorted(focus),
            "carry_forward": o.carry_forward,
            "bins": projection.selection.bins,
            "as_of": projection.selection.as_of,
            "sources": [serialise.source(ref) for ref in projection.sources.values()],
            "left_out_sources": [
                {"iri": iri, "reason": reason} for iri, reason in projection.left_out.items()
            ],
        },
        "periods": [
            _period(projection, b, stated[b.id]) for b in projection.bins if b.id in stated
        ],
        "warnings": _warnings(projection, stated),
    }
    report["disagreements"] = [
        serialise.disagreement(d) for d in disagreements(stated, order) if involves(d.a, d.b)
    ]
    # A dyad is followed across a state succession (Pakistan – Soviet Union, then
    # Pakistan – Russia) in what compares periods; each period's network keeps its states.
    followed = follow(graphs, projection.successions)
    crossed = [
        across(s, followed, projection.successions, projection.label)
        for s in detect_shifts(followed, order, events=projection.events, causal=projection.causal)
        if involves(s.a, s.b)
    ]
    shifts = [s for s, _ in crossed]
    report["shifts"] = {
        "total": len(shifts),
        "by_kind": {k: sum(1 for s in shifts if s.kind == k) for k in KINDS},
        "listed": [serialise.shift(projection, s, text) for s, text in crossed[: o.top]],
    }
    stated_followed = follow(stated, projection.successions)
    pairs_stated = dyads(stated_followed, order)
    pairs = [p for p in pairs_stated if involves(*p)]
    wanted = [ordered(actor_iri(projection, a), actor_iri(projection, b)) for a, b in o.dyads]
    if len(pairs) > o.max_dyads:
        pairs = list(dict.fromkeys([*wanted, *(ordered(s.a, s.b) for s in shifts[: o.top])]))
    timelines = [
        dyad_timeline(stated_followed, a, b, order) for a, b in dict.fromkeys([*wanted, *pairs])
    ]
    report["dyads"] = {
        "total": len(pairs_stated),
        "listed": [
            serialise.timeline(
                t,
                dyad_succession(
                    stated_followed, t.a, t.b, projection.successions, projection.label
                ),
            )
            for t in timelines
        ],
    }
    # Balance and centrality describe each period's network; with carry_forward
    # it includes the last stated stance of pairs the period is silent about.
    # Both figures are computed and reported side by side; the option picks
    # the one the balance section details.
    carried = carry_across(graphs, followed, order)

    measured: dict[tuple, object] = {}

    def measure(G: nx.Graph):
        # A corpus repeats networks (sources that state the same pairs in their own
        # periods): each distinct one is measured once. The key is everything
        # structural_balance reads: the nodes in order, each edge's sign, weight,
        # claim count and whether it is carried.
        key = (
            tuple(G),
            tuple(
                (u, v, d.get("sign"), d.get("weight"), len(d.get("claims", ())),
                 bool(d.get("carried_from")))
                for u, v, d in G.edges(data=True)
            ),
        )  # fmt: skip
        if key not in measured:
            measured[key] = structural_balance(
                G, exact_max_nodes=o.exact_max_nodes, max_listed=o.top, seed=o.seed
            )
        return measured[key]

    balance_stated = {p: measure(graphs[p]) for p in order}
    balance_carried = {p: measure(carried[p]) for p in order}
    network, chosen = (carried, balance_carried) if o.carry_forward else (graphs, balance_stated)
    report["balance"] = [
        serialise.balance(p, network[p], disputed_count(stated[p]), chosen[p]) for p in order
    ]
    report["balance_compared"] = [
        serialise.compared(p, balance_stated[p], balance_carried[p], carried[p]) for p in order
    ]
    # The author's arguments beside what balance predicts for the triads they concern.
    report["argument"] = {
        "periods": [
            {
                "period": p,
                "arguments": [
                    serialise.argument(
                        a,
                        argued_triads(
                            a,
                            graphs[p],
                            [(frozenset(t.nodes), t.flip) for t in balance_stated[p].unbalanced],
                        ),
                    )
                    for a in projection.arguments
                    if a.period == p
                ],
            }
            for p in order
            if any(a.period == p for a in projection.arguments)
        ],
        "tensions": [serialise.tension(projection, t) for t in tensions(projection.causal)],
    }
    links = [
        k
        for k in interest_links(projection.interests, periods=set(order), label=projection.label)
        if involves(k.a, k.b)
    ]
    report["interests"] = {
        "links": [serialise.link(k) for k in links],
        "pairs": [serialise.pair(p) for p in relate_to_alignment(links, graphs, order)],
    }
    report["centrality"] = {
        "measures": MEASURES,
        "periods": [serialise.centrality(p, network[p], o.top) for p in order],
    }
    chains = driver_chains(
        projection.causal,
        where=lambda d: (
            (d.get("period") in graphs or d.get("period") is None)
            and involves(*d.get("actors", ()))
        ),
    )
    report["drivers"] = {
        "total": len(chains),
        "listed": [serialise.chain(projection, c) for c in chains[: o.top]],
    }
    report["entities"] = serialise.entities(projection, report)
    report["claims"] = serialise.claims(projection, report)
    return report


def actor_iri(projection: Projection, name: str) -> str:
    """The IRI of the actor ``name`` names: an IRI, a key or a label (any case).

    Raises ``UnknownActorError`` with the nearest names when nothing matches.
    """
    actors = {n for G in projection.signed.values() for n in G} | {
        n for n, d in projection.interests.nodes(data=True) if d.get("kind") == "actor"
    }
    if name in actors:
        return name
    names = {}
    for iri in sorted(actors):
        for text in (projection.keys.get(iri), projection.labels.get(iri)):
            if text:
                names.setdefault(text.casefold(), iri)
    if name.casefold() in names:
        return names[name.casefold()]
    near = difflib.get_close_matches(name.casefold(), list(names), n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(near)}?" if near else ""
    raise UnknownActorError(
        f"no actor of this selection is named '{name}'.{hint} Give a key, a label or an IRI."
    )


# -- sections -----------------------------------------------------------------------


def _period(projection: Projection, period: Bin, G: nx.Graph) -> dict:
    signs = Counter(d.get("sign", 0) for _, _, d in G.edges(data=True) if not d.get("disputed"))
    ties = sorted((*ordered(u, v), d) for u, v, d in G.edges(data=True))
    return {
        "id": period.id,
        "label": period.label,
        "order": period.order,
        "begin": period.begin,
        "end": period.end,
        "actors": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "positive": signs[1],
        "negative": signs[-1],
        "neutral": signs[0],
        "disputed": sum(1 for *_, d in G.edges(data="disputed") if d),
        "ties": [
            {
                "a": a,
                "b": b,
                "stance": d.get("stance"),
                "weight": serialise.num(d.get("weight")),
                "sign": d.get("sign", 0),
                "disputed": bool(d.get("disputed", False)),
                "sources": [serialise.source_stance(s) for s in d.get("sources", ())],
                "claims": list(d.get("claims", ())),
            }
            for a, b, d in ties
        ],
    }


def _warnings(projection: Projection, graphs: dict) -> list[str]:
    out = [
        f"period '{p}' has no alignment between actors"
        for p, G in graphs.items()
        if not G.number_of_edges()
    ]
    disputed = sum(1 for G in graphs.values() for *_, d in G.edges(data="disputed") if d)
    if disputed:
        out.append(
            f"{disputed} dyad-period(s) are disputed between sources and left out of balance, "
            "centrality and shifts (see disagreements)"
        )
    for iri, reason in projection.left_out.items():
        out.append(f"source {local_name(iri)} is left out: {reason}")
    for modality, count in sorted(projection.excluded.items()):
        out.append(
            f"{count} alignment claim(s) of modality '{modality}' are not counted "
            f"(add --modality {modality} to count them)"
        )
    return out
