"""The interests view and the explorer in a real browser: every link works, colours mean something.

One page load per page where possible: each test walks through what an
analyst does on that page (click every pair, filter, search, inspect).
"""

from __future__ import annotations

import json
import re
from itertools import combinations

from geokg.network.projection import MODALITIES, Selection, project
from geokg.views.explorer import explorer_pages, page_name
from geokg.views.interests import SHORT, interest_data

from .browser import new_page
from .conftest import SOURCE_ID

LIMIT = 5_000_000  # bytes: no page over 5 MB (issue 13)


def _data(path) -> dict:
    """A page's data as explorer.js reads it: a source page's edges name their ends by
    position (``[from, to, label, graph]``) and a label is sent only when shortened."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="data">(.*?)</script>', text, re.S)
    data = json.loads(match.group(1))
    nodes = data["nodes"]
    for node in nodes:
        node.setdefault("label", node["full"])
    data["edges"] = [
        {"from": nodes[e[0]]["id"], "to": nodes[e[1]]["id"], "label": e[2], "graph": e[3]}
        if isinstance(e, list)
        else e
        for e in data["edges"]
    ]
    return data


# -- the interests view ---------------------------------------------------------------


def test_interest_labels_are_short_english_and_one_edge_per_actor_interest_and_mode(dataset):
    data = interest_data(project(dataset, Selection.named("inferred", MODALITIES)))
    for node in data["nodes"]:
        assert len(node["label"]) <= SHORT and node["full"] in node["title"]
    for edge in data["edges"]:
        # "Pakistan needs to buy arms markets" read badly: a market is bought in
        assert not re.search(r"(needs to buy|seeks to sell) \w+ markets", edge["title"]), edge
    keys = [(e["from"], e["to"], e["kind"]) for e in data["edges"]]
    assert len(keys) == len(set(keys))  # no look-alike parallel edges
    drawn = {n["id"] for n in data["nodes"]}
    for links in data["links"].values():
        for link in links:  # every actor and interest a link names has a node
            assert {link["a"], link["b"], link["interest"]} <= drawn, link["text"]


def test_every_pair_link_works_keeps_mode_colours_and_no_label_overlaps(views, chromium):
    page = new_page(chromium)
    page.open(views / "interests.html")
    data = _data(views / "interests.html")
    colours = {e["id"]: e["color"]["color"] for e in data["edges"]}
    # like the report's tables, facts only at first, and the page says so
    assert "Counting: fact claims." in page.page.inner_text("#counting")
    facts = page.page.locator("a.pair").count()
    assert facts == len(data["links"]["fact"]) > 0
    for mode in ("fact", "all"):
        if mode == "all":
            page.page.check("#all-modalities")
            assert "expectation" in page.page.inner_text("#counting")
        kinds = ("complementary", "convergent", "competing")  # the page's order
        links = [link for kind in kinds for link in data["links"][mode] if link["kind"] == kind]
        assert page.page.locator("a.pair").count() == len(links)
        drawn = set(page.page.evaluate("window.geokgNetwork.body.data.nodes.getIds()"))
        for k, link in enumerate(links):
            assert {link["a"], link["b"]} <= drawn, f"{link['text']} names an actor not drawn"
            page.page.locator("a.pair").nth(k).click()
            assert page.errors == [], link["text"]
            assert page.page.inner_text("#status").startswith(link["text"])
            lit = page.page.evaluate("window.geokgHighlighted")
            assert {link["a"], link["b"]} <= set(lit["nodes"]) and lit["edges"], link["text"]
            state = page.page.evaluate("""() => {
                const net = window.geokgNetwork, out = {};
                for (const id of net.body.data.edges.getIds()) {
                    const c = net.body.edges[id].options.color;
                    out[id] = [c.color, c.opacity];
                }
                return out;
            }""")
            for edge_id, (colour, opacity) in state.items():
                if edge_id in lit["edges"]:  # the mode colour, not the selection grey
                    assert (colour, opacity) == (colours[edge_id], 1), edge_id
                else:
                    assert opacity < 0.5, edge_id
        page.shot(f"interests-highlight-{mode}")
    # the competing pairs with India (only an "against" target) work like every other
    assert any("India" in link["text"] for link in data["links"]["all"])
    # no two nodes overlap, labels included
    page.page.click("#clear")
    boxes = page.page.evaluate("""() => {
        const net = window.geokgNetwork;
        return net.body.data.nodes.getIds().map(id => [id, net.getBoundingBox(id)]);
    }""")
    assert len(boxes) > 10
    for (a, p), (b, q) in combinations(boxes, 2):
        apart = (
            p["right"] < q["left"]
            or q["right"] < p["left"]
            or p["bottom"] < q["top"]
            or (q["bottom"] < p["top"])
        )
        assert apart, (a, b)
    page.shot("interests")
    assert page.errors == []
    assert page.external == []


# -- the explorer -----------------------------------------------------------------------


def _node_id(data: dict, label: str) -> str:
    return next(n["id"] for n in data["nodes"] if n["full"] == label)


def test_source_page_filters_searches_inspects_and_focuses(views, chromium):
    path = views / page_name(SOURCE_ID)
    data = _data(path)
    classes = data["classes"]
    page = new_page(chromium)
    page.open(path)
    # a readable default: actors, alignments and interests; no claim or evidence plumbing
    shown = {c for c, v in classes.items() if v["shown"]}
    assert {classes[c]["family"] for c in shown} == {"actor", "alignment", "interest"}
    counts = page.page.evaluate("window.geokgCounts()")
    assert counts["nodes"] == sum(1 for n in data["nodes"] if n["cls"] in shown) < 100
    # every class its own colour and shape, with a swatch in the legend
    pairs = {(v["color"], v["shape"]) for v in classes.values()}
    assert len(pairs) == len(classes) > 30
    assert page.page.locator("#classes .swatch").count() == len(classes)
    page.shot("explorer-source")
    # filtering re-lays out, refits and counts what is drawn
    layouts = page.page.evaluate("window.geokgLayouts")
    page.page.uncheck("input.grp[value=inferred]")
    page.page.wait_for_function(f"() => window.geokgLayouts > {layouts}")
    after = page.page.evaluate("window.geokgCounts()")
    ids = {n["id"] for n in data["nodes"] if n["cls"] in shown}
    expected = [e for e in data["edges"] if e["from"] in ids and e["to"] in ids]
    assert counts["edges"] == len(expected)
    assert after["edges"] == len([e for e in expected if e["graph"] != "inferred"])
    assert after["edges"] < counts["edges"]
    page.page.click("#none")
    assert page.page.evaluate("window.geokgCounts()") == {"nodes": 0, "edges": 0}
    page.page.click("#all")
    assert page.page.evaluate("window.geokgCounts()")["nodes"] == len(data["nodes"])
    page.page.check("input.grp[value=inferred]")
    page.page.click("#none")
    page.page.click(".family:has-text('actor') button:has-text('all')")
    actors = sum(1 for n in data["nodes"] if classes[n["cls"]]["family"] == "actor")
    assert page.page.evaluate("window.geokgCounts()")["nodes"] == actors
    # an alias finds its actor, listed as a result; a click on the result focuses on it
    page.page.fill("#search", "Moscow")
    assert page.page.inner_text("#results button.hit >> nth=0") == "Russia"
    page.page.click('#results button.hit >> text="Russia"')
    russia = _node_id(data, "Russia")
    assert page.page.evaluate("window.geokgInspected") == russia
    near = page.page.evaluate("window.geokgCounts()")
    neighbours = {e["to"] if e["from"] == russia else e["from"] for e in data["edges"]
                  if russia in (e["from"], e["to"])}  # fmt: skip
    assert near["nodes"] == len(neighbours | {russia})
    page.page.wait_for_function("() => window.geokgLayouts > 0")
    page.shot("explorer-focus-russia")
    # a click on a node opens the panel: properties, neighbours, claims with their quotes
    laid_out = page.page.evaluate("window.geokgLayouts")
    page.page.click("#focus")  # back to everything, laid out again: wait until it settles
    page.page.wait_for_function(f"() => window.geokgLayouts > {laid_out}")
    pakistan = _node_id(data, "Pakistan")
    point = page.page.evaluate(f"""() => {{
        const net = window.geokgNetwork;
        net.focus('{pakistan}', {{scale: 2.5, animation: false}});  // no neighbour under the pointer
        const p = net.getPositions(['{pakistan}'])['{pakistan}'];
        const d = net.canvasToDOM(p), box = document.getElementById('graph').getBoundingClientRect();
        return {{x: d.x + box.left, y: d.y + box.top}};
    }}""")
    page.page.mouse.click(point["x"], point["y"])
    assert page.page.evaluate("window.geokgInspected") == pakistan
    panel = page.page.inner_text("#panel")
    assert "Neighbours" in panel and "Claims" in panel
    quotes = page.page.locator("#panel .quote")
    assert quotes.count() > 0 and quotes.first.inner_text().startswith("“")
    page.shot("explorer-panel")
    assert page.errors == []
    assert page.external == []


def test_corpus_page_links_each_source_page_and_finds_aliases(views, chromium):
    data = _data(views / "explorer.html")
    assert {data["classes"][n["cls"]]["family"] for n in data["nodes"]} <= {"actor", "interest"}
    assert [s["href"] for s in data["sources"]] == [page_name(SOURCE_ID)]
    assert page_name(SOURCE_ID) in (views / "index.html").read_text(encoding="utf-8")
    page = new_page(chromium)
    page.open(views / "explorer.html")
    page.page.fill("#search", "Moscow")
    page.page.click('#results button.hit >> text="Russia"')
    assert page.page.locator("#panel .quote").count() > 0
    page.shot("explorer-corpus")
    # the panel's source link opens the source's page from disk, focused on the actor
    page.page.click("#panel a >> nth=0")
    page.page.wait_for_function("() => window.geokgStabilised !== undefined", timeout=60_000)
    assert page.page.url.split("#")[0].endswith(page_name(SOURCE_ID))
    assert page.page.evaluate("window.geokgInspected") == _node_id(data, "Russia")
    assert page.errors == []


def test_multi_source_corpus_has_a_page_per_source_under_5_mb(corpus, tmp_path, chromium):
    _, sources, dataset = corpus
    pages = explorer_pages(dataset, project(dataset, Selection.named("asserted", MODALITIES)))
    assert set(pages) == {"explorer.html"} | {page_name(s) for s in sources}
    for name, text in pages.items():
        assert len(text.encode("utf-8")) < LIMIT, name
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    corpus_data = _data(tmp_path / "explorer.html")
    assert len(corpus_data["sources"]) == len(sources)
    page = new_page(chromium)
    for name in ("explorer.html", page_name(sorted(sources)[-1])):
        page.open(tmp_path / name)
        assert page.page.evaluate("window.geokgCounts()")["nodes"] > 0
    page.shot("explorer-corpus-source")
    assert page.errors == []
    assert page.external == []
