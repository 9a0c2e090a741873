"""The errors ``geokg extract`` raises, with the command line's exit codes."""

from __future__ import annotations

from ..errors import GeokgError

DOCS = "docs/extraction.md"


class ExtractInputError(GeokgError):
    """The text or a lexicon file cannot be used: missing, empty, binary, not UTF-8, malformed."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(f"{message} (see {DOCS})")


class ExtractUsageError(GeokgError):
    """An option value that makes no sense, such as a date in an unknown format."""

    exit_code = 64

    def __init__(self, message: str):
        super().__init__(f"{message} (see {DOCS})")
