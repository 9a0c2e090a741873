"""Every error geokg raises on purpose, and the exit code the command line ends with.

Every message says what is wrong, where (file, line, claim) and what to do.
The command line prints the message and exits with the class's ``exit_code``:

====  =====================  =====================================================
code  class                  meaning
====  =====================  =====================================================
0                            success
1     AnalysisError          nothing to analyse (``analyze``: empty selection)
1     OutputError            an output cannot be written (the old ones are kept)
2     SourceError            bad sources (the message names file, line and claim)
3     OntologyError          ontology or background unreadable
4     InconsistencyError     inconsistent data (HermiT, OWL RL or SHACL)
5     QueryError             the query cannot be parsed or run
6     StoreError             a store cannot be opened or loaded
7     RemoteError            a remote endpoint refused or could not be reached
8     DatasetError           dataset unreadable or lacking a named graph
9     ExtractInputError      extraction input (text, lexicon) unreadable
10    ReasonerError          reasoner unavailable (no Java) or out of time
64    UsageError             bad option or an unknown actor, period, source,
                             graph or bin (with suggestions)
====  =====================  =====================================================

``EXIT_CODES`` holds the same table for ``geokg --help`` and the README.
"""

from __future__ import annotations

from dataclasses import dataclass

DOCS = "docs/claims-format.md"

__all__ = [
    "EXIT_CODES",
    "AmbiguousName",
    "AnalysisError",
    "DatasetError",
    "EmptySelectionError",
    "ExtractInputError",
    "ForbiddenQuery",
    "GeokgError",
    "InconsistencyError",
    "OntologyError",
    "OutputError",
    "Problem",
    "QueryError",
    "ReasonerError",
    "RemoteError",
    "SourceError",
    "StoreError",
    "UnknownActorError",
    "UnknownName",
    "UnknownPeriodError",
    "UsageError",
    "exit_code_table",
]


class GeokgError(Exception):
    """Base class of every error geokg raises on purpose."""

    exit_code = 1


class AnalysisError(GeokgError):
    """The analysis cannot run on what was selected, or its report cannot be written."""

    exit_code = 1


class EmptySelectionError(AnalysisError):
    """The selected periods, modalities and graphs hold nothing to analyse."""


class OutputError(GeokgError):
    """An output file cannot be written; the previous set of outputs is left intact."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file."""

    path: str
    line: int | None
    message: str
    claim: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        who = f" claim '{self.claim}':" if self.claim else ""
        return f"{where}:{who} {self.message}"


class SourceError(GeokgError):
    """A source folder, its metadata, text or claims file is not acceptable.

    Holds every problem found, so that one run reports them all.
    """

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0))
        lines = [str(p) for p in self.problems]
        noun = "problem" if len(lines) == 1 else "problems"
        super().__init__(
            f"{len(lines)} {noun} in the sources:\n  "
            + "\n  ".join(lines)
            + f"\nNothing was written. The claims format is described in {DOCS}."
        )


class OntologyError(GeokgError):
    """The ontology or the background knowledge cannot be read."""

    exit_code = 3


class InconsistencyError(GeokgError):
    """The reasoner found the dataset logically inconsistent, or shapes failed."""

    exit_code = 4


class QueryError(GeokgError):
    """A SPARQL query could not be parsed or run."""

    exit_code = 5


class ForbiddenQuery(QueryError):
    """A query asks for what geokg never does: SPARQL Update, or SERVICE (a fetch)."""


class StoreError(GeokgError):
    """A store cannot be opened or loaded."""

    exit_code = 6


class RemoteError(GeokgError):
    """A remote endpoint refused a request or could not be reached."""

    exit_code = 7


class DatasetError(GeokgError):
    """A built dataset cannot be read, or lacks a named graph that was asked for."""

    exit_code = 8


class ExtractInputError(GeokgError):
    """The text or a lexicon file cannot be used: missing, empty, binary, not UTF-8, malformed."""

    exit_code = 9

    def __init__(self, message: str):
        super().__init__(f"{message} (see docs/extraction.md)")


class ReasonerError(GeokgError):
    """The OWL reasoner cannot run (no Java runtime) or did not finish in time."""

    exit_code = 10


class UsageError(GeokgError):
    """A command-line value or argument that cannot be used: a bad option, or a name
    (actor, period, source, graph, bin) that matches nothing; the message suggests
    the nearest names."""

    exit_code = 64


class UnknownName(UsageError, LookupError):
    """A name that the vocabulary does not know, with suggestions.

    Also a ``LookupError``: inside a claims file the reader turns it into a
    located ``Problem`` of a ``SourceError``.
    """

    def __init__(self, category: str, name: str, suggestions: list[str], known: str = ""):
        self.category, self.name, self.suggestions = category, name, suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"unknown {category} '{name}'.{hint} "
            + (
                known
                or "Known names are the keys, labels and aliases of the gazetteer "
                "(ontology/gazetteer.ttl) and the entities that claims files declare."
            )
        )


class AmbiguousName(UsageError, LookupError):
    """A name that could mean several things; the key must be written instead."""

    def __init__(self, category: str, name: str, candidates: list[str]):
        self.category, self.name, self.candidates = category, name, candidates
        super().__init__(
            f"the {category} name '{name}' could mean {', '.join(candidates)}; write the key instead."
        )


class UnknownActorError(UsageError):
    """An actor name matches no key, label or alias (the message suggests the nearest)."""


class UnknownPeriodError(UsageError):
    """A period id that the dataset does not define."""


# The table of ``geokg --help`` and the README, from the classes themselves.
EXIT_CODES: tuple[tuple[int, str, str], ...] = (
    (0, "", "success"),
    (1, "AnalysisError", "nothing to analyse (analyze: empty selection)"),
    (1, "OutputError", "an output cannot be written (the previous outputs are kept)"),
    (2, "SourceError", "bad sources (file, line and claim named)"),
    (3, "OntologyError", "ontology or background unreadable"),
    (4, "InconsistencyError", "inconsistent data (HermiT, OWL RL or SHACL)"),
    (5, "QueryError", "query error"),
    (6, "StoreError", "store error"),
    (7, "RemoteError", "remote endpoint error"),
    (8, "DatasetError", "dataset unreadable or lacking a named graph"),
    (9, "ExtractInputError", "extraction input unreadable"),
    (10, "ReasonerError", "reasoner unavailable (no Java) or out of time"),
    (64, "UsageError", "usage error: bad option, unknown actor/period/source/graph/bin"),
)


def exit_code_table() -> str:
    """The exit codes as aligned text lines, for ``geokg --help``."""
    return "\n".join(f"  {code:>3}  {text}" for code, _, text in EXIT_CODES)
