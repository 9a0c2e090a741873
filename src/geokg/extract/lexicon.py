"""The dictionaries the extractor codes with, held as data.

Names come from the ontology and gazetteer (labels, aliases) and from
``data/actors.yaml`` (demonyms, capitals, leaders, government templates,
compound forms such as "Indo-US"); cue phrases from ``data/cues.yaml`` and
``data/interests.yaml``; CAMEO/PLOVER codes from ``data/codes.yaml``. A user
lexicon (``--lexicon FILE``) has the same sections and adds to them; it may
declare new entities, which drafts that use them declare too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from ..claims.text import fold
from ..claims.vocabulary import CATEGORY_CLASSES, Vocabulary, kebab
from ..errors import ExtractInputError
from ..rdf.ontology import load_ontology
from .patterns import (
    AFTER,
    CUE_BEFORE,
    PhraseError,
    alternation,
    fast_fold,
    literal,
    names_regex,
    phrase_regex,
)

DATA = files("geokg.extract") / "data"
# Sections a lexicon file may have, and which packaged file holds each.
CUE_SECTIONS = (
    "stance",
    "events",
    "relations",
    "causal",
    "modality",
    "periods",
    "coreference",
    "domains",
    "event_status",
    "stance_modifiers",
)
SECTIONS = {
    "entities",
    "names",
    "combining_forms",
    "government_templates",
    "ignore",
    "interests",
    "modality_exceptions",
    "relational_nouns",
    "origin_nouns",
    "relative_times",
    *CUE_SECTIONS,
}
NAME_CATEGORIES = ("actor", "place", "project", "agent")


@dataclass(frozen=True)
class Entry:
    """Something a text may name: its key, category (actor, place, …), class and label."""

    key: str
    category: str
    kind: str
    label: str


@dataclass(frozen=True)
class Cue:
    """One cue phrase and what it signals."""

    group: str
    value: str
    phrase: str
    cameo: str | None = None
    domains: tuple[str, ...] = ()
    confidence: float = 0.8
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


class CueSet:
    """Cues of one group compiled into one expression; ``find`` yields (cue, start, end).

    ``find`` gives what ``regex.finditer`` gives, faster: when every cue can
    only start with known two-letter prefixes, each cue is guarded by them, so
    that the engine tries at each position only the cues that can start there.
    """

    def __init__(self, cues: list[Cue], placeholders: dict[str, str], source: str):
        ordered = sorted(cues, key=lambda c: -len(c.phrase))
        patterns = []
        for cue in ordered:
            try:
                patterns.append(phrase_regex(cue.phrase, placeholders))
            except PhraseError as err:
                raise ExtractInputError(f"{source}: {cue.group} {cue.value}: {err}") from None
        self.cues = ordered
        self.patterns = patterns
        starts = [starts_of(c.phrase) for c in ordered]
        indexable = bool(ordered) and all(s is not None for s in starts)
        self.starts = set().union(*starts) if indexable else None
        self.scan = _guarded(patterns, starts) if indexable else self.regex

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The plain alternation (compiled when asked for: ``scan`` is what ``find`` uses)."""
        return alternation(self.patterns)

    def find(self, text: str):
        for m in self.scan.finditer(text):
            yield self.cues[int(m.lastgroup[1:])], m.start(), m.end()


def _guarded(patterns: list[str], starts: list[set[str]]) -> re.Pattern[str]:
    """The alternation of ``patterns`` with each pattern guarded by its two-letter starts.

    The order, so the first match, is the plain alternation's; but at a position a
    pattern is tried only when its guard (a two-letter lookahead) lets it, which
    the engine checks far faster than it fails the pattern.
    """
    body = "|".join(
        "(?=(?:" + "|".join(sorted(firsts)) + f"))(?P<c{i}>{pattern})"
        for i, (pattern, firsts) in enumerate(zip(patterns, starts, strict=True))
    )
    return re.compile(f"{CUE_BEFORE}(?:{body}){AFTER}", re.IGNORECASE)


def starts_of(phrase: str) -> set[str] | None:
    """The lower-case two-letter starts a cue phrase can have, or None when unknown.

    >>> sorted(starts_of("(relations|ties) ... sour"))
    ['re', 'ti']
    >>> sorted(starts_of("(formal |close )?all(y|ies)"))
    ['al', 'cl', 'fo']
    >>> starts_of("[a-z]+ war") is None
    True
    """
    phrase = phrase.strip()
    if phrase.startswith("(") and not phrase.startswith("(?"):
        depth, alternatives, current = 0, [], ""
        for i, ch in enumerate(phrase):
            if ch == "(":
                depth += 1
                if depth == 1:
                    continue
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    alternatives.append(current)
                    rest = phrase[i + 1 :]
                    break
            elif ch == "|" and depth == 1:
                alternatives.append(current)
                current = ""
                continue
            current += ch
        else:
            return None
        out: set[str] = set()
        if rest.startswith("?"):  # an optional group: the start may be further on
            rest = rest[1:]
            later = starts_of(rest.lstrip())
            if later is None:
                return None
            out |= later
        elif rest.startswith("*"):
            return None
        for alternative in alternatives:
            starts = starts_of(alternative + rest)
            if starts is None:
                return None
            out |= starts
        return out
    m = re.match(r"[^\W\d_]{2}(?![?*{])", phrase)
    if not m:
        return None
    return {m.group(0).lower()}


def norm(name: str) -> str:
    """How names are compared: folded, lower case, single spaces."""
    return fast_fold(name).strip().lower()


class Lexicon:
    """Everything the coder looks up, compiled once."""

    def __init__(self, data: dict[str, Any], graph: Graph, sources: list[str]):
        self.sources = sources
        self.vocabulary = Vocabulary.from_graph(graph)
        self.codes = data["codes"]
        self.period_definitions: dict[str, dict[str, Any]] = data["period_definitions"]
        self.entities: dict[str, dict[str, Any]] = {}
        self.entries: dict[str, Entry] = {}  # normalised name → entry
        self.written: dict[str, str] = {}  # normalised name → as first written
        self.interest_names: list[tuple[str, str]] = []
        self.labels: dict[str, str] = {}  # key → display label
        self.interest_labels: dict[str, str] = {}
        self._read_ontology(graph)
        self._read_entities(data.get("entities") or [])
        self._read_names(data)
        self.names_rx = re.compile(names_regex(self._surface_forms()))
        forms = data.get("combining_forms") or {}
        self.forms = {form: self._known(key, "combining_forms") for form, key in forms.items()}
        self.forms_rx = re.compile(
            r"(?<!\w)("
            + "|".join(map(re.escape, sorted(self.forms, key=len, reverse=True)))
            + r")(?=\s*[-\u2010-\u2015]\s*\w)"
            if self.forms
            else r"(?!x)x"
        )
        placeholders = {
            "actor": names_regex(self._surface_forms("actor"), anchored=False),
            "project": names_regex(self._surface_forms("project"), anchored=False),
        }
        self.cues = self._compile_cues(data, placeholders)
        self._compile_patterns(data)

    # -- names ----------------------------------------------------------------
    def _read_ontology(self, graph: Graph) -> None:
        for category in (*NAME_CATEGORIES, "interest"):
            for root in CATEGORY_CLASSES[category]:
                for cls in graph.transitive_subjects(RDFS.subClassOf, root):
                    for iri in graph.subjects(RDF.type, cls):
                        if isinstance(iri, URIRef):
                            self._add_individual(graph, iri, category, cls)

    def _add_individual(self, graph: Graph, iri: URIRef, category: str, cls: URIRef) -> None:
        key = graph.value(iri, SKOS.notation)
        if key is None:
            return
        key = str(key)
        label = graph.value(iri, RDFS.label) or graph.value(iri, SKOS.prefLabel) or key
        if category == "interest":
            if (iri, SKOS.topConceptOf, None) in graph:
                return  # "economic interests": too general to be a cue
            self.interest_labels[key] = str(label)
            self.interest_names += [(key, str(n)) for n in graph.objects(iri, SKOS.altLabel)]
            return
        if key in self.labels:
            return  # an individual of several subclasses: keep the first
        entry = Entry(key, category, kebab(str(cls).split("#")[-1]), str(label))
        self.labels[key] = entry.label
        for name in [label, *graph.objects(iri, SKOS.altLabel)]:
            self._add_name(str(name), entry)

    def _add_name(self, name: str, entry: Entry) -> None:
        normal = norm(name)
        self.entries.setdefault(normal, entry)
        self.written.setdefault(normal, fast_fold(name).strip())

    def _read_entities(self, entities: list[dict[str, Any]]) -> None:
        for item in entities:
            key, kind = str(item.get("id", "")), str(item.get("type", ""))
            cls = self.vocabulary.entity_classes.get(kind)
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", key) or cls is None or not item.get("label"):
                raise ExtractInputError(
                    f"lexicon entity {item!r} needs an id ([a-z0-9-]), a label and a type, one of "
                    f"{', '.join(sorted(self.vocabulary.entity_classes))}"
                )
            categories = self.vocabulary.categories_of_class(cls)
            category = next((c for c in NAME_CATEGORIES if c in categories), "place")
            entry = Entry(key, category, kind, str(item["label"]))
            self.labels[key] = entry.label
            for name in [item["label"], *(item.get("aliases") or [])]:
                self._add_name(str(name), entry)
            self.entities[key] = {
                "id": key,
                "type": kind,
                "label": str(item["label"]),
                **({"aliases": list(item["aliases"])} if item.get("aliases") else {}),
            }

    def _known(self, key: str, section: str) -> str:
        if key not in self.labels:
            known = sorted(k for k, e in self._by_key().items() if e.category == "actor")
            raise ExtractInputError(
                f"lexicon section '{section}' names '{key}', which is neither a gazetteer key "
                f"nor an entity declared in a lexicon; actor keys: {', '.join(known)}"
            )
        return key

    def _by_key(self) -> dict[str, Entry]:
        return {e.key: e for e in self.entries.values()}

    def _read_names(self, data: dict[str, Any]) -> None:
        by_key = self._by_key()
        for key, names in (data.get("names") or {}).items():
            entry = by_key[self._known(str(key), "names")]
            for name in names or []:
                self._add_name(str(name), entry)
        state_names = [
            (written, self.entries[normal])
            for normal, written in list(self.written.items())
            if self.entries[normal].kind == "state" and not normal.startswith("the ")
        ]
        for template in data.get("government_templates") or []:
            for written, entry in state_names:
                self._add_name(template.replace("{name}", written), entry)
        ignore = Entry("", "ignore", "", "")
        for name in data.get("ignore") or []:
            self.entries[norm(str(name))] = ignore
            self.written[norm(str(name))] = fast_fold(str(name)).strip()

    def _surface_forms(self, only: str | None = None) -> list[str]:
        """The spellings to match: each name as written, with 'The'/'the' and a capital."""
        out: set[str] = set()
        for normal, entry in self.entries.items():
            if only and entry.category != only:
                continue
            written = self.written.get(normal, normal)
            out.add(written)
            if written.lower().startswith("the "):
                out |= {"the " + written[4:], "The " + written[4:], written[4:]}
            if written.islower():
                out.add(written[:1].upper() + written[1:])
        return sorted(out)

    # -- cues -------------------------------------------------------------------
    def _compile_cues(
        self, data: dict[str, Any], placeholders: dict[str, str]
    ) -> dict[str, CueSet]:
        out: dict[str, list[Cue]] = {}
        grouped = {
            "stance": data.get("stance") or {},
            "event": data.get("events") or {},
            "relation": data.get("relations") or {},
            "causal": data.get("causal") or {},
            "modality": data.get("modality") or {},
            "period": data.get("periods") or {},
            "interest": data.get("interests") or {},
        }
        for group, values in grouped.items():
            out[group] = [
                _cue(group, str(value), item) for value, items in values.items() for item in items
            ]
        for key, label in self.interest_labels.items():
            out["interest"].append(Cue("interest", key, literal(fold(label)), confidence=0.8))
        for key, name in self.interest_names:
            out["interest"].append(Cue("interest", key, literal(fold(name))))
        for cue in out["interest"]:
            if cue.value not in self.interest_labels:
                raise ExtractInputError(f"unknown interest key '{cue.value}' in a lexicon")
        stances = data.get("stance") or {}
        for cue in out["event"]:
            implied = cue.extra.get("implies")
            if implied is not None and implied not in stances:
                raise ExtractInputError(
                    f"lexicon: events {cue.value} '{cue.phrase}' implies '{implied}', which is "
                    f"not a stance; write one of {', '.join(stances)}"
                )
        coreference = data.get("coreference") or {}
        out["pair"] = [_cue("pair", "pair", p) for p in coreference.get("pair") or []]
        out["domain"] = [
            _cue("domain", str(k), str(v)) for k, v in (data.get("domains") or {}).items()
        ]
        return {g: CueSet(cues, placeholders, "lexicon") for g, cues in out.items()}

    def _compile_patterns(self, data: dict[str, Any]) -> None:
        def rx(pattern: str | None) -> re.Pattern[str]:
            return re.compile(
                CUE_BEFORE + phrase_regex(pattern or r"(?!x)x") + r"(?!\w)", re.IGNORECASE
            )

        modifiers = data.get("stance_modifiers") or {}
        self.modifiers = {name: rx(p) for name, p in modifiers.items()}
        self.relational = rx(data.get("relational_nouns"))
        exceptions = data.get("modality_exceptions") or []
        self.modality_exceptions = rx("(" + "|".join(exceptions) + ")" if exceptions else None)
        # "buyers of Russian arms": a name qualifying goods says where they come from
        origin = [phrase_regex(str(n)) for n in data.get("origin_nouns") or []]
        self.origin = re.compile(
            # between the name and the goods only model names ("Russian S-400 systems"), never
            # a verb ("India bought jets")
            r"\s+(?:(?-i:[A-Z0-9])[\w-]*\s+){0,2}?(?:"
            + ("|".join(origin) or r"(?!x)x")
            + r")(?![\w-])",
            re.IGNORECASE,
        )
        relative = data.get("relative_times") or []
        self.relative_times = rx("(" + "|".join(relative) + ")" if relative else None)
        coreference = data.get("coreference") or {}
        self.polarity = {
            "negative": rx(coreference.get("negative")),
            "positive": rx(coreference.get("positive")),
        }
        self.former = rx(coreference.get("former"))
        self.latter = rx(coreference.get("latter"))
        self.partner = rx(coreference.get("partner"))
        self.event_status = {k: rx(v) for k, v in (data.get("event_status") or {}).items()}

    # -- codes ------------------------------------------------------------------
    def code(self, cameo: str | None) -> dict[str, Any]:
        """CAMEO code → its quad class and PLOVER category (``None`` fields for no code)."""
        if not cameo:
            return {"cameo": None, "quad_class": None, "quad_class_label": None, "plover": None}
        root = self.codes["cameo_roots"][cameo[:2]]
        plover = root["plover"]
        for prefix, category in self.codes.get("plover_overrides", {}).items():
            if cameo.startswith(prefix):
                plover = category
        quad = root["quad"]
        return {
            "cameo": cameo,
            "quad_class": quad,
            "quad_class_label": self.codes["quad_classes"][quad],
            "plover": plover,
        }

    def label(self, key: str) -> str:
        return self.labels.get(key) or self.interest_labels.get(key) or key

    def running_label(self, key: str) -> str:
        """The label as written inside a sentence: "the United States", "the Taliban"
        when "the …" is one of its names."""
        label = self.label(key)
        entry = self.entries.get(norm("the " + label))
        return "the " + label if entry is not None and entry.key == key else label

    def kind(self, key: str) -> str:
        entry = self._by_key().get(key)
        return entry.kind if entry else ""


def _cue(group: str, value: str, item: Any) -> Cue:
    if isinstance(item, dict):
        phrase = str(item.get("cue", ""))
        extra = {
            k: v for k, v in item.items() if k not in {"cue", "cameo", "domains", "confidence"}
        }
        cameo = item.get("cameo")
        return Cue(
            group,
            value,
            phrase,
            str(cameo) if cameo is not None else None,
            tuple(item.get("domains") or ()),
            float(item.get("confidence", 0.8)),
            extra,
        )
    return Cue(group, value, str(item))


def _read_yaml(path: Path | Any, label: str) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExtractInputError(f"lexicon file {label} does not exist") from None
    except UnicodeDecodeError:
        raise ExtractInputError(f"lexicon file {label} is not UTF-8") from None
    try:
        doc = yaml.safe_load(text) or {}
    except yaml.YAMLError as err:
        raise ExtractInputError(f"lexicon file {label} is not valid YAML: {err}") from None
    if not isinstance(doc, dict):
        raise ExtractInputError(f"lexicon file {label} must be a YAML mapping of sections")
    return doc


def _merge(into: dict[str, Any], extra: dict[str, Any], label: str) -> None:
    for key, value in extra.items():
        if key not in SECTIONS:
            raise ExtractInputError(
                f"lexicon file {label}: unknown section '{key}' (expected one of "
                f"{', '.join(sorted(SECTIONS))})"
            )
        if isinstance(value, dict):
            target = into.setdefault(key, {})
            for sub, items in value.items():
                if isinstance(items, list) and isinstance(target.get(sub), list):
                    target[sub] = [*target[sub], *items]
                else:
                    target[sub] = items
        elif isinstance(value, list):
            into[key] = [*(into.get(key) or []), *value]
        else:
            into[key] = value


@cache
def _packaged() -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in ("actors.yaml", "cues.yaml"):
        _merge(data, _read_yaml(DATA / name, name), name)
    data["interests"] = _read_yaml(DATA / "interests.yaml", "interests.yaml")
    data["codes"] = _read_yaml(DATA / "codes.yaml", "codes.yaml")
    data["period_definitions"] = _read_yaml(DATA / "periods.yaml", "periods.yaml")
    return data


@cache
def _ontology() -> Graph:
    return load_ontology()


def load_lexicon(extra: tuple[Path, ...] = ()) -> Lexicon:
    """The packaged lexicon with the user's lexicon files merged in (later files win)."""
    return _load(tuple(Path(p) for p in extra))


@cache
def _load(extra: tuple[Path, ...]) -> Lexicon:
    import copy

    data = copy.deepcopy(_packaged())
    for path in extra:
        _merge(data, _read_yaml(path, str(path)), str(path))
    return Lexicon(data, _ontology(), [str(p) for p in extra])
