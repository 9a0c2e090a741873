"""The knowledge-graph explorer: every individual with its class, filterable, searchable."""

from __future__ import annotations

from rdflib import Dataset, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ..namespaces import BACKGROUND_GRAPH, GRAPH, INFERRED_GRAPH, ONTOLOGY_GRAPH, local_name
from .page import physics_options, render, through_pyvis
from .palette import colour_for, shape_for

GRAPH_GROUPS = {
    str(ONTOLOGY_GRAPH): "gazetteer",
    str(BACKGROUND_GRAPH): "background",
    str(INFERRED_GRAPH): "inferred",
}
# Classes shown when the page opens; the Web Annotation plumbing is a click away.
HIDDEN_AT_FIRST = {
    "Annotation",
    "SpecificResource",
    "TextQuoteSelector",
    "TextPositionSelector",
    "Instant",
    "Duration",
    "MonetaryAmount",
    "QuantitativeValue",
}
_SKIP_TYPES = {OWL.NamedIndividual, OWL.Thing, RDFS.Resource}


def _group(graph_iri: str) -> str:
    if graph_iri.startswith(str(GRAPH["source/"])):
        return "asserted"
    return GRAPH_GROUPS.get(graph_iri, "other")


def _local(iri) -> str:
    return local_name(str(iri))


def explorer_data(ds: Dataset) -> dict:
    """Nodes (individuals) and edges (object-property triples between them), with their graphs."""
    ontology = ds.graph(ONTOLOGY_GRAPH)
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    subclass = {c: set(ontology.transitive_objects(c, RDFS.subClassOf)) - {c} for c in classes}
    types: dict[URIRef, set[URIRef]] = {}
    groups: dict[URIRef, set[str]] = {}
    for graph in ds.graphs():
        group = _group(str(graph.identifier))
        if group == "other":
            continue
        for s, o in graph.subject_objects(RDF.type):
            if isinstance(s, URIRef) and o in classes and o not in _SKIP_TYPES and s not in classes:
                types.setdefault(s, set()).add(o)
                groups.setdefault(s, set()).add(group)
    nodes = []
    for iri, cls_set in types.items():
        # the most specific class: one that no other of its classes is a subclass of
        specific = sorted(c for c in cls_set if not any(c in subclass.get(d, ()) for d in cls_set))
        cls = _local(specific[0])
        label = ds.value(iri, RDFS.label) or ds.value(iri, SKOS.prefLabel) or _local(iri)
        text = str(label)
        nodes.append(
            {
                "id": str(iri),
                "label": text if len(text) <= 48 else text[:47] + "…",
                "cls": cls,
                "graphs": sorted(groups[iri]),
                "title": f"{text}\nclass: {', '.join(_local(c) for c in specific)}\n{iri}",
                "color": colour_for(cls),
                "shape": shape_for(cls),
            }
        )
    ids = set(types)
    edges = []
    for graph in ds.graphs():
        group = _group(str(graph.identifier))
        if group == "other":
            continue
        for s, p, o in graph:
            if s in ids and o in ids and p != RDF.type and s != o:
                edges.append(
                    {
                        "from": str(s),
                        "to": str(o),
                        "label": _local(p),
                        "graph": group,
                        "title": f"{_local(p)} ({group})",
                    }
                )
    nodes.sort(key=lambda n: n["id"])
    edges.sort(key=lambda e: (e["from"], e["to"], e["label"], e["graph"]))
    return {"nodes": nodes, "edges": edges}


_SCRIPT = """
const hidden = new Set(DATA.hidden);
const classes = [...new Set(DATA.nodes.map(n => n.cls))].sort();
const box = document.getElementById('classes');
for (const c of classes) {
  const label = document.createElement('label'), input = document.createElement('input');
  input.type = 'checkbox'; input.value = c; input.checked = !hidden.has(c);
  input.className = 'cls';
  label.appendChild(input); label.append(' ' + c + ' (' + DATA.nodes.filter(n => n.cls === c).length + ')');
  box.appendChild(label);
}
const nodes = new vis.DataSet(DATA.nodes), edges = new vis.DataSet(DATA.edges.map((e, i) =>
  Object.assign({id: i, arrows: 'to', font: {size: 9}}, e)));
function visible() {
  const cls = new Set([...document.querySelectorAll('.cls:checked')].map(i => i.value));
  const graphs = new Set([...document.querySelectorAll('.grp:checked')].map(i => i.value));
  const term = document.getElementById('search').value.trim().toLowerCase();
  return {cls, graphs, term};
}
const nodeView = new vis.DataView(nodes, {filter: n => {
  const v = visible();
  return v.cls.has(n.cls) && n.graphs.some(g => v.graphs.has(g));
}});
const edgeView = new vis.DataView(edges, {filter: e => visible().graphs.has(e.graph)});
const network = new vis.Network(document.getElementById('graph'),
  {nodes: nodeView, edges: edgeView}, DATA.options);
stabilise(network);
window.geokgNetwork = network;
window.geokgCounts = () => ({nodes: nodeView.length, edges: edgeView.length});
function refresh() { nodeView.refresh(); edgeView.refresh(); say(nodeView.length + ' nodes shown'); }
document.querySelectorAll('.cls, .grp').forEach(i => i.addEventListener('change', refresh));
document.getElementById('search').addEventListener('input', () => {
  const term = document.getElementById('search').value.trim().toLowerCase();
  const hits = term ? nodeView.get().filter(n => n.label.toLowerCase().includes(term)) : [];
  network.selectNodes(hits.map(n => n.id));
  if (hits.length) network.fit({nodes: hits.map(n => n.id), animation: false});
  say(term ? hits.length + ' matching "' + term + '"' : '');
});
refresh();
"""


def explorer_page(ds: Dataset, title: str = "Knowledge graph explorer") -> str:
    data = explorer_data(ds)
    data.update(through_pyvis(data["nodes"], data["edges"]))
    data["hidden"] = sorted(HIDDEN_AT_FIRST)
    data["options"] = physics_options(len(data["nodes"]))
    groups = ["asserted", "gazetteer", "background", "inferred"]
    side = (
        '<label>Search <input type="search" id="search" placeholder="label…"></label>'
        "<h2>Named graphs</h2>"
        + "".join(
            f'<label><input type="checkbox" class="grp" value="{g}" checked> {g}</label>'
            for g in groups
        )
        + '<h2>Classes</h2><div id="classes"></div>'
        '<p class="muted">Shape and colour show the class. Hover for details.</p>'
    )
    return render(title, data, side, _SCRIPT)
