"""`zwgk history` on the published 平潭 reports of 2019-2024 (both formats), through the importer."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from zwgk.history import build_history, write_history
from zwgk.wording import words
from zwgk.importer import import_file

from tests.conftest import require_shared

from .helpers import sheet_rows, year_columns


@pytest.fixture(scope="module")
def files() -> list[Path]:
    found = sorted((require_shared() / "realworld").glob("pingtan-*-flat.txt"))
    assert len(found) == 6, "the 平潭 series of 2019-2024"
    return found


@pytest.fixture(scope="module")
def truth(files) -> dict:
    data = json.loads((files[0].parent / "truth.json").read_text(encoding="utf-8"))
    return {v["year"]: v for k, v in data.items() if k.startswith("pingtan-")}


@pytest.fixture(scope="module")
def written(files, tmp_path_factory):
    history = build_history(files)
    return history, write_history(history, tmp_path_factory.mktemp("h") / "历年对比.xlsx")


def test_every_cell_per_year_is_the_imported_cell_and_never_contradicts_the_truth(written, truth, files):
    history, path = written
    rows = sheet_rows(path, words("years")["history"]["cells_sheet"])
    cols = year_columns(rows)
    assert sorted(cols) == sorted(truth)
    by_id = {r[0]: r for r in rows[3:]}
    for source in files:
        report = import_file(source).report
        for cid, value in report.cells.items():
            shown = by_id[cid][cols[report.year]]
            if value is None:
                assert isinstance(shown, str) and shown, (source.name, cid)
            else:
                assert shown == pytest.approx(value), (source.name, cid)
        for cid, expected in truth[report.year]["cells"].items():
            shown = by_id[cid][cols[report.year]]
            # a wrong number is far worse than a blank with its reason
            assert shown == pytest.approx(expected) or isinstance(shown, str), (report.year, cid)


def test_the_carry_over_breaks_of_the_truth_are_found(written, truth):
    history, _ = written
    expected = set()
    for year in sorted(truth)[1:]:
        before, now = truth[year - 1]["cells"], truth[year]["cells"]
        for cid, value in now.items():
            if cid.startswith("t3.carried_in."):
                out = cid.replace("carried_in", "carried_out")
                if out in before and before[out] != value:
                    expected.add(f"{year - 1}→{year}")
    found = {line.pair for line in history.pairs if line.check == "上年结转" and line.level == "错误"}
    assert found == expected
    checked = {line.pair for line in history.pairs if line.check == "上年结转"}
    assert checked == {f"{y - 1}→{y}" for y in sorted(truth)[1:]}      # 2020→2021 across formats too


def test_the_format_change_between_2020_and_2021(written):
    history, path = written
    assert [c.report.format for c in history.columns] == ["2019", "2019", "2021", "2021", "2021", "2021"]
    chain = [line for line in history.pairs if line.pair == "2020→2021" and line.check == "现行有效件数"]
    assert chain and "2019 格式" in chain[0].message
    rows = sheet_rows(path, words("years")["history"]["sheet"])
    cols = year_columns(rows)
    new = next(r for r in rows if r[0] == "本年新收申请")
    reports = {c.year: c.report for c in history.columns}
    assert [new[cols[y]] for y in sorted(cols)] == [reports[y].cells["t3.new.total"] for y in sorted(cols)]
    assert new[cols[2021] + 1] == reports[2021].cells["t3.new.total"] - reports[2020].cells["t3.new.total"]


def test_next_years_workbook_from_a_published_report(files, truth, tmp_path):
    from zwgk.cli import main
    from zwgk.workbook.reader import read_report

    source = next(f for f in files if "2021" in f.name)
    imported = import_file(source).report
    out = tmp_path / "2022.xlsx"
    assert main(["new", "--unit", imported.unit, "--previous", str(source), "-o", str(out)]) == 0
    report = read_report(out)
    assert report.year == 2022
    for col in report.spec.tables["t3"].col_ids():
        assert report.cells[f"t3.carried_in.{col}"] == imported.cells[f"t3.carried_out.{col}"]
    # what the unit then published for 2022 agrees with the pre-filled cell
    assert report.cells["t3.carried_in.total"] == truth[2022]["cells"]["t3.carried_in.total"]
