"""Foundation benchmark: `zwgk new` / `zwgk show` whole-process, write and read in-process.

Targets (2-core machine): `zwgk show` under 150 ms whole-process; writing one workbook under
30 ms in-process.  Printed beside the obvious alternative (openpyxl) for reading.

    python benchmarks/foundation.py [--runs 15]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import median_ms

ROOT = Path(__file__).resolve().parents[1]




def process(*args) -> None:
    subprocess.run([sys.executable, "-m", "zwgk.cli", *map(str, args)], check=True,
                   capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    runs = ap.parse_args().runs
    from zwgk.model import Report
    from zwgk.workbook.reader import read_report
    from zwgk.workbook.writer import write_report

    sample = next((ROOT / "samples" / "json").glob("*.json"))
    report = Report.from_json(sample.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.xlsx"
        write_report(report, path)
        rows = [
            ("zwgk new (whole process)", median_ms(lambda: process("new", "--year", "2024", "-o", path), runs), 0),
            ("zwgk show --json (whole process)", median_ms(lambda: process("show", path, "--json"), runs), 150),
            ("python -c pass (interpreter start)", median_ms(lambda: subprocess.run([sys.executable, "-c", "pass"]), runs), 0),
            ("write_report, in-process", median_ms(lambda: write_report(report, path), runs * 3), 30),
            ("read_report (calamine), in-process", median_ms(lambda: read_report(path), runs * 3), 0),
            ("openpyxl load_workbook + read 200 cells", median_ms(lambda: openpyxl_read(path), runs), 0),
        ]
    width = max(len(r[0]) for r in rows)
    for name, ms, target in rows:
        verdict = "" if not target else ("  OK" if ms < target else f"  over target {target} ms")
        print(f"{name:<{width}}  {ms:8.1f} ms{verdict}")
    print(json.dumps({name: round(ms, 2) for name, ms, _ in rows}, ensure_ascii=False))


def openpyxl_read(path) -> None:
    import openpyxl

    from zwgk.workbook.layout import workbook_layout

    wb = openpyxl.load_workbook(path, data_only=True)
    for lay in workbook_layout("2021").tables.values():
        ws = wb[lay.name]
        for r, c, _, _ in lay.inputs.values():
            ws.cell(r + 1, c + 1).value


if __name__ == "__main__":
    main()
