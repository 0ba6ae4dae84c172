"""Shared timing helper for the benchmark scripts (not a benchmark itself)."""
from __future__ import annotations

import os
import statistics
import time

# Whole-process figures are a clerk's: her Python caches compiled bytecode (__pycache__). A shell
# that forbids it (PYTHONDONTWRITEBYTECODE, set in some sandboxes and CI) would time compiling
# zwgk's sources on every run instead, so the benchmarks' child processes may cache it.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def median_ms(fn, runs: int, warm: bool = False) -> float:
    """Median wall time of `fn()` over `runs` calls, in milliseconds (one untimed call first if `warm`)."""
    if warm:
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)
