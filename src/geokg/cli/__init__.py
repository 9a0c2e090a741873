"""The ``geokg`` command: parsing arguments and printing, nothing else.

``main`` registers every sub-command; ``analyze`` and ``extract`` are the two
larger sub-commands. What a command does lives in the library.
"""

from .main import main

__all__ = ["main"]
