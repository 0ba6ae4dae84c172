"""Text, Markdown and HTML: read back independently, every value sits where the layout says."""
import html
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zwgk.importer.text import strip_artefacts
from zwgk.render import render
from zwgk.render.document import signoff
from zwgk.render.grid import table_grid
from zwgk.spec import load_spec

from ..strategies import reports
from .readback import html_matrix, md_tables, parse_html, report_from_tables, text_tables

def read_txt(fmt, text):
    return report_from_tables(fmt, text_tables(text))


def read_md(fmt, text):
    return report_from_tables(fmt, md_tables(text))


def read_html(fmt, text):
    return report_from_tables(fmt, [html_matrix(t) for t in parse_html(text).tables])


def published(report) -> dict:
    """What a published report's tables say: every cell and the unit of an amount that has a
    value (a blank prints blank, with no unit to print).  Prose, title and sign-off are tested
    apart; the 基本信息 fields (district, contact, format) are not published."""
    data = report.to_dict()
    data = {"cells": data["cells"], "texts": data["texts"],
            "units": {c: u for c, u in data["units"].items() if data["cells"][c] is not None}}
    return data


READERS = {"txt": read_txt, "md": read_md, "html": read_html}
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("kind", READERS)
@SETTINGS
@given(report=reports())
def test_tables_read_back_by_position(kind, report):
    """Every cell (number, blank, kept “/”) and unit comes back from its position."""
    back = READERS[kind](report.format, render(report, kind))
    assert published(back) == published(report)


def paragraphs_after(lines, heading, headings):
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if lines[i] in headings), len(lines))
    return [ln for ln in lines[start:end] if ln.strip()]


prose_text = st.lists(
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Z")), min_size=1, max_size=40)
    .filter(lambda s: not s.startswith(("|", "#", "<", ">"))), max_size=4).map("\n".join)


@SETTINGS
@given(report=reports(), texts=st.lists(prose_text, min_size=3, max_size=3))
def test_prose_parts_in_order_under_their_headings(report, texts):
    spec = report.spec
    report.prose = dict(zip([p["id"] for p in spec.prose_parts()], texts))
    report.prose = {k: v for k, v in report.prose.items() if v}
    headings = [p["label"] for p in spec.parts]
    # Markdown shows raw HTML as text: its &lt; &gt; &amp; read back as the characters
    for kind, strip in (("txt", lambda s: s), ("md", lambda s: html.unescape(s.removeprefix("## ")))):
        lines = [strip(ln) for ln in render(report, kind).splitlines() if ln.strip()]
        assert [ln for ln in lines if ln in headings] == headings
        assert lines[len(lines) - len(signoff(report)):] == list(signoff(report))
        lines = lines[:len(lines) - len(signoff(report))]
        for part in spec.prose_parts():
            text = strip_artefacts(report.prose.get(part["id"], ""))
            expected = [ln.strip() for ln in text.splitlines() if ln.strip()]
            assert paragraphs_after(lines, part["label"], headings) == expected, kind


def test_text_layout_like_the_published_tsv(sample):
    """Title first, parts in order, 表三 and 表四 tab-separated with the official header rows."""
    report = sample()
    text = render(report, "txt")
    lines = text.splitlines()
    assert lines[0] == report.spec.report_title("八里堡街道办事处", 2024)
    assert lines[0] == "八里堡街道办事处2024年政府信息公开工作年度报告"
    t2, t3, t4 = text_tables(text)
    spec = load_spec("2021")
    assert t3[0][0] == spec.tables["t3"].corner and t3[0][3] == "申请人情况" and t3[1][-1] == "总计"
    assert t3[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert t3[3][:4] == ["一、本年新收政府信息公开申请数量", "", "", str(report.cells["t3.new.natural"])]
    assert t3[3][4:6] == ["/", ""]                      # kept “/” and a true blank
    assert t4[0][0] == "行政复议" and t4[0][5] == "行政诉讼" and t4[1][5] == "未经复议直接起诉"
    assert t4[1][:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] and t4[2][:5] == [""] * 5
    assert t4[3][0] == "0"                              # 0 prints 0
    assert t2[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert all(len(row) == 10 for row in t3) and all(len(row) == 15 for row in t4)


def test_markdown_pipe_tables(sample):
    text = render(sample(), "md")
    assert text.startswith("# 八里堡街道办事处2024年政府信息公开工作年度报告\n")
    assert "## 三、收到和处理政府信息公开申请情况" in text
    rows = [ln for ln in text.splitlines() if ln.startswith("|")]
    assert re.fullmatch(r"\|(---\|){10}", rows[rows.index(next(r for r in rows if "申请人情况" in r)) + 1])
    assert len(md_tables(text)) == 3


def test_html_is_one_self_contained_page_with_spans(sample):
    report = sample()
    page_text = render(report, "html")
    page = parse_html(page_text)
    tags = [t for t, _ in page.tags]
    assert "style" in tags and "link" not in tags and "script" not in tags and "img" not in tags
    assert page.blocks[0] == ("title", report.title) and ("h1", report.title) in page.blocks
    assert [t for tag, t in page.blocks if tag == "h2"] == [p["label"] for p in report.spec.parts]
    assert len(page.tables) == 3
    for rows, tid in zip(page.tables, ("t2", "t3", "t4")):
        grid = table_grid("2021", tid).filled(report)
        assert [[(c[2], c[3]) for c in r] for r in rows] == [[(c.rowspan, c.colspan) for c in r] for r in grid.rows]
        assert html_matrix(rows) == grid.matrix()
    scopes = [(a.get("scope"), a.get("class")) for t, a in page.tags if t == "th"]
    assert ("colgroup", "head") in scopes and ("rowgroup", "row") in scopes and ("row", "row") in scopes
    head = page.tables[1][0][0]
    assert head[0] == "th" and head[2:] == (3, 3)
    tables = [a for t, a in page.tags if t == "table"]
    assert all(a.get("border") == "1" and "border:1px solid" in a["style"] for a in tables)
    cells = [a for t, a in page.tags if t in ("td", "th")]
    assert cells and all("border:1px solid" in a["style"] for a in cells)    # kept if a CMS drops <style>
    assert tags.count("thead") == 2 and tags.count("tbody") == 3       # 表二 has no common header


def test_html_escapes_text(sample):
    report = sample()
    report.prose["other"] = "<script>alert(1)</script> & 《条例》"
    page = render(report, "html")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert ("p", "<script>alert(1)</script> & 《条例》") in parse_html(page).blocks


def test_markdown_prose_that_looks_like_markup_reads_back_exactly(sample):
    """A paragraph starting with | # or > stays prose in the .md (never a table row, a heading or a
    quote), and < & > shown as text: importing the .md gives back the same prose and cells."""
    from zwgk.importer import import_text

    report = sample()
    report.prose = {"overview": "|第一段<script>x</script>\n> 引用 & 说明", "problems": "x_y*z",
                    "other": "|"}
    back = import_text(render(report, "md"), source="年报.md").report
    assert back.prose["overview"] == report.prose["overview"]
    assert back.prose["other"] == "|" and back.prose["problems"] == "x_y*z"
    assert {c: (None if c in back.inferred else v) for c, v in back.cells.items()} == report.cells
