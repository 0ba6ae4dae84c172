"""City rollup benchmark: a tree of 10 district folders of 100 unit workbooks each, summed level by
level (each district, then the city), in a fresh process.  Target (2-core machine): under 3 s;
the city's cells equal an independent sum of the generated reports.

    python benchmarks/rollup_city.py [--districts 10] [--units 100]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

TARGET_WALL = 3.0
DISTRICTS = ["二道区", "南关区", "朝阳区", "宽城区", "绿园区", "双阳区", "九台区", "榆树市", "德惠市", "农安县",
             "公主岭市", "莲花山区"]


def make_one(args) -> dict:
    from zwgk.synthetic import consistent_report
    from zwgk.workbook.writer import write_report

    folder, district, i = args
    report = consistent_report("2021", i, unit=f"{district}第{i:03d}号街道办事处", district=district, year=2024)
    write_report(report, Path(folder) / district / f"unit-{i:03d}.xlsx")
    return {c: v for c, v in report.cells.items() if v is not None}


def generate(root: Path, districts: int, units: int) -> dict:
    """Write the tree; return the independent sum of the generated reports' cells."""
    jobs = []
    for k, name in enumerate(DISTRICTS[:districts]):
        (root / name).mkdir(parents=True)
        jobs += [(str(root), name, 1000 * k + i) for i in range(units)]
    total: dict = {}
    with ProcessPoolExecutor() as pool:
        for cells in pool.map(make_one, jobs, chunksize=16):
            for c, v in cells.items():
                total[c] = total.get(c, 0) + v
    return total


def child(folder: str, out: str) -> None:
    t = time.perf_counter()
    from zwgk.rollup import rollup, write_rollup

    result = rollup(folder, district="长春市", progress=False)
    write_rollup(result, out)
    print(json.dumps({"wall": time.perf_counter() - t, "counted": len(result.counted),
                      "districts": len(result.districts), "cells": result.summary.cells}))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--districts", type=int, default=10)
    ap.add_argument("--units", type=int, default=100)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return 0
    with tempfile.TemporaryDirectory(prefix="zwgk-city-bench-") as tmp:
        root = Path(tmp) / "长春市"
        t = time.perf_counter()
        want = generate(root, args.districts, args.units)
        print(f"generated {args.districts} x {args.units} workbooks in {time.perf_counter() - t:.1f} s")
        done = subprocess.run([sys.executable, __file__, "--child", str(root), str(Path(tmp) / "市汇总.xlsx")],
                              check=True, capture_output=True, text=True)
    ours = json.loads(done.stdout)
    n = args.districts * args.units
    same = sum(round(ours["cells"][c] or 0, 4) == round(v, 4) for c, v in want.items())
    rows = [(f"zwgk rollup of a city ({args.districts} districts x {args.units} units, read, check, sum, write)",
             f"{ours['wall']:.2f} s", f"< {TARGET_WALL * n / 1000:.1f} s", ours["wall"] < TARGET_WALL * n / 1000),
            ("districts / units counted", f"{ours['districts']} / {ours['counted']}", f"{args.districts} / {n}",
             ours["districts"] == args.districts and ours["counted"] == n),
            ("cells equal to the independent sum", f"{same}/{len(want)}", str(len(want)), same == len(want))]
    width = max(len(r[0]) for r in rows)
    for name, value, target, ok in rows:
        print(f"{name:<{width}}  {value:>10}  {target:>10}  {'OK' if ok else 'MISSED'}")
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
