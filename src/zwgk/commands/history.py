"""`zwgk history`: one unit's reports of several years side by side, with the cross-year checks.

    zwgk history 平潭/ -o 历年对比.xlsx
    zwgk history 2022.xlsx 2023.docx 2024.pdf -o 历年对比.xlsx
"""
from __future__ import annotations

import sys


def add_arguments(p) -> None:
    p.add_argument("sources", nargs="+", metavar="FILES_OR_DIR",
                   help="同一单位各年度的报告：工作簿，或 zwgk import 能读的文本、Word、网页、PDF；可给文件夹")
    p.add_argument("-o", "--output", required=True, metavar="历年对比.xlsx", help="输出的工作簿")


def run(args) -> int:
    from zwgk.commands import keep_existing
    from zwgk.errors import ZwgkError
    from zwgk.history import build_history, write_history
    from zwgk.wording import words

    w = words("years")["history"]
    if not args.output.lower().endswith(".xlsx"):
        raise ZwgkError.of("command.history_needs_xlsx", file=args.output)
    _refuse_output_onto_input(args.output, args.sources)
    history = build_history(args.sources, output=args.output)
    for line in history.not_read:
        print(w["skipped"].format(line=line), file=sys.stderr)
    if history.unnamed:
        print(w["unnamed"].format(files="、".join(history.unnamed)), file=sys.stderr)
    keep_existing(args.output)
    out = write_history(history, args.output)
    gaps = w["gaps"].format(years="、".join(map(str, history.gaps))) if history.gaps else ""
    print(w["written"].format(path=out, unit=history.unit or w["no_unit"], count=len(history.reports),
                              first=history.first, last=history.last, gaps=gaps))
    errors = sum(line.level == "错误" for line in history.pairs)
    warnings = sum(line.level == "警告" for line in history.pairs)
    print(w["findings"].format(errors=errors, warnings=warnings))
    return 0


def _refuse_output_onto_input(output: str, sources) -> None:
    from pathlib import Path

    from zwgk.errors import ZwgkError
    from zwgk.rollup.discover import resolved

    if Path(output).exists() and resolved(output) in {resolved(s) for s in sources}:
        raise ZwgkError.of("command.history_onto_input", file=output)
