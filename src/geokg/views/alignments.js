// The alignment-shifts page. DATA comes from geokg.views.alignments.alignment_data.
// Every label, quote and title is put on the page with textContent: never parsed as HTML.
// One vis edge per pair and layer (reported / expected / recommended) over all periods:
// a period switch restyles those edges in place (DataSet.update), nodes never move.
const periods = DATA.periods, sources = DATA.sources;
const links = DATA.links.map(([a, b, layer]) => ({from: DATA.nodes[a].id, to: DATA.nodes[b].id,
  layer: layer}));
const NL = String.fromCharCode(10), MAX_CLAIMS = 4;
const colours = Object.fromEntries(DATA.stances.map(s => [s.name, s.colour]));
const nodeById = new Map(DATA.nodes.map(n => [n.id, n]));
const LAYER_TEXT = {reported: 'reported', expected: 'expected', recommended: 'recommended'};
const MODALITY_ORDER = {recommendation: 0, expectation: 1, fact: 2, attributed: 3};
const $ = id => document.getElementById(id);
function label(id) { const n = nodeById.get(id); return n ? n.label : id; }
function span(p) {
  return p.begin || p.end ? ' (' + (p.begin || '…') + '–' + (p.end || '…') + ')' : '';
}
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}
// records by link and period
const at = links.map(() => new Array(periods.length).fill(null));
for (const r of DATA.edges) at[r.link][r.period] = r;
const neighbours = new Map(DATA.nodes.map(n => [n.id, new Set()]));
const byPair = new Map();  // 'from|to' -> the pair's links, one per layer
links.forEach((l, li) => {
  neighbours.get(l.from).add(l.to); neighbours.get(l.to).add(l.from);
  const k = l.from + '|' + l.to;
  if (!byPair.has(k)) byPair.set(k, []);
  byPair.get(k).push(li);
});

// -- controls ---------------------------------------------------------------------------
const select = $('period');
periods.forEach((p, i) => { const o = el('option', (i + 1) + '. ' + p.label + span(p));
  o.value = p.id; select.appendChild(o); });
const stanceBox = $('legend');
for (const s of DATA.stances) {
  const row = el('label', undefined, 'swatch'), input = el('input', undefined, 'stance');
  input.type = 'checkbox'; input.checked = true; input.value = s.name;
  const swatch = el('span'); swatch.style.background = s.colour;
  row.append(input, swatch, s.name); stanceBox.appendChild(row);
}
const actorBox = $('actors');
for (const c of DATA.classes) {
  const row = el('div'), mark = el('span', c.symbol, 'mark');
  mark.style.color = c.colour;
  row.append(mark, ' ' + c.text + ' (' + c.count + ')'); actorBox.appendChild(row);
}

// -- which sources count: the source filter and the as-of date ----------------------------
const chosen = new Set(sources.map((_, i) => i));
let asOf = '';
function cite(i) {
  const s = sources[i];
  return s ? s.title + (s.date ? ' (' + s.date + ')' : '') : 'unknown source';
}
function allowed(i) {
  if (!chosen.has(i)) return false;
  const s = sources[i];
  return !asOf || (s !== undefined && s.published !== null && s.published <= asOf);
}
const box = $('sources');
sources.forEach((s, i) => { const row = el('label', undefined, 'src');
  const input = el('input', undefined, 'src'); input.type = 'checkbox'; input.checked = true;
  input.value = String(i); row.append(input, ' ' + cite(i)); box.appendChild(row); });

// -- each source's stance, the consensus, the disagreement (as geokg.network.compare) -------
const byRank = Object.fromEntries(Object.entries(DATA.ranks).map(([k, v]) => [v, k]));
function nearest(r) {  // ties go to the milder stance, then the lower rank
  let best = null;
  for (const k of Object.keys(byRank).map(Number)) {
    const d = Math.abs(k - r), bd = best === null ? Infinity : Math.abs(best - r);
    if (d < bd || (d === bd && (Math.abs(k) < Math.abs(best)
        || (Math.abs(k) === Math.abs(best) && k < best)))) best = k;
  }
  return byRank[best];
}
function median(xs) { const s = xs.slice().sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; }
function judge(r) {
  if (!r.by.length) return {stance: r.stance, weight: r.weight, by: [], claims: r.claims};
  const by = r.by.filter(b => allowed(b.source));
  if (!by.length) return null;
  const ranks = by.map(b => b.rank), lo = Math.min(...ranks), hi = Math.max(...ranks);
  const disputed = by.length > 1 && ((lo < 0 && hi > 0) || hi - lo >= 2);
  const weight = median(ranks);
  const stance = disputed ? 'disputed' : by.length === 1 ? by[0].stance : nearest(weight);
  return {stance: stance, weight: weight, by: by, claims: by.flatMap(b => b.claims)};
}

// -- what each pair does in each period: first seen, same, changed, new, ended -------------
// "changed": the stance differs from the pair's stance (same layer) in the previous period;
// "new": no claim in the previous period; "ended": a claim in the previous period, none now.
let state = [];
function computeStates() {
  state = links.map((_, li) => {
    const row = [];
    let prev = null;
    for (let p = 0; p < periods.length; p++) {
      const r = at[li][p], j = r ? judge(r) : null;
      let entry = null;
      if (j) entry = {j: j, record: r, status: p === 0 ? 'first' : prev === null ? 'new'
        : prev.j.stance !== j.stance ? 'changed' : 'same'};
      else if (prev) entry = {j: prev.j, record: prev.record, status: 'ended'};
      if (entry) entry.code = entry.status + '|' + entry.j.stance + '|' + entry.j.weight + '|'
        + dashes(links[li].layer, entry);  // what the edge looks like, to skip unchanged ones
      row.push(entry);
      prev = j ? entry : null;
    }
    return row;
  });
}

// -- filters: stances, changes only, focus on an actor -----------------------------------
const filters = {stances: new Set(DATA.stances.map(s => s.name)), changes: false, focus: null,
  ended: DATA.showEnded};
$('ended').checked = DATA.showEnded;
const CHANGES = new Set(['changed', 'new', 'ended']);
function shown(li, s) {
  if (!s || !filters.stances.has(s.j.stance)) return false;
  if (s.status === 'ended' && !filters.ended) return false;
  if (filters.changes && !CHANGES.has(s.status)) return false;
  const l = links[li];
  return !filters.focus || l.from === filters.focus || l.to === filters.focus;
}
const SMOOTH = {reported: {enabled: false},
  expected: {enabled: true, type: 'curvedCW', roundness: 0.25},
  recommended: {enabled: true, type: 'curvedCCW', roundness: 0.25}};
const DASHES = {expected: [10, 6], recommended: [2, 5]};
function dashes(layer, s) {
  if (s.status === 'ended') return [1, 7];
  if (layer !== 'reported') return DASHES[layer];
  return s.record.modalities.length && !s.record.modalities.includes('fact') ? [14, 4] : false;
}
function look(li, s) {  // every style an edge can change: restyle() sets exactly these
  const c = colours[s.j.stance] || '#999999', ended = s.status === 'ended';
  return {hidden: false, color: {color: c, highlight: c, hover: c, inherit: false,
      opacity: ended ? 0.35 : 1},
    width: ended ? 1.5 : 1.5 + 2 * Math.abs(s.j.weight) + (s.status === 'changed' ? 2.5 : 0)
      + (s.j.stance === 'disputed' ? 1 : 0),
    dashes: dashes(links[li].layer, s),
    shadow: {enabled: s.status === 'changed', color: 'rgba(0,0,0,0.55)', size: 9, x: 0, y: 0},
    arrows: {middle: {enabled: s.status === 'new', type: 'circle', scaleFactor: 0.6}}};
}
// vis-network 9 re-parses every option of an edge on DataSet.update (about 40 µs an edge:
// 0.6 s to switch periods at 2,000 actors), while drawing reads the few options look() sets.
// So a switch writes those options on the drawn edges and asks for one redraw; the DataSet
// update stays the fallback should a vis-network version keep its edges elsewhere.
function restyle(updates) {
  const live = network.body && network.body.edges;
  if (!live || !updates.every(u => live[u.id] && live[u.id].options && live[u.id].options.arrows)) {
    edges.update(updates);
    return;
  }
  for (const u of updates) {
    const o = live[u.id].options;
    o.hidden = u.hidden;
    if (u.hidden) continue;
    Object.assign(o.color, u.color);
    o.width = u.width; o.dashes = u.dashes;
    Object.assign(o.shadow, u.shadow);
    Object.assign(o.arrows.middle, u.arrows.middle);
  }
  network.body.emitter.emit('_dataUpdated');  // visible edges recounted, one redraw
}
let period = 0;
const applied = new Array(links.length).fill('');
let counts = {};
computeStates();
const edges = new vis.DataSet(links.map((l, li) => {
  const s = state[li][period], k = shown(li, s) ? s.code : 'hidden';
  applied[li] = k;
  // every edge gets every option restyle() writes, hidden or not
  return Object.assign({id: li, from: l.from, to: l.to, smooth: SMOOTH[l.layer]},
    look(li, s || {j: {stance: 'neutral', weight: 0}, status: 'same', record: {modalities: []}}),
    k === 'hidden' ? {hidden: true} : {});
}));
function apply() {  // restyle in place only the edges whose look changes; count what is shown
  const updates = [];
  counts = {first: 0, same: 0, changed: 0, new: 0, ended: 0, disputed: 0};
  for (let li = 0; li < links.length; li++) {
    const s = state[li][period], visible = shown(li, s), k = visible ? s.code : 'hidden';
    if (visible) {
      counts[s.status] += 1;
      if (s.status !== 'ended' && s.j.stance === 'disputed') counts.disputed += 1;
    }
    if (applied[li] === k) continue;
    applied[li] = k;
    updates.push(Object.assign({id: li}, k === 'hidden' ? {hidden: true} : look(li, s)));
  }
  if (updates.length) restyle(updates);
}
const nodes = new vis.DataSet(DATA.nodes);
const network = new vis.Network($('graph'), {nodes: nodes, edges: edges}, DATA.options);
network.fit({animation: false});
network.once('afterDrawing', () => { window.geokgStabilised = performance.now(); });
window.geokgNetwork = network;

function visibleNow() {
  const out = [];
  for (let li = 0; li < links.length; li++) {
    const s = state[li][period];
    if (shown(li, s)) out.push({link: links[li], s: s});
  }
  return out;
}
window.geokgEdges = () => visibleNow().map(v => ({from: v.link.from, to: v.link.to,
  layer: v.link.layer, stance: v.s.j.stance, status: v.s.status}));
window.geokgVisibleEdges = (layer = 'reported') => visibleNow()
  .filter(v => v.link.layer === layer && v.s.status !== 'ended')
  .map(v => [v.link.from, v.link.to, v.s.j.stance]);
window.geokgCounts = () => ({nodes: nodes.length,
  edges: counts.first + counts.same + counts.changed + counts.new, changed: counts.changed,
  appeared: counts.new, ended: counts.ended, disputed: counts.disputed});

// -- period, status line, permalink --------------------------------------------------------
function report() {
  const c = window.geokgCounts(), used = sources.filter((_, i) => allowed(i)).length;
  const p = periods[period];
  say(p.label + span(p) + ': ' + c.edges + ' alignments, ' + c.changed + ' changed, '
    + c.appeared + ' new, ' + c.ended + ' ended, ' + c.disputed + ' disputed; ' + used + ' of '
    + sources.length + ' sources' + (asOf ? ' (as of ' + asOf + ')' : '')
    + (filters.focus ? '; focus: ' + label(filters.focus) : ''));
}
function show(index) {
  period = Math.max(0, Math.min(periods.length - 1, index));
  select.selectedIndex = period;
  apply(); report(); remember(); hideTip();
  if (dyadPair) dyad(dyadPair[0], dyadPair[1]);
}
let restoring = false;
function remember() {  // the state of the page in the URL fragment: a shareable link
  if (restoring) return;
  const q = new URLSearchParams();
  q.set('period', periods[period].id);
  if (dyadPair) q.set('dyad', dyadPair.join(' '));
  if (filters.focus) q.set('actor', filters.focus);
  if (filters.stances.size < DATA.stances.length) q.set('stances', [...filters.stances].join(','));
  if (filters.changes) q.set('changes', '1');
  if (filters.ended !== DATA.showEnded) q.set('ended', filters.ended ? '1' : '0');
  if (chosen.size < sources.length) q.set('sources', [...chosen].map(i => sources[i].id).join(','));
  if (asOf) q.set('asof', asOf);
  try { history.replaceState(null, '', '#' + q.toString()); } catch (err) { /* sandboxed */ }
}
function restore() {
  const q = new URLSearchParams(location.hash.slice(1));
  restoring = true;
  const p = periods.findIndex(x => x.id === q.get('period'));
  if (p >= 0) period = p;
  if (q.has('stances')) {
    const want = new Set(q.get('stances').split(','));
    for (const input of stanceBox.querySelectorAll('input.stance')) input.checked = want.has(input.value);
  }
  $('changes').checked = q.get('changes') === '1';
  $('ended').checked = q.has('ended') ? q.get('ended') === '1' : DATA.showEnded;
  if (q.has('sources')) {
    const want = new Set(q.get('sources').split(','));
    for (const input of box.querySelectorAll('input.src'))
      input.checked = want.has(sources[Number(input.value)].id);
  }
  $('asof').value = q.get('asof') || '';
  readFilters();
  computeStates();
  focus(nodeById.has(q.get('actor')) ? q.get('actor') : null);
  const pair = (q.get('dyad') || '').split(' ');
  if (pair.length === 2 && nodeById.has(pair[0]) && nodeById.has(pair[1])) dyad(pair[0], pair[1]);
  restoring = false;
  show(period);
}

// -- source, stance and change filters ---------------------------------------------------------
function readFilters() {
  chosen.clear();
  for (const input of box.querySelectorAll('input.src')) if (input.checked) chosen.add(Number(input.value));
  asOf = $('asof').value;
  filters.stances = new Set([...stanceBox.querySelectorAll('input.stance:checked')].map(i => i.value));
  filters.changes = $('changes').checked;
  filters.ended = $('ended').checked;
}
function refilter() { readFilters(); computeStates(); show(period); }
box.addEventListener('change', refilter);
stanceBox.addEventListener('change', refilter);
$('changes').addEventListener('change', refilter);
$('ended').addEventListener('change', refilter);
$('asof').addEventListener('change', refilter);
$('asof').addEventListener('input', refilter);
select.addEventListener('change', () => show(select.selectedIndex));
$('prev').addEventListener('click', () => show(period - 1));
$('next').addEventListener('click', () => show(period + 1));
let timer = null;
$('play').addEventListener('click', () => {
  if (timer) { clearInterval(timer); timer = null; return; }
  show(0); timer = setInterval(() => {
    if (period >= periods.length - 1) { clearInterval(timer); timer = null; } else show(period + 1);
  }, 1500);
});

// -- focus on an actor's neighbourhood, search by label and alias ------------------------------
let dimmed = false;
function focus(id) {
  filters.focus = id;
  const near = id ? new Set([id, ...neighbours.get(id)]) : null;
  if (near || dimmed)  // the rest of the network fades
    nodes.update(DATA.nodes.map(n => ({id: n.id, opacity: !near || near.has(n.id) ? 1 : 0.15})));
  dimmed = Boolean(near);
  $('unfocus').hidden = !id;
  apply(); report(); remember();
  if (id) {
    network.selectNodes([id], false);
    network.fit({nodes: [...near], animation: false});
  }
}
$('unfocus').addEventListener('click', () => { focus(null); network.fit({animation: false}); });
const results = $('results');
function search() {
  const term = $('search').value.trim().toLowerCase();
  results.textContent = '';
  if (!term) return;
  const hits = [];
  for (const n of DATA.nodes) {
    const alias = n.aliases.find(a => a.toLowerCase().includes(term));
    if (n.label.toLowerCase().includes(term) || alias !== undefined)
      hits.push({node: n, via: n.label.toLowerCase().includes(term) ? null : alias});
  }
  for (const hit of hits.slice(0, 20)) {
    const item = el('li'), button = el('button', hit.node.label, 'hit');
    button.type = 'button';
    button.addEventListener('click', () => focus(hit.node.id));
    item.appendChild(button);
    if (hit.via) item.append(' (' + hit.via + ')');
    results.appendChild(item);
  }
  if (hits.length > 20) results.appendChild(el('li', '+' + (hits.length - 20) + ' more: type more'));
  if (!hits.length) results.appendChild(el('li', 'no actor matches'));
}
$('search').addEventListener('input', search);
$('search').addEventListener('keydown', event => {
  const first = results.querySelector('button.hit');
  if (event.key === 'Enter' && first) first.click();
});

// -- tooltips: wrapped, inside the viewport, gone when the pointer leaves ----------------------
const tip = $('tip'), graphBox = $('graph');
let pointer = {x: 0, y: 0};
function place() {
  const w = tip.offsetWidth, h = tip.offsetHeight, vw = window.innerWidth, vh = window.innerHeight;
  let x = pointer.x + 16, y = pointer.y + 16;
  if (x + w > vw - 4) x = Math.max(4, pointer.x - 16 - w);
  if (y + h > vh - 4) y = Math.max(4, vh - 4 - h);
  tip.style.left = x + 'px'; tip.style.top = y + 'px';
}
function showTip(lines) { tip.textContent = lines.join(NL); tip.hidden = false; place(); }
function hideTip() { tip.hidden = true; }
// The tooltip follows what is under the pointer, asked of vis-network at each move (its
// hoverEdge events go stale when the pointer leaves the canvas on an edge and comes back).
let under = null;
function tipAt(e) {
  pointer = {x: e.clientX, y: e.clientY};
  const box = graphBox.getBoundingClientRect();
  const at = {x: e.clientX - box.left, y: e.clientY - box.top};
  const node = network.getNodeAt(at);
  const edge = node === undefined ? network.getEdgeAt(at) : undefined;
  const found = node !== undefined ? 'n' + node
    : edge !== undefined && state[Number(edge)][period] ? 'e' + edge : null;
  if (found === null) { hideTip(); under = null; return; }
  if (found !== under || tip.hidden) showTip(node !== undefined ? nodeTip(node) : edgeTip(Number(edge)));
  under = found;
  place();
}
graphBox.addEventListener('pointermove', tipAt);
graphBox.addEventListener('pointerleave', () => { hideTip(); under = null; });
function claimLines(indexes, limit) {
  const claims = [...new Set(indexes)].map(i => DATA.claims[i])
    .sort((a, b) => (MODALITY_ORDER[a.modality] ?? 9) - (MODALITY_ORDER[b.modality] ?? 9));
  const lines = [];
  for (const c of claims.slice(0, limit)) {
    lines.push('• ' + c.statement + ' [' + c.modality + '; ' + c.id + ']');
    for (const q of c.quotes.slice(0, 2)) lines.push('  “' + q + '”');
    lines.push('  source: ' + cite(c.source));
  }
  if (claims.length > limit)
    lines.push('+' + (claims.length - limit) + ' more: click the edge for the dyad panel');
  return lines;
}
function edgeTip(li) {
  const l = links[li], s = state[li][period], p = periods[period];
  const head = label(l.from) + ' – ' + label(l.to);
  if (s.status === 'ended') return [head + ': no claim in this period (' + p.label + ')',
    'last ' + LAYER_TEXT[l.layer] + ' as ' + s.j.stance + ' in ' + periods[period - 1].label];
  const was = period > 0 && state[li][period - 1];
  const lines = [head + ': ' + s.j.stance + ' (' + LAYER_TEXT[l.layer] + ')', p.label + span(p),
    {first: 'first period shown', same: 'unchanged since the previous period',
     new: 'new: no claim in the previous period',
     changed: 'changed: ' + (was ? was.j.stance : '') + ' in the previous period'}[s.status],
    'modality: ' + (s.record.modalities.join(', ') || 'inferred')];
  if (s.j.stance === 'disputed') lines.push('sources disagree:');
  if (s.j.by.length > 1 || s.j.stance === 'disputed')
    for (const b of s.j.by) lines.push('◦ ' + cite(b.source) + ': ' + b.stance);
  for (const other of byPair.get(l.from + '|' + l.to)) {
    const os = state[other][period];
    if (other !== li && os && os.status !== 'ended')
      lines.push('also ' + LAYER_TEXT[links[other].layer] + ': ' + os.j.stance);
  }
  return lines.concat(claimLines(s.j.claims, MAX_CLAIMS));
}
function nodeTip(id) {
  const n = nodeById.get(id), c = DATA.classes.find(x => x.cls === n.cls);
  const lines = [n.label + ' — ' + (c ? c.text : n.cls)];
  if (n.aliases.length) lines.push('also: ' + n.aliases.join(', '));
  lines.push(neighbours.get(id).size + ' partners over all periods; click to focus');
  return lines;
}
network.on('dragStart', hideTip);
network.on('zoom', hideTip);

// -- the dyad panel: stance over time, each source's claims, the pair's events -----------------
const panel = $('dyad');
let dyadPair = null;
function line(text, cls) { const d = el('div', text, cls); panel.appendChild(d); return d; }
function dyad(from, to) {
  panel.textContent = '';
  const pair = [from, to].sort();
  dyadPair = pair;
  panel.appendChild(el('h2', label(pair[0]) + ' – ' + label(pair[1])));
  const mine = byPair.get(pair[0] + '|' + pair[1]) || [];
  const strip = el('div', undefined, 'strip');
  for (const li of mine) {
    const row = el('div', undefined, 'strip-row');
    row.appendChild(el('span', LAYER_TEXT[links[li].layer], 'strip-layer'));
    periods.forEach((p, pi) => {
      const s = state[li][pi], here = s && s.status !== 'ended';
      const cell = el('button', here ? s.j.stance : '—', 'cell' + (pi === period ? ' now' : ''));
      cell.type = 'button';
      cell.title = p.label + span(p);  // a title attribute is shown as text
      if (here) cell.style.background = colours[s.j.stance] || '#999999';
      cell.addEventListener('click', () => show(pi));
      row.appendChild(cell);
    });
    strip.appendChild(row);
  }
  panel.appendChild(strip);
  periods.forEach((p, pi) => {
    for (const li of mine) {
      const s = state[li][pi];
      if (!s || s.status === 'ended') continue;
      line(p.label + span(p) + ': ' + s.j.stance + ' (' + LAYER_TEXT[links[li].layer] + ')', 'bin');
      const groups = s.j.by.length ? s.j.by
        : [{source: -1, stance: s.j.stance, modalities: s.record.modalities, claims: s.j.claims}];
      for (const b of groups) {
        if (b.source >= 0) line(cite(b.source) + ': ' + b.stance + ' [' + b.modalities.join(', ') + ']', 'by');
        for (const c of b.claims.map(i => DATA.claims[i])) {
          line(c.statement + ' [' + c.modality + '; ' + c.id + ']');
          for (const q of c.quotes) line(q, 'quote');
        }
      }
    }
  });
  const events = DATA.events.filter(e => e.actors.includes(pair[0]) && e.actors.includes(pair[1]));
  panel.appendChild(el('h2', 'Events of the pair (' + events.length + ')'));
  for (const e of events) {
    const p = e.period === null ? null : periods[e.period];
    line((p ? p.label + ': ' : 'undated: ') + e.label, 'event');
  }
  remember();
}
network.on('click', params => {
  if (params.edges.length && !params.nodes.length) {
    const l = links[Number(params.edges[0])]; dyad(l.from, l.to);
    panel.scrollIntoView({block: 'start'});
  } else if (params.nodes.length) focus(params.nodes[0]);
});
window.geokgDyad = dyad;
window.geokgLinkId = (a, b, layer) => (byPair.get([a, b].sort().join('|')) || [])
  .find(li => links[li].layer === layer);
window.geokgFocus = focus;
window.geokgShow = show;
restore();
