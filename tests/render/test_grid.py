"""The shared table grid: every cell once, the official header trees, spans that tile the table."""
import pytest

from zwgk.render.grid import table_grid
from zwgk.spec import FORMATS, load_spec
from zwgk.wording import words
from zwgk.workbook.layout import workbook_layout

from .readback import html_matrix


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_cell_id_is_drawn_once(fmt):
    spec = load_spec(fmt)
    drawn = [c.cell for t in spec.tables for c in table_grid(fmt, t).cells() if c.role == "value"]
    assert sorted(drawn) == sorted(spec.cell_ids)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("table", ["t2", "t3", "t4"])
def test_spans_tile_the_table_without_overlap(fmt, table):
    grid = table_grid(fmt, table)
    rows = [[("th", c.text, c.rowspan, c.colspan) for c in row] for row in grid.rows]
    matrix = html_matrix(rows)           # raises on overlap or holes
    assert len(matrix) == len(grid.rows) and all(len(r) == grid.width for r in matrix)
    assert matrix == grid.matrix()


@pytest.mark.parametrize("fmt", FORMATS)
def test_labels_are_the_layouts_and_live_checks_are_left_out(fmt):
    lay = workbook_layout(fmt)
    live = words("workbook")["live"]
    for table_id, sheet in lay.tables.items():
        labels = [c.text for c in table_grid(fmt, table_id).cells() if c.is_label]
        kept = [b.text for b in sheet.boxes if b.role in ("caption", "head", "corner", "row")
                and b.text != words("workbook")["unit_head"]]
        assert sorted(labels) == sorted(kept)
        assert not any(live["head"] in t or live["legend"] in t for t in labels)


def test_t3_official_merges_2021():
    grid = table_grid("2021", "t3")
    spec = load_spec("2021").tables["t3"]
    first = grid.rows[0]
    assert (first[0].text, first[0].rowspan, first[0].colspan) == (spec.corner, 3, 3)
    assert (first[1].text, first[1].colspan) == ("申请人情况", 7)       # 总计 included, under it
    assert len(first) == 2
    total = next(c for c in grid.rows[1] if c.text == "总计")
    assert total.rowspan == 2 and total.col == grid.width - 1
    result = next(c for c in grid.cells() if c.text == spec.rows[2].label)     # 三、本年度办理结果
    assert result.rowspan == len(spec.rows[2].leaves()) and result.colspan == 1
    assert grid.header_rows == 3 and grid.landscape


def test_t3_2019_has_one_other_row():
    grid = table_grid("2019", "t3")
    other = next(c for c in grid.cells() if c.text == "（六）其他处理")
    assert other.colspan == 2 and other.rowspan == 1
    assert len(grid.rows) == 3 + 23


def test_t4_groups_side_by_side():
    grid = table_grid("2021", "t4")
    """As the official table (and seed 000) draws it: 行政复议 one row, its heads spanning two."""
    columns = [c.label for c in load_spec("2021").tables["t4"].columns]
    assert [(c.text, c.rowspan, c.colspan) for c in grid.rows[0]] == [("行政复议", 1, 5), ("行政诉讼", 1, 10)]
    assert [(c.text, c.rowspan) for c in grid.rows[1]] == [(h, 2) for h in columns] + [
        ("未经复议直接起诉", 1), ("复议后起诉", 1)]
    assert [c.text for c in grid.rows[2]] == columns * 2
    assert len(grid.rows[3]) == 15 and grid.header_rows == 3


def test_filled_keeps_blank_zero_and_kept_text_apart(sample):
    report = sample()
    grid = table_grid("2021", "t3").filled(report)
    by_id = {c.cell: c.text for c in grid.cells() if c.role == "value"}
    assert by_id["t3.new.business"] == "/"
    assert by_id["t3.new.research"] == ""
    assert by_id["t3.new.natural"] == str(report.cells["t3.new.natural"])
    zero = table_grid("2021", "t4").filled(report)
    assert next(c.text for c in zero.cells() if c.cell == "t4.review.upheld") == "0"


def test_free_unit_printed_with_the_amount_2019(sample):
    report = sample("2019")
    report.cells["t2.procurement.amount"], report.units["t2.procurement.amount"] = 251000, "元"
    grid = table_grid("2019", "t2").filled(report)
    assert next(c.text for c in grid.cells() if c.cell == "t2.procurement.amount") == "251000元"
    assert grid.width == 4 and not any(c.text == words("workbook")["unit_head"] for c in grid.cells())
    report.cells["t2.procurement.amount"] = None                 # a blank prints blank, unit or not
    grid = table_grid("2019", "t2").filled(report)
    assert next(c.text for c in grid.cells() if c.cell == "t2.procurement.amount") == ""
