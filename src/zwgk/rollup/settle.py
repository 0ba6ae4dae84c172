"""One district's files settled: each file's state, duplicates, units expected and missing,
zwgk summaries compared with the units they sum; then the result with the district's sums."""
from __future__ import annotations

from zwgk.rollup.classify import classify, mark_unexpected, missing_entries, settle_duplicates, skipped_entry
from zwgk.rollup.names import UnitNames
from zwgk.rollup.result import RollupResult
from zwgk.rollup.sums import add_reports
from zwgk.rollup.wording import cell_where
from zwgk.wording import words


def settle(candidates, loaded, year, district, expect_names, include_invalid, hints) -> list:
    """The entries of one district's files: states, duplicates, units expected, summaries compared."""
    names = UnitNames(district)
    entries = [skipped_entry(c) for c in candidates if not c.how]
    entries += [classify(x, year, include_invalid, district, hints) for x in loaded]
    settle_duplicates([e for e in entries if not e.is_summary], names)
    compare_summaries(entries, year)           # summaries beside their units are not counted …
    settle_duplicates([e for e in entries if e.is_summary], names)    # … two alone count once
    mark_unexpected(expect_names, entries, names)
    entries += missing_entries(expect_names, entries, names)
    for e in entries:
        e.hint = hints["import"]
    entries.sort(key=lambda e: e.sort_key)
    return entries


def make_result(entries, year, district, include_invalid) -> RollupResult:
    from zwgk.model import Report
    from zwgk.spec import format_for_year

    fmt = format_for_year(year)
    counted = [e.report for e in entries if e.counted]
    sums = add_reports(fmt, counted)
    s = words("rollup")["summary"]
    unit = s["unit"].format(district=district) if district else s["unit_no_district"]
    summary = Report(format=fmt, unit=unit, district=district, year=year, cells=sums.cells,
                     units={cid: words("rollup")["sum_unit"] for cid, c in Report.blank(fmt).spec.cells.items()
                            if c.unit == "free"})
    return RollupResult(summary, entries, year, fmt, district, include_invalid,
                        sums.blank_in, sums.converted, sums.unknown_unit)


def compare_summaries(entries: list, year) -> None:
    """A zwgk summary beside unit reports it would sum is not counted (the units win): it is
    compared with the sum of the counted units, and the differences named in its reason."""
    units = [e for e in entries if e.counted and not e.is_summary]
    summaries = [e for e in entries if e.is_summary and e.state in ("passed", "warnings", "errors")]
    if not units or not summaries:
        return
    from zwgk.spec import format_for_year

    fmt = format_for_year(year)
    sums = add_reports(fmt, [e.report for e in units]).cells
    for e in summaries:
        e.counted = False
        diffs = summary_differences(e.report.cells, sums)
        if not diffs:
            e.state = "summary_checked"
            e.say("summary_checked", n=len(units))
            continue
        cid, theirs, ours = diffs[0]
        e.state = "summary_stale"
        e.say("summary_stale", n=len(units), differences=len(diffs), where=cell_where(fmt, cid),
              summary=_shown(theirs), units=_shown(ours), cells=(cid,))


def summary_differences(summary: dict, sums: dict) -> list[tuple[str, object, object]]:
    """(cell, the summary's value, the units' sum) where they differ (amounts to 4 places)."""
    out = []
    for cid, ours in sums.items():
        theirs = summary.get(cid)
        if (theirs is None) != (ours is None) or (ours is not None and round(theirs - ours, 4) != 0):
            out.append((cid, theirs, ours))
    return out


def _shown(value) -> str:
    from zwgk.model import format_number

    return words("rollup")["summary"]["blank_value"] if value is None else format_number(value)
