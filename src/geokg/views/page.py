"""One self-contained HTML page around a vis-network graph: offline by construction.

pyvis builds the node, edge and option data; this module writes the page
itself, because pyvis 0.3.2's templates link Bootstrap and vis-network from
CDNs (even with ``cdn_resources='in_line'``), write a ``lib/`` folder into
the working directory, and insert the heading as raw HTML.

Here vis-network (shipped inside the pyvis package, Apache-2.0 / MIT; its
licence header is kept) is inlined in the page, the data travels as JSON in a
``<script type="application/json">`` element with ``<`` escaped, titles and
labels are put on the page with ``textContent``, and tooltips are plain
strings, which vis-network renders as text. No external URL appears in any
``src``, ``href`` or ``@import``. Of vis-network's 220 KB stylesheet only the
rules the pages use (the tooltip's) are kept; the rest styles its
configurator, manipulation toolbar and navigation buttons, never shown here.

Every page carries a Content-Security-Policy (``<meta http-equiv>``, the
first element of ``<head>``) that forbids the network and inline event
handlers, see ``content_security_policy``. What it allows, for anyone adding
to a page:

- scripts: exactly the ``<script>`` elements ``render`` writes, by their
  SHA-256 hashes, computed here from their text. Put page code in the
  ``script`` argument of ``render``; a new ``<script>`` element, an
  ``onclick=`` attribute, a ``javascript:`` URL, ``eval`` or
  ``new Function`` is refused by the browser. (No 'unsafe-inline': it would
  allow inline handlers; no nonces: a page must be byte-identical across
  runs.) The ``<script type="application/json">`` data block is not run and
  needs no hash.
- styles: ``<style>`` elements and ``style=`` attributes ('unsafe-inline').
  That is safe here because nothing may be fetched: with
  ``default-src 'none'`` a stylesheet can load no image, font or import, so
  it cannot leak anything.
- nothing else: no fetch, XHR, WebSocket, image, font, frame, worker,
  object, ``<base>`` or form submission, to any address (file: and data:
  included).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib.resources import files

VIS_VERSION = "9.1.2"

_BASE_STYLE = """
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #222; display: flex; height: 100vh; }
#side { width: 22rem; padding: .8rem 1rem; overflow-y: auto; border-right: 1px solid #ddd; }
#graph { flex: 1; height: 100vh; }
h1 { font-size: 1.1rem; margin: .2rem 0 .6rem; } h2 { font-size: .95rem; margin: 1rem 0 .3rem; }
label { display: block; margin: .2rem 0; } .muted { color: #666; font-size: 12px; }
.legend span { display: inline-block; width: 1.6rem; height: .35rem; margin-right: .4rem;
  vertical-align: middle; }
.quote { border-left: 3px solid #bbb; padding-left: .5rem; margin: .3rem 0; font-size: 13px; }
button, select, input[type=search] { font: inherit; } select { max-width: 100%; }
#status { font-size: 12px; color: #555; }
"""


# Selectors of vis-network's stylesheet that the pages use (the tooltip); no other is kept.
USED_VIS_CSS = ("vis-tooltip",)
# Tooltips wrap at a readable width instead of running off the screen.
_TOOLTIP_STYLE = "div.vis-tooltip { white-space: pre-wrap; max-width: min(32rem, 90vw); }"


@cache
def _vis_assets() -> tuple[str, str]:
    lib = files("pyvis") / "templates" / "lib" / f"vis-{VIS_VERSION}"
    css = (lib / "vis-network.css").read_text("utf-8")
    used = "".join(
        rule.group(0)
        for rule in re.finditer(r"[^{}]+\{[^{}]*\}", css)
        if any(name in rule.group(0).split("{", 1)[0] for name in USED_VIS_CSS)
    )
    return (lib / "vis-network.min.js").read_text("utf-8"), used + _TOOLTIP_STYLE


@lru_cache(maxsize=16)  # vis-network (470 KB) and the page scripts, on hundreds of pages
def script_hash(text: str) -> str:
    """The CSP source expression that lets exactly this inline script run."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(scripts: Iterable[str] = ()) -> str:
    """The policy of every page: no network at all, and only the page's own scripts run.

    Examples
    --------
    >>> policy = content_security_policy(["alert(1)"])
    >>> "default-src 'none'" in policy and "connect-src 'none'" in policy
    True
    >>> "'unsafe-inline'" in policy.split("script-src")[1].split(";")[0]
    False
    """
    allowed = " ".join(script_hash(s) for s in scripts) or "'none'"
    return (
        "default-src 'none'; "
        f"script-src {allowed}; "
        "style-src 'unsafe-inline'; "
        "connect-src 'none'; img-src 'none'; font-src 'none'; media-src 'none'; "
        "object-src 'none'; frame-src 'none'; worker-src 'none'; manifest-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def csp_meta(scripts: Iterable[str] = ()) -> str:
    """The ``<meta>`` element of ``content_security_policy``, to open a page's ``<head>``."""
    policy = html.escape(content_security_policy(scripts), quote=False).replace('"', "&quot;")
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


# (one encoder for all: json.dumps makes a new one for each call, a third of the time
# of encoding a small record, and the explorer encodes hundreds of thousands)
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def json_for_script(data: object) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``</script>`` can end it early."""
    text = _ENCODER.encode(data)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def json_object(fields: dict[str, str]) -> str:
    """What ``json_for_script`` gives for a dict, from each value's ``json_for_script``:
    for data whose parts are made at different times, or once for many pages.

    >>> data = {"b": [1, "<x>"], "a": {"c": None}}
    >>> json_object({k: json_for_script(v) for k, v in data.items()}) == json_for_script(data)
    True
    """
    return "{" + ", ".join(f"{json_for_script(k)}: {v}" for k, v in sorted(fields.items())) + "}"


def render(
    title: str,
    data: object,
    side_html: str,
    script: str,
    style: str = "",
    data_json: str | None = None,
) -> str:
    """The page: a side panel (trusted markup built by geokg), the graph, the data, the code.

    ``title`` is escaped. ``data`` is any JSON-able value, available to
    ``script`` as ``DATA``; or ``data_json``, its ``json_for_script`` made already.
    The vis ``Network`` is created by ``script``.
    """
    vis_js, vis_css = _vis_assets()
    code = f"""
"use strict";
const DATA = JSON.parse(document.getElementById('data').textContent);
const statusLine = document.getElementById('status');
function say(text) {{ statusLine.textContent = text; }}
function stabilise(network) {{
  // Physics runs until the layout settles, then stops: a big graph must not spin forever.
  network.once('stabilizationIterationsDone', () => {{
    network.setOptions({{physics: false}});
    window.geokgStabilised = performance.now();
    say('layout settled');
  }});
}}
{script}
"""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">{csp_meta([vis_js, code])}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{vis_css}</style><style>{_BASE_STYLE}{style}</style>
</head><body>
<div id="side"><h1>{html.escape(title)}</h1>{side_html}<p id="status"></p></div>
<div id="graph"></div>
<script type="application/json" id="data">{json_for_script(data) if data_json is None else data_json}</script>
<script>{vis_js}</script>
<script>{code}</script>
</body></html>
"""


def through_pyvis(nodes: list[dict], edges: list[dict]) -> dict:
    """The node and edge records as pyvis builds them (its checks and defaults applied).

    A directed ``Network`` is used whatever the arrows: pyvis's undirected
    ``add_edge`` compares each new edge with every existing one (quadratic; 39 s
    for 20,000 edges here), the directed one does not.
    """
    from pyvis.network import Network

    net = Network(directed=True)
    for node in nodes:
        attrs = {k: v for k, v in node.items() if k not in ("id", "label")}
        net.add_node(node["id"], label=node.get("label", node["id"]), **attrs)
    for edge in edges:
        attrs = {k: v for k, v in edge.items() if k not in ("from", "to")}
        attrs.setdefault("arrows", "")
        net.add_edge(edge["from"], edge["to"], **attrs)
    return {"nodes": net.nodes, "edges": net.edges}


def physics_options(n_nodes: int, seed: int = 7) -> dict:
    """vis-network options: a seeded layout and a bounded stabilisation, scaled to size."""
    iterations = 400 if n_nodes < 300 else 150 if n_nodes < 1500 else 80
    return {
        "layout": {"randomSeed": seed, "improvedLayout": n_nodes <= 200},
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 50},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": n_nodes > 500},
        "edges": {"smooth": n_nodes <= 500},
    }
