"""The interests view: actors and the interests they pursue, sell or buy.

Actors stand in the left column, interests in the right one (positions are
computed here, so labels never overlap and the page needs no physics). An
edge runs from an actor to an interest, one per actor, interest and mode:
grey for pursues, green for sells, orange for buys; dashed when no fact
reports it. A red dotted edge runs from an interest to each actor it is
pursued *against*, and a grey dotted one from an interest to the interests
it serves, so every actor and interest a pair link names is drawn.

The side panel lists the complementary, convergent and competing pairs (from
``geokg.analysis.interests``). Like the report's tables the page counts
facts only when it opens; a checkbox adds the expected, recommended and
attributed claims, and the page says which modalities it counts. Clicking a
pair keeps its edges in their mode colours and dims everything else.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from ..analysis.interests import BUY, SELL, interest_links
from ..claims.terms import DEFAULT_MODALITY, MODALITIES
from ..network.projection import Projection
from .page import render
from .palette import colour_for, shape_for

MODE_COLOURS = {"pursues": "#555555", SELL: "#009E73", BUY: "#E69F00"}
AGAINST_COLOUR = "#CC3311"
SERVES_COLOUR = "#999999"
INTEREST_COLOUR = {"background": "#FFF3C4", "border": "#8A6D00"}
# How the page says what an actor does with an interest (the modes' names read badly
# before a market: "needs to buy arms markets").
MODE_WORDS = {"pursues": "pursues", SELL: "sells in", BUY: "buys in"}
SHORT = 28  # characters of a label drawn on the graph; the tooltip has the whole text
ROW = 64  # vertical distance between two nodes of a column, in canvas pixels
COLUMN = 640  # horizontal distance between the actor and the interest columns


def short(text: str, limit: int = SHORT) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(",;:–- ") + "…"


def _counted(projection: Projection, claims: tuple[str, ...], modalities: set[str]) -> tuple:
    return tuple(
        c for c in claims if c in projection.claims and projection.claims[c].modality in modalities
    )


def _restricted(graph: nx.Graph, projection: Projection, modalities: set[str]) -> nx.Graph:
    """The actor–interest graph keeping only pursuits a claim of ``modalities`` asserts."""
    out = nx.Graph()
    for u, v, attrs in graph.edges(data=True):
        kept = []
        for pursuit in attrs.get("pursuits", ()):
            claims = _counted(projection, pursuit.claims, modalities)
            if claims:
                kept.append(pursuit)
        if kept:
            out.add_node(u, **graph.nodes[u])
            out.add_node(v, **graph.nodes[v])
            out.add_edge(u, v, pursuits=tuple(kept), modes=tuple(sorted({p.mode for p in kept})))
    return out


def _claim_lines(projection: Projection, claims: tuple[str, ...], limit: int = 4) -> list[str]:
    lines = []
    for iri in claims[:limit]:
        claim = projection.claims[iri]
        source = projection.source_of(iri)
        lines.append(f"• {claim.statement} [{claim.modality}]")
        lines.extend(f"  “{q.text}”" for q in claim.quotes[:2])
        lines.append(f"  source: {source.cite() if source else claim.source or 'unknown'}")
    if len(claims) > limit:
        lines.append(f"+{len(claims) - limit} more claims")
    return lines


def _edges(projection: Projection, graph: nx.Graph) -> tuple[list[dict], dict]:
    """One edge per actor, interest and mode; the against and serves edges; who is drawn."""
    label = projection.label
    merged: dict[tuple[str, str, str], list] = defaultdict(list)
    against: dict[tuple[str, str], list] = defaultdict(list)
    serves: dict[tuple[str, str], list] = defaultdict(list)
    for a, b, attrs in graph.edges(data=True):
        actor, interest = (a, b) if graph.nodes[a].get("bipartite") == 0 else (b, a)
        for p in attrs.get("pursuits", ()):
            merged[actor, interest, p.mode].append(p)
            for rival in p.against:
                against[interest, rival].append(p)
            for served in p.serves:
                serves[interest, served].append(p)
    edges = []
    for (actor, interest, mode), pursuits in sorted(merged.items()):
        claims = tuple(sorted({c for p in pursuits for c in p.claims if c in projection.claims}))
        modalities = sorted({projection.claims[c].modality for c in claims})
        colour = MODE_COLOURS.get(mode, MODE_COLOURS["pursues"])
        head = f"{label(actor)} {MODE_WORDS.get(mode, mode)} {label(interest)}"
        extra = [
            f"against: {', '.join(sorted({label(r) for p in pursuits for r in p.against}))}"
        ] * any(p.against for p in pursuits)
        extra += [
            f"in order to: {', '.join(sorted({label(s) for p in pursuits for s in p.serves}))}"
        ] * any(p.serves for p in pursuits)
        edges.append(
            {
                "id": f"{mode} {actor} {interest}",
                "from": actor,
                "to": interest,
                "kind": mode,
                "modalities": modalities,
                "claims": list(claims),
                "dashes": "fact" not in modalities,
                "width": min(1 + len(claims), 6),
                "color": {"color": colour, "highlight": colour, "hover": colour},
                "arrows": "to",
                "title": "\n".join([head, *extra, *_claim_lines(projection, claims)]),
            }
        )
    for kind, table, colour, dashes in (
        ("against", against, AGAINST_COLOUR, [2, 4]),
        ("serves", serves, SERVES_COLOUR, [6, 4]),
    ):
        for (interest, other), pursuits in sorted(table.items()):
            claims = tuple(
                sorted({c for p in pursuits for c in p.claims if c in projection.claims})
            )
            who = ", ".join(sorted({label(p.actor) for p in pursuits}))
            head = (
                f"{who} pursue(s) {label(interest)} against {label(other)}"
                if kind == "against"
                else f"{label(interest)} serves {label(other)} (for {who})"
            )
            edges.append(
                {
                    "id": f"{kind} {interest} {other}",
                    "from": interest,
                    "to": other,
                    "kind": kind,
                    "modalities": sorted({projection.claims[c].modality for c in claims}),
                    "claims": list(claims),
                    "dashes": dashes,
                    "width": 1.5,
                    "color": {"color": colour, "highlight": colour, "hover": colour},
                    "arrows": "to",
                    "smooth": {"type": "curvedCW", "roundness": 0.25},
                    "title": "\n".join([head, *_claim_lines(projection, claims)]),
                }
            )
    return edges, {"against": against, "serves": serves, "merged": merged}


def _link_edges(link, parts: dict) -> list[str]:
    """The ids of the edges that make a pair link: the pair's pursuits and what joins them."""
    ids = []
    pair = {str(link.a), str(link.b)}
    for actor, interest, mode in parts["merged"]:
        if actor in pair and interest == str(link.interest):
            ids.append(f"{mode} {actor} {interest}")
    for interest, served in parts["serves"]:
        if served == str(link.interest) and not link.direct:
            # the pursuits of the pair that serve the interest, and the serving edge itself
            mine = [p for p in parts["serves"][interest, served] if p.actor in pair]
            if mine:
                ids.append(f"serves {interest} {served}")
                ids += [f"{p.mode} {p.actor} {interest}" for p in mine]
    for interest, rival in parts["against"]:
        mine = any(p.actor in pair for p in parts["against"][interest, rival])
        if rival in pair and interest == str(link.interest) and mine:
            ids.append(f"against {interest} {rival}")
    return sorted(set(ids))


_KIND_WORDS = {
    "complementary": "one sells, the other buys",
    "convergent": "both pursue it",
    "competing": "rivals over it",
}


def _links(projection: Projection, graph: nx.Graph, parts: dict) -> list[dict]:
    label = projection.label
    out = []
    for link in interest_links(graph, label=lambda x: label(str(x))):
        text = f"{label(str(link.a))} & {label(str(link.b))}: {label(str(link.interest))}"
        if not link.direct:
            text += " (served)"
        edges = _link_edges(link, parts)
        nodes = {str(link.a), str(link.b), str(link.interest)}
        for edge in edges:
            _kind, first, second = edge.split(" ", 2)
            nodes |= {first, second}
        out.append(
            {
                "kind": link.kind,
                "a": str(link.a),
                "b": str(link.b),
                "interest": str(link.interest),
                "text": text,
                "why": f"{_KIND_WORDS[link.kind]} — {_reason(link, label)}",
                "nodes": sorted(nodes),
                "edges": edges,
            }
        )
    return out


def _reason(link, label) -> str:
    """The link's reason in the page's words (the modes read as verbs)."""
    a, b, what = label(str(link.a)), label(str(link.b)), label(str(link.interest))
    words = {
        **MODE_WORDS,
        "target": "is the rival in",
        "serves": "pursues something that serves",
    }
    return f"{a} {words.get(link.a_mode, link.a_mode)} {what}; {b} {words.get(link.b_mode, link.b_mode)} {what}"


def _columns(graph: nx.Graph, edges: list[dict]) -> dict[str, tuple[int, int]]:
    """Fixed positions: actors in one column, interests in the other, ordered to limit crossings."""
    actors = sorted(
        {e["from"] for e in edges if e["kind"] in MODE_WORDS}
        | {e["to"] for e in edges if e["kind"] == "against"}
    )
    interests = sorted({n for e in edges for n in (e["from"], e["to"])} - set(actors))
    rank = {a: i for i, a in enumerate(actors)}
    # barycentre ordering: each interest near the actors that hold it, then actors near theirs
    linked: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        if e["kind"] in MODE_WORDS or e["kind"] == "against":
            actor, interest = (
                (e["from"], e["to"]) if e["kind"] in MODE_WORDS else (e["to"], e["from"])
            )
            linked[interest].append(actor)
            linked[actor].append(interest)
    for _ in range(2):
        irank = {
            i: sum(rank[a] for a in linked[i]) / len(linked[i]) if linked[i] else len(actors)
            for i in interests
        }
        interests.sort(key=lambda i: (irank[i], i))
        order = {i: k for k, i in enumerate(interests)}
        actors.sort(key=lambda a: (sum(order[i] for i in linked[a]) / max(len(linked[a]), 1), a))
        rank = {a: k for k, a in enumerate(actors)}
    # centre the shorter column on the longer one
    pos = {}
    for x, column in ((0, actors), (COLUMN, interests)):
        top = -(len(column) - 1) * ROW // 2
        for k, node in enumerate(column):
            pos[node] = (x, top + k * ROW)
    return pos


def interest_data(projection: Projection, classes: dict[str, str] | None = None) -> dict:
    """Nodes, edges and pair links of the interests view, each tagged with its modalities.

    ``classes`` gives each actor's class name (``explorer.read_index(ds).cls``),
    which sets its colour and shape; an actor without one is drawn as a state.
    """
    graph = projection.interests
    label = projection.label
    edges, parts = _edges(projection, graph)
    pos = _columns(graph, edges)
    is_actor = {n for e in edges if e["kind"] in MODE_WORDS for n in [e["from"]]}
    is_actor |= {e["to"] for e in edges if e["kind"] == "against"}
    nodes = []
    for node, (x, y) in sorted(pos.items()):
        text = label(node)
        actor = node in is_actor
        cls = (classes or {}).get(node, "State")
        style = (
            {"color": colour_for(cls), "shape": shape_for(cls), "size": 14}
            if actor
            else {
                "color": {**INTEREST_COLOUR, "highlight": INTEREST_COLOUR},
                "shape": "box",
                "borderWidth": 1.5,
            }
        )
        nodes.append(
            {
                "id": node,
                "label": short(text),
                "full": text,
                "kind": "actor" if actor else "interest",
                "x": x,
                "y": y,
                "title": f"{text}\n{'actor' if actor else 'interest'}",
                **style,
            }
        )
    fact = {DEFAULT_MODALITY}
    links = {
        "fact": _links(projection, _restricted(graph, projection, fact), parts),
        "all": _links(projection, graph, parts),
    }
    return {
        "nodes": nodes,
        "edges": edges,
        "links": links,
        "modalities": {"fact": sorted(fact), "all": [m for m in MODALITIES]},
    }


_SCRIPT = """
const ALL = document.getElementById('all-modalities');
function counts(e) {
  return ALL.checked ? e.modalities.length > 0 : e.modalities.includes('fact');
}
const edges = new vis.DataSet(DATA.edges);
const edgeView = new vis.DataView(edges, {filter: counts});
function drawnNodes() {
  const ids = new Set();
  edgeView.forEach(e => { ids.add(e.from); ids.add(e.to); });
  return ids;
}
let drawn = drawnNodes();
const nodes = new vis.DataSet(DATA.nodes);
const nodeView = new vis.DataView(nodes, {filter: n => drawn.has(n.id)});
const network = new vis.Network(document.getElementById('graph'),
  {nodes: nodeView, edges: edgeView}, DATA.options);
window.geokgNetwork = network;
window.geokgCounts = () => ({nodes: nodeView.length, edges: edgeView.length});
const original = {
  nodes: Object.fromEntries(DATA.nodes.map(n => [n.id, n.color])),
  edges: Object.fromEntries(DATA.edges.map(e => [e.id, e.color])),
};
function dim(colour) {
  return typeof colour === 'string' ? {background: colour, border: colour, opacity: 0.15}
                                    : Object.assign({}, colour, {opacity: 0.15});
}
function highlight(link) {
  // The pair's edges keep their mode colours; every other node and edge fades.
  const shown = drawn, keepNodes = new Set(link ? link.nodes.filter(id => shown.has(id)) : []);
  const keepEdges = new Set(link ? link.edges.filter(id => edgeView.get(id)) : []);
  nodes.update(DATA.nodes.map(n => ({id: n.id, opacity: !link || keepNodes.has(n.id) ? 1 : 0.15})));
  edges.update(DATA.edges.map(e => ({id: e.id, color: !link || keepEdges.has(e.id)
    ? Object.assign({opacity: 1}, original.edges[e.id]) : dim(original.edges[e.id])})));
  window.geokgHighlighted = {nodes: [...keepNodes], edges: [...keepEdges]};
  return keepNodes.size;
}
function fillLists() {
  const links = DATA.links[ALL.checked ? 'all' : 'fact'];
  for (const kind of ['complementary', 'convergent', 'competing']) {
    const list = document.getElementById(kind);
    list.replaceChildren();
    const mine = links.filter(l => l.kind === kind);
    document.getElementById(kind + '-count').textContent = '(' + mine.length + ')';
    if (!mine.length) { const li = document.createElement('li'); li.textContent = 'none';
                        list.appendChild(li); continue; }
    for (const link of mine) {
      const item = document.createElement('li'), button = document.createElement('a');
      button.href = '#'; button.textContent = link.text; button.title = link.why;
      button.className = 'pair';
      button.addEventListener('click', event => {
        event.preventDefault();
        const missing = [link.a, link.b].filter(id => !drawn.has(id));
        if (missing.length) { highlight(null); say('not drawn: ' + missing.join(', ')); return; }
        highlight(link);
        network.fit({nodes: link.nodes.filter(id => drawn.has(id)), animation: false});
        say(link.text + ' — ' + link.why);
      });
      item.appendChild(button); list.appendChild(item);
    }
  }
}
function counting() {
  const words = DATA.modalities[ALL.checked ? 'all' : 'fact'];
  document.getElementById('counting').textContent = 'Counting: ' + words.join(', ') + ' claims.';
}
function redraw() {
  edgeView.refresh(); drawn = drawnNodes(); nodeView.refresh();
  highlight(null); fillLists(); counting(); say('');
  network.fit({animation: false});
}
ALL.addEventListener('change', redraw);
document.getElementById('clear').addEventListener('click', () => { highlight(null); say(''); });
fillLists(); counting();
network.fit({animation: false});
window.geokgStabilised = performance.now();
"""


def interest_page(
    projection: Projection,
    title: str = "Strategic interests",
    classes: dict[str, str] | None = None,
) -> str:
    data = interest_data(projection, classes)
    data["options"] = {
        "physics": False,
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 120},
        "nodes": {"font": {"size": 14}},
        "edges": {"smooth": {"type": "curvedCW", "roundness": 0.08}},
    }
    swatch = '<div><span style="background:{}"></span>{}</div>'
    side = (
        '<p id="counting"></p>'
        '<label><input type="checkbox" id="all-modalities"> also count expected, recommended '
        "and attributed claims</label>"
        '<p class="muted">Like the report\'s tables, the page counts facts only unless the box '
        "is ticked; a dashed edge is not reported as fact.</p>"
        '<div class="legend">'
        + swatch.format(MODE_COLOURS["pursues"], "pursues")
        + swatch.format(MODE_COLOURS[SELL], "sells in (seeks to sell)")
        + swatch.format(MODE_COLOURS[BUY], "buys in (needs to buy)")
        + swatch.format(AGAINST_COLOUR, "pursued against (dotted)")
        + swatch.format(SERVES_COLOUR, "serves a further interest (dotted)")
        + "</div>"
        '<h2>Complementary pairs <span id="complementary-count"></span></h2>'
        '<ul id="complementary"></ul>'
        '<h2>Convergent pairs <span id="convergent-count"></span></h2><ul id="convergent"></ul>'
        '<h2>Competing pairs <span id="competing-count"></span></h2><ul id="competing"></ul>'
        '<button type="button" id="clear">Clear highlight</button>'
        '<p class="muted">Click a pair to highlight its edges; hover a node or an edge for the '
        "full names, the claims and the article's sentences.</p>"
    )
    return render(title, data, side, _SCRIPT)
