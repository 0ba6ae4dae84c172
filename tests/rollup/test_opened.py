"""A workbook met by the rollup is opened once and each of its sheets inspected once, whichever
readers look at it: zwgk's reader, then the importer (--import) or the look for the official
tables (非模板报表); a zwgk summary's note is read with its report.  The real inspection and the
real calamine run; they are only counted."""
from __future__ import annotations

from collections import Counter

import pytest

import zwgk.workbook.inspect as inspect_module
import zwgk.workbook.reader as reader_module
from zwgk.rollup import rollup, write_rollup
from zwgk.rollup.discover import Candidate
from zwgk.rollup.load import load_one

from .helpers import handmade_workbook, unit_report, write


@pytest.fixture
def counted(monkeypatch):
    """{"opened": n, "inspected": Counter of sheet names} while the real functions run."""
    seen = {"opened": 0, "inspected": Counter()}
    inspect, open_book = inspect_module.inspect_workbook, reader_module._open

    def counting_inspect(path, sheets=None, by_content=False):
        found = inspect(path, sheets, by_content)
        seen["inspected"].update(list(found))
        return found

    def counting_open(path):
        seen["opened"] += 1
        return open_book(path)

    monkeypatch.setattr(inspect_module, "inspect_workbook", counting_inspect)
    monkeypatch.setattr(reader_module, "_open", counting_open)
    return seen


@pytest.fixture
def handmade(tmp_path):
    """A hand-made workbook whose table sheet is named 表三, as zwgk's is: the reader looks at
    it, refuses the workbook, and the importer (or the look) reads it."""
    from openpyxl import load_workbook

    path = handmade_workbook(unit_report(1), tmp_path / "自制.xlsx")
    book = load_workbook(path)
    book.active.title = "表三"
    book.save(path)
    return path


@pytest.mark.parametrize("how,kind", [("workbook_or_import", "report"), ("workbook", "not_template")])
def test_handmade_workbook_opened_once(handmade, counted, how, kind):
    loaded = load_one(Candidate(str(handmade), handmade.name, how=how))
    assert loaded.kind == kind, loaded.message
    assert counted["opened"] == 1
    assert counted["inspected"]["表三"] == 1 and max(counted["inspected"].values()) == 1
    if kind == "report":
        assert loaded.imported and loaded.report.cells == pytest.approx(unit_report(1).cells)


def test_summary_note_read_with_its_report(tmp_path, counted):
    units = tmp_path / "units"
    for i in range(3):
        report = unit_report(i)
        if i == 0:
            report.cells["t3.new.natural"] = None          # summed over a blank: said in the note
        write(units, f"{i}.xlsx", report)
    summary = write_rollup(rollup(units, progress=False, workers=1), tmp_path / "区汇总.xlsx")
    counted["opened"], counted["inspected"] = 0, Counter()
    loaded = load_one(Candidate(str(summary), summary.name, how="workbook"))
    assert loaded.is_summary and loaded.over_blanks
    assert counted["opened"] == 1 and max(counted["inspected"].values()) == 1
