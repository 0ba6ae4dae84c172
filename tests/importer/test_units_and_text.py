"""Header units applied (or the cell left blank with its reason), Markdown's escaped pipe, and
CR-only / mixed line endings, on a real seed and on reports rendered by zwgk."""
from __future__ import annotations

import pytest

from tests.importer.helpers import LEGACY
from zwgk.importer import import_file, import_text
from zwgk.model import Report
from zwgk.render import render
from zwgk.spec import load_spec

SEED = LEGACY / "000_7f6376809d30ba6a.txt"
HEADING = "本年收费金额（单位：万元）"


def _fees(text: str):
    result = import_text(text)
    notes = [n.message for n in result.notes if "t2.fees.amount" in n.cells]
    return result.report.cells["t2.fees.amount"], result.report.texts.get("t2.fees.amount"), notes


@pytest.mark.parametrize(("heading", "printed", "want"), [
    ("本年收费金额（单位：元）", "300", 0.03),
    ("本年收费金额（单位：千元）", "300", 30),
    ("本年收费金额(单位:元)", "1234.5", 0.12345),
    ("本年收费金额（元）", "300元", 0.03),
    (HEADING, "300", 300),
])
def test_header_unit_is_applied(heading, printed, want):
    text = SEED.read_text(encoding="utf-8").replace(HEADING, heading)
    value, _, notes = _fees(text.replace("行政事业性收费\t0", f"行政事业性收费\t{printed}"))
    assert value == pytest.approx(want)
    assert bool(notes) == (want != 300)            # a conversion is always said


def test_unit_line_above_the_table_is_applied():
    text = SEED.read_text(encoding="utf-8").replace(HEADING, "本年收费金额")
    text = text.replace("二、主动公开政府信息情况", "二、主动公开政府信息情况\n（单位：元）", 1)
    value, _, notes = _fees(text.replace("行政事业性收费\t0", "行政事业性收费\t250000"))
    assert value == 25 and "换算" in notes[0]


@pytest.mark.parametrize("text_change", [
    lambda t: t.replace("第二十条第（八）项", "第二十条第（八）项（单位：元）"),     # title says 元, heading 万元
    lambda t: t.replace("行政事业性收费\t300", "行政事业性收费\t300千元"),         # the number says 千元
])
def test_two_units_for_one_amount_leave_it_blank_with_the_reason(text_change):
    text = SEED.read_text(encoding="utf-8").replace("行政事业性收费\t0", "行政事业性收费\t300")
    value, kept, notes = _fees(text_change(text))
    assert value is None and kept.startswith("300")
    assert "单位" in notes[0] and "留空" in notes[0]


def test_2019_procurement_in_thousands_is_converted():
    s19 = load_spec("2019")
    sec = s19.tables["t2"].sections[-1]
    parts = {p["id"]: p["label"] for p in s19.parts}
    t2 = (f"{sec.caption}\n信息内容\t{sec.columns[0].label}\t{sec.columns[1].label}（单位：千元）\n"
          f"{sec.rows[0].label}\t3\t2510\n")
    text = f"某某镇人民政府2020年政府信息公开工作年度报告\n{parts['t2']}\n{t2}{parts['t3']}\n{parts['t4']}\n"
    report = import_text(text).report
    assert report.cells["t2.procurement.amount"] == 251 and report.units["t2.procurement.amount"] == "万元"


def _report_with_pipes() -> Report:
    cells = {c: None for c in load_spec("2021").cells}
    cells.update({"t3.new.natural": 5, "t3.new.total": 5, "t3.total.natural": 5, "t3.total.total": 5,
                  "t3.granted.natural": 5, "t3.granted.total": 5, "t2.license.decisions": 12})
    texts = {"t3.new.business": "见|附件", "t2.regulation.issued": "a|b"}
    return Report("2021", unit="某某街道办事处", year=2023, cells=cells, texts=texts)


@pytest.mark.parametrize("kind", ["md", "txt"])
def test_a_pipe_inside_a_cell_is_not_a_column_break(kind):
    report = _report_with_pipes()
    text = render(report, kind)
    if kind == "md":
        assert "见\\|附件" in text
    got = import_text(text).report
    for cid, want in report.cells.items():
        assert got.cells[cid] == want or (want is None and got.cells[cid] == 0), cid
    assert got.texts.get("t3.new.business") == "见|附件"


@pytest.mark.parametrize("ending", ["\r", "\r\n", "mixed"])
def test_cr_and_mixed_line_endings_read_like_lf(tmp_path, ending):
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    if ending == "mixed":
        joined = "".join(ln + ("\r", "\r\n", "\n")[i % 3] for i, ln in enumerate(lines))
    else:
        joined = ending.join(lines)
    path = tmp_path / "r.txt"
    path.write_bytes(joined.encode("utf-8"))
    want = import_file(SEED).report
    got = import_file(path).report
    assert got.cells == want.cells and got.unit == want.unit and got.prose == want.prose
