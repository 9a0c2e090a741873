"""Sources and their claims: the claims format, its reader and its checks.

``text`` splits an article into sentences and finds quotes; ``dates`` reads
the dates a claims file may write; ``vocabulary`` resolves the names people
write to the ontology's IRIs; ``reader`` reads and checks one claims file;
``sources`` reads a source folder (text, ``source.yaml``, ``claims.yaml``).
See docs/claims-format.md.
"""
