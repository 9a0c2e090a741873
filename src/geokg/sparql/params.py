"""What a query's parameters and ``--graph`` options name, resolved or refused.

A parameter that names an actor, interest, status… is resolved the way a
claims file is read: by key, label or alias, case-insensitively (``russia``,
``Russia`` and ``Moscow`` are all ``gkd:russia``), against the names of the
store being queried. A name that matches nothing, or an IRI the store does
not know, raises ``UnknownName`` (exit 64) with the nearest names, instead of
giving an empty answer. The category of a parameter is that of its default
value (``# param: a = gkd:pakistan`` makes ``a`` an actor).

Graph names (``ontology``, ``source/ID``, full IRIs) are matched against the
store's named graphs, case-insensitively; an unknown one raises
``UsageError`` with suggestions. The ontology graph is always added to a
narrowed default graph: every named query needs its labels, notations and
class hierarchy, and without them ``--graph source/X`` alone would answer
nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable

from rdflib import Graph, URIRef

from ..claims.vocabulary import CATEGORY_CLASSES, Vocabulary
from ..errors import UnknownName, UsageError
from ..namespaces import GRAPH, ONTOLOGY_GRAPH, local_name
from .query import PREFIXES, NamedQuery, expand_term

# Only what naming needs: types, the class hierarchy, keys, labels and aliases.
NAMES_QUERY = """
CONSTRUCT { ?s ?p ?o } WHERE {
  ?s ?p ?o
  FILTER (?p IN (rdf:type, rdfs:subClassOf, rdfs:label, skos:notation,
                 skos:prefLabel, skos:altLabel))
}
"""

FREE = "*"


def names_vocabulary(construct: Callable[[str], Graph]) -> Vocabulary:
    """The vocabulary of a store, from ``construct(NAMES_QUERY)`` over all its graphs."""
    return Vocabulary.from_graph(construct(NAMES_QUERY))


def parameter_category(vocabulary: Vocabulary, default: str) -> str | None:
    """The name category (``actor``, ``interest``, …) of a parameter, from its default."""
    if not default or default.strip() == FREE:
        return None
    iri = expand_term(default)
    for category in CATEGORY_CLASSES:
        if any(iri in iris for iris in vocabulary.names(category).values()):
            return category
    return None


def resolve_bindings(
    query: NamedQuery, bindings: dict[str, str], vocabulary: Vocabulary | None
) -> dict[str, str]:
    """``bindings`` with every named value written as ``<IRI>``.

    Raises ``UsageError`` for a parameter the query does not take, and
    ``UnknownName`` (also a ``UsageError``) for a name or IRI that the store
    does not know in the parameter's category. ``*`` stays free. Without a
    ``vocabulary`` (nothing to check against), values pass as they are.
    """
    unknown = sorted(set(bindings) - set(query.params))
    if unknown and query.params:
        raise UsageError(
            f"unknown parameter(s) {', '.join(unknown)} for '{query.name}'; "
            f"it takes {', '.join(query.params)}"
        )
    if vocabulary is None:
        return dict(bindings)
    out = {}
    for name, value in bindings.items():
        category = parameter_category(vocabulary, query.params.get(name, ""))
        if value.strip() == FREE or category is None:
            out[name] = value
            continue
        out[name] = f"<{_resolve(vocabulary, category, name, value.strip())}>"
    return out


def _resolve(vocabulary: Vocabulary, category: str, param: str, value: str) -> URIRef:
    known = {iri for iris in vocabulary.names(category).values() for iri in iris}
    if value.startswith("<") or (":" in value and value.partition(":")[0] in PREFIXES):
        iri = expand_term(value)
        if iri in known:
            return iri
        local = local_name(str(iri).rstrip("/"))
        raise UnknownName(
            category, value, vocabulary.suggest(category, local), _known_hint(param, category)
        )
    try:
        return vocabulary.resolve(category, value)
    except UnknownName as err:
        raise UnknownName(category, value, err.suggestions, _known_hint(param, category)) from None


def _known_hint(param: str, category: str) -> str:
    return (
        f"Parameter '{param}' takes the key, label or alias of an {category} of the dataset "
        "(see ontology/gazetteer.ttl), a prefixed name such as gkd:russia, or '*' to leave "
        "it free."
    )


def short_graph_name(iri: str) -> str:
    """``https://w3id.org/geokg/graph/source/x`` → ``source/x``; other IRIs unchanged."""
    base = str(GRAPH[""])
    return iri[len(base) :] if iri.startswith(base) else iri


def resolve_graphs(
    names: list[str], available: list[str] | None, with_ontology: bool = True
) -> list[str]:
    """``--graph`` values as graph IRIs of the store.

    ``names`` holds full IRIs or short names (``inferred``, ``source/ID``),
    matched case-insensitively. When ``available`` (the store's named graphs)
    is given, a name that is none of them raises ``UsageError`` with the
    nearest. With ``with_ontology``, the ontology graph is added when the
    store has it (see the module's docstring).
    """
    if not names:
        return []
    out: list[str] = []
    by_short = {short_graph_name(g).lower(): g for g in available or []}
    by_iri = {g.lower(): g for g in available or []}
    for name in names:
        text = name.strip()
        wanted = text if "://" in text else str(GRAPH[text.removeprefix("graph/")])
        if available is None:
            iri = wanted
        else:
            iri = by_iri.get(wanted.lower()) or by_short.get(short_graph_name(wanted).lower())
            if iri is None:
                shorts = [short_graph_name(g) for g in available]
                near = difflib.get_close_matches(short_graph_name(wanted), shorts, n=3, cutoff=0.4)
                hint = f" Did you mean: {', '.join(near)}?" if near else ""
                raise UsageError(
                    f"no graph '{name}' in the store.{hint} Its graphs are: "
                    f"{', '.join(shorts) or '(none)'}."
                )
        if iri not in out:
            out.append(iri)
    ontology = str(ONTOLOGY_GRAPH)
    if with_ontology and ontology not in out and (available is None or ontology in available):
        out.append(ontology)
    return out
