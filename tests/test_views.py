"""The HTML views in a real browser: offline, complete, switchable, safe."""

from __future__ import annotations

import json
import re

import pytest

from geokg.network.projection import MODALITIES, Selection, project
from geokg.rdf.build import Paths, build_dataset
from geokg.views import notebook, write_views
from geokg.views.alignments import alignment_data
from geokg.views.explorer import page_name

from .browser import browser, new_page
from .conftest import SOURCE_ID


@pytest.fixture(scope="module")
def views(dataset, tmp_path_factory):
    folder = tmp_path_factory.mktemp("views")
    write_views(dataset, folder)
    return folder


@pytest.fixture(scope="module")
def chromium():
    with browser() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def projection(dataset):
    return project(dataset, Selection(modalities=frozenset(MODALITIES)))


def _page_data(path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="data">(.*?)</script>', text, re.S)
    return json.loads(match.group(1))


def test_no_external_url_in_any_src_href_or_import(views):
    for page in views.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), page.name
        assert not re.search(r"@import\s+(url\()?[\"']?(https?:)?//", text), page.name
    assert not (views / "lib").exists()


@pytest.mark.parametrize("name", ["alignment-shifts", "interests", "explorer"])
def test_view_opens_offline_without_errors(views, chromium, name):
    page = new_page(chromium)
    page.open(views / f"{name}.html")
    counts = page.page.evaluate("window.geokgCounts()")
    data = _page_data(views / f"{name}.html")
    if name == "interests":  # facts only when the page opens, like the report's tables
        facts = [e for e in data["edges"] if "fact" in e["modalities"]]
        ends = {n for e in facts for n in (e["from"], e["to"])}
        assert counts == {"nodes": len(ends), "edges": len(facts)}
    elif name == "alignment-shifts":
        first = data["periods"][0]["id"]
        assert counts["nodes"] == len(data["nodes"])
        assert counts["edges"] == len([e for e in data["edges"] if e["period"] == first])
    else:  # the explorer's corpus page: actors and interests (tests/test_views_explorer.py)
        assert counts == {"nodes": len(data["nodes"]), "edges": len(data["edges"])}
    assert counts["nodes"] > 0 and counts["edges"] > 0
    page.shot(name)
    assert page.errors == []
    assert page.external == []


def test_switching_period_shows_the_alignments_of_that_period(views, chromium, projection):
    page = new_page(chromium)
    page.open(views / "alignment-shifts.html")
    for period in [p for p in projection.periods if p.id in projection.signed]:
        page.page.select_option("#period", period.id)
        shown = sorted(tuple(e) for e in page.page.evaluate("window.geokgVisibleEdges()"))
        graph = projection.signed[period.id]
        expected = sorted((*sorted((a, b)), d["stance"]) for a, b, d in graph.edges(data=True))
        assert [tuple(e) for e in shown] == [tuple(e) for e in expected], period.id
        page.shot(f"alignment-shifts-{period.id}")
    russia_pakistan = [e for e in alignment_data(projection)["edges"]
                       if e["from"].endswith("/pakistan") and e["to"].endswith("/russia")]  # fmt: skip
    assert [e["stance"] for e in russia_pakistan] == ["hostile", "tense", "neutral", "cooperative"]
    assert all(e["changed"] for e in russia_pakistan)
    assert page.errors == []


def test_hovering_an_edge_shows_the_evidence_sentence(views, chromium):
    page = new_page(chromium)
    page.open(views / "alignment-shifts.html")
    page.page.select_option("#period", "cold-war")
    point = page.page.evaluate("""() => {
        const net = window.geokgNetwork;
        const data = net.body.data.edges.get().find(e => e.period === 'cold-war' && e.to.endsWith('/russia'));
        const edge = net.body.edges[data.id];
        const p = net.canvasToDOM({x: (edge.from.x + edge.to.x) / 2, y: (edge.from.y + edge.to.y) / 2});
        const box = document.getElementById('graph').getBoundingClientRect();
        return {x: p.x + box.left, y: p.y + box.top};
    }""")
    page.page.mouse.move(point["x"], point["y"])
    tooltip = page.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=10_000)
    text = tooltip.inner_text()
    assert "Since the inception of Pakistan till disintegration, relations remained sour" in text
    # the source by its title and date, the claim by its source-qualified id — not a slug
    assert "source: Pakistan–Russia rapprochement (op-ed) (2017)" in text
    assert f"[{SOURCE_ID}/pk-ru-cold-war-hostile]" in text
    page.shot("alignment-shifts-tooltip")


def test_dyad_panel_lists_the_claims_over_time(views, chromium):
    page = new_page(chromium)
    page.open(views / "alignment-shifts.html")
    page.page.evaluate("window.geokgDyad('https://w3id.org/geokg/id/pakistan', "
                       "'https://w3id.org/geokg/id/russia')")  # fmt: skip
    panel = page.page.inner_text("#dyad")
    for stance in ("hostile", "tense", "neutral", "cooperative"):
        assert stance in panel
    assert "unprecedented era of mutual interests" in panel
    page.shot("dyad-panel")


def test_injected_markup_is_shown_as_text_and_never_runs(project, tmp_path, chromium):
    claims = project / "graph" / "sources" / SOURCE_ID / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    old = 'statement: "Pakistan stayed in the US camp throughout the Cold War."'
    assert old in text
    claims.write_text(text.replace(old, f"statement: '{evil}'"), encoding="utf-8")
    ds, _ = build_dataset(Paths(root=project), reasoner=False)
    folder = tmp_path / "views"
    write_views(ds, folder)
    for name in ("alignment-shifts", "explorer", page_name(SOURCE_ID)[: -len(".html")]):
        page = new_page(chromium)
        page.open(folder / f"{name}.html")
        if name == "alignment-shifts":
            page.page.evaluate("window.geokgDyad('https://w3id.org/geokg/id/pakistan', "
                               "'https://w3id.org/geokg/id/us')")  # fmt: skip
            assert evil in page.page.inner_text("#dyad")
        assert page.page.evaluate("window.__pwned") is None
        assert page.external == []
    page.shot("injection")


def test_notebook_display_is_an_offline_iframe(views):
    html = notebook((views / "interests.html").read_text(encoding="utf-8"))._repr_html_()
    assert html.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in html
    assert not re.search(r"""(src|href)=["']https?://""", html)
