"""`zwgk new`: a blank official workbook, or one filled from the JSON view."""
from __future__ import annotations

import sys

from zwgk.kinds import report_years
from zwgk.spec import FORMATS, format_for_year
from zwgk.wording import words


def add_arguments(p) -> None:
    p.add_argument("--format", choices=FORMATS, help="报表格式（默认按年度：2019、2020 年度为 2019，其后为 2021）")
    p.add_argument("--unit", default="", help="单位名称，如 八里堡街道办事处")
    p.add_argument("--district", default="", help="所属地区，如 二道区")
    p.add_argument("--year", type=int, help="报告年度，如 2024")
    p.add_argument("--contact", default="", help="联系人及电话")
    p.add_argument("--date", default="", help="发布日期，如 2025-01-20")
    p.add_argument("--from", dest="source", metavar="REPORT.json",
                   help="由 JSON 数据（zwgk show --json 的输出）生成；- 表示标准输入")
    p.add_argument("--units", metavar="units.txt", help="单位名单（每行一个单位）：每个单位生成一个工作簿，-o 为文件夹")
    p.add_argument("--previous", metavar="LAST_YEAR_DIR",
                   help=words("years")["next_year"]["help"])
    p.add_argument("-o", "--output", required=True, metavar="REPORT.xlsx",
                   help="输出的工作簿（与 --units 同用时为文件夹）")


def run(args) -> int:
    if args.units or args.previous:
        return _run_next_year(args)
    from zwgk.commands import keep_existing, tell_notices
    from zwgk.model import Report
    from zwgk.workbook.writer import write_report

    if args.source == "-":
        report = Report.from_json(_read_stdin(), source="标准输入")
    elif args.source:
        report = Report.from_json_file(args.source)
    else:
        _check_year(args.year)
        fmt = args.format or format_for_year(args.year)
        report = Report.blank(fmt, unit=args.unit, district=args.district, year=args.year,
                              contact=args.contact, date=args.date)
    _check_xlsx(args.output)
    tell_notices(report)
    keep_existing(args.output)
    out = write_report(report, args.output)
    print(f"已生成 {out}（{report.format} 格式{'，' + report.unit if report.unit else ''}）", file=sys.stderr)
    return 0


# --- next year's workbooks, pre-filled from last year's reports (--units, --previous) --------------
def _run_next_year(args) -> int:
    from pathlib import Path

    from zwgk.errors import ZwgkError
    from zwgk.wording import words

    w = words("years")["next_year"]
    if args.source:
        raise ZwgkError.of("command.new_from_with_units")
    if args.previous and not (args.units or args.unit):
        raise ZwgkError.of("command.previous_needs_units")
    names = _unit_names(args)
    read, year = _last_year_reports(args)
    fmt = args.format or format_for_year(year)
    _check_year(year)
    district = args.district or _district_of(names, read)
    targets = _targets(args, names)
    done = _write_all(names, targets, read, year, fmt, district, args)
    if args.units:
        print(w["written"].format(count=len(names), folder=Path(args.output), year=year, format=fmt,
                                  prefilled=done), file=sys.stderr)
    return 0


def _unit_names(args) -> list[str]:
    from zwgk.errors import ZwgkError
    from zwgk.rollup.names import read_name_list                 # the rollup's --expect file reader

    names = read_name_list(args.units) if args.units else [args.unit.strip()]
    if not [n for n in names if n]:
        raise ZwgkError.of("command.no_units", file=args.units)
    return names


def _last_year_reports(args):
    """(file, report) of last year, and this year: --year, else the year after last year's reports."""
    from collections import Counter

    from zwgk.errors import ZwgkError
    from zwgk.history.collect import read_reports
    from zwgk.history.nextyear import last_years
    from zwgk.wording import words

    w = words("years")["next_year"]
    if not args.previous:
        return [], args.year
    read, not_read = read_reports([args.previous])
    for line in not_read:
        print(w["not_read"].format(line=line), file=sys.stderr)
    years = Counter(r.year for _, r in read if r.year)
    if args.year is None and not years:
        raise ZwgkError.of("command.no_previous_reports", file=args.previous)
    year = args.year if args.year is not None else years.most_common(1)[0][0] + 1
    used, other = last_years(read, year)
    if other:
        print(w["other_year"].format(year=year - 1, files="、".join(other)), file=sys.stderr)
    return used, year


def _check_xlsx(output: str) -> None:
    if not output.lower().endswith(".xlsx"):          # an .xlsm without macros Excel will not open
        from zwgk.errors import ZwgkError

        raise ZwgkError.of("command.new_needs_xlsx", file=output)


def _check_year(year) -> None:
    first, last = report_years()
    if year is not None and not first <= year <= last:
        from zwgk.errors import ZwgkError

        raise ZwgkError.of("command.year_out_of_range", year=year, first=first, last=last)


def _district_of(names: list[str], read) -> str:
    """The 所属地区 most of last year's reports name, else the one most unit names begin with."""
    from collections import Counter

    from zwgk.rollup.names import district_from_names

    named = Counter(r.district.strip() for _, r in read if r.district.strip())
    return named.most_common(1)[0][0] if named else district_from_names(names)


def _targets(args, names: list[str]) -> dict[str, str]:
    """The workbook of each unit: `-o` itself for one --unit, else 单位名称.xlsx in the -o folder."""
    import re
    from pathlib import Path

    from zwgk.errors import ZwgkError

    if not args.units:
        _check_xlsx(args.output)
        return {names[0]: args.output}
    folder = Path(args.output)
    if folder.suffix.lower() in (".xlsx", ".xlsm", ".xls") or folder.is_file():
        raise ZwgkError.of("command.output_not_folder", file=args.output)
    targets, seen = {}, {}
    for name in names:
        file = (re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("._") or "_") + ".xlsx"
        if file.casefold() in seen:          # Windows and macOS do not tell A.xlsx from a.xlsx
            raise ZwgkError.of("command.same_file", file=args.units, first=seen[file.casefold()], second=name,
                               name=file)
        seen[file.casefold()] = name
        targets[name] = str(folder / file)
    folder.mkdir(parents=True, exist_ok=True)
    return targets


def _write_all(names, targets, read, year, fmt, district, args) -> int:
    """Write each unit's workbook; the units without a report last year are listed."""
    from pathlib import Path

    from zwgk.commands import keep_existing
    from zwgk.history.nextyear import match_units, prefill, write_prefilled
    from zwgk.wording import words
    from zwgk.model import Report

    w = words("years")["next_year"]
    found, unlisted = match_units(names, read, district) if args.previous else ({}, [])
    for name in names:
        own = (found[name][1].district if name in found and not args.district else "") or district
        report = Report.blank(fmt, unit=name, district=own, year=year, contact=args.contact, date=args.date)
        done = prefill(report, found[name][1], Path(found[name][0]).name) if name in found else None
        keep_existing(targets[name])
        write_prefilled(report, done, targets[name])
        if not args.units:
            print(f"已生成 {targets[name]}（{fmt} 格式，{name}）", file=sys.stderr)
    missing = [n for n in names if n not in found]
    if args.previous and missing:
        print(w["no_previous"].format(units="、".join(missing)))
    if unlisted:
        print(w["not_listed"].format(units="、".join(unlisted)), file=sys.stderr)
    return len(found)


def _read_stdin() -> str:
    """The JSON view piped in, read with a bound (an endless stream is refused, not swallowed)."""
    from zwgk.errors import ZwgkError
    from zwgk.guard import MAX_FILE

    data = sys.stdin.buffer.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise ZwgkError.of("command.stdin_too_big", limit=MAX_FILE // 1024 // 1024)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ZwgkError.of("command.stdin_not_utf8") from None
