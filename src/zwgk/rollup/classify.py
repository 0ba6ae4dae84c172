"""The state of every file met: 通过, 有警告, 有错误, 格式不符, 年度不符, 无法读取, 不是报表,
已跳过, 重复单位 — and 未报送 for each expected unit with no report.

Duplicates (two files of one unit, year and format) are settled without guessing: the same
numbers count once; if only one copy can be counted it is the one; otherwise none is, and the
clerk is told to delete the extra copy.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from zwgk.rollup.discover import Candidate
from zwgk.rollup.load import Loaded
from zwgk.rollup.result import Entry
from zwgk.rollup.wording import join_names, ui, unit_key
from zwgk.spec import format_for_year, load_spec


def pick_year(loaded: list[Loaded]) -> int | None:
    """The most common report year (the latest on a tie); None when no report has one."""
    years = Counter(x.report.year for x in loaded if x.kind == "report" and x.report.year)
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def pick_district(loaded: list[Loaded]) -> str:
    """The most common 所属地区 among the reports (the first by name on a tie)."""
    names = Counter(x.report.district.strip() for x in loaded
                    if x.kind == "report" and x.report.district.strip())
    if not names:
        return ""
    return min(names, key=lambda d: (-names[d], d))


def skipped_entry(c: Candidate) -> Entry:
    return Entry(c.name, state="skipped", reason=c.reason, path=c.path)


def classify(x: Loaded, year: int | None, include_invalid: bool, summaries_mixed: bool) -> Entry:
    """The state of one read file, before duplicates are looked at."""
    r = ui()["reasons"]
    if x.kind != "report":
        return Entry(x.name, state=x.kind, reason=r[x.kind].format(message=x.message), path=x.path)
    rep = x.report
    e = Entry(x.name, unit=rep.unit.strip(), path=x.path, format=rep.format, year=rep.year,
              district=rep.district, errors=x.errors, warnings=x.warnings, report=rep)
    expected_fmt = format_for_year(year)
    if x.is_summary and summaries_mixed:
        e.state, e.reason = "skipped", r["summary_mixed"]
    elif not e.unit:
        e.state, e.reason = "no_unit", r["no_unit"]
    elif rep.year != year:
        key = "wrong_year" if rep.year is not None else "no_year"
        e.state, e.reason = "wrong_year", r[key].format(found=rep.year, year=year)
    elif rep.format != expected_fmt:
        e.state, e.reason = "wrong_format", r["wrong_format"].format(
            found=rep.format, year=year, expected=expected_fmt, notice=load_spec(expected_fmt).notice)
    elif x.errors:
        e.state, e.counted = "errors", include_invalid
        e.reason = r["errors_included" if include_invalid else "errors"].format(n=x.errors, first=x.first_error)
    elif x.warnings:
        e.state, e.counted = "warnings", True
        e.reason = r["warnings"].format(n=x.warnings, first=x.first_warning)
    else:
        e.state, e.counted, e.reason = "passed", True, r["passed"]
    if x.imported:
        inferred = r["inferred"].format(n=x.inferred) if x.inferred else ""
        e.reason += r["imported"].format(inferred=inferred)
    return e


def settle_duplicates(entries: list[Entry]) -> None:
    """Two or more files of one unit among those that passed the year and format tests."""
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        if e.state in ("passed", "warnings", "errors"):
            groups.setdefault(unit_key(e.unit), []).append(e)
    r = ui()["reasons"]
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda e: e.file)
        countable = [e for e in group if e.counted]
        if not countable:
            continue                  # none counts anyway; each keeps its own state
        if all(e.report.cells == countable[0].report.cells for e in group):
            keep, why = countable[0], "duplicate_same"
        elif len(countable) == 1:
            keep, why = countable[0], "duplicate_kept"
        else:
            keep = None
        for e in group:
            if e is keep:
                continue
            e.state, e.counted = "duplicate", False
            if keep is not None:
                e.reason = r[why].format(other=keep.file)
            else:
                others = [o.file for o in group]
                e.reason = r["duplicate_conflict"].format(n=len(group), others=join_names(others))


def missing_entries(expect: list[str], entries: list[Entry]) -> list[Entry]:
    """An entry 未报送 for each expected unit that no file names.  A file that could not be read
    but whose name carries an expected unit's name is that unit's report (无法读取), not 未报送."""
    met = {unit_key(e.unit) for e in entries if e.unit}
    for name in expect:
        nameless = [e for e in entries if e.state == "unreadable" and not e.unit
                    and unit_key(name) in unit_key(Path(e.file).stem)]
        if unit_key(name) not in met and nameless:
            nameless[0].unit = name
            met.add(unit_key(name))
    return [Entry("", unit=name, state="missing", reason=ui()["reasons"]["missing"])
            for name in expect if unit_key(name) not in met]


def mark_unexpected(expect: list[str], entries: list[Entry]) -> None:
    """Append “不在名单中” to the reason of a unit the list does not name."""
    if not expect:
        return
    names = {unit_key(n) for n in expect}
    note = ui()["reasons"]["not_expected"]
    for e in entries:
        if e.unit and e.state != "missing" and unit_key(e.unit) not in names:
            e.reason = f"{e.reason}{note}"
