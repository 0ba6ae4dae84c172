"""samples/legacy: each published form (text, Word, web page, GBK, UTF-16) imports to its expected cells."""
from __future__ import annotations

import json

import pytest

from tests.importer.helpers import LEGACY, score
from zwgk.importer import import_file

EXPECTED = sorted((LEGACY / "expected").glob("*.json"))


def test_samples_exist():
    kinds = {p.name.rsplit(".", 2)[-2] for p in EXPECTED}
    assert {"txt", "docx", "html"} <= kinds
    assert len(EXPECTED) >= 8


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.stem)
def test_sample_imports_to_expected(expected):
    want = json.loads(expected.read_text(encoding="utf-8"))
    source = LEGACY / expected.name.removesuffix(".json")
    result = import_file(source)
    got = score(result, want["cells"])
    assert not got["wrong"] and not got["missing"] and not got["spurious"], got
    report = result.report
    assert (report.format, report.unit, report.year) == (want["format"], want["unit"], want["year"])
    assert report.prose.get("overview") and "other" in report.prose


def test_word_merged_cells_are_read_once():
    """python-docx repeats a merged cell at every grid position; the reader must not."""
    from zwgk.importer.sources import read_source

    text = read_source(LEGACY / "002_940e26fdc8c2d394.docx")
    lines = [ln for ln in text.splitlines() if "本列数据的勾稽关系" in ln]
    assert len(lines) == 1, lines


def test_word_reader_agrees_with_python_docx():
    """Our direct reading of word/document.xml gives, row by row, python-docx's cells with each
    merged cell kept once (python-docx returns a merged cell at every grid position)."""
    import docx

    from zwgk.importer.sources import read_source

    path = LEGACY / "002_940e26fdc8c2d394.docx"
    ours = read_source(path).splitlines()
    document = docx.Document(str(path))
    for table in document.tables:
        seen = []
        for row in table.rows:
            cells = []
            for cell in row.cells:
                if any(cell._tc is s for s in seen):
                    cells.append("")
                    continue
                seen.append(cell._tc)
                cells.append(" ".join(cell.text.split()))
            assert "\t".join(cells) in ours


def test_html_rowspan_colspan_grid():
    from zwgk.importer.sources import html_text

    page = """<html><head><style>td{}</style><script>var x=1;</script></head><body>
    <p>标题</p><table>
    <tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>5</td></tr>
    <tr><td>（二）部分公开</td><td>&nbsp;</td><td>0</td></tr>
    </table><p>后文</p></body></html>"""
    lines = html_text(page).splitlines()
    assert lines == ["标题", "三、本年度办理结果\t（一）予以公开\t\t5", "\t（二）部分公开\t\t0", "后文"]
