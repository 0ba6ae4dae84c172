"""The state of every file met: 通过, 有警告, 有错误, 格式不符, 年度不符, 地区不符, 无法读取,
不是报表, 非模板报表, 已跳过, 重复单位, 重复报送 — and 未报送 for each expected unit with no report.

Duplicates (two files of one unit, year and format; unit names compared as `UnitNames` does)
are settled without guessing: the same numbers count once (the other copy is 重复报送); if only
one copy can be counted it is the one; otherwise none is, and the clerk is told to delete the
extra copy.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from zwgk.problems import problem
from zwgk.rollup.discover import Candidate
from zwgk.rollup.load import Loaded
from zwgk.rollup.names import UnitNames, district_core, folded, same_district
from zwgk.rollup.result import Entry
from zwgk.rollup.wording import join_names
from zwgk.wording import words
from zwgk.spec import format_for_year, load_spec

SUMMED_STATES = ("passed", "warnings", "errors")


def pick_year(loaded: list[Loaded]) -> int | None:
    """The most common report year (the latest on a tie); None when no report has one."""
    years = Counter(x.report.year for x in loaded if x.kind == "report" and x.report.year)
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def pick_district(loaded: list[Loaded]) -> str:
    """The most common 所属地区 among the unit reports (summaries when there are only summaries),
    districts compared without their higher levels; its commonest spelling (the first by name on a tie)."""
    reports = [x for x in loaded if x.kind == "report" and x.report.district.strip()]
    units = [x for x in reports if not x.is_summary] or reports
    names = Counter(x.report.district.strip() for x in units)
    if not names:
        return ""
    groups = Counter()
    for name, n in names.items():
        groups[district_core(name)] += n
    best = min(groups, key=lambda d: (-groups[d], d))
    return min((d for d in names if district_core(d) == best), key=lambda d: (-names[d], d))


def skipped_entry(c: Candidate) -> Entry:
    return Entry(c.name, state=c.state, problem=c.problem, path=c.path)


def classify(x: Loaded, year: int | None, include_invalid: bool, district: str = "",
             hints: dict | None = None) -> Entry:
    """The state of one read file, before duplicates are looked at."""
    if x.kind != "report":
        return Entry(x.name, state=x.kind, problem=x.problem, path=x.path)
    rep = x.report
    e = Entry(x.name, unit=rep.unit.strip(), path=x.path, format=rep.format, year=rep.year,
              district=rep.district.strip(), errors=x.errors, warnings=x.warnings, report=rep,
              is_summary=x.is_summary, over_blanks=x.over_blanks)
    _settle_state(e, x, year, include_invalid, district, hints or words("rollup")["hints"]["cli"])
    if district and not e.district and not x.is_summary and e.state in SUMMED_STATES:
        e.note("no_district", district=district)
    if x.imported:
        e.imported = {"read": x.read, "inferred": x.inferred, "blank": x.blank}
        e.note("imported_inferred" if x.inferred else "imported", **e.imported)
    return e


def _settle_state(e: Entry, x: Loaded, year, include_invalid, district, hints) -> None:
    rep = x.report
    expected_fmt = format_for_year(year)
    if not e.unit:
        e.state = "no_unit"
        e.say("no_unit")
    elif district and e.district and not x.is_summary and not same_district(e.district, district):
        e.state = "wrong_district"
        e.say("wrong_district", found=e.district, district=district)
    elif rep.year != year:
        e.state = "wrong_year"
        e.say("wrong_year" if rep.year is not None else "no_year", found=rep.year, year=year)
    elif rep.format != expected_fmt:
        e.state = "wrong_format"
        e.say("wrong_format", found=rep.format, year=year, expected=expected_fmt,
              notice=load_spec(expected_fmt).notice)
    elif x.errors:
        over_blanks = x.is_summary and x.over_blanks
        e.state, e.counted = "errors", include_invalid or over_blanks
        key = "errors_included" if include_invalid else "errors_summary_blanks" if over_blanks else "errors"
        e.say(key, n=x.errors, first=x.first_error, include_invalid=hints["include_invalid"], **x.first_at)
    elif x.warnings:
        e.state, e.counted = "warnings", True
        e.say("warnings", n=x.warnings, first=x.first_warning, **x.first_at)
    else:
        e.state, e.counted = "passed", True
        e.say("passed")


def settle_duplicates(entries: list[Entry], names: UnitNames) -> None:
    """Two or more files of one unit among those that passed the district, year and format tests."""
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        if e.state in SUMMED_STATES:
            groups.setdefault(names.key(e.unit), []).append(e)
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda e: e.file)
        countable = [e for e in group if e.counted]
        if not countable:
            continue                  # none counts anyway; each keeps its own state
        if all(e.report.cells == countable[0].report.cells for e in group):
            # the same numbers: the copy with the plainest name (no 盖章, no district) counts
            keep, why = min(countable, key=lambda e: (len(folded(e.unit)), e.file)), "duplicate_same"
        elif len(countable) == 1:
            keep, why = countable[0], "duplicate_kept"
        else:
            keep, why = None, "duplicate_conflict"
        for e in group:
            if e is keep:
                continue
            e.state, e.counted = "resent" if why == "duplicate_same" else "duplicate", False
            if keep is not None:
                e.say(why, other=keep.file)
            else:
                e.say("duplicate_conflict", n=len(group), others=join_names([o.file for o in group]))


def missing_entries(expect: list[str], entries: list[Entry], names: UnitNames) -> list[Entry]:
    """An entry 未报送 for each expected unit that no file of this district names.  A file that
    could not be read but whose name carries an expected unit's name is that unit's report
    (无法读取), not 未报送."""
    met = {names.key(e.unit) for e in entries if e.unit and e.state != "wrong_district"}
    for name in expect:
        nameless = [e for e in entries if e.state == "unreadable" and not e.unit
                    and names.key(name) in names.key(Path(e.file).stem)]
        if names.key(name) not in met and nameless:
            nameless[0].unit = name
            met.add(names.key(name))
    return [Entry("", unit=name, state="missing", problem=problem("rollup.missing", unit=name))
            for name in expect if names.key(name) not in met]


def mark_unexpected(expect: list[str], entries: list[Entry], names: UnitNames) -> None:
    """Append “不在名单中” to the reason of a unit the list does not name."""
    if not expect:
        return
    listed = {names.key(n) for n in expect}
    for e in entries:
        if e.unit and e.state != "missing" and not e.is_summary and names.key(e.unit) not in listed:
            e.note("not_expected", unit=e.unit)
