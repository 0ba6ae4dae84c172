"""Read the reports given to `zwgk history` and put them in years: one unit, one report a year."""
from __future__ import annotations

from pathlib import Path

from zwgk.errors import ZwgkError
from zwgk.history.model import Column, History
from zwgk.wording import words
from zwgk.problems import problem
from zwgk.rollup.names import UnitNames, district_from_names
from zwgk.kinds import report_years

FIRST_YEAR, LAST_YEAR = report_years()


def build_history(sources, output=None) -> History:
    """A History of the reports under `sources` (files or folders), `output` (an earlier history
    being replaced) not among them; ZwgkError when they cannot be one unit's years (none read,
    no year, two of one year, several units)."""
    from zwgk.history.pairs import cross_year_lines

    read, not_read = read_reports(sources, output)
    if not read:
        if not_read:
            raise ZwgkError.of("command.history_nothing_read", files="；".join(not_read))
        raise ZwgkError.of("command.history_nothing")
    unit = _one_unit(read)              # several units first: their years would clash as well
    by_year = _by_year(read)
    first, last = min(by_year), max(by_year)
    columns = [Column(y, *by_year[y]) if y in by_year else Column(y) for y in range(first, last + 1)]
    history = History(unit, columns, not_read=not_read,
                      unnamed=[name for name, report in read if not report.unit.strip()])
    history.pairs = cross_year_lines(columns)
    return history


def read_reports(sources, output=None) -> tuple[list[tuple[str, object]], list[str]]:
    """(file name, report) of every report read; the files not read, each with its reason."""
    from zwgk.rollup.discover import discover
    from zwgk.rollup.read import failure_message, read_candidate

    quiet = {"rollup.backup", "rollup.owner_file", "rollup.hidden"}   # zwgk's own, Excel's
    read, not_read = [], []
    for candidate in discover(sources, use_importer=True, exclude=[("output", output)] if output else ()):
        if candidate.how is None:
            if candidate.problem.code in quiet:
                continue
            not_read.append(words("years")["history"]["not_read"].format(name=candidate.name, message=candidate.reason))
            continue
        try:
            report, _ = read_candidate(candidate)
        except ZwgkError as exc:
            not_read.append(words("years")["history"]["not_read"].format(name=candidate.name, message=failure_message(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 — a file no reader foresaw is listed, never a traceback
            message = problem("read.unforeseen", kind=type(exc).__name__).message
            not_read.append(words("years")["history"]["not_read"].format(name=candidate.name, message=message))
            continue
        read.append((candidate.name, report))
    return read, not_read


def _by_year(read) -> dict[int, tuple[object, str]]:
    out: dict[int, tuple[object, str]] = {}
    for name, report in read:
        if report.year is None:
            raise ZwgkError.of("command.history_no_year", file=name)
        if not FIRST_YEAR <= report.year <= LAST_YEAR:
            raise ZwgkError.of("command.history_bad_year", file=name, year=report.year, first=FIRST_YEAR,
                               last=LAST_YEAR)
        if report.year in out:
            raise ZwgkError.of("command.history_same_year", year=report.year, first=out[report.year][1],
                               second=name)
        out[report.year] = (report, name)
    return out


def _one_unit(read) -> str:
    """The unit's name (as its latest report writes it); refused when the reports name several."""
    common = next((r.district for _, r in read if r.district.strip()), "") or \
        district_from_names([r.unit for _, r in read])
    files: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    for name, report in sorted(read, key=lambda nr: nr[1].year or 0):
        if report.unit.strip():
            key = UnitNames(report.district or common).key(report.unit)
            files.setdefault(key, []).append(Path(name).name)
            shown[key] = report.unit.strip()
    if len(files) > 1:
        w = words("years")["history"]
        units = "；".join(w["unit_of"].format(unit=shown[k], files="、".join(f)) for k, f in files.items())
        raise ZwgkError.of("command.history_units_differ", units=units)
    return next(iter(shown.values()), "")
