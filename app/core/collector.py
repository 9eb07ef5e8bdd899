"""Pausing Python's cyclic garbage collector around work that allocates many small objects
and makes no cycles (a budget roll-up builds an object per element and a tuple per link):
each automatic collection would scan the whole young heap again, for nothing."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside the block, and on again after it if it was on before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
