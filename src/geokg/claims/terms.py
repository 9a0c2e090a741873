"""The terms of the claims format, defined once for its reader and its writers.

File names, claim kinds, modalities, stances, the fields each kind allows
and needs, the form of ids, and the selections of named graphs an analysis
reads. ``geokg extract`` writes drafts with these names and the reader checks
them; the network projection and the command line use them too (no copies).
See docs/claims-format.md.
"""

from __future__ import annotations

import re

TEXT_FILE = "article.txt"
METADATA_FILE = "source.yaml"
CLAIMS_FILE = "claims.yaml"
GENRES = ("op-ed", "news", "report", "analysis", "transcript", "other")
METADATA_KEYS = {"id", "label", "title", "genre", "language", "date", "url", "author", "publisher"}
TOP_LEVEL_KEYS = {"source", "periods", "eras", "entities", "context_only", "claims"}

KINDS = (
    "alignment",
    "interest",
    "event",
    "causal",
    "relation",
    # what the article argues: see docs/claims-format.md
    "resource",
    "organisation",
    "trend",
    "judgement",
    "outcome",
    "argument",
)
MODALITIES = ("fact", "expectation", "recommendation", "attributed")
DEFAULT_MODALITY = "fact"  # only facts count unless asked otherwise

# The ordinal stance scale of an alignment, from -2 to +2.
STANCES = ("hostile", "tense", "neutral", "cooperative", "partnership")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# A claim with DRAFT_MARK: true was drafted by `geokg extract` and is not yet
# reviewed; the build leaves it out unless asked to include drafts.
DRAFT_MARK = "machine_drafted"
COMMON_FIELDS = {
    "id",
    "kind",
    "statement",
    "modality",
    "addressee",
    "attributed_to",
    "evidence",
    DRAFT_MARK,
    "confidence",
    "note",
    "implicit",
}
KIND_FIELDS = {
    "alignment": {"parties", "stance", "period", "initiator", "domains"},
    "interest": {
        "actor",
        "interest",
        "mode",
        "period",
        "region",
        "against",
        "via",
        "project",
        "serves",
    },
    "event": {
        "type",
        "label",
        "agent",
        "participants",
        "recipient",
        "host",
        "location",
        "concerns",
        "replaces",
        "value",
        "duration",
        "status",
        "when",
        "period",
        "domains",
        "recurring",
        "multinational",
        "project",
        "serves",
    },
    "causal": {"causes", "effects", "sole"},
    "relation": {"subject", "predicate", "object", "period"},
    "resource": {"holder", "resource", "position", "amount", "magnitude", "period"},
    "organisation": {"organisation", "part_of", "based_in", "functions", "took_part_in"},
    "trend": {"of", "direction", "intensity", "period"},
    "judgement": {"target", "value"},
    "outcome": {"label", "brought_by", "benefits", "serves", "concerns", "affects", "period"},
    "argument": {"recommendation", "reasons", "aims", "averts", "concerns"},
}
REQUIRED = {
    "alignment": ("parties", "stance", "period"),
    "interest": ("actor", "interest"),
    "event": ("type", "label"),
    "causal": ("causes", "effects"),
    "relation": ("subject", "predicate", "object"),
    "resource": ("holder", "resource", "position"),
    "organisation": ("organisation",),
    "trend": ("of", "direction"),
    "judgement": ("target", "value"),
    "outcome": ("label", "brought_by"),
    "argument": ("recommendation",),
}
PERIOD_FIELDS = {"id", "label", "begin", "end", "relative", "approximate", "era", "follows", "note"}
ERA_FIELDS = {"id", "label", "begin", "end", "approximate", "see_also", "note"}

# The selections of named graphs an analysis reads (``geokg analyze --graphs``):
# asserted (ontology + sources), inferred (+ the OWL RL closure), background
# (+ the background knowledge).
GRAPH_SELECTIONS = ("asserted", "inferred", "background")
