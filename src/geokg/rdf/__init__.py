"""Claims → RDF: triples per source, the named-graph dataset, reasoning and shapes.

``triples`` turns a checked source into triples; ``build`` assembles the named
graphs and writes them atomically; ``reasoning`` computes the OWL 2 RL closure
and runs HermiT; ``shapes`` validates with SHACL; ``ontology`` loads and exports
the ontology.
"""
