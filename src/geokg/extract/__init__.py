"""Drafting claims from a text: rules and lexicons, sentence by sentence.

``draft_claims`` (``drafting.py``; ``geokg extract`` on the command line) reads a text as it streams
(``reader.py``), finds actors and resolves simple anaphors
(``mentions.py``), runs the cue lexicons (``cues.py``, lexicons in
``data/`` loaded by ``lexicon.py``), decides who each cue is about and in
what modality and time (``roles.py``), drafts claims (``coder.py``) and
writes them as a claims file or JSON lines (``draft.py``, ``records.py``).
``evaluate.py`` scores a draft against curated claims. See
docs/extraction.md.

The names below load on first use, so that importing the command is cheap. The
scoring function is ``geokg.extract.evaluate.evaluate``.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Candidate": "records",
    "Coder": "coder",
    "Drafted": "drafting",
    "draft_claims": "drafting",
    "Evaluation": "evaluate",
    "Lexicon": "lexicon",
    "load_lexicon": "lexicon",
    "read_sentences": "reader",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
