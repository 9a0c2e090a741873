"""Comparing sources on one dyad in one time bin: each source's stance, consensus, disagreement.

Alignments are weighted per source, not per claim: a source that repeats a
stance in five sentences counts once, as much as a source that states it
once. Each source's stance in a bin is the median rank of its claims there.

Sources *disagree* on a dyad in a bin when two of them give stances of
opposite signs (one friendly, one hostile) or two or more steps apart on the
−2 … +2 scale (partnership and neutral, tense and cooperative). A
disagreement is reported as such, never averaged into a consensus: the edge's
stance is ``disputed`` and its sign 0, so that balance cannot count it as
positive or negative; ``geokg.analysis`` leaves disputed edges out of
balance and centrality and counts them.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..namespaces import local_name
from .records import SourceRef, Support

DISPUTED = "disputed"
STANCE_RANKS = {"hostile": -2, "tense": -1, "neutral": 0, "cooperative": 1, "partnership": 2}


@dataclass(frozen=True)
class SourceStance:
    """What one source says about a dyad in one bin: its stance, date, modalities and claims."""

    source: str
    source_id: str
    title: str
    date: str | None
    stance: str
    rank: float
    modalities: tuple[str, ...]
    claims: tuple[str, ...]
    claim_ids: tuple[str, ...] = ()  # source-qualified, as reports show them


def nearest_stance(rank: float, names: Mapping[int, str] | None = None) -> str:
    """The stance whose rank is nearest ``rank`` (ties go to the milder one).

    Examples
    --------
    >>> nearest_stance(1.5), nearest_stance(-0.5), nearest_stance(-2)
    ('cooperative', 'neutral', 'hostile')
    """
    table = names or {r: s for s, r in STANCE_RANKS.items()}
    return table[min(table, key=lambda r: (abs(r - rank), abs(r), r))]


def source_stances(
    supports: Iterable[Support],
    sources: Mapping[str, SourceRef],
    claim_ids: Mapping[str, str] | None = None,
) -> tuple[SourceStance, ...]:
    """One ``SourceStance`` per source among ``supports``, oldest source first.

    ``claim_ids`` maps claim IRIs to their source-qualified ids.
    """
    claim_ids = claim_ids or {}
    by_source: dict[str, list[Support]] = defaultdict(list)
    for s in supports:
        by_source[s.source or ""].append(s)
    out = []
    for iri, items in by_source.items():
        ref = sources.get(iri)
        rank = float(statistics.median(s.rank for s in items))
        names = {s.rank: s.stance for s in items}
        exact = names.get(int(rank)) if rank == int(rank) else None
        out.append(
            SourceStance(
                iri,
                ref.id if ref else local_name(iri),
                ref.title if ref else local_name(iri),
                ref.date if ref else None,
                exact or nearest_stance(rank),
                rank,
                tuple(sorted({s.modality for s in items})),
                tuple(sorted({s.claim for s in items})),
                tuple(claim_ids.get(c, c) for c in sorted({s.claim for s in items})),
            )
        )
    out.sort(key=lambda s: (s.date is None, _date_key(s, sources), s.source_id))
    return tuple(out)


def disagree(stances: Iterable[SourceStance]) -> bool:
    """Whether two sources give opposite signs or stances two or more steps apart.

    Examples
    --------
    >>> s = lambda r: SourceStance("s", "s", "s", None, "x", r, ("fact",), ())
    >>> disagree([s(2), s(-1)]), disagree([s(2), s(0)]), disagree([s(1), s(2)]), disagree([s(1)])
    (True, True, False, False)
    """
    ranks = [s.rank for s in stances]
    if len(ranks) < 2:
        return False
    return (min(ranks) < 0 < max(ranks)) or max(ranks) - min(ranks) >= 2


def consensus(stances: tuple[SourceStance, ...]) -> tuple[float, str]:
    """The median of the sources' ranks and its stance, or ``disputed`` when they disagree.

    Examples
    --------
    >>> s = lambda r: SourceStance("s", "s", "s", None, "x", r, ("fact",), ())
    >>> consensus((s(1), s(2))), consensus((s(2), s(-1)))
    ((1.5, 'cooperative'), (0.5, 'disputed'))
    """
    weight = float(statistics.median(s.rank for s in stances))
    if disagree(stances):
        return weight, DISPUTED
    if len(stances) == 1:
        return weight, stances[0].stance
    return weight, nearest_stance(weight)


def _date_key(stance: SourceStance, sources: Mapping[str, SourceRef]) -> str:
    ref = sources.get(stance.source)
    return ref.earliest.isoformat() if ref and ref.earliest else ""
