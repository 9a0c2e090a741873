"""Why ``geokg analyze`` refuses to run, with the exit code it ends with.

Every error names what was asked, what exists instead and what to try.
"""

from __future__ import annotations

from ..errors import GeokgError
from ..network.projection import DatasetGraphError

__all__ = [
    "AnalysisError",
    "DatasetGraphError",
    "EmptySelectionError",
    "OptionError",
    "UnknownActorError",
    "UnknownPeriodError",
]


class AnalysisError(GeokgError):
    """The analysis cannot run on what was selected."""

    exit_code = 1


class OptionError(AnalysisError):
    """A command-line value that cannot be used (the usage-error exit code)."""

    exit_code = 64


class UnknownActorError(OptionError):
    """An actor name matches no key, label or alias (the message suggests the nearest)."""


class UnknownPeriodError(OptionError):
    """A period id that the dataset does not define."""


class EmptySelectionError(AnalysisError):
    """The selected periods, modalities and graphs hold nothing to analyse."""

    exit_code = 1
