"""The Word document, opened with python-docx: GB/T 9704 page, sections, merged headers, fonts, values."""
import io

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings

from zwgk.render import render
from zwgk.render.fonts import font_fallbacks
from zwgk.render.grid import table_grid
from zwgk.render.templates import word_style

from ..strategies import reports
from .readback import docx_matrix, report_from_tables
from .test_text_html import published

MM = 36000          # EMU per millimetre


def mm(length) -> float:
    return round(length / MM, 1)


def open_docx(report, tmp_path, name="r.docx"):
    path = render(report, tmp_path / name)
    return path, docx.Document(str(path))


def east_asia(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_sections_pages_and_margins(sample, tmp_path):
    _, d = open_docx(sample(), tmp_path)
    assert len(d.sections) == 3
    portrait, landscape, back = d.sections
    for s in (portrait, back):
        assert s.orientation == WD_ORIENT.PORTRAIT
        assert (mm(s.page_width), mm(s.page_height)) == (210, 297)
        assert (mm(s.top_margin), mm(s.left_margin)) == (37, 28)            # 天头, 订口
        assert mm(s.page_width - s.left_margin - s.right_margin) == 156      # 版心 156 × 225
        assert mm(s.page_height - s.top_margin - s.bottom_margin) == 225
    assert landscape.orientation == WD_ORIENT.LANDSCAPE
    assert (mm(landscape.page_width), mm(landscape.page_height)) == (297, 210)
    assert mm(landscape.page_width - landscape.left_margin - landscape.right_margin) == 225
    assert mm(landscape.page_height - landscape.top_margin - landscape.bottom_margin) == 156


def test_tables_in_their_sections_with_official_merges(sample, tmp_path):
    report = sample()
    _, d = open_docx(report, tmp_path)
    assert len(d.tables) == 3
    body = d.element.body
    order = [el.tag.split("}")[1] for el in body.iterchildren() if el.tag in (qn("w:tbl"), qn("w:p"))]
    # 表二 before the first section break, 表三 and 表四 inside the landscape section
    breaks = [i for i, el in enumerate(body.iterchildren())
              if el.tag == qn("w:p") and el.find(".//" + qn("w:sectPr")) is not None]
    tables = [i for i, el in enumerate(body.iterchildren()) if el.tag == qn("w:tbl")]
    assert len(breaks) == 2 and tables[0] < breaks[0] < tables[1] < tables[2] < breaks[1], order
    t3 = d.tables[1]._tbl
    first = t3.tr_lst[0].tc_lst[0]
    assert first.tcPr.gridSpan.get(qn("w:val")) == "3" and first.tcPr.vMerge.get(qn("w:val")) == "restart"
    assert t3.tr_lst[1].tc_lst[0].tcPr.vMerge is not None
    heads = [tr for tr in t3.tr_lst if tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None]
    assert len(heads) == 3                            # the header rows repeat on every page
    borders = t3.tblPr.find(qn("w:tblBorders"))
    assert {b.tag.split("}")[1] for b in borders} >= {"top", "left", "bottom", "right", "insideH", "insideV"}
    for table, tid in zip(d.tables, ("t2", "t3", "t4")):
        assert docx_matrix(table) == table_grid("2021", tid).filled(report).matrix()


def test_fonts_and_sizes(sample, tmp_path):
    path, d = open_docx(sample(), tmp_path)
    style = word_style()
    title = d.paragraphs[0]
    assert title.text == "八里堡街道办事处\n2024年政府信息公开工作年度报告"      # broken after the unit
    assert east_asia(title.runs[0]) == "方正小标宋简体" == style["fonts"]["title"][0]
    assert title.runs[0].font.size.pt == 22 and title.alignment == 1
    body = next(p for p in d.paragraphs if p.text.startswith("全年主动公开"))
    assert east_asia(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size.pt == 16
    assert body.paragraph_format.first_line_indent.pt == 32
    heading = next(p for p in d.paragraphs if p.text == "一、总体情况")
    assert east_asia(heading.runs[0]) == "黑体" and heading.paragraph_format.keep_with_next
    cell_run = d.tables[1].rows[0].cells[0].paragraphs[0].runs[0]
    assert east_asia(cell_run) == "仿宋_GB2312"
    fallbacks = font_fallbacks(path)
    assert fallbacks["方正小标宋简体"] == "宋体" and fallbacks["仿宋_GB2312"] == "FangSong"


def test_file_properties_name_the_report(sample, tmp_path):
    _, d = open_docx(sample(), tmp_path)
    props = d.core_properties
    assert props.title == d.paragraphs[0].text.replace("\n", "") and props.author == "八里堡街道办事处"
    assert "python-docx" not in (props.author + props.last_modified_by + props.comments)


def test_title_breaks_only_when_longer_than_a_line(sample, tmp_path):
    report = sample()
    report.unit = "某局"
    _, d = open_docx(report, tmp_path)
    assert d.paragraphs[0].text == "某局2024年政府信息公开工作年度报告"
    report.unit = "某某省某某市某某区人民政府办公室政务公开信息科"             # too long to break whole
    _, d = open_docx(report, tmp_path, "long.docx")
    assert d.paragraphs[0].text == report.title


def test_subheadings_in_kai_body_in_fangsong(sample, tmp_path):
    _, d = open_docx(sample(), tmp_path)
    sub = next(p for p in d.paragraphs if p.text == "（一）主要问题")
    assert east_asia(sub.runs[0]) == "楷体_GB2312"
    assert east_asia(next(p for p in d.paragraphs if p.text == "一是时效性有待提高。").runs[0]) == "仿宋_GB2312"


def test_page_number_field(sample, tmp_path):
    _, d = open_docx(sample(), tmp_path)
    footer = d.sections[0].footer
    assert "PAGE" in footer._element.xml and footer.paragraphs[0].text.startswith("— ")
    assert all(s.footer.is_linked_to_previous for s in d.sections[1:])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(report=reports())
def test_values_read_back_by_position(tmp_path, report):
    d = docx.Document(io.BytesIO(render(report, "docx")))
    back = report_from_tables(report.format, [docx_matrix(t) for t in d.tables])
    assert published(back) == published(report)


def test_style_override_changes_fonts_without_code(sample, tmp_path):
    local = tmp_path / "style"
    local.mkdir()
    (local / "word.yaml").write_text("fonts:\n  body: [仿宋, 宋体]\nlandscape_tables: []\n", encoding="utf-8")
    path = render(sample(), tmp_path / "r.docx", style=local)
    d = docx.Document(str(path))
    body = next(p for p in d.paragraphs if p.text.startswith("全年主动公开"))
    assert east_asia(body.runs[0]) == "仿宋"
    assert len(d.sections) == 1                       # no landscape tables asked for
    assert east_asia(d.paragraphs[0].runs[0]) == "方正小标宋简体"     # the rest keeps the defaults


@pytest.mark.parametrize("fmt", ["2019"])
def test_2019_report(sample, tmp_path, fmt):
    report = sample(fmt)
    report.units["t2.procurement.amount"] = "元"
    _, d = open_docx(report, tmp_path)
    assert len(d.tables) == 3 and len(d.tables[0].columns) == 4
    assert docx_matrix(d.tables[0]) == table_grid(fmt, "t2").filled(report).matrix()


def test_control_characters_from_pasted_text_do_not_break_the_document(sample, tmp_path):
    report = sample()
    report.prose["other"] = "无\x0b其他\x07事项"
    report.unit = "八里堡\x0c街道办事处"
    report.cells["t3.new.legal"], report.texts["t3.new.legal"] = None, "—\x0b"
    for kind in ("docx", "html", "txt", "md"):
        render(report, tmp_path / f"r.{kind}")
    d = docx.Document(str(tmp_path / "r.docx"))
    assert any(p.text == "无其他事项" for p in d.paragraphs)
    assert d.paragraphs[0].text.startswith("八里堡街道办事处")


def test_t2_breaks_only_before_a_section_and_repeats_no_header(sample, tmp_path):
    """表二's header rows belong to its first section: never repeated on a new page."""
    _, d = open_docx(sample("2019"), tmp_path)
    t2 = d.tables[0]
    assert not any(tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None for tr in t2._tbl.tr_lst)
    grid = table_grid("2019", "t2")
    for i, row in enumerate(t2.rows[:-1]):
        keep = row.cells[0].paragraphs[0].paragraph_format.keep_with_next
        assert bool(keep) == (grid.rows[i + 1][0].role != "caption"), i


def test_same_report_same_docx_bytes():
    import time

    from zwgk.render import render
    from zwgk.synthetic import consistent_report

    first = render(consistent_report("2021", 1, unit="甲街道办事处"), "docx")
    time.sleep(1.1)                                   # zip entries carry seconds
    assert render(consistent_report("2021", 1, unit="甲街道办事处"), "docx") == first
