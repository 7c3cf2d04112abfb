"""Progress of a long build on a terminal: what, how many, how fast, time left.  Silent otherwise.

One line, drawn only by the process that runs the build (never by its workers, which share
the counts), so it only moves forward; a finished stage clears it, and the command's own
summary is the one line that stays.
"""

from __future__ import annotations

import os
import sys
import time

_BUILDER = os.getpid()  # workers are forked from this process: they inherit the number, not the pid


class Progress:
    """One line on stderr, redrawn at most five times a second, only when stderr is a terminal."""

    def __init__(self, stage: str, total: int, stream=None):
        self.stage, self.total, self.done_count = stage, total, 0
        self.stream = stream or sys.stderr
        self.live = os.getpid() == _BUILDER and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = self.shown = time.monotonic()
        self.drawn = -1
        if self.live:
            self._draw()

    def step(self, n: int = 1) -> None:
        self.done_count += n
        now = time.monotonic()
        if self.live and now - self.shown >= 0.2:
            self.shown = now
            self._draw()

    def _draw(self) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        count = max(self.done_count, self.drawn)  # never backwards
        self.drawn = count
        if self.total:
            rate = count / elapsed
            left = (self.total - count) / rate if rate else 0
            text = f"{self.stage}: {count}/{self.total} ({rate:.0f}/s, {left:.0f} s left)"
        else:
            text = f"{self.stage}: working ({elapsed:.0f} s)"
        self.stream.write(f"\r\x1b[K{text}")
        self.stream.flush()

    def done(self) -> None:
        if self.live:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind, *_exc) -> None:
        self.done()  # a failure's message must not land behind the line
