"""The cyclic garbage collector, paused while a bulk reading makes millions of objects.

Python starts a full collection whenever the objects made since the last one
reach a quarter of the long-lived ones, and each full collection visits every
object alive. Reading a corpus makes millions of objects that all stay alive
(quads, rows, records), so the collector kept visiting them again for nothing:
at 200 sources it took about a third of `geokg views` (3 s of CPU) and a
quarter of the projection. Paused, the reading makes the same objects; any
cycle among the short-lived ones is collected once the collector is back on.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """No automatic collection inside; as it was on leaving (nested uses leave it paused).

    >>> with collection_paused():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
