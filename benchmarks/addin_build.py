"""Time the add-in build and its parts: `python benchmarks/addin_build.py [-n 5]`."""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from zwgk.addin_build import build, ovba


def timed(fn, repeat: int) -> tuple[float, float]:
    """(median, best) seconds of `repeat` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=5, help="repetitions (default 5)")
    n = parser.parse_args().n
    source = (build.template_path().parent / "xlwings_custom_addin.bas").read_bytes()
    packed = ovba.compress(source)
    with tempfile.TemporaryDirectory() as tmp:
        rows = [
            ("build_addin (zwgk.xlam)", lambda: build.build_addin(tmp)),
            (f"ovba.compress {len(source) // 1024} KB", lambda: ovba.compress(source)),
            (f"ovba.decompress {len(source) // 1024} KB", lambda: ovba.decompress(packed)),
        ]
        for name, fn in rows:
            median, best = timed(fn, n)
            print(f"{name:32s} median {median * 1000:8.1f} ms   best {best * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
