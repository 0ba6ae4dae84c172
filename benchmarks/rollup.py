"""Rollup benchmark: 1,000 distinct unit workbooks into one summary, against pandas + openpyxl.

Targets (2-core machine): at least 10x faster than the obvious alternative (pandas.read_excel
with its default openpyxl engine, summing the same cells), under 5 s wall for 1,000 workbooks,
peak memory under 500 MB.  The rollup runs in a fresh child process so its wall time and peak
memory (getrusage of itself + its worker processes) are its own.

    python benchmarks/rollup.py [--n 1000] [--alt-n N]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

TARGET_RATIO, TARGET_WALL_1000, TARGET_MB = 10, 5.0, 500


def make_one(args) -> None:
    from zwgk.synthetic import consistent_report
    from zwgk.workbook.writer import write_report

    folder, i = args
    report = consistent_report("2021", i, unit=f"第{i:04d}号街道办事处", district="某市", year=2024)
    write_report(report, Path(folder) / f"unit-{i:04d}.xlsx")


def generate(folder: Path, n: int) -> None:
    with ProcessPoolExecutor() as pool:
        list(pool.map(make_one, [(str(folder), i) for i in range(n)], chunksize=16))


def child(folder: str, out: str) -> None:
    """Run in a fresh process: roll up and write; print wall time and peak memory as JSON."""
    t = time.perf_counter()
    from zwgk.rollup import rollup, write_rollup

    result = rollup(folder, progress=False)
    write_rollup(result, out)
    wall = time.perf_counter() - t
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"wall": wall, "self_kb": me, "child_kb": kids, "counted": len(result.counted),
                      "cells": result.summary.cells}))


def alternative(paths: list[Path]) -> dict:
    """The obvious way: pandas.read_excel (default engine, openpyxl) of the three table sheets,
    adding the same cells."""
    import pandas as pd

    from zwgk.workbook.layout import workbook_layout

    layout = workbook_layout("2021")
    where = {cid: (lay.name, r, c) for lay in layout.tables.values()
             for cid, (r, c, _, _) in lay.inputs.items()}
    sheets = sorted({s for s, _, _ in where.values()})
    sums = dict.fromkeys(where, 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in paths:
            frames = pd.read_excel(path, sheet_name=sheets, header=None)
            for cid, (s, r, c) in where.items():
                value = frames[s].iat[r, c]
                if pd.notna(value):
                    sums[cid] += float(value)
    return sums


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000, help="workbooks to generate and roll up")
    ap.add_argument("--alt-n", type=int, help="workbooks for the alternative (default: all); "
                    "its time is scaled to --n")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return 0
    with tempfile.TemporaryDirectory(prefix="zwgk-rollup-bench-") as tmp:
        folder = Path(tmp) / "units"
        folder.mkdir()
        t = time.perf_counter()
        generate(folder, args.n)
        print(f"generated {args.n} distinct workbooks with write_report in {time.perf_counter() - t:.1f} s")
        done = subprocess.run([sys.executable, __file__, "--child", str(folder), str(Path(tmp) / "out.xlsx")],
                              check=True, capture_output=True, text=True)
        ours = json.loads(done.stdout)
        paths = sorted(folder.glob("*.xlsx"))[: args.alt_n or args.n]
        t = time.perf_counter()
        alt = alternative(paths)
        alt_wall = (time.perf_counter() - t) * args.n / len(paths)
    return report(args.n, ours, alt, alt_wall, len(paths))


def report(n: int, ours: dict, alt: dict, alt_wall: float, alt_n: int) -> int:
    same = sum(round(alt[c], 4) == round(ours["cells"][c] or 0, 4) for c in alt)
    ratio = alt_wall / ours["wall"]
    self_mb, child_mb = ours["self_kb"] / 1024, ours["child_kb"] / 1024
    peak = self_mb + 2 * child_mb           # parent + two workers, each at most the largest child
    wall_target = TARGET_WALL_1000 * n / 1000
    rows = [
        ("zwgk rollup (read, check, sum, write; 2 processes)", f"{ours['wall']:.2f} s", f"< {wall_target:.1f} s",
         ours["wall"] < wall_target),
        (f"pandas.read_excel (openpyxl) + sum{'' if alt_n == n else f', {alt_n} files scaled'}",
         f"{alt_wall:.2f} s", "", None),
        ("ratio (alternative / zwgk)", f"{ratio:.1f}x", f">= {TARGET_RATIO}x", ratio >= TARGET_RATIO),
        ("peak memory: parent + 2 x largest worker", f"{peak:.0f} MB", f"< {TARGET_MB} MB", peak < TARGET_MB),
        ("  parent / largest worker", f"{self_mb:.0f} / {child_mb:.0f} MB", "", None),
        ("units counted", str(ours["counted"]), str(n), ours["counted"] == n),
    ]
    if alt_n == n:
        rows.append(("cells equal to the alternative's sums", f"{same}/{len(alt)}", str(len(alt)),
                     same == len(alt)))
    width = max(len(r[0]) for r in rows)
    failed = False
    for name, value, target, ok in rows:
        verdict = "" if ok is None else ("  OK" if ok else "  MISSED")
        failed |= ok is False
        print(f"{name:<{width}}  {value:>14}  {target:>10}{verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
