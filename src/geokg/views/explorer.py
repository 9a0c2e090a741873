"""The knowledge-graph explorer: a corpus page of actors and relations, and one page per source.

One page of every individual of every source grows with the corpus (28 MB
at 50 sources) and opens as a hairball. So the explorer is split:

- ``explorer.html``, the corpus page: actors and interests, with one edge per
  pair of actors (its stance in each time bin, each source's claims) and
  one per actor, interest and mode; it links every source's page;
- ``explorer/<source-id>.html``, one self-contained page per source: every
  individual the source asserts, with the gazetteer, background and
  inferred individuals and edges they touch. It opens on actors, alignments
  and interests; events, claims and the evidence plumbing (sentences, Web
  Annotation selectors) are a tick away.

Both pages share one script: a class legend with swatches and all/none
toggles, re-layout and refit after every filter, node and edge counts of what
is drawn, a search of labels and aliases with a result list, a panel that
inspects the clicked node (properties, neighbours, claims with their quotes)
and a neighbourhood focus. Separate pages, not data files fetched on demand:
Chromium does not let a page opened from ``file://`` fetch its neighbours.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ..collector import collection_paused
from ..namespaces import BACKGROUND_GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, local_name
from ..network.oxdataset import OxigraphDataset, term
from ..network.projection import SOURCE_PREFIX, Projection
from ..network.records import ClaimRef, SourceRef
from .actors import ActorInfo, actors_of
from .classes import class_styles, family_of, superclasses
from .page import json_for_script, json_object, physics_options, render
from .palette import STANCE_COLOURS

LAYERS = ["asserted", "gazetteer", "background", "inferred"]
GRAPH_GROUPS = {
    str(ONTOLOGY_GRAPH): "gazetteer",
    str(BACKGROUND_GRAPH): "background",
    str(INFERRED_GRAPH): "inferred",
}
_SKIP_TYPES = {OWL.NamedIndividual, OWL.Thing, RDFS.Resource}
LABEL = 40  # characters of a label drawn on the graph; the panel and tooltip have all of it
PROPS = 12  # literal properties shown in the panel per node
CLAIMS_PER_EDGE = 3  # claims a corpus edge carries (with the count of the rest)
_IRI, _LITERAL = 1, 2  # the kinds of object a triple read for the index has


def _local(iri: object) -> str:
    return local_name(iri)


def _short(text: str, limit: int = LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def page_name(source_id: str) -> str:
    """The file of a source's page, relative to the corpus page (a safe file name)."""
    return "explorer/" + re.sub(r"[^A-Za-z0-9._-]", "-", source_id) + ".html"


@dataclass
class Index:
    """What the pages need from the dataset, read in one pass over every named graph.

    IRIs are plain ``str`` here: rdflib's terms compare and sort in Python, and a
    corpus of 200 sources has a million triples.
    """

    classes: dict[str, dict] = field(default_factory=dict)  # class name: colour, shape, family
    cls: dict[str, str] = field(default_factory=dict)  # individual: most specific class
    groups: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    home: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # by source
    labels: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    props: dict[str, set[tuple[str, str]]] = field(default_factory=lambda: defaultdict(set))
    # edges asserted by a source, and those of the shared graphs: (s, predicate, o, group)
    asserted: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    shared: list[tuple] = field(default_factory=list)

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or _local(iri)


_TYPE, _LABELS, _ALIAS = str(RDF.type), {str(RDFS.label), str(SKOS.prefLabel)}, str(SKOS.altLabel)


@dataclass
class DatasetScan:
    """What one pass over every quad of a dataset gives the views: the explorer's ``Index``
    and each actor's class and aliases (``actors.actor_info``)."""

    index: Index
    actors: dict[str, ActorInfo]


def read_index(ds: Dataset | OxigraphDataset) -> Index:
    """Classes, labels, aliases, literal properties and links of every individual."""
    return scan_dataset(ds).index


def scan_dataset(ds: Dataset | OxigraphDataset) -> DatasetScan:
    """The explorer's index and the actors' classes and aliases, in one pass over the quads.

    An ``OxigraphDataset`` read from a file is read again by Oxigraph's parser,
    literals as written (its store keeps canonical forms), each term as
    ``oxdataset.term`` makes it: never through an rdflib copy of the dataset
    (at 200 sources that copy alone took over half a minute).
    """
    reader = _Reader()
    with collection_paused():  # (an entry or more per quad, all kept)
        if isinstance(ds, OxigraphDataset) and ds.path is not None:
            reader.read_oxigraph(ds.written())
        else:
            graphs = ds.to_rdflib() if isinstance(ds, OxigraphDataset) else ds
            reader.read_rdflib(graphs)
        return reader.finish()


class _Reader:
    """Gathers what ``scan_dataset`` returns, quad by quad, in any order of the quads.

    IRIs are kept as ``str``; a blank-node subject is never drawn (``None``).
    """

    def __init__(self):
        self.index = Index()
        self.ontology = Graph()
        # (individual, class, group, source) of every rdf:type in a drawn graph: the
        # ontology (the classes) may come after the graphs that use it
        self.typed: list[tuple[str, str, str, str | None]] = []
        # every graph, drawn or not, for the actors: rdf:type and skos:altLabel
        self.all_types: dict[str, set[str]] = defaultdict(set)
        self.all_aliases: dict[str, set[str]] = defaultdict(set)
        self.local: dict[str, str] = {}

    def read_rdflib(self, ds: Dataset) -> None:
        for graph in ds.graphs():
            name = str(graph.identifier)
            if name == str(ONTOLOGY_GRAPH):
                self.ontology += graph
            add = self._graph(name)
            for s, p, o in graph:
                if type(s) is not URIRef:  # (type(): isinstance is slower)
                    continue
                kind = _IRI if type(o) is URIRef else _LITERAL if type(o) is Literal else None
                add(str(s), str(p), str(o), kind)

    def read_oxigraph(self, quads) -> None:
        named, literal_type = ox.NamedNode, ox.Literal
        texts: dict = {}  # a literal's text as rdflib gives it (term() normalises some)
        last, add, ontology = None, None, False
        for quad in quads:
            name = quad.graph_name
            if name != last:
                last = name
                iri = name.value if type(name) is named else str(DATASET_DEFAULT_GRAPH_ID)
                add, ontology = self._graph(iri), iri == str(ONTOLOGY_GRAPH)
            if ontology:
                self.ontology.add((term(quad.subject), term(quad.predicate), term(quad.object)))
            s = quad.subject
            if type(s) is not named:
                continue
            o = quad.object
            if type(o) is named:
                add(s.value, quad.predicate.value, o.value, _IRI)
            elif type(o) is literal_type:
                text = texts.get(o)
                if text is None:
                    text = texts[o] = str(term(o))
                add(s.value, quad.predicate.value, text, _LITERAL)
            else:
                add(s.value, quad.predicate.value, "", None)

    def _graph(self, name: str):
        """The function that reads one triple of the named graph ``name``."""
        source = name[len(SOURCE_PREFIX) :] if name.startswith(SOURCE_PREFIX) else None
        group = "asserted" if source is not None else GRAPH_GROUPS.get(name)
        index, local, typed = self.index, self.local, self.typed
        all_types, all_aliases = self.all_types, self.all_aliases
        if group is None:  # not drawn; the actors' classes and aliases may still be here

            def actors_only(s: str, p: str, o: str, kind: int | None) -> None:
                if p == _TYPE and kind == _IRI:
                    all_types[s].add(o)
                elif p == _ALIAS and kind == _LITERAL:
                    all_aliases[s].add(o)

            return actors_only
        links = index.asserted[source] if source is not None else index.shared

        def read(s: str, p: str, o: str, kind: int | None) -> None:
            if p == _TYPE:
                if kind == _IRI:
                    all_types[s].add(o)
                    typed.append((s, o, group, source))
            elif kind == _LITERAL:
                if p in _LABELS:
                    known = index.labels.get(s)
                    if known is None or o < known:  # the same label whatever the order read
                        index.labels[s] = o
                elif p == _ALIAS:
                    index.aliases[s].add(o)
                    all_aliases[s].add(o)
                else:
                    if p not in local:
                        local[p] = _local(p)
                    index.props[s].add((local[p], o))
            elif kind == _IRI and o != s:
                if p not in local:
                    local[p] = _local(p)
                links.append((s, local[p], o, group))

        return read

    def finish(self) -> DatasetScan:
        index = self.index
        supers_terms = superclasses(self.ontology)
        supers = {str(c): {str(s) for s in up} for c, up in supers_terms.items()}
        skip = {str(t) for t in _SKIP_TYPES}
        types: dict[str, set[str]] = defaultdict(set)
        for s, o, group, source in self.typed:
            if o in supers and o not in skip and s not in supers:
                types[s].add(o)
                index.groups[s].add(group)
                if source is not None:
                    index.home[source].add(s)
        families: dict[str, tuple[str, bool]] = {}
        specific_of: dict[frozenset, str] = {}
        for iri, found in types.items():
            key = frozenset(found)
            if key not in specific_of:
                # the most specific class: one that no other of its classes is a subclass of
                specific = sorted(c for c in found if not any(c in supers[d] - {d} for d in found))
                name = specific_of[key] = _local(specific[0])
                if name not in families:
                    families[name] = family_of(URIRef(specific[0]), supers_terms)
            index.cls[iri] = specific_of[key]
        styles = class_styles((name, fam) for name, (fam, _shown) in families.items())
        index.classes = {
            name: {**styles[name], "shown": shown}
            for name, (_fam, shown) in sorted(families.items())
        }
        return DatasetScan(index, actors_of(self.ontology, self.all_types, self.all_aliases))


def _node(index: Index, iri: str) -> dict:
    """One node's record without its claim (``claim_record``); ``label`` (what the graph
    draws) only when it is not ``full``."""
    full = index.labels.get(iri) or _local(iri)
    node = {"id": iri, "full": full, "cls": index.cls[iri], "graphs": sorted(index.groups[iri])}
    if len(full) > LABEL:
        node["label"] = _short(full)
    aliases = index.aliases.get(iri)
    if aliases:
        node["aliases"] = sorted(aliases)
    props = index.props.get(iri)
    if props:  # (_short inlined: 200,000 nodes)
        node["props"] = [
            [k, v if len(v) <= 400 else v[:399] + "…"] for k, v in sorted(props)[:PROPS]
        ]
    return node


def claim_record(claim: ClaimRef, citations: Citations, cite=None) -> dict:
    """What a claim's node shows of it: statement, modality, quotes and its source.

    ``cite``: a source's citation by its ref (the same few strings for thousands of claims).
    """
    source = citations.sources.get(claim.source) if claim.source else None
    return {
        "statement": claim.statement,
        "modality": claim.modality,
        "quotes": [q.text for q in claim.quotes],
        "source": (cite(source) if cite else source.cite()) if source else claim.source,
    }


@dataclass(frozen=True)
class Citations:
    """What the explorer's source pages take from a projection: its claims and sources,
    by IRI (a ``Projection`` serves as well)."""

    claims: Mapping[str, ClaimRef]
    sources: Mapping[str, SourceRef]

    @classmethod
    def of(cls, projection: Projection) -> Citations:
        return cls(projection.claims, projection.sources)


def source_data(index: Index, source_id: str) -> tuple[set[str], set[tuple]]:
    """A source's individuals with the shared ones its edges touch, and those edges."""
    drawn = index.cls
    edges = {e for e in index.asserted.get(source_id, ()) if e[0] in drawn and e[2] in drawn}
    members = set(index.home.get(source_id, ()))
    members.update([e[0] for e in edges])
    members.update([e[2] for e in edges])
    return members, edges


def _page_layout(members, edges) -> tuple[list[str], list[tuple]]:
    """A source page's nodes in order, and its edges as ``[from, to, label, graph]`` with
    ``from`` and ``to`` the positions of their nodes: a fifth of the bytes of an edge
    spelt out with both IRIs (explorer.js spells them out again; tooltips are made
    there too)."""
    order = sorted(members)
    at = {iri: k for k, iri in enumerate(order)}
    return order, sorted([(at[s], at[o], p, g) for s, p, o, g in edges])


@dataclass
class _Draft:
    """A source page made but for its claims: the JSON of its data but the nodes, by key,
    and its nodes in order as runs of nodes taken for no claim, each run's records
    encoded together (one call for many records is faster), between single nodes
    taken for claims (``_claim_like``) whose records wait for the claims."""

    fields: dict[str, str]
    runs: list[tuple[tuple[str, ...], str | None]]  # (IRIs, their JSON), or ((IRI,), None)


def _claim_like(cls: str) -> bool:
    """A guess, by its class's name, that a node is a claim (checked once claims are known)."""
    return cls.endswith("Claim")


def page_contents(index: Index) -> tuple[dict[str, set[str]], dict[str, set[tuple]]]:
    """Every source page's individuals and edges, by source id (in the order of the ids)."""
    members: dict[str, set[str]] = {}
    edges: dict[str, set[tuple]] = {}
    for source_id in sorted(index.home):
        members[source_id], edges[source_id] = source_data(index, source_id)
    # an edge of a shared graph belongs to every page holding both of its ends
    ends = {e[0] for e in index.shared} | {e[2] for e in index.shared}
    pages_of: dict[str, set[str]] = defaultdict(set)
    for source_id, found in members.items():
        for iri in found & ends:
            pages_of[iri].add(source_id)
    for s, p, o, group in index.shared:
        if s in pages_of and o in pages_of:
            for source_id in pages_of[s] & pages_of[o]:
                edges[source_id].add((s, p, o, group))
    return members, edges


@dataclass
class CorpusLinks:
    """What the corpus page takes from a projection: its edges (one per pair of actors,
    and per actor, interest and mode), the label of every actor and interest they
    join, and each source's citation by id."""

    edges: list[dict]
    ends: dict[str, str]
    titles: dict[str, str]


def corpus_links(projection: Projection) -> CorpusLinks:
    """The corpus page's edges, with what they cite: one per pair of actors (its stance in
    each time bin, each source's claims) and one per actor, interest and mode."""
    # (here, not at the top: the interests view brings the analysis and SciPy with it,
    # which the explorer's own process does without)
    from .interests import MODE_COLOURS

    claims_of = projection.claims

    def claim_records(iris) -> list[dict]:
        out = []
        for iri in list(iris)[:CLAIMS_PER_EDGE]:
            claim = claims_of.get(iri)
            if claim is None:
                continue
            source = projection.source_of(iri)
            out.append(
                {
                    "statement": claim.statement,
                    "modality": claim.modality,
                    "quotes": [q.text for q in claim.quotes[:1]],
                    "source": source.cite() if source else claim.source,
                }
            )
        return out

    dyads: dict[tuple[str, str], list] = defaultdict(list)
    for item in projection.bins:
        graph = projection.signed.get(item.id)
        if graph is None:
            continue
        for a, b, d in graph.edges(data=True):
            dyads[tuple(sorted((a, b)))].append((item, d))
    edges, ends = [], set()
    for (a, b), seen in sorted(dyads.items()):
        ends.update((a, b))
        latest = seen[-1][1]
        lines = [f"{projection.label(a)} – {projection.label(b)}"]
        first: dict[str, None] = {}  # the claims in order, each once (a list test is quadratic)
        sources: set[str] = set()
        for item, d in seen:
            lines.append(f"{item.label}: {d['stance']}" + (" (disputed)" if d["disputed"] else ""))
            first.update(dict.fromkeys(d["claims"]))
            sources |= {s.source for s in d["support"] if s.source}
        claims = list(first)
        colour = STANCE_COLOURS.get(latest["stance"], "#999999")
        edges.append(
            {
                "from": a,
                "to": b,
                "label": latest["stance"],
                "graph": "alignments",
                "arrows": "",
                "title": "\n".join([*lines, f"{len(claims)} claims, {len(sources)} sources"]),
                "color": {"color": colour, "highlight": colour, "hover": colour},
                "width": 1 + min(len(sources), 5),
                "claims": claim_records(claims),
                "more": max(0, len(claims) - CLAIMS_PER_EDGE),
            }
        )
    merged: dict[tuple[str, str, str], list] = defaultdict(list)
    for u, v, attrs in projection.interests.edges(data=True):
        actor, interest = (u, v) if projection.interests.nodes[u].get("bipartite") == 0 else (v, u)
        ends.update((actor, interest))
        for pursuit in attrs.get("pursuits", ()):
            merged[actor, interest, pursuit.mode].extend(pursuit.claims)
    for (actor, interest, mode), claims in sorted(merged.items()):
        claims = list(dict.fromkeys(claims))
        edges.append(
            {
                "from": actor,
                "to": interest,
                "label": mode.replace("-", " "),
                "graph": "interests",
                "arrows": "to",
                "color": {"color": MODE_COLOURS.get(mode, MODE_COLOURS["pursues"])},
                "title": f"{projection.label(actor)} {mode.replace('-', ' ')} "
                f"{projection.label(interest)}\n{len(claims)} claims",
                "claims": claim_records(claims),
                "more": max(0, len(claims) - CLAIMS_PER_EDGE),
            }
        )
    titles = {ref.id: ref.cite() for ref in projection.sources.values()}
    return CorpusLinks(edges, {iri: projection.label(iri) for iri in sorted(ends)}, titles)


def corpus_data(index: Index, links: CorpusLinks, members: dict[str, set[str]]) -> dict:
    """Actors and interests, one edge per pair of actors and per actor, interest and mode.

    ``links``: the edges (``corpus_links``); ``members``: each source page's
    individuals (``page_contents``), by source id.
    """
    in_pages: dict[str, list[int]] = defaultdict(list)
    order = sorted(members)
    for k, source_id in enumerate(order):
        for iri in members[source_id]:
            in_pages[iri].append(k)
    nodes = []
    for iri, full in links.ends.items():
        if iri in index.cls:
            node = _node(index, iri)
            node["title"] = f"{node['full']}\n{node['cls']}"
        else:  # an actor or interest the dataset does not type: shown by its label
            node = {"id": iri, "label": _short(full), "full": full, "cls": "Actor",
                    "graphs": ["gazetteer"], "title": full}  # fmt: skip
        node["graphs"] = ["alignments", "interests"]
        node["pages"] = in_pages.get(iri, [])
        nodes.append(node)
    used = {n["cls"] for n in nodes}
    classes = {k: {**v, "shown": True} for k, v in index.classes.items() if k in used}
    if "Actor" in used and "Actor" not in classes:
        classes["Actor"] = {"color": "#555555", "shape": "dot", "family": "actor", "shown": True}
    return {
        "nodes": nodes,
        "edges": links.edges,
        "classes": classes,
        "layers": ["alignments", "interests"],
        "sources": [
            {"id": sid, "href": page_name(sid), "title": links.titles.get(sid, sid)}
            for sid in order
        ],
    }


@cache
def _script() -> str:
    return (files("geokg.views") / "explorer.js").read_text("utf-8")


def _side(layers: list[str], extra: str = "") -> str:
    return (
        extra
        + '<label>Search <input type="search" id="search" placeholder="name or alias…"></label>'
        '<ul id="results"></ul>'
        '<div id="panel"></div>'
        '<p id="counts"></p>'
        "<h2>Layers</h2>"
        + "".join(
            f'<label><input type="checkbox" class="grp" value="{g}" checked> {g}</label>'
            for g in layers
        )
        + '<h2>Classes <button type="button" id="all">all</button> '
        '<button type="button" id="none">none</button></h2><div id="classes"></div>'
        '<p class="muted">Shape and colour show the class; click a node to inspect it, '
        "double-click to focus on its neighbourhood.</p>"
    )


_STYLE = """
.swatch { display: inline-block; width: .9rem; height: .9rem; margin: 0 .35rem 0 .15rem;
  vertical-align: -2px; }
#results { padding-left: 1rem; margin: .3rem 0; max-height: 12rem; overflow-y: auto; }
#results button, #panel button.link { border: 0; background: none; color: #0645ad;
  padding: 0; cursor: pointer; text-align: left; }
#panel { border-top: 1px solid #ddd; margin-top: .5rem; }
#panel h3 { margin: .5rem 0 .2rem; font-size: .95rem; } #panel ul { padding-left: 1rem; margin: .2rem 0; }
.family { font-size: 12px; color: #555; margin: .5rem 0 .1rem; text-transform: uppercase; }
.family button { font-size: 11px; }
"""


class ExplorerPages:
    """The explorer's pages of one dataset, each made on its own (in any process, any order).

    What several pages need (each source's individuals and edges) is worked out
    once, here; a record shared by pages (a gazetteer actor) is made once per
    process. The records need the index only, the claims on them the projection's
    ``Citations``: a caller that gets those later makes the records meanwhile
    (``prepare``) and gives them to ``cite``.
    """

    def __init__(
        self,
        index: Index,
        citations: Citations | Projection | None = None,
        title: str = "Knowledge graph explorer",
    ):
        self.index, self.title = index, title
        self.members, self.edges = page_contents(index)
        self._made: dict[str, dict] = {}  # a record by IRI, its claim aside
        self._claims_encoded: dict[str, str] = {}  # a claim's record with the claim, as JSON
        self._drafts: dict[str, _Draft] = {}
        self._cite = cache(lambda source: source.cite())
        self.citations: Citations | Projection | None = None
        self.titles: dict[str, str] = {}
        if citations is not None:
            self.cite(citations)

    def cite(self, citations: Citations | Projection) -> None:
        """The claims and sources the pages show (a projection's, or its ``Citations``)."""
        self.citations = citations
        self.titles = {ref.id: ref.cite() for ref in citations.sources.values()}

    @property
    def source_ids(self) -> list[str]:
        """The sources that have a page, in order."""
        return list(self.members)

    def prepare(self, source_ids: list[str] | None = None) -> None:
        """Make these sources' pages (default: all) but for their claims: the records and
        their JSON, each once, and each page's other data, so that little is left to do
        once the claims are known (``cite``)."""
        for source_id in self.source_ids if source_ids is None else source_ids:
            if source_id not in self._drafts:
                self._drafts[source_id] = self._draft(source_id)

    def _draft(self, source_id: str) -> _Draft:
        index, made = self.index, self._made
        order, edges = _page_layout(self.members[source_id], self.edges[source_id])
        runs: list[tuple[tuple[str, ...], str | None]] = []
        run: list[str] = []
        for iri in [*order, None]:  # (None: the end of the last run)
            if iri is not None and iri not in made:
                made[iri] = _node(index, iri)
            if iri is None or _claim_like(index.cls[iri]):
                if run:
                    runs.append((tuple(run), json_for_script([made[n] for n in run])[1:-1]))
                    run = []
                if iri is not None:
                    runs.append(((iri,), None))
            else:
                run.append(iri)
        classes = {index.cls[iri] for iri in order}
        shown = {k: v for k, v in index.classes.items() if k in classes}
        data = {
            "edges": edges,
            "classes": shown,
            "layers": LAYERS,
            "options": physics_options(sum(1 for n in order if shown[index.cls[n]]["shown"])),
            "up": "../explorer.html",
        }
        return _Draft({key: json_for_script(value) for key, value in data.items()}, runs)

    def _nodes_json(self, draft: _Draft) -> str:
        """A page's nodes as JSON, each claim with its record (``claim_record``)."""
        claims = self.citations.claims
        parts = []
        for iris, text in draft.runs:
            if text is not None and claims.keys().isdisjoint(iris):
                parts.append(text)
            else:  # a node taken for a claim, or a run that holds one after all
                parts.extend(self._node_json(iri) for iri in iris)
        return "[" + ", ".join(parts) + "]"

    def _node_json(self, iri: str) -> str:
        """A node's JSON, with its claim if it is one."""
        claim = self.citations.claims.get(iri)
        if claim is None:
            return json_for_script(self._made[iri])
        found = self._claims_encoded.get(iri)
        if found is None:
            record = {**self._made[iri], "claim": claim_record(claim, self.citations, self._cite)}
            found = self._claims_encoded[iri] = json_for_script(record)
        return found

    def source_pages(self, source_ids: list[str]) -> dict[str, str]:
        """The pages of these sources, by file name (``page_name``)."""
        if self.citations is None:
            raise ValueError("the pages' claims are not known yet: call cite() first")
        return {page_name(sid): self.source_page(sid) for sid in source_ids}

    def source_page(self, source_id: str) -> str:
        """The page of one source: every individual it asserts and what they touch."""
        self.prepare([source_id])
        draft = self._drafts[source_id]
        nodes = self._nodes_json(draft)
        return render(
            f"{self.title}: {self.titles.get(source_id, source_id)}",
            None,
            _side(
                LAYERS, '<p><a href="../explorer.html">← the corpus: actors and relations</a></p>'
            ),
            _script(),
            _STYLE,
            data_json=json_object({**draft.fields, "nodes": nodes}),
        )

    def corpus_page(self, links: CorpusLinks | None = None) -> str:
        """``explorer.html``: actors and interests across the sources, linking every page.

        ``links``: the projection's ``corpus_links`` (made here when the pages were
        given the projection itself)."""
        if links is None:
            if not isinstance(self.citations, Projection):
                raise ValueError("the corpus page needs the projection's corpus_links")
            links = corpus_links(self.citations)
        corpus = corpus_data(self.index, links, self.members)
        corpus["options"] = physics_options(len(corpus["nodes"]))
        listing = "".join(
            f'<li><a href="{s["href"]}">{html.escape(s["title"])}</a></li>'
            for s in corpus["sources"]
        )
        count = len(self.members)
        return render(
            f"{self.title}: the corpus",
            corpus,
            _side(
                corpus["layers"],
                f"<p>Actors and interests across {count} source(s): one edge per pair "
                "(colour: the stance in the latest time bin) and per actor, interest and mode. "
                "Each source's own page shows every individual it asserts.</p>",
            )
            + f'<h2>Sources ({count})</h2><ul id="sources">{listing}</ul>',
            _script(),
            _STYLE,
        )


def explorer_pages(
    ds: Dataset | OxigraphDataset,
    projection: Projection,
    title: str = "Knowledge graph explorer",
    index: Index | None = None,
) -> dict[str, str]:
    """The corpus page (``explorer.html``) and every source's page, by file name.

    ``index``: the dataset's ``read_index``, when the caller has read it already.
    """
    pages = ExplorerPages(index or read_index(ds), projection, title)
    out = pages.source_pages(pages.source_ids)
    out["explorer.html"] = pages.corpus_page()
    return out
