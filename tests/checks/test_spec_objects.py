"""The spec as objects: one evaluator (Rule.evaluate), one Kind per number kind, the report
years in one place, check findings as catalogue problems, and the layers they keep."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from zwgk.checks import check
from zwgk.kinds import kind, kinds, report_years, year_kind
from zwgk.model import Report
from zwgk.problems import catalogue, problem
from zwgk.rules import Term, evaluate, sum_of
from zwgk.spec import load_checks, load_spec
from zwgk.synthetic import consistent_report

SRC = Path(__file__).resolve().parents[2] / "src" / "zwgk"


# --- the evaluator ---------------------------------------------------------------------------
def test_outcome_of_a_rule_with_signs_and_last_years_cells():
    left, right = (Term("a"),), (Term("p", previous=True), Term("b"), Term("c", -1))
    outcome = evaluate(left, right, {"a": 7, "b": 3, "c": 1}, previous={"p": 5})
    assert (outcome.left, outcome.right, outcome.diff, outcome.complete, outcome.ok) == (7, 7, 0, True, True)
    outcome = evaluate(left, right, {"a": 8, "b": 3, "c": 1}, previous={"p": 5})
    assert (outcome.diff, outcome.ok) == (1, False)


def test_blanks_stop_a_rule_and_are_named_left_side_first():
    left, right = (Term("a"), Term("x")), (Term("b"), Term("p", previous=True))
    outcome = evaluate(left, right, {"a": 1, "x": None, "b": 2})       # no last year's report
    assert outcome.blanks == ("x", "p") and not outcome.complete and not outcome.ok
    assert outcome.diff is None and (outcome.left, outcome.right) == (1, 2)   # the known terms
    assert evaluate(left, right, {"a": 1, "x": None, "b": None}, first_blank=True).blanks == ("x",)


def test_blank_as_zero_is_the_importers_reading_of_a_printed_row():
    left, right = sum_of(3, (0, 1, 2))
    assert evaluate(left, right, [4, None, 0, 4], blank_as_zero=True).ok
    assert not evaluate(left, right, [4, None, 0, 4]).complete
    assert not evaluate(left, right, [4, 1, 0, 4], blank_as_zero=True).ok


def test_sides_equal_to_six_decimals_as_the_live_formula_rounds():
    left, right = (Term("a"),), (Term("b"), Term("c"))
    assert evaluate(left, right, {"a": 0.3, "b": 0.1, "c": 0.2}).ok           # 0.1 + 0.2 ≠ 0.3 in floats
    assert evaluate(left, right, {"a": 5 + 1e-9, "b": 2, "c": 3}).ok
    assert not evaluate(left, right, {"a": 5.00001, "b": 2, "c": 3}).ok


def test_half_a_millionth_apart_is_unequal_as_a_spreadsheet_rounds():
    """ROUND(5e-7, 6) is 0.000001 in Excel and LibreOffice (half away from zero), though Python's
    round(5e-7, 6) is 0.0: the evaluator sides with the live formula."""
    left, right = (Term("a"),), (Term("b"),)
    assert not evaluate(left, right, {"a": 0, "b": -5e-7}).ok
    assert not evaluate(left, right, {"a": 5e-7, "b": 0}).ok
    assert evaluate(left, right, {"a": 4.9e-7, "b": 0}).ok


def test_spec_rules_evaluate_a_report():
    report = consistent_report("2021", 4)
    assert all(r.evaluate(report.cells).ok for r in report.spec.rules)
    report.cells["t3.granted.natural"] += 2
    broken = {r.check for r in report.spec.rules if not r.evaluate(report.cells).ok}
    assert broken == {"t3-row-total", "t3-outcome-total"}


# --- kinds and years -------------------------------------------------------------------------
@pytest.mark.parametrize("kind_id, value, accepted", [
    ("count", 3, True), ("count", 3.0, True), ("count", 0, True), ("count", -1, False),
    ("count", 2.5, False), ("count", True, False), ("count", float("nan"), False), ("count", "3", False),
    ("signed", -4, True), ("signed", -4.0, True), ("signed", 0.5, False), ("signed", 10**10, False),
    ("amount", 0.25, True), ("amount", 12, True), ("amount", -0.01, False), ("amount", float("inf"), False),
])
def test_kinds_accept_the_number_not_its_type(kind_id, value, accepted):
    assert kind(kind_id).accepts(value) is accepted


def test_excel_validation_refuses_what_accepts_refuses():
    for k in kinds().values():
        rule = k.excel()
        assert rule["validate"] == ("integer" if k.whole else "decimal")
        lowest = rule.get("minimum", rule.get("value"))
        assert lowest == k.minimum and k.accepts(lowest) and not k.accepts(lowest - 1)
    assert kind("count").input["error"] == "此处只能填写大于或等于 0 的整数。"


def test_report_years_are_one_range_for_model_writer_and_new():
    first, last = report_years()
    assert (first, last) == (2019, 2100)
    assert year_kind().input["error"] == "年度应为 2019 至 2100 之间的整数。"
    assert Report.from_dict({"format": "2021", "year": last}).year == last
    from zwgk.errors import ZwgkError

    with pytest.raises(ZwgkError, match="不是合理的年份"):
        Report.from_dict({"format": "2021", "year": last + 1})


def test_the_importer_places_a_count_printed_as_a_whole_float():
    from zwgk.importer.core import _fits

    assert _fits("count", 3.0) and _fits("count", 3) and not _fits("count", 3.5)


# --- findings as catalogue problems ----------------------------------------------------------
def test_every_check_has_a_catalogue_entry_that_renders():
    entries = {c: e for c, e in catalogue().items() if c.startswith("check.")}
    for check_entry in load_checks()["checks"]:
        assert f"check.{check_entry['id']}" in entries
    sample = {"table": "表三", "where": "一、本年新收 自然人", "left": "6", "right": "5", "diff": "1",
              "text": "约10", "expected": "整数", "blocked": "，无法校验一、本年新收的行合计", "units": "万元、元",
              "value": "3", "yuan": "30000", "says": "行政复议", "stated": 2, "unit": "某某街道办事处"}
    for code, e in entries.items():
        made = problem(code, **{k: sample[k] for k in e.params()})
        assert made.message and "{" not in made.message and e.level in ("error", "warning"), code


def test_findings_carry_code_and_params_and_render_as_before():
    report = consistent_report("2021", 4)
    report.cells["t3.new.total"] += 1
    report.cells["t3.granted.legal"] = None
    report.texts["t3.granted.legal"] = "=A1+1"
    found = {f.code: f for f in check(report)}
    row = found["check.t3-row-total"]
    assert row.params["table"] == "表三" and row.params["where"] == "一、本年新收"
    assert row.message == row.problem.message and row.problem.location.sheet == "表三"
    formula = found["check.domain.formula"]
    assert formula.check == "domain" and formula.level == "error"
    assert formula.message.startswith("表三 （一）予以公开 法律服务机构 填的是公式“=A1+1”，应直接填写大于或等于 0 的整数，无法校验")
    data = json.loads(json.dumps([f.to_dict() for f in found.values()], ensure_ascii=False))
    assert {d["code"] for d in data} == set(found) and all(d["params"] and d["message"] for d in data)


def test_check_json_prints_codes_and_params(tmp_path):
    from zwgk.workbook.writer import write_report

    report = consistent_report("2021", 2, unit="某某街道办事处", year=2024)
    report.cells["t4.review.total"] += 1
    path = write_report(report, tmp_path / "r.xlsx")
    out = subprocess.run([sys.executable, "-m", "zwgk.cli", "check", str(path), "--json"],
                         capture_output=True, text=True)
    data = json.loads(out.stdout)
    codes = [f["code"] for f in data["findings"]]
    assert codes == ["check.t4-total"] and data["findings"][0]["params"]["where"] == "行政复议"


# --- layers ----------------------------------------------------------------------------------
def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module} | \
        {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}


def test_checks_see_a_report_never_a_workbook():
    for path in (SRC / "checks").glob("*.py"):
        assert not any(m.startswith("zwgk.workbook") for m in _imports(path)), path.name
    loaded = subprocess.run([sys.executable, "-c", "import sys, zwgk.checks; "
                             "print(sorted(m for m in sys.modules if m.startswith('zwgk.workbook')))"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


def test_spec_level_modules_import_nothing_above_them():
    for name in ("rules.py", "kinds.py", "layout.py", "spec.py"):
        above = [m for m in _imports(SRC / name) if m.split(".")[:2] in (
            ["zwgk", "checks"], ["zwgk", "workbook"], ["zwgk", "importer"], ["zwgk", "commands"])]
        assert not above, (name, above)
    assert not any(m.startswith("zwgk.checks") for m in _imports(SRC / "workbook" / "marker.py"))


def test_a_format_name_and_its_spec_give_the_same_plan():
    from zwgk.checks.plan import plan_for
    from zwgk.layout import workbook_layout

    assert plan_for("2019") is plan_for(load_spec("2019"))
    assert workbook_layout("2021") is workbook_layout(load_spec("2021"))
