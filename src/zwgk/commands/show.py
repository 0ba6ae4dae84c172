"""`zwgk show`: what a report workbook holds, as text or as the JSON view."""
from __future__ import annotations

import sys


def add_arguments(p) -> None:
    p.add_argument("workbook", metavar="REPORT.xlsx", help="报表工作簿（.xlsx/.xlsm/.xls/.ods）")
    p.add_argument("--json", action="store_true", help="输出 JSON（全部单元格编号，空白为 null）")


def run(args) -> int:
    from zwgk.commands import tell_notices
    from zwgk.workbook.reader import read_report

    report = read_report(args.workbook)
    tell_notices(report)
    if args.json:
        sys.stdout.write(report.to_json() + "\n")
        return 0
    print(report.title)
    print(f"格式：{report.format}　地区：{report.district or '—'}　联系人：{report.contact or '—'}"
          f"　发布日期：{report.date or '—'}")
    filled = sum(v is not None for v in report.cells.values())
    print(f"已填 {filled} / {len(report.cells)} 个单元格")
    for cid, cell in report.spec.cells.items():
        text = report.text(cid)
        if text:
            print(f"  {cid:<32} {cell.where:<40} {text}")
    return 0
