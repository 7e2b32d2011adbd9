"""Pausing Python's cyclic garbage collector around work that makes hundreds of thousands of
objects and keeps them to the end (a PDF's box tree, an import's rows): left running, it scans
them again and again as they pile up (and the whole heap in its full collections) though none is
garbage until the work ends. Reference counting still frees everything else meanwhile.

The collector is process-wide: the first pause to start turns it off, the last to end restores
it as it was (a thread's pause never ends another's)."""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0  # pauses under way (threads)
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
