"""Run every benchmark script in this folder, one after another, and print their figures.

    python benchmarks/run_all.py            # all of them
    python benchmarks/run_all.py rollup     # those whose name contains "rollup"
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(p for p in HERE.glob("*.py") if p.name not in (Path(__file__).name, "timing.py"))
    scripts = [p for p in scripts if not argv or any(a in p.stem for a in argv)]
    failed = 0
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        t = time.perf_counter()
        done = subprocess.run([sys.executable, str(script)])
        failed += done.returncode != 0
        print(f"--- {script.stem}: {time.perf_counter() - t:.1f} s, exit {done.returncode}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
