"""Next year's workbook of a unit, pre-filled from its report of last year (`zwgk new --previous`).

What is pre-filled comes from the cross-year checks of checks.yaml, not from code: a check whose
one cell of this year equals last year's cells alone (上年结转 = 上年 结转下年度) fills that cell,
marked (a distinct fill and a comment) and said in 基本信息; a check that also needs this year's
numbers (现行有效件数 = 上年现行有效 + 制发 − 废止) shows last year's cells beside the table as its
baseline.  A cell whose source is blank last year stays blank.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.checks.wording import cell_where
from zwgk.model import Report
from zwgk.wording import words


@dataclass
class Prefill:
    notes: dict[str, str] = field(default_factory=dict)               # cell id -> its comment
    baselines: dict[str, list[str]] = field(default_factory=dict)     # this year's cell -> texts beside it
    info: str = ""                                                    # the line of 基本信息


def prefill(report: Report, previous: Report, source: str) -> Prefill:
    """Fill `report` (a blank of this year) from `previous`; what was done, to be shown."""
    from zwgk.model import format_number

    w, names = words("years")["next_year"], words("years")["history"]["check_names"]
    cross = {c["id"] for c in words("checks")["checks"] if c.get("needs_previous")}
    done = Prefill()
    for rule in report.spec.sum_rules(previous=previous.spec):
        if rule.check not in cross:
            continue
        target = rule.left[0].cell
        if len(rule.left) == 1 and all(t.previous for t in rule.right):
            values = [previous.cells[t.cell] for t in rule.right]
            if any(v is None for v in values):
                continue                                  # blank last year: blank now, never 0
            value = sum(t.sign * v for t, v in zip(rule.right, values))
            if value < 0 and report.spec.cells[target].kind != "signed":
                continue                                  # last year's numbers are wrong: not carried on
            report.cells[target] = value
            src = "、".join(f"“{cell_where(previous.spec, t.cell)}”" for t in rule.right)
            done.notes[target] = w["prefilled"].format(
                year=previous.year, file=source, source=src, check=names.get(rule.check, rule.check),
                value=format_number(value, report.spec.cells[target].kind))
        else:
            for t in (t for t in rule.right if t.previous):
                v = previous.cells[t.cell]
                shown = w["blank_value"] if v is None else format_number(v, previous.spec.cells[t.cell].kind)
                done.baselines.setdefault(target, []).append(w["baseline"].format(
                    year=previous.year, where=cell_where(previous.spec, t.cell), value=shown))
    done.info = _info_line(done, report, previous, source)
    return done


def _info_line(done: Prefill, report: Report, previous: Report, source: str) -> str:
    w = words("years")["next_year"]
    if not done.notes and not done.baselines:
        return ""
    rows = list(dict.fromkeys(cell_where(previous.spec, c).split(" ")[0] for c in done.notes))
    text = w["info_text"].format(count=len(done.notes), year=previous.year, file=source, what="、".join(rows))
    if done.baselines:
        cols = dict.fromkeys(report.spec.cells[c].col_label for c in done.baselines)
        text += w["info_baseline"].format(what="、".join(cols))
    return text


def write_prefilled(report: Report, done: Prefill | None, path) -> None:
    """Write the workbook; pre-filled cells marked, baselines beside their rows, 基本信息 noted."""
    from zwgk.workbook.layout import workbook_layout
    from zwgk.workbook.writer import write_report

    info_line = done.info if done is not None else words("years")["next_year"]["info_none"]

    def extra(book, fmt):
        layout = workbook_layout(report.format)
        info = book.get_worksheet_by_name(words("workbook")["info"]["sheet"])
        row = len(words("workbook")["info"]["fields"]) + 3
        info.write_string(row, 0, words("years")["next_year"]["info_label"], fmt["label"])
        info.write_string(row, 1, info_line, fmt["field"])
        info.set_row(row, 15 * (1 + len(info_line) // 28))      # the line wrapped in full
        for cid, texts in (done.baselines if done is not None else {}).items():
            lay = layout.sheet_of(cid)
            sheet = book.get_worksheet_by_name(lay.name)
            r = lay.inputs[cid][0]
            sheet.write_string(r, lay.last_col + 1, "；".join(texts), fmt["note"])
            sheet.set_column(lay.last_col + 1, lay.last_col + 1, 34)
            sheet.print_area(0, 0, lay.last_row, lay.last_col + 1)

    write_report(report, path, notes=done.notes if done is not None else {}, extra=extra)


def last_years(read: list[tuple[str, Report]], year: int) -> tuple[list[tuple[str, Report]], list[str]]:
    """The reports of `year` - 1, and the files of other years (not used)."""
    used = [(n, r) for n, r in read if r.year == year - 1]
    return used, [n for n, r in read if r.year != year - 1]


def match_units(names: list[str], read: list[tuple[str, Report]], district: str):
    """{unit name of the list: (file, last year's report)}, names compared as the rollup does;
    and the units of last year that are not in the list.  Two reports of one unit are refused."""
    from zwgk.errors import ZwgkError
    from zwgk.rollup.names import UnitNames

    def key(name, own_district=""):
        return UnitNames(own_district or district).key(name)

    by_key: dict[str, list[tuple[str, Report]]] = {}
    for name, report in read:
        by_key.setdefault(key(report.unit, report.district), []).append((name, report))
    wanted = {key(n): n for n in names}
    for k, n in wanted.items():                 # two of a unit not on the list are not our concern
        if len(by_key.get(k, ())) > 1:
            (first, report), (second, _) = by_key[k][:2]
            raise ZwgkError.of("command.two_previous", unit=report.unit, first=first, second=second)
    found = {n: by_key[k][0] for k, n in wanted.items() if k in by_key}
    unlisted = [group[0][1].unit or group[0][0] for k, group in by_key.items() if k not in wanted]
    return found, unlisted
