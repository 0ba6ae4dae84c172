"""表三's header as the official table draws it: 申请人情况 spans all seven columns, 总计 included.

Checked against the official structure written in official-format.md (“申请人情况 → 自然人 …;
法人或其他组织 → …; 总计”), then in every output: workbook (read with openpyxl), the grid, Word,
HTML, text and Markdown.
"""
import io
import re

import docx
import openpyxl
import pytest

from zwgk.model import Report
from zwgk.render import render
from zwgk.render.grid import table_grid
from zwgk.spec import load_spec
from zwgk.workbook.layout import workbook_layout
from zwgk.workbook.writer import write_report

from ..conftest import require_shared
from .readback import docx_matrix, md_tables, parse_html, text_tables

APPLICANT = "申请人情况"


def official_column_tree() -> tuple[str, list[str]]:
    """(top label, the labels under it) from official-format.md's 表三 “Columns:” sentence."""
    text = (require_shared() / "official-format.md").read_text(encoding="utf-8")
    section = text[text.index("## 表三"):]
    sentence = re.search(r"Columns:(.*?)\.\n", section, re.S).group(1)
    top, rest = (s.strip() for s in sentence.split("→", 1))
    under = [re.sub(r"`[^`]*`", "", item).split("→")[0].strip() for item in rest.split(";")]
    return top, under


@pytest.mark.parametrize("fmt", ["2021", "2019"])
def test_spec_follows_the_official_structure(fmt):
    top, under = official_column_tree()
    columns = load_spec(fmt).tables["t3"].columns
    assert [c.label for c in columns] == [top] == [APPLICANT]
    assert [c.label for c in columns[0].children] == under == ["自然人", "法人或其他组织", "总计"]


def leaf_columns(fmt) -> list[int]:
    lay = workbook_layout(fmt).tables["t3"]
    return sorted({c for cid, (_, c, _, _) in lay.inputs.items()})


@pytest.mark.parametrize("fmt", ["2021", "2019"])
def test_workbook_head_spans_all_seven_columns(fmt, tmp_path):
    path = write_report(Report.blank(fmt, unit="八里堡街道办事处", year=2024), tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(path)["表三"]
    merged = next(m for m in sheet.merged_cells.ranges
                  if sheet.cell(m.min_row, m.min_col).value == APPLICANT)
    cols = leaf_columns(fmt)
    assert (merged.min_col - 1, merged.max_col - 1) == (cols[0], cols[-1]) and len(cols) == 7
    total = next(m for m in sheet.merged_cells.ranges if sheet.cell(m.min_row, m.min_col).value == "总计")
    assert total.min_row == merged.min_row + 1 and total.min_col - 1 == cols[-1]


def test_grid_and_every_output(sample, tmp_path):
    report = sample()
    grid = table_grid("2021", "t3")
    assert [(c.text, c.colspan) for c in grid.rows[0]][1] == (APPLICANT, 7)
    html = parse_html(render(report, "html"))
    head = [row for row in html.tables[1] if any(text == APPLICANT for _, text, *_ in row)][0]
    assert [(text, colspan) for _, text, _, colspan in head if text == APPLICANT] == [(APPLICANT, 7)]
    for matrix in (text_tables(render(report, "txt"))[1], md_tables(render(report, "md"))[1]):
        assert matrix[0][3] == APPLICANT and matrix[0][4:] == [""] * 6 and matrix[1][-1] == "总计"
    word = docx.Document(io.BytesIO(render(report, "docx")))
    t3 = docx_matrix(word.tables[1])
    assert t3[0][3:] == [APPLICANT] + [""] * 6      # one merged cell across the seven columns
    assert t3[1][-1] == "总计" and t3[2][-1] == ""
