"""Import speed of units' own workbooks, beside pandas.read_excel of the same workbook.

    python benchmarks/import_handmade.py [WORKBOOKS...]     # default: samples/handmade/*

In process, per workbook (wall clock, best of three, and the process's CPU time, which a busy
machine disturbs less): zwgk's import_file (calamine read, the text engine, the cell origins and
formula notes, the checks) and pandas.read_excel of every sheet (header=None, pandas' default
engine and calamine), which only reads the grid.  Target: one hand-made workbook < 30 ms.
"""
from __future__ import annotations

import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zwgk.importer import import_file

TARGET_MS = 30.0


def _ms(fn, repeat: int = 10, clock=time.perf_counter) -> float:
    fn()
    best = []
    for _ in range(3):                       # the best of three runs: the machine is shared
        start = clock()
        for _ in range(repeat):
            fn()
        best.append((clock() - start) / repeat * 1000)
    return min(best)


def _pandas(path: Path, engine: str | None):
    import pandas

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pandas.read_excel(path, sheet_name=None, header=None, engine=engine)


def _optional(fn) -> str:
    """pandas' default engine for .xls (xlrd) and .ods (odfpy) may not be installed: shown as —."""
    try:
        return f"{fn():.1f}"
    except ImportError:
        return "—"


def main(argv: list[str]) -> int:
    folder = ROOT / "samples" / "handmade"
    files = [Path(a) for a in argv] or sorted(p for p in folder.iterdir() if p.suffix in (".xlsx", ".xls", ".ods"))
    print(f"{'workbook':<30}{'zwgk import':>12}{'(cpu)':>8}{'pandas':>10}{'pandas+calamine':>17}  (ms)")
    ours = []
    for path in files:
        t_import = _ms(lambda: import_file(path))
        t_cpu = _ms(lambda: import_file(path), clock=time.process_time)
        t_pandas = _optional(lambda: _ms(lambda: _pandas(path, None), repeat=3))
        t_calamine = _ms(lambda: _pandas(path, "calamine"))
        ours.append(t_import)
        print(f"{path.name:<30}{t_import:>12.1f}{t_cpu:>8.1f}{t_pandas:>10}{t_calamine:>17.1f}")
    median = statistics.median(ours)
    print(f"\nzwgk import of one hand-made workbook: median {median:.1f} ms, worst {max(ours):.1f} ms "
          f"(target < {TARGET_MS:.0f} ms)")
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
