"""The alignment view on several sources, in a real browser: source filter, as-of, disagreement.

The corpus is the comparison test material (tests/corpus/compare): texts of
2017, 2019 and 2023 that disagree on Pakistan–United States in the Cold War.
"""

from __future__ import annotations

import re

import pytest

from geokg.views import write_views

from .browser import new_page

PK, US, RU = (f"https://w3id.org/geokg/id/{k}" for k in ("pakistan", "us", "russia"))


@pytest.fixture(scope="module")
def views(compare_dataset, tmp_path_factory):
    dataset = compare_dataset
    folder = tmp_path_factory.mktemp("views-compare")
    write_views(dataset, folder, bins="decade")
    return folder


def visible(page) -> dict[tuple[str, str], str]:
    return {(a, b): s for a, b, s in page.page.evaluate("window.geokgVisibleEdges()")}


def test_a_disagreement_is_drawn_as_such_and_the_source_filter_resolves_it(views, chromium):
    page = new_page(chromium)
    page.open(views / "alignment-shifts.html")
    page.page.select_option("#period", "1980s")
    assert visible(page)[(PK, US)] == "disputed"
    assert visible(page)[(PK, RU)] == "hostile"
    page.shot("alignment-shifts-disputed")
    # leave out the 2023 text: the 2017 text's partnership stands alone
    page.page.uncheck("input.src >> nth=2")
    assert visible(page)[(PK, US)] == "partnership"
    # and with only the 2023 text the pair is tense, Pakistan–Russia unstated
    page.page.check("input.src >> nth=2")
    page.page.uncheck("input.src >> nth=0")
    page.page.uncheck("input.src >> nth=1")
    shown = visible(page)
    assert shown[(PK, US)] == "tense" and (PK, RU) not in shown
    assert "1 of 3 sources" in page.page.inner_text("#status")
    assert page.errors == []


def test_as_of_date_hides_later_sources(views, chromium):
    page = new_page(chromium)
    page.open(views / "alignment-shifts.html")
    page.page.select_option("#period", "1980s")
    page.page.fill("#asof", "2020-01-01")
    assert visible(page)[(PK, US)] == "partnership"
    assert "as of 2020-01-01" in page.page.inner_text("#status")
    page.page.fill("#asof", "2018-01-01")  # only the 2017 text: Pakistan–Russia hostile once
    page.page.select_option("#period", "2010s")
    assert visible(page) == {(PK, RU): "cooperative"}
    page.page.fill("#asof", "")
    assert len(visible(page)) == 3
    page.shot("alignment-shifts-as-of")
    assert page.errors == []


def test_dyad_panel_shows_each_source_stance_with_title_and_date(views, chromium):
    page = new_page(chromium)
    page.open(views / "alignment-shifts.html")
    page.page.evaluate(f"window.geokgDyad('{PK}', '{US}')")
    panel = page.page.inner_text("#dyad")
    assert re.search(r"the 1980s \(1980[^)]*\): disputed \(reported\)", panel), panel
    assert "Comparison test text, 2017 (2017-05-10): partnership [fact]" in panel
    assert "Comparison test text, 2023 (2023-09-01): tense [fact]" in panel
    assert "compare-2023/pk-us-cold-war-tense" in panel
    # the panel follows the as-of date
    page.page.fill("#asof", "2020-01-01")
    panel = page.page.inner_text("#dyad")
    assert "disputed" not in panel and "2023-09-01" not in panel
    page.shot("dyad-panel-sources")
