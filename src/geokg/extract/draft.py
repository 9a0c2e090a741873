"""Drafted claims as a claims file: entries, plain-sentence statements, periods, unique quotes.

The draft uses the format ``geokg validate`` reads (docs/claims-format.md):
every claim is marked ``machine_drafted: true`` with a ``confidence``, its
evidence is the whole sentence it was found in, copied from the text, with
``occurrence:`` when that sentence occurs more than once. A comment before
each claim gives its cue, CAMEO code, quad class and PLOVER category, which
the claims format has no field for.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, TextIO

import yaml

from ..claims.dates import DateFormatError, DateValue, resolve_when
from ..claims.relative import resolve_span
from ..claims.terms import DEFAULT_MODALITY, KINDS, MODALITIES, STANCES
from ..claims.text import Sentence
from .lexicon import Lexicon
from .patterns import fast_fold
from .records import Candidate

_BE_PAST = {"past", "cold-war"}
_STANCE_PHRASE = dict(  # one phrase per stance of the format, in its order
    zip(
        STANCES,
        (
            "hostile to each other",
            "in a tense relationship",
            "on neutral terms",
            "cooperating",
            "strategic partners",
        ),
        strict=True,
    )
)
_EVENT = {  # (with agent and recipient, with participants)
    "military-exercise": ("{a} holds a military exercise with {r}", "{p} hold a military exercise"),
    "arms-deal": ("{a} makes an arms deal with {r}", "{p} make an arms deal"),
    "investment": ("{a} invests in {r}", "{p} invest"),
    "endorsement": ("{a} endorses {r}", "{p} endorse each other"),
    "embargo-lifting": ("{a} lifts an embargo on {r}", "{p} lift an embargo"),
    "cooperation-offer": ("{a} offers cooperation to {r}", "{p} offer cooperation"),
    "official-visit": ("{a} visits {r}", "{p} exchange official visits"),
    "diplomatic-initiative": (
        "{a} takes a diplomatic initiative with {r}",
        "{p} take a diplomatic initiative",
    ),
    "economic-cooperation": ("{a} cooperates economically with {r}", "{p} cooperate economically"),
    "cultural-exchange": ("{a} holds cultural exchanges with {r}", "{p} hold cultural exchanges"),
    "military-intervention": ("{a} intervenes militarily in {r}", "{p} intervene militarily"),
    "development": ("{a} changes its standing ({cue})", "{p} change their standing ({cue})"),
}
_RELATION = {
    "has-leverage-over": "has leverage over",
    "has-links-with": "has links with",
    "challenges": "challenges",
    "threatens": "threatens",
    "member-of": "is a member of",
    "seeks-membership-of": "seeks membership of",
    "supported": "supported",
}


def _names(lexicon: Lexicon, keys: Iterable[str]) -> str:
    labels = [lexicon.running_label(k) for k in dict.fromkeys(k for k in keys if k)]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def base_statement(c: Candidate, lexicon: Lexicon) -> str:
    """What the claim says, as a plain sentence, without its modality."""
    if c.kind == "alignment":
        be = "were" if c.period in _BE_PAST else "are"
        return _capital(f"{_names(lexicon, c.parties)} {be} {_STANCE_PHRASE[c.stance]}.")
    if c.kind == "interest":
        label = lexicon.label(c.interest)
        verb = {"seeks-to-sell": "seeks to sell in", "needs-to-buy": "needs to buy in"}.get(
            c.mode or "", "pursues"
        )
        against = f", against {lexicon.running_label(c.against)}" if c.against else ""
        return _capital(f"{lexicon.running_label(c.actor)} {verb} {label}{against}.")
    if c.kind == "relation":
        subject, obj = lexicon.running_label(c.subject), lexicon.running_label(c.object)
        return _capital(f"{subject} {_RELATION[c.predicate]} {obj}.")
    if c.kind == "event":
        directed, mutual = _EVENT.get(c.event_type, ("{a} acts towards {r}", "{p} act together"))
        cue = " ".join(c.cue.split())
        if c.agent and c.recipient:
            agent, recipient = lexicon.running_label(c.agent), lexicon.running_label(c.recipient)
            text = directed.format(a=agent, r=recipient, cue=cue)
        elif c.participants or c.agent or c.recipient:
            who = _names(lexicon, [*c.participants, c.agent or "", c.recipient or ""])
            several = len({*c.participants, c.agent, c.recipient} - {None, ""}) > 1
            text = mutual.format(p=who, cue=cue) if several else _one(directed, who, cue)
        else:
            return f"The text reports an event: {c.label}."
        return text[:1].upper() + text[1:] + "."
    return "A cause and its effect (see the quote)."


def _one(template: str, who: str, cue: str) -> str:
    """A directed template with only one actor: "{a} invests in {r}" → "China invests"."""
    head = re.sub(r"\s+(?:with|to|in|on)$", "", template.split(" {r}")[0])
    return head.format(a=who, cue=cue)


def statement(c: Candidate, lexicon: Lexicon, known: dict[str, str]) -> str:
    """The claim's statement with its modality, e.g. "The author recommends that …"."""
    if c.kind == "causal":
        causes = "; and ".join(_describe(ref, known, lexicon) for ref in c.causes)
        effects = "; and ".join(_describe(ref, known, lexicon) for ref in c.effects)
        base = f"Because {causes[:1].lower() + causes[1:] if causes.startswith(('The ', 'A ')) else causes}, {effects[:1].lower() + effects[1:] if effects.startswith(('The ', 'A ')) else effects}."
    else:
        base = base_statement(c, lexicon)
    lowered = base[:1].lower() + base[1:] if base.startswith(("The ", "A ", "Because ")) else base
    if c.modality == "expectation":
        return f"The author expects that {lowered}"
    if c.modality == "recommendation":
        return f"The author recommends that {lowered}"
    if c.modality == "attributed":
        return f"According to {_names(lexicon, c.attributed_to) or 'others'}, {lowered}"
    return base


def _describe(ref: dict[str, Any], known: dict[str, str], lexicon: Lexicon) -> str:
    if "claim" in ref:
        return known.get(ref["claim"], ref["claim"]).rstrip(".")
    return str(ref["outcome"]).rstrip(".")


def claim_entry(
    c: Candidate,
    lexicon: Lexicon,
    known: dict[str, str],
    occurrence: int | None,
    date: DateValue | None,
    relative_when: bool,
) -> dict[str, Any]:
    """The claims-file mapping of one candidate."""
    if c.kind not in KINDS or c.modality not in MODALITIES:
        # The writer emits only what the reader accepts (claims.terms).
        raise ValueError(f"{c.id}: kind {c.kind!r} or modality {c.modality!r} is not in the format")
    entry: dict[str, Any] = {"id": c.id, "kind": c.kind, "statement": statement(c, lexicon, known)}
    if c.modality != DEFAULT_MODALITY:
        entry["modality"] = c.modality
    if c.addressee:
        entry["addressee"] = _one_or_list(c.addressee)
    if c.attributed_to:
        entry["attributed_to"] = _one_or_list(c.attributed_to)
    if c.kind == "alignment":
        entry.update(parties=list(c.parties), stance=c.stance, period=c.period)
    elif c.kind == "interest":
        entry.update(actor=c.actor, interest=c.interest)
        _put(
            entry,
            mode=c.mode,
            period=c.period,
            region=c.region,
            against=c.against,
            project=c.project,
        )
    elif c.kind == "event":
        entry.update(type=c.event_type, label=c.label)
        when = _when(c.when, date, relative_when)
        _put(
            entry,
            agent=c.agent,
            recipient=c.recipient,
            participants=list(c.participants) or None,
            value=c.value,
            status=c.status,
            when=when,
            period=c.period,
        )
    elif c.kind == "relation":
        entry.update(subject=c.subject, predicate=c.predicate, object=c.object, period=c.period)
    elif c.kind == "causal":
        entry["causes"] = [_ref(r) for r in c.causes]
        entry["effects"] = [_ref(r) for r in c.effects]
    if c.domains and c.kind in ("alignment", "event"):
        entry["domains"] = list(c.domains)
    evidence: dict[str, Any] = {"quote": c.sentence.text}
    if occurrence is not None:
        evidence["occurrence"] = occurrence
    entry["evidence"] = [evidence]
    entry["machine_drafted"] = True
    entry["confidence"] = c.confidence
    return entry


def _put(entry: dict[str, Any], **fields: Any) -> None:
    entry.update({k: v for k, v in fields.items() if v not in (None, [], ())})


def _one_or_list(keys: tuple[str, ...]) -> str | list[str]:
    return keys[0] if len(keys) == 1 else list(keys)


def _ref(ref: dict[str, Any]) -> Any:
    if "claim" in ref:
        return ref["claim"]
    return {"outcome": ref["outcome"], "about": ref.get("about") or []}


def _when(value: str | int | None, date: DateValue | None, relative_ok: bool) -> str | int | None:
    if value is None or isinstance(value, int):
        return value
    if relative_ok:
        return value
    if date is None:
        return None
    try:
        return resolve_when(value, date).year
    except DateFormatError:
        return None


def comment(c: Candidate, lexicon: Lexicon) -> str:
    code = lexicon.code(c.cameo)
    cameo = (
        f"CAMEO {code['cameo']} (quad {code['quad_class']}, {code['quad_class_label']}), "
        f"PLOVER {code['plover'] or '—'}"
        if code["cameo"]
        else "no CAMEO code"
    )
    cue = " ".join(c.cue.split())
    return f"# sentence {c.sentence.index}, cue '{cue}'; {cameo}"


# -- periods ------------------------------------------------------------------
def period_entries(
    used: dict[str, int | None],
    lexicon: Lexicon,
    date: DateValue | None,
    relative_ok: bool,
) -> list[dict[str, Any]]:
    """The draft's own periods: declarations for the periods its claims use.

    Each is local to the draft's source and made from the text and its date,
    never copied from another source. A period the lexicon defines relative to
    the time of writing (``current``, ``past``, ``decades``…) keeps its words
    (``relative:``) when the source.yaml beside the draft has a date; with only
    ``--date``, its bounds are resolved here and written out (approximate where
    the words are vague); with no date at all it has no bounds, and the
    reviewer adds them. ``since-YYYY`` and ``year-YYYY`` come from the text's years.
    """
    out: list[dict[str, Any]] = []
    for pid in sorted(used, key=lambda p: (_period_rank(p, used), p)):
        year = used[pid]
        if pid in lexicon.period_definitions:
            entry = {"id": pid, **lexicon.period_definitions[pid]}
        elif pid.startswith("since-") and year is not None:
            entry = {"id": pid, "label": f"Since {year}", "relative": f"since {year}"}
        elif pid.startswith("year-") and year is not None:
            entry = {"id": pid, "label": f"The year {year}", "begin": year, "end": year}
        else:
            entry = {"id": pid, "label": pid}
        out.append(_resolved(entry, date, relative_ok))
    return out


def _period_rank(pid: str, used: dict[str, int | None]) -> int:
    year = used.get(pid)
    return (
        year
        if year is not None
        else {"past": 0, "cold-war": 1947, "post-cold-war": 1991}.get(pid, 9999)
    )


def _resolved(entry: dict[str, Any], date: DateValue | None, relative_ok: bool) -> dict[str, Any]:
    words = entry.get("relative")
    if words is None or (relative_ok and date is not None):
        return entry
    entry = {k: v for k, v in entry.items() if k != "relative"}
    if date is None:
        entry["note"] = f"'{words}' (no source date: add begin/end, or a date to source.yaml)"
        return entry
    begin, end = resolve_span(str(words), date)
    entry["note"] = f"'{words}' resolved against {date}"
    if begin is not None:
        entry["begin"] = str(begin) if begin.precision != "year" else begin.year
    entry["end"] = str(end) if end.precision != "year" else end.year
    marks = [k for k, v in (("begin", begin), ("end", end)) if v is not None and v.approximate]
    if marks:
        entry["approximate"] = marks[0] if len(marks) == 1 else "both"
    return entry


# -- unique quotes -------------------------------------------------------------
class QuoteCounter:
    """How often each drafted quote occurs in the text, and which occurrence each draft is.

    Quotes are whole sentences; an occurrence inside another sentence counts
    too (as ``FoldedText.find_all`` would find it). Built in one pass over the
    sentences, keyed by the quotes' first characters, so it is linear in the
    text; it keeps a hash per quote, not the quote.
    """

    def __init__(self) -> None:
        self.keys: dict[int, dict[str, set[tuple[int, int]]]] = defaultdict(
            lambda: defaultdict(set)
        )
        self.firsts: set[str] = set()
        self.seen: dict[tuple[int, int], list[int]] = defaultdict(list)  # quote → sentences

    @staticmethod
    def identity(quote: str) -> tuple[int, int]:
        return len(quote), hash(quote)

    def add(self, quote: str) -> None:
        length = min(24, len(quote))
        self.keys[length][quote[:length]].add(self.identity(quote))
        self.firsts.add(quote[:1])

    def scan(self, sentences: Iterable[Sentence]) -> None:
        for sentence in sentences:
            folded = fast_fold(sentence.text).strip()
            for pos, ch in enumerate(folded):
                if ch not in self.firsts:
                    continue
                for length, bucket in self.keys.items():
                    for size, digest in bucket.get(folded[pos : pos + length], ()):
                        if hash(folded[pos : pos + size]) == digest:
                            self.seen[(size, digest)].append(sentence.index)

    def occurrence(self, quote: str, sentence: int) -> int | None:
        """``None`` when the quote is unique; else its occurrence number (1 = first)."""
        where = self.seen.get(self.identity(quote), [])
        if len(where) <= 1:
            return None
        return sum(1 for s in where if s < sentence) + 1


def folded_quote(text: str) -> str:
    return fast_fold(text).strip()


def write_draft(
    out: TextIO,
    source_id: str,
    claims: Iterable[Candidate],
    lexicon: Lexicon,
    periods: list[dict[str, Any]],
    entities: list[dict[str, Any]],
    counter: QuoteCounter | None,
    date: DateValue | None,
    relative_when: bool,
    header: str,
) -> int:
    """Write the claims file; returns the number of claims written."""
    dump = _dumper()
    out.write(header)
    out.write(dump({"source": source_id}))
    out.write("\n")
    out.write(dump({"periods": periods}) if periods else "periods: []\n")
    out.write("\n")
    out.write(dump({"entities": entities}) if entities else "entities: []\n")
    out.write("\nclaims:")
    known: dict[str, str] = {}
    recent: list[int] = []
    count = 0
    for c in claims:
        if not recent or recent[-1] != c.sentence.index:
            recent.append(c.sentence.index)
            if len(recent) > 2:  # causal claims refer to this sentence or the one before
                drop = recent.pop(0)
                known = {k: v for k, v in known.items() if not k.startswith(f"s{drop}-")}
        occurrence = (
            counter.occurrence(folded_quote(c.sentence.text), c.sentence.index) if counter else None
        )
        entry = claim_entry(c, lexicon, known, occurrence, date, relative_when)
        known[c.id] = base_statement(c, lexicon)
        out.write("\n\n" + comment(c, lexicon) + "\n")
        out.write(emit_claim(entry))
        count += 1
    if not count:
        out.write(" []\n")
    else:
        out.write("\n")
    return count


_PLAIN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_RESERVED = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null"])


def _scalar(value: Any) -> str:
    """A YAML scalar: keys and ids plain, other text double-quoted (JSON strings are YAML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if _PLAIN.match(text) and text not in _RESERVED and not text.isdigit():
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(value: list | dict) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items()) + "}"
    return "[" + ", ".join(_scalar(v) for v in value) + "]"


def emit_claim(entry: dict[str, Any]) -> str:
    """One claim as a YAML block-sequence item (``yaml.safe_load`` gives ``[entry]`` back)."""
    lines: list[str] = []
    for i, (key, value) in enumerate(entry.items()):
        lead = "- " if i == 0 else "  "
        if isinstance(value, dict) or (
            isinstance(value, list) and all(not isinstance(v, dict | list) for v in value)
        ):
            lines.append(f"{lead}{key}: {_flow(value)}")
        elif isinstance(value, list):
            lines.append(f"{lead}{key}:")
            for item in value:
                if isinstance(item, dict):
                    for j, (k, v) in enumerate(item.items()):
                        text = _flow(v) if isinstance(v, list | dict) else _scalar(v)
                        lines.append(f"  {'- ' if j == 0 else '  '}{k}: {text}")
                else:
                    lines.append(f"  - {_scalar(item)}")
        else:
            lines.append(f"{lead}{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


# libyaml's emitter when PyYAML has it (ten times faster), the pure-Python one otherwise.
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_SafeDumper):  # type: ignore[misc,valid-type]
    """Block mappings; lists of plain values on one line (``parties: [india, us]``)."""


def _list(dumper: yaml.BaseDumper, data: list) -> yaml.Node:
    flow = all(isinstance(x, str | int | float | bool) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _dict(dumper: yaml.BaseDumper, data: dict) -> yaml.Node:
    flow = bool(data) and set(data) <= {"amount", "currency", "approximate"}
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


_Dumper.add_representer(list, _list)
_Dumper.add_representer(dict, _dict)


def _dumper():
    def dump(data: Any) -> str:
        return yaml.dump(
            data,
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            width=100,
            default_flow_style=False,
        )

    return dump
