"""The multi-source corpus: periods local to their source, resolved on one timeline."""

from __future__ import annotations

import datetime as dt

from geokg.namespaces import GK
from geokg.network.records import read_periods

from .conftest import SOURCE_ID
from .corpus import curated_texts

US = "india-us-convergence"
CPEC = "china-pakistan-corridor"


def _period(sources, source_id, period_id):
    return next(p for p in sources[source_id].periods if p.id == period_id)


def test_every_text_is_in_the_corpus_with_a_date(corpus):
    _, sources, _ = corpus
    assert set(sources) == {SOURCE_ID, *(p.name for p in curated_texts())}
    assert len(sources) >= 17
    assert all(s.date is not None for s in sources.values())


def test_two_sources_saying_current_mean_different_years(corpus):
    _, sources, _ = corpus
    theirs, ours = _period(sources, SOURCE_ID, "current"), _period(sources, US, "current")
    assert theirs.iri != ours.iri and theirs.relative == ours.relative == "current"
    # 2017 (estimated, year precision) against 2018-09-10 (stated, a day).
    assert (str(theirs.begin), theirs.begin.approximate, str(theirs.end)) == ("2014", True, "2017")
    assert (str(ours.begin), ours.begin.approximate, str(ours.end)) == ("2015", True, "2018-09-10")
    assert theirs.end.certainty == GK.Estimated and ours.end.certainty == GK.Stated


def test_since_a_year_runs_from_that_year_to_the_source_date(corpus):
    _, sources, _ = corpus
    since = _period(sources, US, "post-cold-war")
    assert since.relative == "since 1991"
    assert (str(since.begin), since.begin.approximate) == ("1991", False)
    assert since.end.day == dt.date(2018, 9, 10)


def test_the_projection_sees_each_source_period_with_its_source_and_dates(corpus):
    _, _, ds = corpus
    periods = read_periods(ds)
    currents = {p.source: p for p in periods if p.notation == "current"}
    assert {SOURCE_ID, US, CPEC} <= set(currents)
    # Short ids are qualified where two sources share a name.
    assert currents[US].id == f"{US}/current" and currents[US].key == f"{US}/current"
    assert currents[US].end == dt.date(2018, 9, 10) and currents[US].precision == "year"
    assert currents[SOURCE_ID].end == dt.date(2017, 12, 31) and currents[SOURCE_ID].approximate
    assert len({p.iri for p in periods}) == len(periods)


def test_period_order_follows_the_normalised_bounds(corpus):
    _, _, ds = corpus
    periods = read_periods(ds)
    orders = [p.order for p in periods]
    assert None not in orders and orders == sorted(orders) and len(set(orders)) == len(orders)
    begins = [p.begin for p in periods if p.begin is not None]
    assert begins == sorted(begins)


def test_date_filters_see_every_precision(corpus):
    """`FILTER(?d < "2020-01-01"^^xsd:date)` finds sources dated by year, month or day."""
    _, sources, ds = corpus
    rows = ds.query(
        """SELECT ?id WHERE { ?s a gk:Source ; dcterms:identifier ?id ; gk:latestDate ?d .
           FILTER (?d < "2020-01-01"^^xsd:date) }""",
        initNs={
            "gk": GK._NS,
            "dcterms": "http://purl.org/dc/terms/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
    )
    found = {str(r.id) for r in rows}
    expected = {s.id for s in sources.values() if s.date.latest() < dt.date(2020, 1, 1)}
    assert SOURCE_ID in found  # dated by its year only (2017)
    assert found == expected and len(found) >= 10


def test_every_instant_has_its_day_bounds(corpus):
    _, _, ds = corpus
    rows = list(
        ds.query(
            """SELECT ?i ?e ?l WHERE { ?i a time:Instant .
               OPTIONAL { ?i gk:earliestDate ?e } OPTIONAL { ?i gk:latestDate ?l } }""",
            initNs={"gk": GK._NS, "time": "http://www.w3.org/2006/time#"},
        )
    )
    assert len(rows) > 50
    assert all(r.e is not None and r.l is not None and r.e <= r.l for r in rows)


def test_a_period_without_a_begin_is_placed_where_it_ends(corpus):
    """'Before the invasion' (…–2022-02-24) comes right before 'since the invasion'."""
    _, _, ds = corpus
    ids = [p.id for p in read_periods(ds)]
    before, since = "before-ukraine-invasion-2022", "since-ukraine-invasion-2022"
    assert ids.index(since) == ids.index(before) + 1
    assert ids.index("sino-soviet-split") > ids.index("pakistan-russia-rapprochement/cold-war")
