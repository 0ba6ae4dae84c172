"""A one-line progress bar on stderr, drawn only when stderr is a terminal."""
from __future__ import annotations

import sys
import time


class Progress:
    """`step(x)` counts one item done and returns `x`; redraws at most ten times a second."""

    WIDTH = 30

    def __init__(self, total: int, *, enabled: bool | None = None, stream=None, label: str | None = None):
        from zwgk.wording import words

        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.total, self.enabled = total, enabled and total > 0
        self.label = words("rollup")["progress"] if label is None else label
        self.done, self._last, self._start = 0, 0.0, time.monotonic()

    def step(self, item=None):
        self.done += 1
        now = time.monotonic()
        if self.enabled and (now - self._last >= 0.1 or self.done == self.total):
            self._last = now
            self._draw(now)
        return item

    def restart(self) -> None:
        self.done = 0

    def _draw(self, now: float) -> None:
        filled = self.WIDTH * self.done // self.total
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        self.stream.write(f"\r{self.label} {bar} {self.done}/{self.total}  {now - self._start:.1f}s")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()
