"""The alignment-shifts view: the signed actor network, period by period.

Nodes are actors, shaped and coloured by class (state, bloc, non-state
actor…); edges are alignments, coloured by stance, as wide as they are
intense. Each pair has up to three edges side by side: what is reported
(solid; long dashes when only attributed to others), what is expected
(dashed, curved one way) and what is recommended (dotted, curved the
other). A period's edge is marked *changed* (thick, shadowed) when the
pair's stance differs from its stance in the previous period, *new* (a dot
in the middle) when the pair had no claim then, and a pair that had a claim
then and none now is drawn faded, "no claim in this period".

Positions are computed once on the union of all periods (``layout``), so a
period switch only restyles edges in place. The page code is
``alignments.js``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from functools import cache
from importlib.resources import files

from ..claims.terms import STANCES
from ..network.compare import DISPUTED, consensus, source_stances
from ..network.projection import Projection
from .actors import ActorInfo
from .layout import positions
from .page import render, through_pyvis
from .palette import ACTOR_STYLE, DISPUTED_COLOUR, STANCE_COLOURS, actor_style

# Which edge of a pair a claim's modality is drawn on.
LAYER_OF = {
    "fact": "reported",
    "attributed": "reported",
    "expectation": "expected",
    "recommendation": "recommended",
}
LAYERS = ("reported", "expected", "recommended")
ENDED_SHOWN_UP_TO = 3000  # links (pairs x layers); beyond, ended pairs start hidden
# Legend symbols of vis-network's node shapes.
_SYMBOLS = {
    "dot": "●",
    "square": "■",
    "hexagon": "⬢",
    "triangle": "▲",
    "triangleDown": "▼",
    "diamond": "◆",
}


def alignment_data(projection: Projection, actors: Mapping[str, ActorInfo] | None = None) -> dict:
    """Periods, actors, links (one per pair and layer) and per period each link's record.

    Records are kept small (a 2,000-actor network has tens of thousands):
    colours, widths, tooltips and the changed / new / ended marks are made in
    the page from ``stance``, ``weight`` and indexes into the shared
    ``claims`` and ``sources`` lists. Each record keeps every source's stance
    (``by``: source index, rank, stance, claim indexes) so that the page can
    recompute the consensus, or the disagreement, when the reader filters
    sources or picks an as-of date. ``actors`` gives each actor's class and
    aliases (``geokg.views.actors.actor_info``); an actor missing from it
    is drawn as a plain actor.
    """
    actors = actors or {}
    bins = [b for b in projection.bins if b.id in projection.signed]
    claims: list[dict] = []
    claim_index: dict[str, int] = {}
    sources = list(projection.sources.values())
    source_index = {ref.iri: n for n, ref in enumerate(sources)}
    ids = {iri: projection.claim_id(iri) for iri in projection.claims}

    def cited(iri: str) -> int | None:
        if iri not in claim_index:
            claim = projection.claims.get(iri)
            if claim is None:
                return None
            claim_index[iri] = len(claims)
            claims.append(
                {
                    "id": ids[iri],
                    "modality": claim.modality,
                    "statement": claim.statement,
                    "source": source_index.get(claim.source or "", -1),
                    "quotes": [q.text for q in claim.quotes],
                }
            )
        return claim_index[iri]

    links: dict[tuple[str, str, str], int] = {}
    records = []
    for number, period in enumerate(bins):
        graph = projection.signed[period.id]
        for a, b, attrs in sorted(graph.edges(data=True), key=lambda e: sorted(e[:2])):
            pair = tuple(sorted((a, b)))
            layers: dict[str, list] = defaultdict(list)
            for item in attrs.get("support", ()):
                layers[LAYER_OF.get(item.modality, "reported")].append(item)
            for layer in [x for x in LAYERS if x in layers] or ["reported"]:
                record = _record(layers.get(layer, []), attrs, projection, ids, cited, source_index)
                link = links.setdefault((pair[0], pair[1], layer), len(links))
                records.append({"link": link, "period": number, **record})
    drawn = sorted({n for a, b, _ in links for n in (a, b)})
    places = positions(drawn, [(a, b) for a, b, _ in links])
    nodes = [_actor(projection, iri, actors.get(iri, ActorInfo()), places[iri]) for iri in drawn]
    index_of = {iri: n for n, iri in enumerate(drawn)}
    present = Counter(n["cls"] for n in nodes)
    number_of: dict[str, int] = {}  # a bin's number by id (thousands of events at 200 sources)
    for n, b in enumerate(bins):
        number_of.setdefault(b.id, n)
    events = [
        {
            "label": e.label,
            "period": number_of.get(e.period),
            "actors": sorted(a for a in e.actors if a in places),
        }
        for e in projection.events
        if sum(a in places for a in e.actors) >= 2
    ]
    return {
        "periods": [{"id": b.id, "label": b.label, "begin": b.begin, "end": b.end} for b in bins],
        "nodes": nodes,
        # [from, to, layer], actors by their index in "nodes": a third of the size of IRIs
        "links": [[index_of[a], index_of[b], layer] for a, b, layer in links],
        "edges": records,
        "claims": claims,
        "events": events,
        "classes": [
            {
                "cls": cls,
                "text": text,
                "colour": colour,
                "symbol": _SYMBOLS.get(shape, "●"),
                "count": present[cls],
            }
            for cls, (colour, shape, text) in ACTOR_STYLE.items()
            if present[cls]
        ],
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


def _record(items, attrs, projection, ids, cited, source_index) -> dict:
    """One layer of one pair in one period: its stance, each source's stance, its claims."""
    if not items:  # an edge without claims (inferred, or built by hand): as the projection has it
        return {
            "stance": attrs.get("stance", "neutral"),
            "weight": float(attrs.get("weight", 0)),
            "modalities": [],
            "claims": [c for c in map(cited, attrs.get("claims", ())) if c is not None],
            "by": [],
        }
    stances = source_stances(items, projection.sources, ids)
    weight, stance = consensus(stances)
    refs = [cited(c) for c in dict.fromkeys(s.claim for s in sorted(items, key=lambda s: s.claim))]
    return {
        "stance": stance,
        "weight": weight,
        "modalities": sorted({s.modality for s in items}),
        "claims": [c for c in refs if c is not None],
        "by": [
            {
                "source": source_index.get(s.source, -1),
                "stance": s.stance,
                "rank": s.rank,
                "modalities": list(s.modalities),
                "claims": [c for c in map(cited, s.claims) if c is not None],
            }
            for s in stances
        ],
    }


def _actor(projection: Projection, iri: str, info: ActorInfo, place: tuple[int, int]) -> dict:
    cls = info.cls if info.cls in ACTOR_STYLE else "Actor"
    return {
        "id": iri,
        "label": projection.label(iri),
        "cls": cls,
        "aliases": list(info.aliases),
        "x": place[0],
        "y": place[1],
        **actor_style(cls),
    }


@cache
def _script() -> str:
    return (files("geokg.views") / "alignments.js").read_text("utf-8")


def view_options(n_nodes: int) -> dict:
    """vis-network options: fixed positions (no physics), hover, lighter drawing when large."""
    large = n_nodes > 500
    return {
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "physics": {"enabled": False},
        "interaction": {"hover": True, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large},
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1.5},
        "nodes": {
            "size": 7 if large else 14,
            "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
    }


_SIDE = """
<label>Period <select id="period"></select></label>
<p><button id="prev" type="button">◀ previous</button> <button id="next" type="button">next ▶</button>
<button id="play" type="button">▶ step through</button></p>
<label>Find an actor <input type="search" id="search" placeholder="name or alias…"></label>
<ul id="results" class="results"></ul>
<p><button id="unfocus" type="button" hidden>show every actor</button></p>
<h2>Actors</h2><div id="actors" class="legend"></div>
<h2>Stance (untick to hide)</h2><div id="legend" class="legend"></div>
<label><input type="checkbox" id="changes"> changes only (changed, new, ended)</label>
<label><input type="checkbox" id="ended"> ended pairs, faded</label>
<h2>Edges</h2><div class="legend lines">
<div><span class="line solid"></span>reported as fact</div>
<div><span class="line attributed"></span>only attributed to others</div>
<div><span class="line expected"></span>expected (curved)</div>
<div><span class="line recommended"></span>recommended (curved the other way)</div>
<div><span class="line changed"></span>changed since the previous period</div>
<div><span class="line new"></span>new: no claim in the previous period</div>
<div><span class="line ended"></span>ended: no claim in this period</div>
</div>
<p class="muted">Width: intensity. Purple: the sources disagree (opposite signs, or two or
more steps apart); each source counts once. Hover for the claims; click an edge for the dyad
panel, an actor to focus on its partners.</p>
<h2>Sources</h2><label>As of <input id="asof" type="date"></label>
<div id="sources" class="sources"></div>
<div id="dyad"></div>
"""

_STYLE = """
label.src { display: block; } .legend label.swatch { display: block; }
.legend .mark { display: inline-block; width: 1.6rem; text-align: center; font-size: 16px;
  -webkit-text-stroke: 1px #333; }
.lines .line { display: inline-block; width: 2.4rem; height: 0; margin-right: .4rem;
  vertical-align: middle; border-top: 3px solid #56B4E9; }
.line.attributed { border-top-style: dashed; } .line.expected { border-top: 3px dashed #56B4E9; }
.line.recommended { border-top: 3px dotted #56B4E9; }
.line.changed { border-top-width: 6px; box-shadow: 0 0 6px rgba(0,0,0,.6); }
.line.new { position: relative; } .line.new::after { content: ""; position: absolute;
  left: 1rem; top: -6px; width: 9px; height: 9px; border-radius: 50%; background: #56B4E9; }
.line.ended { border-top: 2px dotted rgba(86,180,233,.45); }
.results { margin: .2rem 0; padding-left: 1.2rem; } .results button { font: inherit;
  background: none; border: 0; color: #0645ad; cursor: pointer; padding: 0; text-align: left; }
#tip { position: fixed; z-index: 10; max-width: min(30rem, 90vw); max-height: 90vh;
  overflow: hidden; white-space: pre-wrap; overflow-wrap: anywhere; pointer-events: none;
  background: #fffff5; border: 1px solid #888; border-radius: 4px; padding: .4rem .6rem;
  font-size: 13px; box-shadow: 2px 2px 8px rgba(0,0,0,.25); }
.strip { margin: .3rem 0 .6rem; } .strip-row { display: flex; gap: 2px; align-items: center;
  margin: 2px 0; } .strip-layer { width: 6.5rem; font-size: 12px; color: #555; }
.strip .cell { flex: 1; font-size: 11px; padding: 3px 0; border: 1px solid #ccc;
  background: #f4f4f4; cursor: pointer; overflow: hidden; text-overflow: ellipsis; }
.strip .cell.now { outline: 2px solid #222; } .bin { font-weight: bold; margin-top: .5rem; }
.event { font-size: 13px; margin: .2rem 0; }
"""


def alignment_page(
    projection: Projection,
    title: str = "Alignment shifts",
    actors: Mapping[str, ActorInfo] | None = None,
) -> str:
    """The page: ``alignment_data`` (nodes checked by pyvis), the options and the page code."""
    data = alignment_data(projection, actors)
    data["nodes"] = through_pyvis(data["nodes"], [])["nodes"]
    data["options"] = view_options(len(data["nodes"]))
    # Past a few thousand pairs, thousands of faded lines would bury the period's own
    # (and double the drawing): ended pairs are then a tick away rather than shown at once.
    data["showEnded"] = len(data["links"]) <= ENDED_SHOWN_UP_TO
    side = _SIDE + '<div id="tip" role="tooltip" hidden></div>'
    return render(title, data, side, _script(), style=_STYLE)
