"""`zwgk demo`: the main job on the bundled samples, written into one output folder."""
from __future__ import annotations

import sys
from pathlib import Path

from zwgk.spec import FORMATS


def samples_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "samples"


def add_arguments(p) -> None:
    p.add_argument("-o", "--output", default="out", metavar="DIR", help="输出目录（默认 out/）")
    p.add_argument("--samples", default=None, metavar="DIR", help="样例目录（默认仓库中的 samples/）")


def run(args) -> int:
    from zwgk.model import Report
    from zwgk.workbook.reader import read_report
    from zwgk.workbook.writer import write_report

    out, samples = Path(args.output), Path(args.samples) if args.samples else samples_dir()
    for fmt in FORMATS:
        path = write_report(Report.blank(fmt), out / "模板" / f"空白模板-{fmt}格式.xlsx")
        _say(f"空白模板：{path}")
    last = None
    for source in sorted((samples / "json").glob("*.json")):
        report = Report.from_json(source.read_text(encoding="utf-8"), source=str(source))
        last = write_report(report, out / "示例" / f"{source.stem}.xlsx")
        _say(f"示例报表：{last}")
    if last is not None:
        sys.stdout.write(read_report(last).to_json() + "\n")
    return 0


def _say(text: str) -> None:
    print(text, file=sys.stderr)
