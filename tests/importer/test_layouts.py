"""Layouts and rules one at a time, on small texts built from the spec's own labels."""
from __future__ import annotations

from zwgk.importer import import_text
from zwgk.spec import load_spec

SPEC = load_spec("2021")
T3 = SPEC.tables["t3"]


def _parts(t3_body: str, t2_body: str = "", t4_body: str = "", year: int = 2023) -> str:
    parts = {p["id"]: p["label"] for p in SPEC.parts}
    return "\n".join([
        f"某某街道办事处{year}年政府信息公开工作年度报告", parts["overview"], "总体情况。",
        parts["t2"], t2_body, parts["t3"], T3.corner, t3_body, parts["t4"], t4_body,
        parts["problems"], "问题。", parts["other"], "无"])


def _label(row_id: str) -> str:
    return T3.row_path(row_id)[-1]


def _cells(result, row_id: str) -> list:
    return [result.report.cells[f"t3.{row_id}.{c}"] for c in T3.col_ids()]


def test_flattened_digits_split_by_the_total_column_and_the_checks():
    """640020470 alone also reads 6|40|0|20|4|□|70 (a blank lost with its separator); the column
    rule 一＋二＝（七）＋四 with the other rows settles 64|0|0|2|0|4|70."""
    body = (f"{_label('new')}640020470{_label('carried_in')}0000000"
            f"{_label('total')}630020469{_label('carried_out')}1000001")
    result = import_text(_parts(body))
    assert _cells(result, "new") == [64, 0, 0, 2, 0, 4, 70]
    assert _cells(result, "carried_in") == [0] * 7
    assert _cells(result, "carried_out") == [1, 0, 0, 0, 0, 0, 1]
    alone = import_text(_parts(f"{_label('new')}640020470{_label('carried_in')}0000000"))
    assert _cells(alone, "new") == [None] * 6 + [70]          # without the checks only the total is sure


def test_dropped_blanks_placed_only_where_settled():
    text = _parts(f"{_label('new')} 58 32 13 113\n{_label('carried_in')} 26 26\n")
    result = import_text(text)
    assert _cells(result, "new") == [None] * 7            # 58+32+13 != 113: no reading keeps the sum
    assert _cells(result, "carried_in") == [None] * 6 + [26]   # only the total is settled
    flagged = {c for n in result.notes if n.kind == "blank" for c in n.cells}
    assert "t3.new.natural" in flagged and "t3.carried_in.natural" in flagged


def test_blank_marks_kept_as_text():
    row = "\t".join(["/", "—", "无", "0", "0", "0", "-"])
    result = import_text(_parts(f"{_label('new')}\t{row}\n"))
    assert _cells(result, "new") == [None, None, None, 0, 0, 0, None]
    texts = result.report.texts
    assert texts["t3.new.natural"] == "/" and texts["t3.new.business"] == "—" and texts["t3.new.research"] == "无"
    assert "t3.new.natural" not in result.inferred                      # printed text is never filled


def test_full_width_spaces_bookmarks_and_broken_labels():
    broken = _label("carried_in")[:5] + "\n" + _label("carried_in")[5:]
    body = (f"[bookmark: _GoBack]{_label('new')}\t\u3000\u30003\t 0\t0\t0\t0\t0\t3\n"
            f"{broken}\t1\t0\t0\t0\t0\t0\t1\n")
    result = import_text(_parts(body))
    assert _cells(result, "new") == [3, 0, 0, 0, 0, 0, 3]
    assert _cells(result, "carried_in") == [1, 0, 0, 0, 0, 0, 1]


def test_rows_known_by_group_and_label():
    """“3.其他” is （六）'s third item; the column heading “其他” is never taken for it."""
    g = SPEC.tables["t3"]
    other_3 = g.row_path("other_3")[-1]
    body = (f"自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n"
            f"{other_3}\t2\t0\t0\t0\t0\t1\t3\n")
    result = import_text(_parts(body))
    assert _cells(result, "other_3") == [2, 0, 0, 0, 0, 1, 3]
    assert _cells(result, "rejected_3") == [None] * 7


def test_one_other_row_in_a_2021_report_stays_blank_and_is_reported():
    group = T3.row_path("other_1")[-2]
    body = f"{_label('new')}\t5\t0\t0\t0\t0\t0\t5\n{group}\t2\t0\t0\t0\t0\t0\t2\n"
    result = import_text(_parts(body))
    assert result.report.format == "2021"
    assert all(result.report.cells[f"t3.other_{i}.natural"] is None for i in (1, 2, 3))
    unplaced = [n for n in result.notes if n.kind == "unplaced"]
    assert unplaced and "2 0 0 0 0 0 2" in unplaced[0].message


def test_variant_labels_reported_as_loose():
    t2 = "信息内容\t本年制发件数\t本年度止件数\t现行有效件数\n规章\t0\t0\t0\n"
    result = import_text(_parts("", t2_body=t2))
    assert result.report.cells["t2.regulation.repealed"] == 0
    assert any(n.kind == "loose" and "本年度止件数" in n.message for n in result.notes)


def test_2019_table_two_in_a_2021_report_is_not_forced_into_2021_cells():
    s19 = load_spec("2019").tables["t2"].sections[0]
    header = "\t".join(["信息内容"] + [c.label for c in s19.columns])
    t2 = f"{header}\n规章\t1\t2\t3\n规范性文件\t4\t5\t6\n"
    result = import_text(_parts("", t2_body=t2, year=2022))
    assert result.report.format == "2021"
    assert all(v is None for c, v in result.report.cells.items() if c.startswith("t2."))
    assert any("2019" in n.message for n in result.notes if n.table == "t2")


def test_inference_only_where_forced():
    body = (f"{_label('new')}\t0\t0\t0\t0\t0\t0\t0\n"
            f"{_label('granted')}\t\t\t\t\t\t\t\n")         # printed blank, new row all 0
    result = import_text(_parts(body))
    assert _cells(result, "granted") == [None] * 7          # nothing forces 予以公开 from 新收 alone
    body2 = f"{_label('total')}\t0\t0\t0\t0\t0\t0\t0\n{_label('granted')}\t\t\t\t\t\t\t\n"
    result2 = import_text(_parts(body2))
    assert _cells(result2, "granted") == [0] * 7            # （七）总计 0 forces its parts to 0
    assert set(result2.inferred) >= {f"t3.granted.{c}" for c in T3.col_ids()}


def test_table_four_flattened_unique_split():
    result = import_text(_parts("", t4_body="结果维持结果纠正其他结果尚未审结总计21317000001324019"))
    got = [result.report.cells[f"t4.{r}.{c}"] for r in ("review", "suit_direct", "suit_after_review")
           for c in ("upheld", "corrected", "other", "pending", "total")]
    assert got == [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]


def test_units_printed_with_numbers():
    seed = (__import__("tests.importer.helpers", fromlist=["LEGACY"]).LEGACY / "000_7f6376809d30ba6a.txt")
    text = seed.read_text(encoding="utf-8")
    text = text.replace("行政事业性收费\t0", "行政事业性收费\t316441元").replace("行政许可\t0", "行政许可\t12件")
    result = import_text(text)
    cells, texts = result.report.cells, result.report.texts
    assert cells["t2.license.decisions"] == 12
    assert cells["t2.fees.amount"] is None and texts["t2.fees.amount"] == "316441元"   # 元 under 万元: not converted


def test_2019_procurement_keeps_its_unit():
    s19 = load_spec("2019")
    sec = s19.tables["t2"].sections[-1]
    t2 = (f"{sec.caption}\n信息内容\t" + "\t".join(c.label for c in sec.columns) + "\n"
          f"{sec.rows[0].label}\t3\t251000元\n")
    parts = {p["id"]: p["label"] for p in s19.parts}
    text = f"某某镇人民政府2020年政府信息公开工作年度报告\n{parts['t2']}\n{t2}{parts['t3']}\n{parts['t4']}\n"
    result = import_text(text)
    assert result.report.format == "2019"
    assert result.report.cells["t2.procurement.projects"] == 3
    assert result.report.cells["t2.procurement.amount"] == 251000
    assert result.report.units["t2.procurement.amount"] == "元"


def test_table_three_without_its_heading():
    from tests.importer.helpers import LEGACY

    text = (LEGACY / "002_940e26fdc8c2d394.txt").read_text(encoding="utf-8")
    heading = next(p["label"] for p in SPEC.parts if p["id"] == "t3")
    result = import_text(text.replace(heading, ""))
    assert result.report.cells["t3.new.natural"] == 6 and result.report.cells["t3.total.total"] == 6
    assert result.report.cells["t2.fees.amount"] == 0


def _flattened_table(seed: int) -> dict[str, list[int]]:
    """A consistent 表三 (rows and columns add up, zeros printed) drawn from `seed`."""
    import random

    rnd = random.Random(seed)
    rows = T3.row_ids()
    results = rows[rows.index("carried_in") + 1:rows.index("total")]
    grid: dict[str, list[int]] = {r: [] for r in rows}
    for _ in T3.col_ids()[:-1]:
        for r in results:
            grid[r].append(rnd.choice([0, 0, 0, 0, 0, 0, 1, 2, 3, 5, 12]))
        total, out = sum(grid[r][-1] for r in results), rnd.randint(0, 3)
        came = rnd.randint(0, min(3, total + out))
        for r, v in (("total", total), ("carried_out", out), ("carried_in", came), ("new", total + out - came)):
            grid[r].append(v)
    return {r: values + [sum(values)] for r, values in grid.items()}


def test_flattened_table_settled_by_all_rows_at_once():
    """Every row's digits run together; several rows allow several splits each, and only the
    column rules over all of them at once (not one or two rows at a time) settle them."""
    for seed in (3, 6, 14):
        grid = _flattened_table(seed)
        body = "\n".join(_label(r) + "".join(map(str, values)) for r, values in grid.items())
        result = import_text(_parts(body))
        assert {r: _cells(result, r) for r in grid} == grid, seed
        assert any(n.kind == "placed" and "勾稽" in n.message for n in result.notes)


def test_two_rows_printed_under_one_label_are_told_apart_by_the_column_rules():
    """A PDF cell holding two rows: （六）3.其他 (all 0) and （七）总计 printed column by column
    under （七）总计.  Both halves add up; only 一＋二＝（七）＋四 says which one is （七）."""
    new = [95, 0, 0, 0, 0, 0, 95]
    pairs = "\n".join(f"{a}\n{b}" for a, b in zip([0] * 7, new))
    body = (f"{_label('new')}\t" + "\t".join(map(str, new)) + "\n"
            f"{_label('carried_in')}\t0\t0\t0\t0\t0\t0\t0\n"
            f"{_label('total')}\n{pairs}\n"
            f"{_label('carried_out')}\t0\t0\t0\t0\t0\t0\t0\n")
    result = import_text(_parts(body))
    assert _cells(result, "total") == new
    # without 一、本年新收 nothing says which half is （七）: only the cells both halves share
    alone = import_text(_parts(body.split("\n", 1)[1]))
    assert _cells(alone, "total") == [None, 0, 0, 0, 0, 0, None]
