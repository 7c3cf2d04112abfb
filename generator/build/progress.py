"""Progress of a long stage on a terminal: what, how many, how fast, time left.  Silent otherwise."""

from __future__ import annotations

import sys
import time


class Progress:
    """One line on stderr, redrawn at most five times a second, only when stderr is a terminal."""

    def __init__(self, stage: str, total: int, stream=None):
        self.stage, self.total, self.done_count = stage, total, 0
        self.stream = stream or sys.stderr
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = self.shown = time.monotonic()
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
        if self.total:
            rate = self.done_count / elapsed
            left = (self.total - self.done_count) / rate if rate else 0
            text = f"{self.stage}: {self.done_count}/{self.total} ({rate:.0f}/s, {left:.0f} s left)"
        else:
            text = f"{self.stage}: working ({elapsed:.0f} s)"
        self.stream.write(f"\r\x1b[K{text}")
        self.stream.flush()

    def done(self) -> None:
        if self.live:
            elapsed = time.monotonic() - self.started
            count = f"{self.done_count} " if self.total else ""
            self.stream.write(f"\r\x1b[K{self.stage}: {count}done in {elapsed:.1f} s\n")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind, *_exc) -> None:
        if kind is None:
            self.done()
