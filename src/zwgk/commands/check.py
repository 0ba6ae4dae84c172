"""`zwgk check`: every check of the spec on a report workbook, listed, or marked in the workbook.

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 the file cannot be read or written.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

BLANKS_SHOWN = 20


def add_arguments(p) -> None:
    p.add_argument("workbook", metavar="REPORT.xlsx", help="报表工作簿（.xlsx/.xlsm/.xls/.ods）或 JSON")
    p.add_argument("--previous", metavar="LAST.xlsx", help="上年的报表，用于跨年度校验（上年结转等）")
    p.add_argument("--mark", action="store_true",
                   help="在工作簿中标出问题（错误标红、警告标黄、加批注、加“校验结果”表），先备份")
    p.add_argument("--copy", action="store_true",
                   help="与 --mark 同用：不改原文件，在旁边另存一份标好问题的副本（“…（已校验）.xlsx”）")
    p.add_argument("--clear", action="store_true", help="清除工作簿中的校验标记，恢复原样")
    p.add_argument("--json", action="store_true", help="以 JSON 输出全部问题和汇总")
    p.add_argument("--all", action="store_true", help="列出全部空白单元格（默认只列前 20 个）")


def load(path: str):
    """A Report from a workbook, or from the JSON view (`zwgk show --json`); a published report
    (text, Word, web page, PDF) is pointed to `zwgk import`."""
    from zwgk.commands import tell_notices
    from zwgk.commands.imports import SUFFIXES
    from zwgk.errors import UnreadableFileError
    from zwgk.workbook.reader import WORKBOOK_SUFFIXES, load_report

    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES and suffix not in WORKBOOK_SUFFIXES:
        raise UnreadableFileError.of("command.published_report", file=path, suffix=suffix, name=Path(path).name)
    report = load_report(path)
    tell_notices(report)
    return report


def run(args) -> int:
    if args.copy and not args.mark:
        from zwgk.errors import ZwgkError

        raise ZwgkError.of("command.copy_needs_mark")
    if args.clear:
        return _clear(args.workbook)
    from zwgk.checks import check, summary

    report = load(args.workbook)
    previous = _previous(args.previous, args.workbook, report) if args.previous else None
    findings = check(report, previous)
    counts = summary(findings)
    line = _summary_line(report, counts, args.workbook)
    if args.json:
        data = {"file": args.workbook, "previous": args.previous, "summary": {**counts, "text": line},
                "findings": [f.to_dict() for f in findings]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    else:
        print_text(findings, line, show_all=args.all)
    if args.mark:
        target = _checked_copy(args.workbook) if args.copy else args.workbook
        _mark(target, findings, line, quiet=args.json, copy=args.copy)
    return 1 if counts["errors"] else 0


def _summary_line(report, counts: dict, path: str) -> str:
    from zwgk.wording import words

    words = words("checks")["report"]
    name = report.title if report.unit else Path(path).name
    if not counts["errors"] and not counts["warnings"]:
        return words["ok"].format(name=name)
    return words["summary"].format(name=name, **counts)


def print_text(findings, line: str, show_all: bool = False) -> None:
    """A readable list, errors first, then warnings; long runs of blank cells shortened."""
    from zwgk.wording import words
    from zwgk.spec import LEVELS

    words = words("checks")["report"]
    print(line)
    for level, label in LEVELS.items():
        group = [f for f in findings if f.level == level]
        if not group:
            continue
        print("\n" + words["group"].format(level=label, count=len(group)))
        blanks = 0
        for f in group:
            if f.check == "blank" and not show_all:
                blanks += 1
                if blanks > BLANKS_SHOWN:
                    continue
            where = f.addresses[0] if f.addresses else ""
            print(f"  {where:<10} {f.message}")
        if blanks > BLANKS_SHOWN:
            print("  " + words["more_blanks"].format(count=blanks - BLANKS_SHOWN))


def _previous(path: str, current: str, report):
    """Last year's report for the cross-year checks; refused, in words, when it cannot be that:
    the same file, another unit's report, or a year that is not the one before."""
    from zwgk.errors import ZwgkError
    from zwgk.rollup.names import UnitNames

    if Path(path).exists() and Path(current).exists() and Path(path).samefile(current):
        raise ZwgkError.of("command.previous_is_self", file=path)
    previous = load(path)
    if previous == report:
        raise ZwgkError.of("command.previous_is_same", file=path)
    names = UnitNames(report.district or previous.district)     # 八里堡街道 = 二道区八里堡街道办事处
    if previous.unit and report.unit and names.key(previous.unit) != names.key(report.unit):
        raise ZwgkError.of("command.previous_other_unit", file=path, previous_unit=previous.unit, unit=report.unit)
    if report.year and previous.year and previous.year != report.year - 1:
        raise ZwgkError.of("command.previous_other_year", file=path, previous_year=previous.year,
                           year=report.year, wanted=report.year - 1)
    if not (report.year and previous.year):
        print("注意：本报告或上年报告没有填写年度，无法确认两者为相邻两年，跨年度校验结果仅供参考",
              file=sys.stderr)
    return previous


def _checked_copy(path: str) -> str:
    """A copy of the workbook beside it, “名称（已校验）.xlsx”, to be marked instead of the original."""
    import shutil

    from zwgk.atomic import atomic_path
    from zwgk.commands import keep_existing
    from zwgk.workbook.marker import markable

    source = Path(path)
    markable(source)                        # refuse before a copy is made, not after
    target = source.with_name(f"{source.stem}（已校验）{source.suffix}")
    if target.exists() and target.samefile(source):
        from zwgk.errors import ZwgkError

        raise ZwgkError.of("command.copy_is_original", file=path, name=target.name)
    keep_existing(target)                   # an earlier checked copy she may have worked on
    with atomic_path(target) as tmp:
        shutil.copyfile(source, tmp)
    return str(target)


def _mark(path: str, findings, line: str, quiet: bool, copy: bool = False) -> None:
    from zwgk.atomic import backup_note
    from zwgk.workbook.marker import mark

    saved = mark(path, findings, line, keep_backup=not copy)
    if quiet:
        return
    shown = len({f.addresses[0] for f in findings if f.addresses})
    if copy:
        print(f"\n已另存标好问题的副本：{path}（原文件未改动）")
    elif saved is None:
        print("\n工作簿无需改动（没有问题，也没有旧标记）")
    elif not findings:
        print(f"\n问题均已改正，已清除旧的校验标记和“校验结果”表；原文件备份为 {saved.name}")
    else:
        print(f"\n已在工作簿中标出 {shown} 个单元格，并加“校验结果”表；原文件备份为 {backup_note(saved)}")


def _clear(path: str) -> int:
    from zwgk.atomic import backup_note
    from zwgk.workbook.marker import clear_marks

    saved = clear_marks(path)
    print("工作簿中没有校验标记" if saved is None else f"已清除校验标记；原文件备份为 {backup_note(saved)}")
    return 0
