"""Render benchmark: one report to each output, in-process, beside the obvious alternatives.

Targets (2-core machine): every text kind under 20 ms, Word under 300 ms, a district's 100
reports to .docx in under 30 s.  Alternatives: pandas `DataFrame.to_html` for the three tables
(no merged headers at all), and LibreOffice converting the .docx to PDF (what `-o x.pdf` costs).

    python benchmarks/render.py [--runs 15]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from timing import median_ms

ROOT = Path(__file__).resolve().parents[1]




def pandas_tables(report) -> str:
    """The obvious alternative: each table as a DataFrame (cell ids as rows), to_html."""
    import pandas as pd

    out = []
    for table in report.spec.tables.values():
        cells = {c.id: (c.row, c.col) for c in table.cells()}
        frame = pd.DataFrame([(r, c, report.text(cid)) for cid, (r, c) in cells.items()],
                             columns=["row", "col", "value"]).pivot(index="row", columns="col", values="value")
        out.append(frame.to_html())
    return "".join(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    runs = ap.parse_args().runs
    sys.path.insert(0, str(ROOT / "src"))
    from zwgk.render import render
    from zwgk.render.grid import table_grid
    from zwgk.render.pdf import docx_to_pdf, soffice
    from zwgk.synthetic import consistent_report

    report = consistent_report("2021", seed=1, unit="八里堡街道办事处", district="二道区", year=2024)
    render(report, "html")                                   # warm the caches (spec, layout, templates)
    rows = [(f"render {k}", median_ms(lambda k=k: render(report, k), runs), target)
            for k, target in (("txt", 20), ("md", 20), ("html", 20), ("docx", 300))]
    rows.append(("  grid of 表三 computed afresh (no cache)",
                 median_ms(lambda: table_grid.__wrapped__("2021", "t3"), runs), 0))
    rows.append(("  pandas DataFrame.to_html, 3 tables, no merges", median_ms(lambda: pandas_tables(report), runs), 0))
    with tempfile.TemporaryDirectory() as tmp:
        reports = [consistent_report("2021", seed=i, unit=f"单位{i}", year=2024) for i in range(100)]
        t = time.perf_counter()
        for i, r in enumerate(reports):
            render(r, Path(tmp) / f"{i}.docx")
        rows.append(("100 reports to .docx (a district)", (time.perf_counter() - t) * 1000, 30000))
    if soffice():
        data = render(report, "docx")
        rows.append(("  LibreOffice .docx -> PDF, one report", median_ms(lambda: docx_to_pdf(data), 3), 0))
    width = max(len(r[0]) for r in rows)
    for name, ms, target in rows:
        verdict = "" if not target else ("  OK" if ms < target else f"  over target {target} ms")
        print(f"{name:<{width}}  {ms:9.1f} ms{verdict}")


if __name__ == "__main__":
    main()
