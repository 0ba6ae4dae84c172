"""`zwgk render`: publish a report as Word (.docx), PDF, a web page (.html), text (.txt) or Markdown (.md)."""
from __future__ import annotations

import sys


def add_arguments(p) -> None:
    p.add_argument("report", metavar="REPORT.xlsx", help="报表工作簿（.xlsx/.xlsm/.xls/.ods）或 JSON 数据（.json）")
    p.add_argument("-o", "--output", required=True, action="append", metavar="OUT",
                   help="输出文件，格式由扩展名决定：.docx、.pdf（需 LibreOffice）、.html、.txt、.md；"
                        "可重复给出以同时输出多种格式；写 txt、md 或 html 则输出到屏幕")
    p.add_argument("--style", metavar="DIR",
                   help="本地样式目录：其中的 report.html.j2、report.txt.j2、report.md.j2、word.yaml 替换默认版式")


def run(args) -> int:
    from zwgk.commands import keep_existing, tell_notices
    from zwgk.render import kind_of, load_report, render

    targets = [kind_of(out)[1] for out in args.output]       # refuse a bad suffix before any work
    report = load_report(args.report)
    tell_notices(report)
    _warn_if_wrong(report)
    for out, target in zip(args.output, targets):
        if target is None:                                    # a bare format name: to stdout
            data = render(report, out, style=args.style)
            if isinstance(data, bytes):
                sys.stdout.buffer.write(data)
            else:
                sys.stdout.write(data)
            continue
        keep_existing(target)
        print(f"已输出 {render(report, target, style=args.style)}", file=sys.stderr)
    return 0


def _warn_if_wrong(report) -> None:
    """Publishing is not blocked, but a report whose 勾稽关系 do not hold is named before it goes out."""
    from zwgk.checks import check

    errors = [f for f in check(report) if f.level == "error"]
    if errors:
        print(f"注意：报表有 {len(errors)} 处错误（如：{errors[0].message}），"
              "请用 zwgk check 查看并改正后再发布；本次仍已输出。", file=sys.stderr)
