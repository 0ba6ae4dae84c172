"""Checks benchmark: all checks on one report in-process, and the whole `zwgk check` process.

Targets (2-core machine): `check(report)` under 1 ms in-process; `zwgk check report.xlsx` under
150 ms whole-process (issue 10).  Printed beside the obvious alternatives: evaluating the spec's rules
directly each time (no precomputed tables), and reading the workbook with openpyxl.

    python benchmarks/checks.py [--runs 15]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import median_ms


def median_ms_warm(fn, runs: int) -> float:
    return median_ms(fn, runs, warm=True)  # the per-format tables are built once




def reports():
    """A full report with a few errors, last year's, and an all-blank one (the most findings)."""
    from zwgk.model import Report
    from zwgk.spec import load_spec

    spec = load_spec("2021")
    full = Report.blank("2021", unit="八里堡街道办事处", year=2024)
    for i, cid in enumerate(spec.cells):
        full.cells[cid] = i % 5
    full.prose = {"overview": "本年共收到政府信息公开申请12件。" * 20, "other": "行政复议1件，行政诉讼0件。"}
    previous = Report.from_dict({**full.to_dict(), "year": 2023})
    return full, previous, Report.blank("2021")


def naive_check(report) -> int:
    """The obvious alternative: walk the spec's rules every call, words built on the fly."""
    from zwgk.spec import load_spec

    spec = load_spec(report.format)
    bad = 0
    for rule in spec.sum_rules(previous=None):
        values = [report.cells[c] for c in rule.cells]
        if None in values:
            continue
        left = sum(report.cells[t.cell] * t.sign for t in rule.left)
        right = sum(report.cells[t.cell] * t.sign for t in rule.right)
        if round(left - right, 6):
            bad += 1
            rule.message.format(table=spec.tables[rule.table].sheet, where=rule.where,
                                left=left, right=right, diff=left - right)
    return bad


def openpyxl_check(path) -> None:
    import openpyxl

    from zwgk.checks import check
    from zwgk.model import Report
    from zwgk.workbook.layout import workbook_layout

    wb = openpyxl.load_workbook(path, data_only=True)
    report = Report.blank("2021")
    for lay in workbook_layout("2021").tables.values():
        ws = wb[lay.name]
        for cid, (r, c, _, _) in lay.inputs.items():
            value = ws.cell(r + 1, c + 1).value
            report.cells[cid] = value if isinstance(value, (int, float)) else None
    check(report)


def process(*args) -> None:
    subprocess.run([sys.executable, "-m", "zwgk.cli", "check", *map(str, args)], check=False,
                   capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    runs = ap.parse_args().runs
    from zwgk.checks import check
    from zwgk.workbook.marker import mark
    from zwgk.workbook.writer import write_report

    full, previous, blank = reports()
    print(f"findings: full report {len(check(full))}, with last year {len(check(full, previous))}, "
          f"blank report {len(check(blank))}")
    with tempfile.TemporaryDirectory() as tmp:
        path = write_report(full, Path(tmp) / "r.xlsx")
        prev_path = write_report(previous, Path(tmp) / "p.xlsx")
        work = Path(tmp) / "m.xlsx"
        findings = check(full)

        def mark_copy():
            shutil.copy(path, work)
            mark(work, findings, "x")

        rows = [
            ("check(report), in-process", median_ms_warm(lambda: check(full), runs * 100), 1),
            ("check(report, previous), in-process", median_ms_warm(lambda: check(full, previous), runs * 100), 1),
            ("check(blank report: 200 findings), in-process", median_ms_warm(lambda: check(blank), runs * 100), 1),
            ("  alternative: spec rules walked each call", median_ms_warm(lambda: naive_check(full), runs * 20), 0),
            ("zwgk check r.xlsx (whole process)", median_ms_warm(lambda: process(path), runs), 150),
            ("zwgk check r.xlsx --previous p.xlsx (whole process)",
             median_ms_warm(lambda: process(path, "--previous", prev_path), runs), 150),
            ("  alternative: openpyxl load + check, in-process", median_ms_warm(lambda: openpyxl_check(path), runs), 0),
            ("python -c pass (interpreter start)",
             median_ms_warm(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), runs), 0),
            ("mark: copy + openpyxl load/mark/save, in-process", median_ms_warm(mark_copy, max(3, runs // 3)), 0),
        ]
    width = max(len(r[0]) for r in rows)
    for name, ms, target in rows:
        verdict = "" if not target else ("  OK" if ms < target else f"  over target {target} ms")
        print(f"{name:<{width}}  {ms:9.3f} ms{verdict}")
    print(json.dumps({name.strip(): round(ms, 3) for name, ms, _ in rows}, ensure_ascii=False))


if __name__ == "__main__":
    main()
