// The explorer's page script (corpus page and source pages alike); DATA is the page's data.
// Events are attached with addEventListener only, and text goes in with textContent.
const classes = DATA.classes;
// A source page sends each edge as [from, to, label, graph], its ends by position in
// DATA.nodes, and a node's label only when it is shorter than its name (explorer.py).
DATA.nodes.forEach(n => { if (n.label === undefined) n.label = n.full; });
DATA.edges = DATA.edges.map(e => Array.isArray(e)
  ? {from: DATA.nodes[e[0]].id, to: DATA.nodes[e[1]].id, label: e[2], graph: e[3]} : e);
const byId = new Map(DATA.nodes.map(n => [n.id, n]));
const around = new Map();  // node id -> the edges that touch it
DATA.edges.forEach((e, i) => {
  e.id = i;
  for (const end of [e.from, e.to]) {
    if (!around.has(end)) around.set(end, []);
    around.get(end).push(e);
  }
});
function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}
const CLIP = {
  triangle: 'polygon(50% 0, 100% 100%, 0 100%)',
  triangleDown: 'polygon(0 0, 100% 0, 50% 100%)',
  diamond: 'polygon(50% 0, 100% 50%, 50% 100%, 0 50%)',
  hexagon: 'polygon(25% 0, 75% 0, 100% 50%, 75% 100%, 25% 100%, 0 50%)',
  star: 'polygon(50% 0, 61% 35%, 98% 35%, 68% 57%, 79% 91%, 50% 70%, 21% 91%, 32% 57%, 2% 35%, 39% 35%)',
};
function swatch(cls) {
  const style = classes[cls] || {color: '#999', shape: 'dot'};
  const box = el('span', undefined, 'swatch');
  box.style.background = style.color;
  if (style.shape === 'dot' || style.shape === 'ellipse') box.style.borderRadius = '50%';
  if (CLIP[style.shape]) box.style.clipPath = CLIP[style.shape];
  box.dataset.shape = style.shape;
  box.title = style.shape;
  return box;
}

// -- the class legend: swatches, counts, all/none per family and for every class ----
const legend = document.getElementById('classes');
const families = {};
for (const cls of Object.keys(classes).sort()) {
  (families[classes[cls].family] = families[classes[cls].family] || []).push(cls);
}
const counted = {};
DATA.nodes.forEach(n => { counted[n.cls] = (counted[n.cls] || 0) + 1; });
for (const family of Object.keys(families).sort()) {
  const head = el('div', family + ' ', 'family');
  for (const [word, state] of [['all', true], ['none', false]]) {
    const button = el('button', word);
    button.type = 'button';
    button.addEventListener('click', () => {
      legend.querySelectorAll('input.cls').forEach(i => {
        if (classes[i.value].family === family) i.checked = state;
      });
      refresh();
    });
    head.appendChild(button);
  }
  legend.appendChild(head);
  for (const cls of families[family]) {
    const label = el('label'), input = el('input');
    input.type = 'checkbox'; input.value = cls; input.className = 'cls';
    input.checked = classes[cls].shown;
    label.append(input, swatch(cls), cls + ' (' + (counted[cls] || 0) + ')');
    label.dataset.cls = cls;
    legend.appendChild(label);
  }
}
for (const [id, state] of [['all', true], ['none', false]]) {
  document.getElementById(id).addEventListener('click', () => {
    legend.querySelectorAll('input.cls').forEach(i => { i.checked = state; });
    refresh();
  });
}

// -- the network, drawn through views that filter by class, layer and focus ------------
const nodes = new vis.DataSet(DATA.nodes.map(n => Object.assign({title: n.full + '\n' + n.cls}, n, {
  color: classes[n.cls] ? classes[n.cls].color : '#999', shape: classes[n.cls] ? classes[n.cls].shape : 'dot',
})));
const edges = new vis.DataSet(DATA.edges.map(e => Object.assign(
  {arrows: 'to', font: {size: 9, color: '#666'}, title: e.label + ' (' + e.graph + ')'}, e,
  {claims: undefined})));
let focus = null, shown = new Set(), active = new Set();
function layers() {
  return new Set([...document.querySelectorAll('.grp:checked')].map(i => i.value));
}
function computeShown() {
  const cls = new Set([...document.querySelectorAll('.cls:checked')].map(i => i.value));
  active = layers();
  const inLayer = n => n.graphs.some(g => active.has(g));
  const out = new Set();
  if (focus && byId.has(focus)) {
    // the node and every neighbour in the active layers, whatever its class
    out.add(focus);
    for (const e of around.get(focus) || []) {
      if (!active.has(e.graph)) continue;
      const other = e.from === focus ? e.to : e.from;
      if (byId.has(other) && inLayer(byId.get(other))) out.add(other);
    }
  } else {
    for (const n of DATA.nodes) if (cls.has(n.cls) && inLayer(n)) out.add(n.id);
  }
  return out;
}
shown = computeShown();
const nodeView = new vis.DataView(nodes, {filter: n => shown.has(n.id)});
const edgeView = new vis.DataView(edges, {filter: e => shown.has(e.from) && shown.has(e.to)
  && active.has(e.graph)});
const network = new vis.Network(document.getElementById('graph'),
  {nodes: nodeView, edges: edgeView}, DATA.options);
window.geokgNetwork = network;
window.geokgCounts = () => ({nodes: nodeView.length, edges: edgeView.length});
window.geokgLayouts = 0;
function counts() {
  const c = window.geokgCounts();
  document.getElementById('counts').textContent = c.nodes + ' nodes, ' + c.edges + ' edges shown'
    + (focus ? ' (neighbourhood of ' + byId.get(focus).full + ')' : '');
}
network.once('stabilizationIterationsDone', () => {
  network.fit({animation: false}); window.geokgLayouts += 1;
});
stabilise(network);
function relayout() {
  // A new layout for what is drawn now, then a fit: nodes never placed before get a place.
  if (!nodeView.length) { window.geokgLayouts += 1; return; }
  network.setOptions({physics: {enabled: true}});
  network.once('stabilizationIterationsDone', () => {
    network.setOptions({physics: {enabled: false}});
    network.fit({animation: false});
    window.geokgLayouts += 1;
  });
  // fewer iterations for more nodes: a few seconds at most, on a slow machine too
  network.stabilize(Math.max(30, Math.min(200, Math.round(12000 / (nodeView.length + 1)))));
}
function refresh() {
  shown = computeShown();
  nodeView.refresh(); edgeView.refresh();
  counts(); relayout();
}
document.querySelectorAll('.grp').forEach(i => i.addEventListener('change', refresh));
legend.addEventListener('change', refresh);
counts();

// -- search by label and alias, with a result list -------------------------------------
const results = document.getElementById('results');
document.getElementById('search').addEventListener('input', () => {
  const term = document.getElementById('search').value.trim().toLowerCase();
  results.replaceChildren();
  if (!term) { say(''); network.unselectAll(); return; }
  const hits = DATA.nodes.filter(n => n.full.toLowerCase().includes(term)
    || (n.aliases || []).some(a => a.toLowerCase().includes(term)));
  // a name or alias equal to the term first, then actors, then the rest by name
  const rank = n => (n.full.toLowerCase() === term
    || (n.aliases || []).some(a => a.toLowerCase() === term) ? 0 : 2)
    + (classes[n.cls] && classes[n.cls].family === 'actor' ? 0 : 1);
  hits.sort((x, y) => rank(x) - rank(y) || x.full.localeCompare(y.full));
  for (const n of hits.slice(0, 40)) {
    const item = el('li'), button = el('button', n.full);
    button.type = 'button'; button.className = 'hit';
    const alias = (n.aliases || []).find(a => a.toLowerCase().includes(term));
    item.append(swatch(n.cls), button, ' ' + n.cls + (alias && !n.full.toLowerCase().includes(term)
      ? ' — also “' + alias + '”' : ''));
    button.addEventListener('click', () => { inspect(n.id); focusOn(n.id); });
    results.appendChild(item);
  }
  if (hits.length > 40) results.appendChild(el('li', '+' + (hits.length - 40) + ' more'));
  const drawn = hits.filter(n => shown.has(n.id)).map(n => n.id);
  network.selectNodes(drawn);
  say(hits.length + ' matching "' + term + '"' + (hits.length > drawn.length
    ? ' (' + (hits.length - drawn.length) + ' not drawn: pick one to show it)' : ''));
});

// -- the inspect panel and the neighbourhood focus -------------------------------------
const panel = document.getElementById('panel');
function focusOn(id) { focus = id; refresh(); network.selectNodes([id]); }
function claimBlock(list, claim) {
  const item = el('li');
  item.append(el('div', claim.statement + ' [' + claim.modality + ']'));
  for (const q of claim.quotes || []) item.append(el('div', '“' + q + '”', 'quote'));
  if (claim.source) item.append(el('div', 'source: ' + claim.source, 'muted'));
  list.appendChild(item);
}
function claimsOf(id) {
  // claims about the node: its claim neighbours, and those of the statements it takes part in
  const found = new Map(), seen = new Set([id]);
  const isActor = n => classes[n.cls] && classes[n.cls].family === 'actor';
  const visit = (nodeId, depth) => {
    for (const e of around.get(nodeId) || []) {
      const other = e.from === nodeId ? e.to : e.from;
      if (seen.has(other)) continue;
      seen.add(other);
      const n = byId.get(other);
      if (!n) continue;
      if (n.claim) found.set(other, n.claim);
      else if (depth < 1 && !isActor(n)) visit(other, depth + 1);
    }
  };
  const me = byId.get(id);
  if (me.claim) found.set(id, me.claim);
  visit(id, 0);
  const fromEdges = [];
  for (const e of around.get(id) || []) for (const c of DATA.edges[e.id].claims || []) fromEdges.push(c);
  return [...found.values(), ...fromEdges];
}
function inspect(id) {
  const n = byId.get(id);
  panel.replaceChildren();
  if (!n) return;
  const head = el('h3');
  head.append(swatch(n.cls), n.full);
  panel.append(head, el('div', n.cls + ' · ' + n.graphs.join(', '), 'muted'), el('div', n.id, 'muted'));
  const actions = el('div');
  const focusButton = el('button', focus === id ? 'Show everything again' : 'Focus on its neighbourhood');
  focusButton.type = 'button'; focusButton.id = 'focus';
  focusButton.addEventListener('click', () => {
    if (focus === id) { focus = null; refresh(); } else focusOn(id);
    inspect(id);
  });
  actions.append(focusButton);
  panel.append(actions);
  if (n.aliases) panel.append(el('div', 'also: ' + n.aliases.join(', ')));
  if (n.props) {
    panel.append(el('h3', 'Properties'));
    const list = el('ul');
    for (const [k, v] of n.props) list.appendChild(el('li', k + ': ' + v));
    panel.append(list);
  }
  const near = around.get(id) || [];
  panel.append(el('h3', 'Neighbours (' + near.length + ')'));
  const list = el('ul');
  for (const e of near.slice(0, 60)) {
    const other = byId.get(e.from === id ? e.to : e.from);
    if (!other) continue;
    const item = el('li'), link = el('button', other.full, 'link');
    link.type = 'button';
    link.addEventListener('click', () => inspect(other.id));
    item.append(e.from === id ? e.label + ' → ' : '← ' + e.label + ' ', link, ' ');
    item.append(el('span', '(' + other.cls + ')', 'muted'));
    list.appendChild(item);
  }
  if (near.length > 60) list.appendChild(el('li', '+' + (near.length - 60) + ' more'));
  panel.append(list);
  const claims = claimsOf(id);
  panel.append(el('h3', 'Claims (' + claims.length + ')'));
  const claimList = el('ul', undefined, 'claims');
  claims.slice(0, 25).forEach(c => claimBlock(claimList, c));
  if (claims.length > 25) claimList.appendChild(el('li', '+' + (claims.length - 25) + ' more'));
  panel.append(claimList);
  if (n.pages && n.pages.length) {
    panel.append(el('h3', 'In the sources (' + n.pages.length + ')'));
    const pages = el('ul');
    for (const k of n.pages.slice(0, 30)) {
      const s = DATA.sources[k], item = el('li'), a = el('a', s.title);
      a.href = s.href + '#' + encodeURIComponent(n.id);
      item.append(a); pages.appendChild(item);
    }
    if (n.pages.length > 30) pages.appendChild(el('li', '+' + (n.pages.length - 30) + ' more'));
    panel.append(pages);
  }
  window.geokgInspected = id;
}
network.on('click', p => { if (p.nodes.length) inspect(p.nodes[0]); });
network.on('doubleClick', p => { if (p.nodes.length) { focusOn(p.nodes[0]); inspect(p.nodes[0]); } });
window.geokgInspect = inspect;
window.geokgFocus = id => { if (id === null) { focus = null; refresh(); } else focusOn(id); };
// a link from the corpus page names a node after '#': inspect it and focus on it
const wanted = decodeURIComponent(location.hash.slice(1));
if (wanted && byId.has(wanted)) { focusOn(wanted); inspect(wanted); }
