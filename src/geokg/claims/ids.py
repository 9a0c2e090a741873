"""Source-qualified claim ids: ``<source-id>/<claim-id>``.

Claim ids are unique within one claims file only; two sources may both have
a claim ``pk-ru-current-thaw``. Wherever a claim is shown outside its file
(reports, JSON, tooltips), it is named by its qualified id, which is also the
path of its IRI with an underscore for the slash (``gkd:claim_<source-id>_<claim-id>``).
"""

from __future__ import annotations

from ..namespaces import GKD, SEPARATOR

_CLAIM_PREFIX = f"{GKD}claim{SEPARATOR}"


def qualified_claim_id(source_id: str, claim_id: str) -> str:
    """``qualified_claim_id("a", "b")`` → ``"a/b"``.

    Examples
    --------
    >>> qualified_claim_id("pakistan-russia-rapprochement", "pk-ru-current-thaw")
    'pakistan-russia-rapprochement/pk-ru-current-thaw'
    """
    return f"{source_id}/{claim_id}"


def split_claim_id(qualified: str) -> tuple[str, str]:
    """``"a/b"`` → ``("a", "b")``; raises ``ValueError`` for an unqualified id."""
    source_id, sep, claim_id = qualified.partition("/")
    if not sep or not source_id or not claim_id:
        raise ValueError(
            f"'{qualified}' is not a source-qualified claim id (<source-id>/<claim-id>)"
        )
    return source_id, claim_id


def claim_id_of(iri: str) -> str:
    """The qualified id of a claim IRI (``gkd:claim_<source>_<claim>`` → ``<source>/<claim>``).

    Examples
    --------
    >>> claim_id_of("https://w3id.org/geokg/id/claim_src_c1")
    'src/c1'
    """
    text = str(iri)
    if not text.startswith(_CLAIM_PREFIX):
        raise ValueError(f"'{text}' is not a claim IRI")
    source_id, sep, claim_id = text[len(_CLAIM_PREFIX) :].partition(SEPARATOR)
    if not sep or SEPARATOR in claim_id:
        raise ValueError(f"'{text}' is not a claim IRI")
    return qualified_claim_id(source_id, claim_id)
