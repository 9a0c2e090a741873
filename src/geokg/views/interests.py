"""The interests view: actors and the interests they pursue, sell or need.

Edges run from an actor to an interest: solid for pursues, green for seeks to
sell, orange for needs to buy. The side panel lists the convergent pairs
(both pursue it), complementary pairs (one sells what the other needs) and
competing pairs found by ``geokg.analysis.interests``; clicking one
highlights its edges.
"""

from __future__ import annotations

from ..analysis.interests import interest_links
from ..namespaces import local_name
from ..network.projection import Projection
from .page import physics_options, render, through_pyvis
from .palette import colour_for, shape_for

MODE_COLOURS = {"pursues": "#555555", "seeks-to-sell": "#009E73", "needs-to-buy": "#E69F00"}


def interest_data(projection: Projection) -> dict:
    graph = projection.interests
    nodes, edges = [], []
    for node, attrs in sorted(graph.nodes(data=True)):
        actor = attrs.get("bipartite") == 0
        cls = "State" if actor else "Interest"
        label = attrs.get("label", node)
        nodes.append(
            {
                "id": node,
                "label": label,
                "kind": "actor" if actor else "interest",
                "title": f"{label}\n{'actor' if actor else 'interest'}\n{node}",
                "color": colour_for(cls),
                "shape": shape_for(cls),
            }
        )
    for a, b, attrs in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        actor, interest = (a, b) if graph.nodes[a].get("bipartite") == 0 else (b, a)
        for pursuit in attrs.get("pursuits", ()):
            colour = MODE_COLOURS.get(pursuit.mode, MODE_COLOURS["pursues"])
            modalities = {
                projection.claims[c].modality for c in pursuit.claims if c in projection.claims
            }
            dashed = "fact" not in modalities
            lines = [
                f"{projection.label(actor)} {pursuit.mode.replace('-', ' ')} "
                f"{projection.label(interest)}"
            ]
            if pursuit.serves:
                lines.append(
                    "in order to: " + ", ".join(projection.label(s) for s in pursuit.serves)
                )
            for iri in pursuit.claims[:3]:
                claim = projection.claims.get(iri)
                if claim:
                    lines.append(f"• {claim.statement} [{claim.modality}]")
                    lines.extend(f"  “{q.text}”" for q in claim.quotes[:3])
                    lines.append(f"  source: {local_name(claim.source or '')}")
            edges.append(
                {
                    "id": pursuit.iri,
                    "from": actor,
                    "to": interest,
                    "mode": pursuit.mode,
                    "arrows": "to",
                    "color": {"color": colour},
                    "dashes": dashed,
                    "width": 1 + len(pursuit.claims),
                    "title": "\n".join(lines),
                }
            )
    links = [
        {
            "kind": link.kind,
            "a": str(link.a),
            "b": str(link.b),
            "interest": str(link.interest),
            "text": f"{projection.label(str(link.a))} & {projection.label(str(link.b))}: "
            f"{projection.label(str(link.interest))} — {link.reason}",
        }
        for link in interest_links(graph, label=lambda x: projection.label(str(x)))
    ]
    return {"nodes": nodes, "edges": edges, "links": links}


_SCRIPT = """
const nodes = new vis.DataSet(DATA.nodes), edges = new vis.DataSet(DATA.edges);
const network = new vis.Network(document.getElementById('graph'), {nodes, edges}, DATA.options);
stabilise(network);
window.geokgNetwork = network;
window.geokgCounts = () => ({nodes: nodes.length, edges: edges.length});
for (const kind of ['complementary', 'convergent', 'competing']) {
  const list = document.getElementById(kind);
  const mine = DATA.links.filter(l => l.kind === kind);
  if (!mine.length) { list.textContent = 'none'; continue; }
  for (const link of mine) {
    const item = document.createElement('li'), button = document.createElement('a');
    button.href = '#'; button.textContent = link.text;
    button.addEventListener('click', event => {
      event.preventDefault();
      const ids = edges.get({filter: e => (e.from === link.a || e.from === link.b)
        && e.to === link.interest}).map(e => e.id);
      network.setSelection({nodes: [link.a, link.b, link.interest], edges: ids},
                           {highlightEdges: false});
      say(link.text);
    });
    item.appendChild(button); list.appendChild(item);
  }
}
"""


def interest_page(projection: Projection, title: str = "Strategic interests") -> str:
    data = interest_data(projection)
    data.update(through_pyvis(data["nodes"], data["edges"]))
    data["options"] = physics_options(len(data["nodes"]))
    side = (
        '<div class="legend"><div><span style="background:#555"></span>pursues</div>'
        '<div><span style="background:#009E73"></span>seeks to sell</div>'
        '<div><span style="background:#E69F00"></span>needs to buy</div>'
        "<div>dashed: not reported as fact (expected, recommended, attributed)</div></div>"
        '<h2>Complementary pairs</h2><ul id="complementary"></ul>'
        '<h2>Convergent pairs</h2><ul id="convergent"></ul>'
        '<h2>Competing pairs</h2><ul id="competing"></ul>'
        '<p class="muted">Click a pair to highlight its edges; hover an edge for the '
        "claims and the article's sentences.</p>"
    )
    return render(title, data, side, _SCRIPT)
