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

from .browser import new_page
from .conftest import SOURCE_ID

PK, RU = "https://w3id.org/geokg/id/pakistan", "https://w3id.org/geokg/id/russia"


@pytest.fixture(scope="module")
def projection(dataset):
    return project(dataset, Selection(modalities=frozenset(MODALITIES)))


def _page_data(path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.search(r'<script type="application/json" id="data">(.*?)</script>', text, re.S)
    return json.loads(match.group(1))


def test_every_page_sets_a_content_security_policy_and_inlines_only_the_css_it_uses(views):
    for page in views.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
        assert policy, page.name
        assert "<script" not in text or text.index(policy.group(0)) < text.index("<script")
        rules = dict(r.strip().split(" ", 1) for r in policy.group(1).split(";"))
        assert rules["default-src"] == rules["connect-src"] == "'none'", page.name
        assert "unsafe" not in rules["script-src"], page.name  # no inline handlers, no eval
        css = "".join(re.findall(r"<style>(.*?)</style>", text, re.S))
        assert "vis-configuration" not in css and "vis-color-picker" not in css, page.name
        assert len(css) < 20_000, page.name  # vis-network's whole sheet alone is 220 KB


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
        assert counts["nodes"] == len(data["nodes"])
        assert counts["edges"] == len([e for e in data["edges"] if e["period"] == 0])
    else:  # the explorer's corpus page: actors and interests (tests/test_views_explorer.py)
        assert counts == {"nodes": len(data["nodes"]), "edges": len(data["edges"])}
    assert counts["nodes"] > 0 and counts["edges"] > 0
    page.shot(name)
    assert page.errors == []
    assert page.external == []


def test_alignment_data_keeps_each_period_stance_of_a_pair(projection):
    data = alignment_data(projection)
    nodes = [n["id"] for n in data["nodes"]]
    [link] = [
        n
        for n, (a, b, layer) in enumerate(data["links"])
        if {nodes[a], nodes[b]} == {PK, RU} and layer == "reported"
    ]
    stances = [r["stance"] for r in sorted(data["edges"], key=lambda r: r["period"])
               if r["link"] == link]  # fmt: skip
    # each period keeps the state it names: the Cold War tie is Pakistan – Soviet Union
    assert stances == ["tense", "neutral", "cooperative"]
    soviet = "https://w3id.org/geokg/id/soviet-union"
    [cold] = [
        n
        for n, (a, b, layer) in enumerate(data["links"])
        if {nodes[a], nodes[b]} == {PK, soviet} and layer == "reported"
    ]
    assert [r["stance"] for r in data["edges"] if r["link"] == cold] == ["hostile"]


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
