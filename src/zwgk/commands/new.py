"""`zwgk new`: a blank official workbook, or one filled from the JSON view."""
from __future__ import annotations

import sys

from zwgk.spec import FORMATS, format_for_year, load_spec


def add_arguments(p) -> None:
    p.add_argument("--format", choices=FORMATS, help="报表格式（默认按年度：2019、2020 年度为 2019，其后为 2021）")
    p.add_argument("--unit", default="", help="单位名称，如 八里堡街道办事处")
    p.add_argument("--district", default="", help="所属地区，如 二道区")
    p.add_argument("--year", type=int, help="报告年度，如 2024")
    p.add_argument("--contact", default="", help="联系人及电话")
    p.add_argument("--date", default="", help="发布日期，如 2025-01-20")
    p.add_argument("--from", dest="source", metavar="REPORT.json",
                   help="由 JSON 数据（zwgk show --json 的输出）生成；- 表示标准输入")
    p.add_argument("-o", "--output", required=True, metavar="REPORT.xlsx", help="输出的工作簿")


def run(args) -> int:
    from zwgk.commands import keep_existing, tell_notices
    from zwgk.model import Report
    from zwgk.workbook.writer import write_report

    if args.source == "-":
        report = Report.from_json(sys.stdin.read(), source="标准输入")
    elif args.source:
        report = Report.from_json_file(args.source)
    else:
        first = min(load_spec(f).first_year for f in FORMATS)
        if args.year is not None and not first <= args.year <= 2100:
            from zwgk.errors import ZwgkError

            raise ZwgkError(f"年度 {args.year} 不在 {first} 至 2100 之间：政府信息公开工作年度报告格式自 {first} 年度起施行")
        fmt = args.format or format_for_year(args.year)
        report = Report.blank(fmt, unit=args.unit, district=args.district, year=args.year,
                              contact=args.contact, date=args.date)
    if not args.output.lower().endswith(".xlsx"):          # an .xlsm without macros Excel will not open
        from zwgk.errors import ZwgkError

        raise ZwgkError("输出文件名应以 .xlsx 结尾（zwgk 生成的工作簿不含宏）", file=args.output)
    tell_notices(report)
    keep_existing(args.output)
    out = write_report(report, args.output)
    print(f"已生成 {out}（{report.format} 格式{'，' + report.unit if report.unit else ''}）", file=sys.stderr)
    return 0
