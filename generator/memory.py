"""The cyclic garbage collector, kept out of the way of a build's millions of long-lived objects."""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def gc_paused():
    """Reading the archive or indexing it makes millions of objects and few cycles: the cyclic
    collector would walk them again and again for nothing (a third of the time of reading the
    build cache, half of that of joining the index's parts)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@contextlib.contextmanager
def gc_frozen():
    """What is loaded by now lives to the end of the build: the cyclic collector need not walk
    it again and again (nor touch, in the workers, memory they share copy-on-write)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()

