"""The alignment-shifts view of the bundled article, in a real browser, as an analyst uses it.

One page load serves the module (tests put back what they change); the permalink
and Content-Security-Policy tests open their own pages. Expected values come from
the projection, computed apart from the view, never from constants.
"""

from __future__ import annotations

import socket
import threading

import pytest

from geokg.network.projection import Selection, project
from geokg.views.actors import actor_info
from geokg.views.alignments import LAYER_OF, alignment_page
from geokg.views.palette import STANCE_COLOURS

from .browser import new_page

ID = "https://w3id.org/geokg/id/"
PK, RU, US, WEST = (ID + k for k in ("pakistan", "russia", "us", "the-west"))
SU = ID + "soviet-union"  # the Cold War tie is Pakistan – Soviet Union


@pytest.fixture(scope="module")
def layers(dataset):
    """One projection per edge layer, each with only that layer's modalities."""
    modalities: dict[str, set[str]] = {}
    for modality, layer in LAYER_OF.items():
        modalities.setdefault(layer, set()).add(modality)
    return {
        layer: project(dataset, Selection(modalities=frozenset(m)))
        for layer, m in modalities.items()
    }


@pytest.fixture(scope="module")
def view(dataset, tmp_path_factory):
    from geokg.network.projection import MODALITIES

    projection = project(dataset, Selection(modalities=frozenset(MODALITIES)))
    path = tmp_path_factory.mktemp("alignment") / "alignment-shifts.html"
    path.write_text(alignment_page(projection, actors=actor_info(dataset)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def page(view, chromium):
    page = new_page(chromium)
    page.open(view)
    yield page
    assert page.errors == [] and page.external == []


def point(page, a: str, b: str, layer: str = "reported") -> dict:
    """Where on the screen the middle of the a–b edge of ``layer`` is drawn."""
    return page.page.evaluate(
        """([a, b, layer]) => {
        const id = window.geokgLinkId(a, b, layer), net = window.geokgNetwork;
        const p = net.canvasToDOM(net.body.edges[id].edgeType.getPoint(0.5));
        const box = document.getElementById('graph').getBoundingClientRect();
        return {x: p.x + box.left, y: p.y + box.top};
    }""",
        [*sorted((a, b)), layer],
    )


def hover(page, a: str, b: str, layer: str = "reported") -> str:
    at = point(page, a, b, layer)
    page.page.mouse.move(at["x"] - 30, at["y"] - 30)
    page.page.mouse.move(at["x"], at["y"], steps=3)
    page.page.wait_for_selector("#tip", state="visible", timeout=10_000)
    return page.page.inner_text("#tip")


def resize(page, width: int, height: int) -> None:
    """A new window size; once the network's canvas has taken it, the network fitted to it."""
    page.page.set_viewport_size({"width": width, "height": height})
    page.page.wait_for_function(
        """() => { const box = document.getElementById('graph');
            const canvas = box.querySelector('canvas');
            return canvas.clientWidth === box.clientWidth
                && canvas.clientHeight === box.clientHeight; }"""
    )
    page.page.evaluate(
        """() => new Promise(done => { window.geokgNetwork.fit({animation: false});
            requestAnimationFrame(() => requestAnimationFrame(done)); })"""
    )


def leave(page) -> None:
    page.page.mouse.move(5, 5)  # onto the side panel, off the graph


def test_actors_are_coloured_and_shaped_by_class_never_by_stance(page):
    nodes = {n["id"]: n for n in page.page.evaluate("window.geokgNetwork.body.data.nodes.get()")}
    by_class: dict[str, set[tuple[str, str]]] = {}
    for n in nodes.values():
        by_class.setdefault(n["cls"], set()).add((n["color"]["background"], n["shape"]))
    assert {"State", "Bloc"} <= set(by_class)  # the West is a bloc, not a state
    assert all(len(styles) == 1 for styles in by_class.values())
    styles = [s for styles in by_class.values() for s in styles]
    assert len(set(styles)) == len(styles)  # each class its own colour and shape
    stance = {c.lower() for c in STANCE_COLOURS.values()} | {"#cc79a7"}
    assert not {colour.lower() for colour, _ in styles} & stance
    # the legend names the classes drawn
    legend = page.page.inner_text("#actors")
    assert "state (5)" in legend and "bloc (1)" in legend  # the Soviet Union is a state


def test_hovering_keeps_the_stance_colour_and_the_tooltip_leaves_with_the_pointer(page):
    page.page.evaluate("window.geokgShow(0)")
    text = hover(page, PK, SU)
    assert "Since the inception of Pakistan till disintegration, relations remained sour" in text
    assert "source: Pakistan–Russia rapprochement (op-ed) (2017)" in text  # title, not slug
    at = point(page, PK, SU)
    box = page.page.evaluate("document.getElementById('graph').getBoundingClientRect().toJSON()")
    pixel = page.page.evaluate(
        """([x, y]) => Array.from(document.querySelector('#graph canvas').getContext('2d')
            .getImageData(x * devicePixelRatio, y * devicePixelRatio, 1, 1).data)""",
        [at["x"] - box["left"], at["y"] - box["top"]],
    )
    hostile = STANCE_COLOURS["hostile"]
    expected = [int(hostile[i : i + 2], 16) for i in (1, 3, 5)]
    assert all(abs(c - e) <= 24 for c, e in zip(pixel[:3], expected, strict=True)), pixel
    page.shot("alignment-shifts-hover")
    leave(page)
    assert page.page.is_hidden("#tip")


def test_changed_edges_are_the_real_stance_changes(page, layers):
    periods = [p["id"] for p in page.page.evaluate("DATA.periods")]
    for n, period in enumerate(periods):
        page.page.evaluate("(n) => window.geokgShow(n)", n)
        expected = {"changed": 0, "appeared": 0, "ended": 0}
        for projection in layers.values():
            now = {tuple(sorted(e[:2])): e[2]["stance"] for e in _edges(projection, period)}
            if n == 0:
                continue
            before = {
                tuple(sorted(e[:2])): e[2]["stance"] for e in _edges(projection, periods[n - 1])
            }
            expected["changed"] += sum(1 for p in now if p in before and before[p] != now[p])
            expected["appeared"] += sum(1 for p in now if p not in before)
            expected["ended"] += sum(1 for p in before if p not in now)
        counts = page.page.evaluate("window.geokgCounts()")
        assert {k: counts[k] for k in expected} == expected, period
        page.shot(f"alignment-shifts-{period}")
    page.page.evaluate("window.geokgShow(0)")


def _edges(projection, period: str):
    graph = projection.signed.get(period)
    return list(graph.edges(data=True)) if graph is not None else []


def test_each_layer_shows_the_alignments_of_its_modalities(page, layers):
    periods = [p["id"] for p in page.page.evaluate("DATA.periods")]
    for n, period in enumerate(periods):
        page.page.evaluate("(n) => window.geokgShow(n)", n)
        for layer, projection in layers.items():
            shown = sorted(
                tuple(e) for e in page.page.evaluate("(l) => window.geokgVisibleEdges(l)", layer)
            )
            expected = sorted((*sorted(e[:2]), e[2]["stance"]) for e in _edges(projection, period))
            assert shown == expected, (period, layer)
    page.page.evaluate("window.geokgShow(0)")


def test_an_ended_pair_is_faded_with_no_claim_in_this_period(page):
    page.page.select_option("#period", "post-soviet")
    ended = [e for e in page.page.evaluate("window.geokgEdges()") if e["status"] == "ended"]
    # Pakistan – Soviet Union ends with the succession, Pakistan – US with the Cold War camp
    assert [(e["from"], e["to"]) for e in ended] == [(PK, SU), (PK, US)]
    text = hover(page, PK, US)
    assert "no claim in this period" in text
    opacity = page.page.evaluate(
        f"""window.geokgNetwork.body.edges[window.geokgLinkId('{PK}', '{US}', 'reported')]
            .options.color.opacity"""
    )
    assert opacity < 1
    page.shot("alignment-shifts-ended")
    leave(page)
    page.page.uncheck("#ended")  # ended pairs can be hidden
    assert all(e["status"] != "ended" for e in page.page.evaluate("window.geokgEdges()"))
    page.page.check("#ended")


def test_tooltips_wrap_inside_the_viewport_and_never_drop_recommendations(page):
    page.page.select_option("#period", "current")
    text = hover(page, PK, RU, "recommended")
    statements = page.page.evaluate(
        """() => DATA.claims.filter(c => c.modality === 'recommendation').map(c => c.statement)"""
    )
    assert len(statements) >= 2 and all(s in text for s in statements)
    leave(page)
    text = hover(page, PK, RU)  # the reported edge: the claims beyond four are counted
    claims = page.page.evaluate(
        f"""() => DATA.edges.filter(r => r.period === 3
            && r.link === window.geokgLinkId('{PK}', '{RU}', 'reported'))[0].claims.length"""
    )
    assert "also recommended: " in text
    if claims > 4:
        assert f"+{claims - 4} more: click the edge for the dyad panel" in text
    for width, height in ((1400, 900), (700, 420)):
        resize(page, width, height)
        for layer in ("reported", "recommended"):
            hover(page, PK, RU, layer)
            box = page.page.eval_on_selector("#tip", "e => e.getBoundingClientRect().toJSON()")
            assert box["left"] >= 0 and box["top"] >= 0, box
            assert box["right"] <= width and box["bottom"] <= height, box
            assert box["width"] <= 0.9 * width + 1 and box["width"] <= 481, box
            page.shot(f"alignment-shifts-tooltip-{width}-{layer}")
            leave(page)
    resize(page, 1400, 900)


def test_dyad_panel_strip_claims_and_events(page):
    page.page.evaluate(f"window.geokgDyad('{PK}', '{RU}')")
    strip = page.page.eval_on_selector_all(
        "#dyad .strip-row", "rows => rows.map(r => Array.from(r.children, c => c.textContent))"
    )
    reported = next(row for row in strip if row[0] == "reported")
    assert reported[-3:] == ["tense", "neutral", "cooperative"]  # after the succession
    assert any(row[0] == "recommended" and row[-1] != "—" for row in strip)
    panel = page.page.inner_text("#dyad")
    assert "unprecedented era of mutual interests" in panel
    events = page.page.evaluate(
        f"DATA.events.filter(e => e.actors.includes('{PK}') && e.actors.includes('{RU}'))"
        ".map(e => e.label)"
    )
    assert events and all(e in panel for e in events)
    assert f"Events of the pair ({len(events)})" in panel
    page.page.eval_on_selector("#dyad", "e => e.scrollIntoView()")
    page.shot("dyad-panel")
    page.page.eval_on_selector("#side", "e => e.scrollTo(0, 0)")


def test_search_by_alias_lists_results_and_focuses_the_neighbourhood(page):
    # Russia is a party only from the post-Soviet periods on (not in the page's first):
    # the period is chosen here, not left to whatever test ran before.
    page.page.select_option("#period", "current")
    page.page.fill("#search", "Moscow")
    assert page.page.inner_text("#results").strip() == "Russia (Moscow)"
    page.page.click("#results button")
    shown = page.page.evaluate("window.geokgEdges()")
    assert shown and all(RU in (e["from"], e["to"]) for e in shown)
    faded = page.page.evaluate(
        "window.geokgNetwork.body.data.nodes.get().filter(n => n.opacity < 1).map(n => n.id)"
    )
    # the actors never aligned with Russia: India, and the Soviet Union it succeeded
    assert faded == [ID + "india", SU]
    assert "focus: Russia" in page.page.inner_text("#status")
    page.shot("alignment-shifts-focus-russia")
    page.page.click("#unfocus")
    page.page.fill("#search", "")


def test_stance_filter_and_changes_only(page):
    page.page.select_option("#period", "current")
    page.page.uncheck("input.stance[value=tense]")
    assert all(e["stance"] != "tense" for e in page.page.evaluate("window.geokgEdges()"))
    page.page.check("#changes")
    kept = page.page.evaluate("window.geokgEdges()")
    assert kept and all(e["status"] in ("changed", "new", "ended") for e in kept)
    page.page.check("input.stance[value=tense]")
    page.page.uncheck("#changes")


def test_clicking_every_control_and_list_entry_raises_no_error(page):
    page.page.evaluate(f"window.geokgDyad('{PK}', '{US}')")
    page.page.fill("#search", "a")
    for selector in (
        "#prev",
        "#next",
        "#next",
        "#results button",
        "#unfocus",
        "input.stance",
        "#changes",
        "#ended",
        "input.src",
        "#dyad button.cell",
    ):
        for n in range(page.page.locator(selector).count()):
            item = page.page.locator(selector).nth(n)
            if item.is_visible():
                item.click()
                if item.get_attribute("type") == "checkbox":
                    item.click()  # put it back
    page.page.click("#play")
    page.page.click("#play")  # and stop
    assert page.errors == []
    page.page.fill("#search", "")
    page.page.evaluate("window.geokgFocus(null)")


def test_a_permalink_restores_period_dyad_actor_and_filters(view, chromium):
    first = new_page(chromium)
    first.open(view)
    first.page.select_option("#period", "amelioration")
    first.page.evaluate(f"window.geokgDyad('{PK}', '{RU}')")
    first.page.evaluate(f"window.geokgFocus('{RU}')")
    first.page.uncheck("input.stance[value=hostile]")
    first.page.check("#changes")
    link = first.page.url
    state = _state(first)
    second = new_page(chromium)
    second.open_url(link)
    assert _state(second) == state
    assert state["period"] == "amelioration" and "focus: Russia" in state["status"]
    assert state["dyad"].startswith("Pakistan – Russia") and not state["hostile"]
    second.shot("alignment-shifts-permalink")
    assert first.errors == second.errors == []


def _state(page) -> dict:
    return {
        "period": page.page.input_value("#period"),
        "dyad": page.page.inner_text("#dyad"),
        "status": page.page.inner_text("#status"),
        "hostile": page.page.is_checked("input.stance[value=hostile]"),
        "changes": page.page.is_checked("#changes"),
        "edges": page.page.evaluate("window.geokgEdges()"),
    }


class Listener:
    """A real TCP listener on loopback that counts the connections it receives."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.hits = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.hits += 1
            conn.close()

    def close(self):
        self.server.close()


PROBE = """async (url) => {
  const violations = [];
  document.addEventListener('securitypolicyviolation', e => violations.push(e.violatedDirective));
  try { await fetch(url + '/fetch', {mode: 'no-cors'}); } catch (err) { /* refused */ }
  const img = new Image(); img.src = url + '/img.png';
  const holder = document.createElement('div');
  holder.innerHTML = '<img src="' + url + '/inline.png">'
    + '<button id="probe" onclick="window.__ran = 1">x</button>';
  document.body.appendChild(holder);
  document.getElementById('probe').click();
  await new Promise(done => setTimeout(done, 700));
  return {violations: violations, ran: window.__ran === 1};
}"""


def test_the_content_security_policy_blocks_the_network_and_inline_handlers(view, chromium):
    listener = Listener()
    try:
        url = f"http://127.0.0.1:{listener.port}"
        context = chromium.new_context()  # no request interception: only the CSP stands guard
        page = context.new_page()
        page.goto(view.resolve().as_uri())
        found = page.evaluate(PROBE, url)
        assert listener.hits == 0
        assert not found["ran"]
        assert {"connect-src", "img-src", "script-src-attr"} <= set(found["violations"])
        assert page.evaluate("typeof window.geokgShow") == "function"  # the page's own code ran
        # the same page without its policy does reach the listener: the probe can fail
        bare = view.with_name("no-csp.html")
        text = view.read_text(encoding="utf-8")
        start = text.index('<meta http-equiv="Content-Security-Policy"')
        bare.write_text(text[:start] + text[text.index(">", start) + 1 :], encoding="utf-8")
        page.goto(bare.resolve().as_uri())
        found = page.evaluate(PROBE, url)
        assert listener.hits > 0 and found["ran"]
        context.close()
    finally:
        listener.close()
