"""Web pages read as browsers read them (lxml.html): end tags left out, nested tables, <br>,
entities, comments, scripts; the hostile pages refused in words, within the caps."""
from __future__ import annotations

import pytest

from zwgk.errors import UnreadableFileError
from zwgk.importer.html import MAX_GRID, MAX_NESTING, html_text
from zwgk.importer.sources import open_source


def test_end_tags_left_out_give_every_row():
    assert html_text("<table><tr><td>a<td>b<tr><td>c<td>d</table>") == "a\tb\nc\td"


def test_paragraphs_left_open_and_text_around_tables():
    page = "<body><p>标题<p>正文一<table><tr><td>x<td>1</table>后文"
    assert html_text(page).splitlines() == ["标题", "正文一", "x\t1", "后文"]


def test_nested_table_adds_its_words_to_its_cell():
    page = ("<table><tr><td>外<table><tr><td>内一<td>内二<tr><td>内三</table>尾<td>9</tr></table>")
    assert html_text(page) == "外内一 内二 内三 尾\t9"


def test_br_entities_and_spaces_in_cells():
    page = "<table><tr><td>（一）予以<br>公开<td>1&nbsp;<td>&lt;5&gt;&amp;&#20010;</tr></table>"
    assert html_text(page) == "（一）予以 公开\t1\t<5>&个"


def test_comments_scripts_and_styles_dropped():
    page = ("<html><head><title>页</title><style>td{color:red}</style></head><body>"
            "<script>document.write('<table><tr><td>9</td></tr></table>')</script>"
            "<!-- <table><tr><td>8</td></tr></table> -->可见<noscript>无</noscript>"
            "<table><tr><td>a<!-- 注 --><td>2</table></body></html>")
    assert html_text(page).splitlines() == ["可见", "a\t2"]


def test_spans_laid_on_a_grid():
    page = ("<table><tr><td rowspan=2>三<td colspan=2>（一）<td>5"
            "<tr><td>（二）<td><td>0</table>")
    assert html_text(page).splitlines() == ["三\t（一）\t\t5", "\t（二）\t\t0"]


def test_encoding_declaration_and_no_elements():
    page = '<?xml version="1.0" encoding="gbk"?><html><head><meta charset="gbk"></head><body>王城路</body></html>'
    assert html_text(page) == "王城路"
    assert html_text("") == "" and html_text("   ") == ""


def test_no_document_entity_is_expanded():
    page = '<!DOCTYPE html [<!ENTITY e "展开了">]><p>&e;</p>'
    assert "展开了" not in html_text(page)


def test_tables_nested_too_deep_refused_in_words():
    page = "<table><tr><td>" * (MAX_NESTING + 5) + "x" + "</td></tr></table>" * (MAX_NESTING + 5)
    with pytest.raises(UnreadableFileError) as err:
        html_text(page, "深.html")
    assert err.value.code == "import.html_nesting" and err.value.file == "深.html"
    assert f"嵌套超过 {MAX_NESTING} 层" in str(err.value)


def test_spans_beyond_the_grid_refused_in_words():
    cells = "<td colspan=100 rowspan=100>x</td>" * 30
    with pytest.raises(UnreadableFileError) as err:
        html_text("<table>" + f"<tr>{cells}</tr>" * 100 + "</table>", "大.html")
    assert err.value.code == "import.html_too_big" and str(MAX_GRID) in str(err.value)


def test_a_page_is_read_as_a_page_whatever_its_name(tmp_path):
    path = tmp_path / "报告.txt"
    path.write_text("<html><body><p>一、总体情况<table><tr><td>a<td>1</table></body></html>", encoding="utf-8")
    source = open_source(path)
    assert source.kind == "html" and not source.wrapped and not source.positioned
    assert source.text.splitlines() == ["一、总体情况", "a\t1"]
