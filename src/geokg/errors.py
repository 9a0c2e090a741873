"""The errors geokg raises: one base class, a few subclasses.

Every message says what is wrong, where (file, line, claim) and what to do.
The command line prints the message and exits with the class's exit code.
"""

from __future__ import annotations

from dataclasses import dataclass

DOCS = "docs/claims-format.md"


class GeokgError(Exception):
    """Base class of every error geokg raises on purpose."""

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
