"""Generate a synthetic, GDELT-like event dataset in the geokg ontology, as N-Quads.

    python benchmarks/synthetic_events.py --triples 1000000 --out /tmp/events-1m.nq
    python benchmarks/synthetic_events.py --triples 100000 --out - --format nt | head

The data is made up and only shaped like event data, for benchmarks: the same
``--seed`` and ``--triples`` give a byte-identical file. Lines are written as
they are generated, so memory stays flat whatever the size.

What is written (all in the named graph ``https://w3id.org/geokg/graph/synthetic``,
or the default graph with ``--format nt``):

* 200 states ``gkd:actor-000`` … ``gkd:actor-199``: ``a gk:State``, an English
  ``rdfs:label`` (a made-up name) and a ``skos:notation`` drawn from the
  ISO 3166 user-assigned range ``XAA``–``XZZ``, so no code is a real country's.
  Activity follows a Zipf-like law (``actor-000`` is the busiest).
* 500 sources ``gkd:synthetic-source-000`` …: ``a gk:Source`` and a ``dcterms:title``.
* One ``time:Instant`` per day used, ``gkd:date-YYYY-MM-DD`` with ``time:inXSDDate``;
  the instants are shared by the events of that day.
* Dyadic events 2000-01-01 … 2024-12-31, ten triples each::

      gkd:event-00000042 a gk:OfficialVisit ;          # gk class chosen by the root code
          gk:agent gkd:actor-003 ; gk:recipient gkd:actor-017 ;
          time:hasTime gkd:date-2011-04-09 ;
          skos:notation "CAMEO:042" ;                  # the full CAMEO-like code
          syn:cameoRoot 4 ;                             # xsd:integer, 1-20
          syn:quadClass 1 ;                             # xsd:integer, 1-4
          syn:goldstein -2.1 ;                          # xsd:decimal, -10 … +10
          dcterms:source gkd:synthetic-source-123 ;
          rdfs:comment "Velmaria held talks with Dunostan on trade." .

The geokg ontology has no term for a root code, a quad class or a Goldstein
score, so they use a generator-local namespace ``syn:`` =
``https://w3id.org/geokg/synthetic#``. The quad class follows the CAMEO
convention (roots 01-05 verbal cooperation = 1, 06-08 material cooperation = 2,
09-13 verbal conflict = 3, 14-20 material conflict = 4). The Goldstein score is a
fixed function of the code: an approximate mean per root (in the spirit of the
GDELT table, not copied from it) plus a small step per sub-code. Codes are
"CAMEO-like": every root is real, not every sub-code is.

Each pair of actors has a fixed "tension" in [0, 1] that sets the share of
conflict events between them, so dyads differ and yearly series are not flat.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

GK = "https://w3id.org/geokg/ontology#"
GKD = "https://w3id.org/geokg/id/"
SYN = "https://w3id.org/geokg/synthetic#"
GRAPH = "https://w3id.org/geokg/graph/synthetic"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TIME = "http://www.w3.org/2006/time#"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

N_ACTORS = 200
N_SOURCES = 500
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
TRIPLES_PER_EVENT = 10

# root: (quad class, gk class, approximate mean Goldstein score, number of sub-codes,
#        relative frequency within its cooperation/conflict half, sentence template)
ROOTS: dict[int, tuple[int, str, float, int, int, str]] = {
    1: (1, "DiplomaticAct", 1.0, 9, 16, "{a} made a public statement on {t} concerning {r}."),
    2: (1, "DiplomaticAct", 3.0, 9, 6, "{a} appealed to {r} for help on {t}."),
    3: (1, "CooperationOffer", 4.5, 9, 10, "{a} said it intends to cooperate with {r} on {t}."),
    4: (1, "OfficialVisit", 3.0, 7, 30, "{a} held talks with {r} on {t}."),
    5: (1, "DiplomaticAct", 6.0, 8, 12, "{a} signed an agreement with {r} on {t}."),
    6: (2, "EconomicCooperation", 6.5, 5, 8, "{a} and {r} began joint work on {t}."),
    7: (2, "EconomicCooperation", 7.4, 5, 6, "{a} sent aid to {r} to support {t}."),
    8: (2, "EmbargoLifting", 5.0, 7, 3, "{a} eased sanctions on {r} after talks on {t}."),
    9: (3, "Event", -2.0, 3, 5, "{a} opened an inquiry into the conduct of {r} on {t}."),
    10: (3, "DiplomaticAct", -5.0, 9, 10, "{a} demanded that {r} change course on {t}."),
    11: (3, "DiplomaticAct", -2.0, 5, 22, "{a} criticised {r} over {t}."),
    12: (3, "DiplomaticAct", -4.0, 9, 10, "{a} rejected a proposal from {r} on {t}."),
    13: (3, "DiplomaticAct", -6.0, 9, 8, "{a} threatened {r} with sanctions over {t}."),
    14: (4, "Event", -6.5, 6, 8, "Protesters in {a} rallied against {r} over {t}."),
    15: (4, "MilitaryExercise", -7.2, 5, 4, "{a} put its forces on alert near {r} amid a row over {t}."),
    16: (4, "DiplomaticAct", -4.0, 6, 7, "{a} imposed sanctions on {r} over {t}."),
    17: (4, "Event", -7.0, 6, 6, "{a} seized assets of {r} in a dispute over {t}."),
    18: (4, "Event", -9.0, 7, 5, "{a} was accused of an attack on citizens of {r} over {t}."),
    19: (4, "MilitaryIntervention", -10.0, 6, 6, "Forces of {a} clashed with forces of {r} over {t}."),
    20: (4, "MilitaryIntervention", -10.0, 4, 1, "{a} was accused of mass violence against {r}."),
}  # fmt: skip

TOPICS = (
    "trade", "energy", "border security", "arms sales", "migration", "water rights",
    "fisheries", "investment", "a gas pipeline", "maritime claims", "counter-narcotics",
    "a transit corridor", "nuclear safety", "grain exports", "a disputed election",
)  # fmt: skip
SYLLABLES = (
    "ka", "lo", "mar", "ven", "tor", "si", "dra", "bel", "nor", "qua", "zan", "rie",
    "tal", "gon", "u", "mi", "per", "cal", "dun", "os", "a", "le", "vo", "ther",
)  # fmt: skip
ENDINGS = ("ia", "stan", "land", "mark", "or", "a", "istan", "ova", "")


def iri(value: str) -> str:
    return f"<{value}>"


def escape(text: str) -> str:
    """The body of an N-Triples string literal (ECHAR escapes)."""
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def plain(text: str) -> str:
    return f'"{escape(text)}"'


def en(text: str) -> str:
    return f'"{escape(text)}"@en'


def typed(lexical: str, datatype: str) -> str:
    return f'"{escape(lexical)}"^^<{XSD}{datatype}>'


def integer(value: int) -> str:
    return typed(str(value), "integer")


def goldstein_of(root: int, sub: int) -> str:
    """The score of a code as an xsd:decimal lexical form: root mean plus a sub-code step."""
    _, _, mean, n_subs, _, _ = ROOTS[root]
    value = max(-10.0, min(10.0, mean + 0.3 * (sub - (n_subs - 1) / 2)))
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def actor_names(rng: random.Random, n: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
        name = (stem + rng.choice(ENDINGS)).capitalize()
        if name not in seen and len(name) > 3:
            seen.add(name)
            names.append(name)
    return names


def user_assigned_code(i: int) -> str:
    """XAA, XAB, … (ISO 3166-1 reserves X?? for user assignment)."""
    return "X" + chr(65 + i // 26) + chr(65 + i % 26)


@contextmanager
def open_out(out: str) -> Iterator[TextIO]:
    if out == "-":
        yield sys.stdout
        return
    with open(out, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as fh:
        yield fh


def generate(triples: int, out: str | Path, seed: int = 0, fmt: str = "nq") -> dict[str, int]:
    """Write about ``triples`` triples (never more) to ``out`` ('-' for stdout).

    Returns the counts written: triples, actors, sources, instants, events.
    """
    rng = random.Random(seed)
    graph = f" {iri(GRAPH)} ." if fmt == "nq" else " ."
    a_type = iri(RDF_TYPE)
    p_label, p_comment = iri(RDFS + "label"), iri(RDFS + "comment")
    p_notation = iri(SKOS + "notation")
    p_agent, p_recipient = iri(GK + "agent"), iri(GK + "recipient")
    p_has_time, p_date = iri(TIME + "hasTime"), iri(TIME + "inXSDDate")
    p_source, p_title = iri(DCTERMS + "source"), iri(DCTERMS + "title")
    p_root, p_quad, p_gold = iri(SYN + "cameoRoot"), iri(SYN + "quadClass"), iri(SYN + "goldstein")
    instant_class = iri(TIME + "Instant")

    names = actor_names(rng, N_ACTORS)
    actors = [iri(f"{GKD}actor-{i:03d}") for i in range(N_ACTORS)]
    sources = [iri(f"{GKD}synthetic-source-{i:03d}") for i in range(N_SOURCES)]

    # Zipf-like activity, and a symmetric tension per pair (mostly low, a few hostile pairs).
    cum_activity: list[float] = []
    total = 0.0
    for i in range(N_ACTORS):
        total += 1.0 / (i + 1) ** 0.9
        cum_activity.append(total)
    tension = [[0.0] * N_ACTORS for _ in range(N_ACTORS)]
    for i in range(N_ACTORS):
        for j in range(i + 1, N_ACTORS):
            tension[i][j] = tension[j][i] = rng.random() ** 3

    # Per root: class IRI, quad-class and root literals, the codes with their scores.
    classes = {r: iri(GK + ROOTS[r][1]) for r in ROOTS}
    quads = {r: integer(ROOTS[r][0]) for r in ROOTS}
    roots = {r: integer(r) for r in ROOTS}
    codes = {
        r: [(plain(f"CAMEO:{r:02d}{s}"), typed(goldstein_of(r, s), "decimal")) for s in range(n)]
        for r, (_, _, _, n, _, _) in ROOTS.items()
    }
    coop = [r for r in ROOTS if ROOTS[r][0] <= 2]
    conflict = [r for r in ROOTS if ROOTS[r][0] >= 3]
    coop_weights = [ROOTS[r][4] for r in coop]
    conflict_weights = [ROOTS[r][4] for r in conflict]
    n_days = (LAST_DAY - FIRST_DAY).days + 1

    counts = {"triples": 0, "actors": 0, "sources": 0, "instants": 0, "events": 0}
    with open_out(str(out)) as fh:
        write = fh.write

        def emit(s: str, p: str, o: str) -> None:
            write(f"{s} {p} {o}{graph}\n")

        for i, (actor, name) in enumerate(zip(actors, names, strict=True)):
            if counts["triples"] + 3 > triples:
                break
            emit(actor, a_type, iri(GK + "State"))
            emit(actor, p_label, en(name))
            emit(actor, p_notation, plain(user_assigned_code(i)))
            counts["triples"] += 3
            counts["actors"] += 1
        for i, source in enumerate(sources):
            if counts["triples"] + 2 > triples:
                break
            emit(source, a_type, iri(GK + "Source"))
            emit(source, p_title, plain(f"Synthetic news report {i:03d}"))
            counts["triples"] += 2
            counts["sources"] += 1

        n_actors, n_sources = counts["actors"], counts["sources"]
        instants: dict[int, str] = {}
        chunk: list[str] = []
        event_no = 0
        while n_actors >= 2 and n_sources >= 1:
            day = rng.randrange(n_days)
            new_instant = day not in instants
            needed = TRIPLES_PER_EVENT + (2 if new_instant else 0)
            if counts["triples"] + needed > triples:
                break
            top = cum_activity[n_actors - 1]
            a = bisect.bisect_left(cum_activity, rng.random() * top, hi=n_actors - 1)
            r = a
            while r == a:
                r = bisect.bisect_left(cum_activity, rng.random() * top, hi=n_actors - 1)
            if rng.random() < 0.15 + 0.7 * tension[a][r]:
                root = rng.choices(conflict, conflict_weights)[0]
            else:
                root = rng.choices(coop, coop_weights)[0]
            code, score = rng.choice(codes[root])
            if new_instant:
                date = (FIRST_DAY + dt.timedelta(days=day)).isoformat()
                instants[day] = iri(f"{GKD}date-{date}")
                chunk.append(f"{instants[day]} {a_type} {instant_class}{graph}\n")
                chunk.append(f"{instants[day]} {p_date} {typed(date, 'date')}{graph}\n")
            event_no += 1
            ev = iri(f"{GKD}event-{event_no:08d}")
            sentence = ROOTS[root][5].format(a=names[a], r=names[r], t=rng.choice(TOPICS))
            chunk += [
                f"{ev} {a_type} {classes[root]}{graph}\n",
                f"{ev} {p_agent} {actors[a]}{graph}\n",
                f"{ev} {p_recipient} {actors[r]}{graph}\n",
                f"{ev} {p_has_time} {instants[day]}{graph}\n",
                f"{ev} {p_notation} {code}{graph}\n",
                f"{ev} {p_root} {roots[root]}{graph}\n",
                f"{ev} {p_quad} {quads[root]}{graph}\n",
                f"{ev} {p_gold} {score}{graph}\n",
                f"{ev} {p_source} {sources[rng.randrange(n_sources)]}{graph}\n",
                f"{ev} {p_comment} {en(sentence)}{graph}\n",
            ]
            counts["triples"] += needed
            if len(chunk) >= 20_000:
                fh.writelines(chunk)
                chunk.clear()
        fh.writelines(chunk)
        counts["instants"] = len(instants)
        counts["events"] = event_no
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--triples", type=int, default=1_000_000, help="target size (default 1000000)"
    )
    parser.add_argument("--out", required=True, help="output file, or - for stdout")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--format", choices=("nq", "nt"), default="nq", help="N-Quads (default) or N-Triples"
    )
    args = parser.parse_args(argv)
    counts = generate(args.triples, args.out, args.seed, args.format)
    print(
        ", ".join(f"{v} {k}" for k, v in counts.items()),
        f"-> {args.out}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
