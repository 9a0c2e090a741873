from hypothesis import given
from hypothesis import strategies as st

from geokg.claims.text import FoldedText, fold, split_sentences

from .conftest import ARTICLE


def test_article_splits_into_paragraphs_and_sentences():
    text = ARTICLE.read_text(encoding="utf-8")
    sentences = split_sentences(text)
    assert [s.paragraph for s in sentences][-1] == 7
    assert sentences[0].text.startswith("The contemporary global politics")
    assert sentences[-1].text.endswith("regional balance of power.")
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
    # "Mi-35", "$153 million" and "(home of Pakistan's Special Forces)" do not split sentences.
    assert any("Mi-35 helicopters" in s.text and "AH-1 Cobra" in s.text for s in sentences)


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "Gen. Bajwa met the U.S. envoy. J. Smith agreed.\n\nA new paragraph."
    assert [s.text for s in split_sentences(text)] == [
        "Gen. Bajwa met the U.S. envoy.",
        "J. Smith agreed.",
        "A new paragraph.",
    ]


def test_typographic_quotes_dashes_and_spaces_fold():
    folded = FoldedText("Putin’s  government —\nsaid “yes”.")
    [span] = folded.find_all('Putin\'s government - said "yes"')
    assert folded.original[span.start : span.end] == "Putin’s  government —\nsaid “yes”"


def test_quote_found_at_every_occurrence():
    spans = FoldedText("a b a b a").find_all("a b")
    assert [(s.start, s.end) for s in spans] == [(0, 3), (4, 7)]


@given(st.text(min_size=1, max_size=60), st.text(max_size=20), st.text(max_size=20))
def test_found_span_folds_back_to_the_quote(quote, before, after):
    text = before + quote + after
    if not fold(quote):
        return
    spans = FoldedText(text).find_all(quote)
    assert spans, "a quote copied from the text is always found"
    assert any(fold(text[s.start : s.end]) == fold(quote) for s in spans)


@given(st.text(alphabet="ab c\t\n\u2026\u2019\u201c\u2014\u00a0\u202f\u2009\u3000\u2028.x"))
def test_fold_folds_as_the_offset_map_does(text):
    # fold() skips FoldedText's map back to offsets (for speed): same folding.
    assert fold(text) == FoldedText(text.strip()).folded.strip()
