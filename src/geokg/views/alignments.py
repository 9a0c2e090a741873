"""The alignment-shifts view: the signed actor network, period by period.

Edge colour is the stance (hostile … partnership), width its intensity,
dashes mean no reported fact supports it (only expected, recommended,
attributed or inferred); an edge whose stance changed since the previous
period is highlighted. Clicking an edge opens the dyad panel: the pair's
claims over every period with the article's sentences.
"""

from __future__ import annotations

from ..claims.terms import STANCES
from ..namespaces import local_name
from ..network.compare import DISPUTED
from ..network.projection import Projection
from .page import physics_options, render, through_pyvis
from .palette import STANCE_COLOURS, colour_for, shape_for

# Sources disagree: drawn as such (Okabe–Ito reddish purple), never as an average.
DISPUTED_COLOUR = "#CC79A7"


def _local(iri: str) -> str:
    return local_name(iri)


def alignment_data(projection: Projection) -> dict:
    """Nodes; per time bin the edges with stance, intensity, modality, change and sources.

    Edges are kept small (a 2,000-actor network has tens of thousands): colours,
    widths and tooltips are made in the page from ``stance``, ``weight``,
    ``changed`` and indexes into the shared ``claims`` and ``sources`` lists.
    Each edge keeps every source's stance (``by``: source index, rank, stance,
    claim indexes) so that the page can recompute the consensus — or the
    disagreement — when the reader filters sources or picks an as-of date.
    """
    bins = [b for b in projection.bins if b.id in projection.signed]
    nodes: dict[str, dict] = {}
    edges = []
    claims: list[dict] = []
    claim_index: dict[str, int] = {}
    sources = list(projection.sources.values())
    source_index = {ref.iri: n for n, ref in enumerate(sources)}
    previous: dict[tuple[str, str], str] = {}
    for period in bins:
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
                            "id": projection.claim_id(iri),
                            "modality": claim.modality,
                            "statement": claim.statement,
                            "source": source_index.get(claim.source or "", -1),
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
                    "by": [
                        {
                            "source": source_index.get(s.source, -1),
                            "stance": s.stance,
                            "rank": s.rank,
                            "modalities": list(s.modalities),
                            "claims": [claim_index[c] for c in s.claims if c in claim_index],
                        }
                        for s in attrs.get("sources", ())
                    ],
                }
            )
            for node in pair:
                nodes.setdefault(node, _actor(projection, node))
        previous = current
    return {
        "periods": [{"id": b.id, "label": b.label} for b in bins],
        "nodes": sorted(nodes.values(), key=lambda n: n["id"]),
        "edges": edges,
        "claims": claims,
        "sources": [
            {
                "id": ref.id,
                "title": ref.title,
                "date": ref.date,
                "published": ref.latest.isoformat() if ref.latest else None,
            }
            for ref in sources
        ],
        "stances": [{"name": s, "colour": STANCE_COLOURS[s]} for s in STANCES]
        + [{"name": DISPUTED, "colour": DISPUTED_COLOUR}],
        "ranks": {s: n - 2 for n, s in enumerate(STANCES)},
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
const NL = String.fromCharCode(10);
// -- which sources count: the source filter and the as-of date ----------------------
const sources = DATA.sources, chosen = new Set(sources.map((_, i) => i));
let asOf = '';
function cite(i) { const s = sources[i]; return s ? s.title + (s.date ? ' (' + s.date + ')' : '') : 'unknown source'; }
function allowed(i) {
  if (!chosen.has(i)) return false;
  const s = sources[i];
  return !asOf || (s !== undefined && s.published !== null && s.published <= asOf);
}
const box = document.getElementById('sources');
sources.forEach((s, i) => { const label = document.createElement('label'); label.className = 'src';
  const input = document.createElement('input'); input.type = 'checkbox'; input.checked = true;
  input.className = 'src'; input.value = String(i); label.appendChild(input);
  label.append(' ' + cite(i)); box.appendChild(label); });
// -- each source's stance, the consensus, the disagreement (as geokg.network.compare) --
const byRank = Object.fromEntries(Object.entries(DATA.ranks).map(([k, v]) => [v, k]));
function nearest(r) {  // ties go to the milder stance, then the lower rank
  let best = null;
  for (const k of Object.keys(byRank).map(Number)) {
    const d = Math.abs(k - r), bd = best === null ? Infinity : Math.abs(best - r);
    if (d < bd || (d === bd && (Math.abs(k) < Math.abs(best) || (Math.abs(k) === Math.abs(best) && k < best)))) best = k;
  }
  return byRank[best];
}
function median(xs) { const s = xs.slice().sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; }
function judge(e) {
  if (!e.by.length) return {stance: e.stance, weight: e.weight, by: [], claims: e.claims};
  const by = e.by.filter(b => allowed(b.source));
  if (!by.length) return null;
  const ranks = by.map(b => b.rank), lo = Math.min(...ranks), hi = Math.max(...ranks);
  const disputed = by.length > 1 && ((lo < 0 && hi > 0) || hi - lo >= 2);
  const weight = median(ranks);
  const stance = disputed ? 'disputed' : by.length === 1 ? by[0].stance : nearest(weight);
  return {stance: stance, weight: weight, by: by, claims: by.flatMap(b => b.claims)};
}
function tooltip(e, j) {
  const lines = [nodeLabel[e.from] + ' – ' + nodeLabel[e.to] + ': ' + j.stance
    + ' (' + periodLabel[e.period] + ')', 'modality: ' + (e.modalities.join(', ') || 'inferred')];
  if (j.stance === 'disputed') lines.push('sources disagree:');
  for (const b of j.by) lines.push('◦ ' + cite(b.source) + ': ' + b.stance);
  for (const c of j.claims.slice(0, 4).map(i => DATA.claims[i])) {
    lines.push('• ' + c.statement + ' [' + c.id + ']');
    for (const q of c.quotes.slice(0, 3)) lines.push('  “' + q + '”');
    lines.push('  source: ' + cite(c.source));
  }
  return lines.join(NL);  // a string: vis-network shows it as text, never as HTML
}
function styled(e, j, changed) {
  const colour = colours[j.stance] || '#999';
  return {id: e.id, stance: j.stance, hidden: false, changed: changed,
    color: {color: colour, highlight: colour},
    width: 1.5 + 2 * Math.abs(j.weight) + (changed ? 2 : 0) + (j.stance === 'disputed' ? 1 : 0),
    shadow: {enabled: changed, color: 'rgba(0,0,0,0.45)', size: 8},
    title: tooltip(e, j), arrows: ''};
}
const base = DATA.edges.map((e, i) => Object.assign({id: 'e' + i}, e));
const edges = new vis.DataSet(base.map(e => Object.assign({}, e, styled(e, judge(e), e.changed))));
function restyle() {
  const last = {}, order = Object.fromEntries(periods.map((p, i) => [p.id, i])), updates = [];
  for (const e of base.slice().sort((x, y) => order[x.period] - order[y.period])) {
    const j = judge(e), pair = e.from + '|' + e.to;
    if (j === null) { updates.push({id: e.id, hidden: true}); continue; }
    updates.push(styled(e, j, last[pair] !== j.stance)); last[pair] = j.stance;
  }
  edges.update(updates); edgeView.refresh();
}
const edgeView = new vis.DataView(edges, {filter: e => e.period === select.value && !e.hidden});
const network = new vis.Network(document.getElementById('graph'),
  {nodes: new vis.DataSet(DATA.nodes), edges: edgeView}, DATA.options);
const nodes = network.body.data.nodes;
stabilise(network);
window.geokgNetwork = network;
window.geokgCounts = () => ({nodes: nodes.length, edges: edgeView.length,
  changed: edgeView.get().filter(e => e.changed).length});
window.geokgVisibleEdges = () => edgeView.get().map(e => [e.from, e.to, e.stance]);
function show(index) {
  select.selectedIndex = Math.max(0, Math.min(periods.length - 1, index));
  edgeView.refresh();
  const used = sources.filter((_, i) => allowed(i)).length;
  say(periods[select.selectedIndex].label + ': ' + edgeView.length + ' alignments, '
      + edgeView.get().filter(e => e.changed).length + ' changed, '
      + edgeView.get().filter(e => e.stance === 'disputed').length + ' disputed; '
      + used + ' of ' + sources.length + ' sources' + (asOf ? ' (as of ' + asOf + ')' : ''));
}
function refilter() {
  chosen.clear();
  for (const input of box.querySelectorAll('input.src')) if (input.checked) chosen.add(Number(input.value));
  asOf = document.getElementById('asof').value;
  restyle(); show(select.selectedIndex); if (current) dyad(current[0], current[1]);
}
box.addEventListener('change', refilter);
document.getElementById('asof').addEventListener('change', refilter);
document.getElementById('asof').addEventListener('input', refilter);
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
let current = null;
function line(text, cls) { const d = document.createElement('div'); if (cls) d.className = cls;
  d.textContent = text; panel.appendChild(d); return d; }
function dyad(from, to) {
  panel.textContent = '';
  const pair = [from, to].sort(); current = pair;
  const head = document.createElement('h2');
  head.textContent = nodes.get(pair[0]).label + ' – ' + nodes.get(pair[1]).label;
  panel.appendChild(head);
  for (const p of periods) {
    for (const e of base.filter(e => e.period === p.id && e.from === pair[0] && e.to === pair[1])) {
      const j = judge(e); if (j === null) continue;
      line(p.label + ': ' + j.stance, 'bin').style.fontWeight = 'bold';
      const groups = j.by.length ? j.by : [{source: -1, stance: j.stance, modalities: e.modalities, claims: j.claims}];
      for (const b of groups) {
        if (b.source >= 0) line(cite(b.source) + ': ' + b.stance + ' [' + b.modalities.join(', ') + ']', 'by');
        for (const c of b.claims.map(i => DATA.claims[i])) {
          line(c.statement + ' [' + c.modality + '; ' + c.id + ']');
          for (const q of c.quotes) line(q, 'quote');
        }
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
        "previous period. Purple: the sources disagree (opposite signs, or two or more "
        "steps apart); each source counts once. Click an edge for each source's stance "
        "over time.</p>"
        '<h2>Sources</h2><label>As of <input id="asof" type="date"></label>'
        '<div id="sources" class="sources"></div>'
        '<div id="dyad"></div>'
    )
    return render(title, data, side, _SCRIPT, style="label.src { display: block; }")
