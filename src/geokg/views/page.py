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
``src``, ``href`` or ``@import``.
"""

from __future__ import annotations

import html
import json
from functools import cache
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


@cache
def _vis_assets() -> tuple[str, str]:
    lib = files("pyvis") / "templates" / "lib" / f"vis-{VIS_VERSION}"
    return (lib / "vis-network.min.js").read_text("utf-8"), (lib / "vis-network.css").read_text(
        "utf-8"
    )


def json_for_script(data: object) -> str:
    """JSON that can sit inside a ``<script>`` element: no ``</script>`` can end it early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(title: str, data: dict, side_html: str, script: str, style: str = "") -> str:
    """The page: a side panel (trusted markup built by geokg), the graph, the data, the code.

    ``title`` is escaped. ``data`` is any JSON-able value, available to
    ``script`` as ``DATA``. The vis ``Network`` is created by ``script``.
    """
    vis_js, vis_css = _vis_assets()
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{vis_css}</style><style>{_BASE_STYLE}{style}</style>
</head><body>
<div id="side"><h1>{html.escape(title)}</h1>{side_html}<p id="status"></p></div>
<div id="graph"></div>
<script type="application/json" id="data">{json_for_script(data)}</script>
<script>{vis_js}</script>
<script>
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
</script>
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
