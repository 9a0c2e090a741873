"""Sources and their claims: the claims format, its reader and its checks.

``terms`` names the format's files, kinds, modalities and fields once;
``text`` splits an article into sentences and finds quotes; ``dates`` reads
years, months and days and the phrases relative to a source's date;
``periods`` puts a source's periods and the shared eras on one timeline;
``vocabulary`` resolves the names people write to the ontology's IRIs;
``fields`` collects located problems while a file is read; ``evidence``,
``quantities`` and ``content`` read quotes, amounts and each kind's fields;
``reader`` reads one claims file; ``sources`` reads a source folder (text,
``source.yaml``, ``claims.yaml``) and leaves unreviewed drafts out; ``ids``
names claims outside their file. See docs/claims-format.md.
"""
