"""The alignment-shifts view: the signed actor network, period by period.

Edge colour is the stance (hostile … partnership), width its intensity,
dashes mean no reported fact supports it (only expected, recommended,
attributed or inferred); an edge whose stance changed since the previous
period is highlighted. Clicking an edge opens the dyad panel: the pair's
claims over every period with the article's sentences.
"""

from __future__ import annotations

from ..claims.terms import STANCES
from ..network.projection import Projection
from .page import physics_options, render, through_pyvis
from .palette import STANCE_COLOURS, colour_for, shape_for


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def alignment_data(projection: Projection) -> dict:
    """Nodes; per period the edges with stance, intensity, modality and change; the claims.

    Edges are kept small (a 2,000-actor network has tens of thousands): colours,
    widths and tooltips are made in the page from ``stance``, ``weight``,
    ``changed`` and the indexes of the edge's claims in the shared ``claims`` list.
    """
    periods = [p for p in projection.periods if p.id in projection.signed]
    nodes: dict[str, dict] = {}
    edges = []
    claims: list[dict] = []
    claim_index: dict[str, int] = {}
    previous: dict[tuple[str, str], str] = {}
    for period in periods:
        graph = projection.signed[period.id]
        current: dict[tuple[str, str], str] = {}
        for a, b, attrs in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
            pair = tuple(sorted((a, b)))
            stance = attrs.get("stance", "neutral")
            current[pair] = stance
            modalities = sorted({s.modality for s in attrs.get("support", [])})
            refs = []
            for iri in attrs.get("claims", []):
                claim = projection.claims.get(iri)
                if claim is None:
                    continue
                if iri not in claim_index:
                    claim_index[iri] = len(claims)
                    claims.append(
                        {
                            "id": claim.id,
                            "modality": claim.modality,
                            "statement": claim.statement,
                            "source": (claim.source or "").rsplit("/", 1)[-1],
                            "quotes": [q.text for q in claim.quotes],
                        }
                    )
                refs.append(claim_index[iri])
            edges.append(
                {
                    "from": pair[0],
                    "to": pair[1],
                    "period": period.id,
                    "stance": stance,
                    "weight": float(attrs.get("weight", 0)),
                    "modalities": modalities,
                    "dashes": "fact" not in modalities,
                    "changed": previous.get(pair) != stance,
                    "claims": refs,
                }
            )
            for node in pair:
                nodes.setdefault(node, _actor(projection, node))
        previous = current
    return {
        "periods": [{"id": p.id, "label": p.label} for p in periods],
        "nodes": sorted(nodes.values(), key=lambda n: n["id"]),
        "edges": edges,
        "claims": claims,
        "stances": [{"name": s, "colour": STANCE_COLOURS[s]} for s in STANCES],
    }


def _actor(projection: Projection, iri: str) -> dict:
    cls = "Actor"
    for graph in projection.signed.values():
        if iri in graph.nodes:
            cls = graph.nodes[iri].get("cls", cls)
            break
    label = projection.label(iri)
    return {
        "id": iri,
        "label": label,
        "title": f"{label}\n{iri}",
        "color": colour_for("State" if cls == "Actor" else cls),
        "shape": shape_for("State" if cls == "Actor" else cls),
    }


_SCRIPT = """
const periods = DATA.periods, select = document.getElementById('period');
periods.forEach((p, i) => { const o = document.createElement('option');
  o.value = p.id; o.textContent = (i + 1) + '. ' + p.label; select.appendChild(o); });
const legend = document.getElementById('legend');
for (const s of DATA.stances) { const row = document.createElement('div');
  const swatch = document.createElement('span'); swatch.style.background = s.colour;
  row.appendChild(swatch); row.append(s.name); legend.appendChild(row); }
const colours = Object.fromEntries(DATA.stances.map(s => [s.name, s.colour]));
const periodLabel = Object.fromEntries(periods.map(p => [p.id, p.label]));
const nodeLabel = Object.fromEntries(DATA.nodes.map(n => [n.id, n.label]));
function tooltip(e) {
  const lines = [nodeLabel[e.from] + ' – ' + nodeLabel[e.to] + ': ' + e.stance
    + ' (' + periodLabel[e.period] + ')', 'modality: ' + (e.modalities.join(', ') || 'inferred')];
  for (const c of e.claims.slice(0, 4).map(i => DATA.claims[i])) {
    lines.push('• ' + c.statement);
    for (const q of c.quotes.slice(0, 3)) lines.push('  “' + q + '”');
    lines.push('  source: ' + c.source);
  }
  return lines.join(String.fromCharCode(10));  // a string: vis-network shows it as text, never as HTML
}
const nodes = new vis.DataSet(DATA.nodes), edges = new vis.DataSet(DATA.edges.map(e =>
  Object.assign({}, e, {
    color: {color: colours[e.stance] || '#999', highlight: colours[e.stance] || '#999'},
    width: 1.5 + 2 * Math.abs(e.weight) + (e.changed ? 2 : 0),
    shadow: {enabled: e.changed, color: 'rgba(0,0,0,0.45)', size: 8},
    title: tooltip(e), arrows: ''})));
const edgeView = new vis.DataView(edges, {filter: e => e.period === select.value});
const network = new vis.Network(document.getElementById('graph'),
  {nodes: nodes, edges: edgeView}, DATA.options);
stabilise(network);
window.geokgNetwork = network;
window.geokgCounts = () => ({nodes: nodes.length, edges: edgeView.length,
  changed: edgeView.get().filter(e => e.changed).length});
window.geokgVisibleEdges = () => edgeView.get().map(e => [e.from, e.to, e.stance]);
function show(index) {
  select.selectedIndex = Math.max(0, Math.min(periods.length - 1, index));
  edgeView.refresh();
  say(periods[select.selectedIndex].label + ': ' + edgeView.length + ' alignments, '
      + edgeView.get().filter(e => e.changed).length + ' changed');
}
select.addEventListener('change', () => show(select.selectedIndex));
document.getElementById('prev').addEventListener('click', () => show(select.selectedIndex - 1));
document.getElementById('next').addEventListener('click', () => show(select.selectedIndex + 1));
let timer = null;
document.getElementById('play').addEventListener('click', () => {
  if (timer) { clearInterval(timer); timer = null; return; }
  show(0); timer = setInterval(() => {
    if (select.selectedIndex >= periods.length - 1) { clearInterval(timer); timer = null; }
    else show(select.selectedIndex + 1); }, 1500);
});
const panel = document.getElementById('dyad');
function dyad(from, to) {
  panel.textContent = '';
  const pair = [from, to].sort();
  const head = document.createElement('h2');
  head.textContent = nodes.get(pair[0]).label + ' – ' + nodes.get(pair[1]).label;
  panel.appendChild(head);
  for (const p of periods) {
    for (const e of edges.get({filter: e => e.period === p.id && e.from === pair[0] && e.to === pair[1]})) {
      const h = document.createElement('div'); h.style.fontWeight = 'bold';
      h.textContent = p.label + ': ' + e.stance; panel.appendChild(h);
      for (const c of e.claims.map(i => DATA.claims[i])) {
        const s = document.createElement('div'); s.textContent = c.statement + ' [' + c.modality + ']';
        panel.appendChild(s);
        for (const q of c.quotes) { const b = document.createElement('div');
          b.className = 'quote'; b.textContent = q; panel.appendChild(b); }
      }
    }
  }
}
network.on('click', params => { if (params.edges.length) {
  const e = edges.get(params.edges[0]); dyad(e.from, e.to); } });
window.geokgDyad = dyad;
show(0);
"""


def alignment_page(projection: Projection, title: str = "Alignment shifts") -> str:
    data = alignment_data(projection)
    data.update(through_pyvis(data["nodes"], data["edges"]))
    data["options"] = physics_options(len(data["nodes"]))
    side = (
        '<label>Period <select id="period"></select></label>'
        '<p><button id="prev">◀ previous</button> <button id="next">next ▶</button> '
        '<button id="play">▶ step through</button></p>'
        '<h2>Stance</h2><div id="legend" class="legend"></div>'
        '<p class="muted">Width: intensity. Dashed: not reported as fact (expected, '
        "recommended, attributed or inferred). Shadowed and thicker: changed since the "
        "previous period. Click an edge for the pair's claims over time.</p>"
        '<div id="dyad"></div>'
    )
    return render(title, data, side, _SCRIPT)
