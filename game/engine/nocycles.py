"""Pausing the cyclic garbage collector while many small acyclic objects are
made at once: a class report's exports, the start-up listing of a folder of
a thousand cases. With the app's large heap alive, each collection the
allocations trigger re-scans all of it, for nothing."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def no_cycle_collection():
    """A class report keeps every parsed export until it has drawn the figures,
    so the cyclic GC would scan that growing heap again and again (a fifth of a
    2,000-export report) for nothing: JSON and the records made from it cannot
    form cycles. Freed by reference counting as usual; nesting is fine."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
