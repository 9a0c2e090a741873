"""The endpoint's query page: one self-contained HTML document, no external resource."""

from __future__ import annotations

import html
import json

from .query import NamedQuery

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #222; }
h1 { font-size: 1.4rem; } textarea { width: 100%; height: 16rem; font: 13px monospace; }
table { border-collapse: collapse; margin-top: 1rem; font-size: 13px; }
td, th { border: 1px solid #ccc; padding: .25rem .5rem; vertical-align: top; text-align: left; }
th { background: #f3f3f3; } .error { color: #a00; white-space: pre-wrap; }
nav a { margin-right: 1rem; } select { max-width: 100%; }
"""

_SCRIPT = """
const queries = JSON.parse(document.getElementById('queries').textContent);
const pick = document.getElementById('pick'), text = document.getElementById('text');
const out = document.getElementById('out'), about = document.getElementById('about');
for (const q of queries) {
  const o = document.createElement('option'); o.value = q.name;
  o.textContent = (q.answers ? q.answers + ' — ' : '') + q.title; pick.appendChild(o);
}
function choose() {
  const q = queries.find(q => q.name === pick.value);
  if (q) { text.value = q.text; about.textContent = q.description; }
}
pick.addEventListener('change', choose); choose();
document.getElementById('run').addEventListener('click', async () => {
  out.textContent = 'running…';
  const response = await fetch('sparql', {method: 'POST', body: text.value, headers: {
    'Content-Type': 'application/sparql-query',
    'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}});
  const body = await response.text();
  out.textContent = '';
  if (!response.ok) { const p = document.createElement('p'); p.className = 'error';
    p.textContent = response.status + ': ' + body; out.appendChild(p); return; }
  if (!(response.headers.get('Content-Type') || '').includes('json')) {
    const pre = document.createElement('pre'); pre.textContent = body; out.appendChild(pre); return; }
  const data = JSON.parse(body);
  if ('boolean' in data) { out.textContent = String(data.boolean); return; }
  const table = document.createElement('table'), head = table.insertRow();
  for (const v of data.head.vars) { const th = document.createElement('th');
    th.textContent = v; head.appendChild(th); }
  for (const b of data.results.bindings) { const row = table.insertRow();
    for (const v of data.head.vars) row.insertCell().textContent = b[v] ? b[v].value : ''; }
  const n = document.createElement('p');
  n.textContent = data.results.bindings.length + ' rows'; out.appendChild(n); out.appendChild(table);
});
"""


def render_page(queries: dict[str, NamedQuery], views: list[str]) -> str:
    """The page: a query editor prefilled with the named queries, and links to the views.

    Query texts travel as JSON inside a ``<script type="application/json">``
    element (with ``<`` escaped) and are put on the page with ``textContent``,
    so nothing from a query or a result is ever parsed as HTML.
    """
    data = json.dumps(
        [{"name": q.name, "title": q.title, "answers": q.answers, "description": q.description,
          "text": q.text} for q in queries.values()],
        ensure_ascii=False,
    ).replace("<", "\\u003c")  # fmt: skip
    links = "".join(
        f'<a href="views/{html.escape(name, quote=True)}">{html.escape(name)}</a>' for name in views
    )
    nav = f"<nav>Views: {links}</nav>" if links else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>geokg SPARQL endpoint</title><style>{_STYLE}</style></head>
<body><h1>geokg SPARQL endpoint</h1>{nav}
<p>Read-only SPARQL 1.1 at <code>/sparql</code>. The prefixes gk:, gkd:, graph:, sourcegraph:,
oa:, prov:, time:, skos:, dcterms:, schema:, owl:, rdf:, rdfs:, xsd: and wd: are predeclared.</p>
<label>Named query: <select id="pick"></select></label>
<p id="about"></p>
<textarea id="text" spellcheck="false"></textarea>
<p><button id="run">Run</button></p>
<div id="out"></div>
<script type="application/json" id="queries">{data}</script>
<script>{_SCRIPT}</script>
</body></html>
"""
