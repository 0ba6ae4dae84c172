"""PDF reports imported directly: samples/pdf (made by samples/make_pdf.py from the seeds with
zwgk render and LibreOffice) against their truth; blank cells placed by position; scans,
encrypted and hostile PDFs refused in words."""
from __future__ import annotations

import ctypes
import json
import re

import pypdfium2 as pdfium
import pytest

from tests.importer.helpers import ROOT, score
from zwgk.cli import main
from zwgk.errors import UnreadableFileError
from zwgk.importer import import_file
from zwgk.importer.pdf import MAX_PAGES, pdf_text, read_pages
from zwgk.importer.pdflines import text_lines

PDFS = ROOT / "samples" / "pdf"
TRUTH = json.loads((PDFS / "truth.json").read_text(encoding="utf-8"))
REPORTS = sorted(n for n in TRUTH if n.endswith(".pdf"))


@pytest.mark.parametrize("name", REPORTS)
def test_sample_pdf_every_stated_cell_right(name):
    result = import_file(PDFS / name)
    got = score(result, TRUTH[name]["cells"])
    assert got["wrong"] == [] and got["missing"] == [] and got["spurious"] == []
    assert len(got["right"]) == sum(v is not None for v in TRUTH[name]["cells"].values())
    assert result.report.unit == TRUTH[name]["unit"]
    if "html" not in name:                 # LibreOffice prints the web page without its <h1> title
        assert result.report.year == TRUTH[name]["year"]


@pytest.mark.parametrize("name", ["blanks-ruled.pdf", "blanks-unruled.pdf"])
def test_blank_cells_keep_their_column(name):
    """表三 rows whose blank cells vanish in plain text (四、结转下年度继续办理 with 自然人 blank)
    are read by position, ruled or not: each number stays in its column, a blank stays blank
    (or the 0 the row total forces)."""
    truth = TRUTH[name]["cells"]
    result = import_file(PDFS / name)
    blanks = 0
    for cid, want in truth.items():
        if cid.startswith("t3.") and want is None:
            blanks += 1
            assert result.report.cells[cid] is None or (cid in result.inferred and result.report.cells[cid] == 0)
        elif cid.startswith("t3."):
            assert result.report.cells[cid] == want, cid
    assert blanks >= 40
    row = [line.split("\t") for line in pdf_text(PDFS / name).splitlines() if line.startswith("四、结转下年度")]
    assert len(row) == 1 and row[0][-7:] == [str(truth[f"t3.carried_out.{c}"] if truth[f"t3.carried_out.{c}"]
                                                  is not None else "") for c in
                                              ("natural", "business", "research", "nonprofit", "legal", "other_org", "total")]


def test_tables_come_out_as_grid_rows_and_page_furniture_goes():
    """A 表三 running over two pages: page numbers gone, the repeated header rows dropped, the
    group label the page break cut (（五） | 不予处理) joined again."""
    text = pdf_text(PDFS / "seed-001-narrow.pdf")
    assert not re.search(r"^\W*\d+\W*$", text, re.MULTILINE)
    assert text.count("社会公益组织") == 1
    assert "（五）不予处理" in text
    assert "\t1.信访举报投诉类申请\t" in text


def test_prose_is_read_as_paragraphs():
    seed = import_file(PDFS / "seed-000.pdf").report.prose
    squeezed = {k: re.sub(r"\s", "", v) for k, v in seed.items()}
    assert "一是持续抓好重点领域信息公开。围绕优化营商环境深化工作。" in squeezed["overview"]
    paragraphs = seed["overview"].split("\n")
    assert any(p.startswith("一是持续抓好") and p.endswith("努力打造良好营商环境。") for p in paragraphs)


def _turned(tmp_path, rotate: bool):
    """seed-002.pdf with each page drawn a quarter turn round inside a form XObject of a portrait
    page, shown upright again by /Rotate 90 (as PDF tools write landscape pages) or not."""
    src = pdfium.PdfDocument(PDFS / "seed-002.pdf")
    out = pdfium.PdfDocument.new()
    for i in range(len(src)):
        w, h = src.get_page_size(i)
        page = out.new_page(h, w)
        form = src.page_as_xobject(i, out).as_pageobject()
        form.set_matrix(pdfium.PdfMatrix(0, 1, -1, 0, h, 0))
        page.insert_obj(form)
        page.gen_content()
        if rotate:
            page.set_rotation(90)
    out.save(tmp_path / "turned.pdf")
    return tmp_path / "turned.pdf"


@pytest.mark.parametrize("rotate", [True, False], ids=["shown-upright", "printed-sideways"])
def test_pages_drawn_turned_read_upright(tmp_path, rotate):
    """Whether /Rotate shows the page upright or the table stands sideways on a portrait page,
    the text reads as on the upright page, tables (their rulings inside the form) and all."""
    assert pdf_text(_turned(tmp_path, rotate)) == pdf_text(PDFS / "seed-002.pdf")


def test_upright_text_on_a_page_rotated_for_display_reads_upright(tmp_path):
    pdf = pdfium.PdfDocument(PDFS / "seed-002.pdf")
    for page in pdf:
        page.set_rotation(270)
    pdf.save(tmp_path / "shown-turned.pdf")
    assert pdf_text(tmp_path / "shown-turned.pdf") == pdf_text(PDFS / "seed-002.pdf")


def test_scanned_pdf_refused_in_words(capsys):
    with pytest.raises(UnreadableFileError, match="扫描件"):
        import_file(PDFS / "scanned.pdf")
    assert main(["import", str(PDFS / "scanned.pdf")]) == 2
    err = capsys.readouterr().err
    assert "扫描件" in err and "OCR" in err and "Traceback" not in err


def test_encrypted_pdf_refused_in_words(tmp_path, capsys):
    assert main(["import", str(PDFS / "encrypted.pdf"), "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "已加密" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_hostile_pdfs_refused_quickly(tmp_path):
    many = pdfium.PdfDocument.new()
    for _ in range(MAX_PAGES + 1):
        many.new_page(100, 100)
    many.save(tmp_path / "many.pdf")
    with pytest.raises(UnreadableFileError, match="页"):
        import_file(tmp_path / "many.pdf")
    data = (PDFS / "seed-000.pdf").read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 3])
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 1000)
    for name in ("cut.pdf", "junk.pdf"):
        with pytest.raises(UnreadableFileError, match="PDF"):
            import_file(tmp_path / name)


def test_pdf_by_content_whatever_its_name(tmp_path):
    copy = tmp_path / "报告（终稿）"
    copy.write_bytes((PDFS / "seed-003.pdf").read_bytes())
    got = score(import_file(copy), TRUTH["seed-003.pdf"]["cells"])
    assert got["wrong"] == [] and got["missing"] == []


def _add_text(pdf, page, words: str, matrix) -> None:
    import pypdfium2.raw as raw

    font = raw.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    text = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, 40)
    encoded = (words + "\x00").encode("utf-16-le")
    raw.FPDFText_SetText(text, ctypes.cast(encoded, ctypes.POINTER(ctypes.c_ushort)))
    raw.FPDFPageObj_Transform(text, *matrix)
    raw.FPDFPage_InsertObject(page.raw, text)
    page.gen_content()


def test_a_diagonal_watermark_is_left_out(tmp_path):
    """Every page stamped with a diagonal watermark holding digits, across the tables: the
    report reads as without it."""
    pdf = pdfium.PdfDocument(PDFS / "seed-001.pdf")
    for page in pdf:
        w, h = page.get_size()
        _add_text(pdf, page, "DRAFT 2024 0 1 7 9 COPY 3", (0.7071, 0.7071, -0.7071, 0.7071, w * 0.2, h * 0.2))
    pdf.save(tmp_path / "stamped.pdf")
    got = score(import_file(tmp_path / "stamped.pdf"), TRUTH["seed-001.pdf"]["cells"])
    assert got["wrong"] == [] and got["missing"] == [] and got["spurious"] == []
    assert "DRAFT" not in pdf_text(tmp_path / "stamped.pdf")


def test_bare_page_numbers_go_and_a_lone_number_at_a_page_foot_stays(tmp_path):
    """The seed's own text printed one cell a line, so a table's 0 may stand at a page's foot;
    bare page numbers 1, 2, 3 … added at the feet are dropped, nothing else is."""
    plain = PDFS / "seed-002-text.pdf"
    pdf = pdfium.PdfDocument(plain)
    for i, page in enumerate(pdf):
        w, h = page.get_size()
        _add_text(pdf, page, str(i + 1), (0.3, 0, 0, 0.3, w / 2, 30))
    pdf.save(tmp_path / "numbered.pdf")
    assert pdf_text(tmp_path / "numbered.pdf") == pdf_text(plain)
    feet = [text_lines(p.chars)[-1].text for p in read_pages(plain)]
    assert any(re.fullmatch(r"\d+", foot) for foot in feet)         # a value at a page foot, kept


def test_kangxi_radicals_read_as_ideographs():
    """Some fonts map 一, 目, 行 to Kangxi radicals (U+2F00…) or compatibility ideographs: the
    labels must still match."""
    from zwgk.importer.pdf import char_of

    assert [char_of(c) for c in (0x2F00, 0x2F6C, 0x2F8F, 0xF9F4, 0x4E8C)] == ["一", "目", "行", "林", "二"]
    assert char_of(0xD800) == "\ufffd" and char_of(0x20000) == "\U00020000"


def _grid_pdf(path, lines: int) -> None:
    """One page ruled by `lines` horizontal and `lines` vertical lines, with a line of text."""
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(600, 800)
    for i in range(lines):
        for x0, y0, x1, y1 in ((0, i * 800 / lines, 600, i * 800 / lines), (i * 600 / lines, 0, i * 600 / lines, 800)):
            line = raw.FPDFPageObj_CreateNewPath(x0, y0)
            raw.FPDFPath_LineTo(line, x1, y1)
            raw.FPDFPath_SetDrawMode(line, 0, True)
            raw.FPDFPage_InsertObject(page.raw, line)
    font = raw.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    text = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, 12)
    words = "Annual report 2024 of nothing at all, 1 2 3 4 5 6 7\x00".encode("utf-16-le")
    raw.FPDFText_SetText(text, ctypes.cast(words, ctypes.POINTER(ctypes.c_ushort)))
    raw.FPDFPageObj_Transform(text, 1, 0, 0, 1, 50, 700)
    raw.FPDFPage_InsertObject(page.raw, text)
    page.gen_content()
    pdf.save(path)


def test_a_dense_drawing_does_not_hang(tmp_path):
    import time

    _grid_pdf(tmp_path / "dense.pdf", 1400)
    start = time.perf_counter()
    text = pdf_text(tmp_path / "dense.pdf")
    assert "Annual report 2024" in text
    assert time.perf_counter() - start < 10


def test_numbers_in_a_row_without_inner_borders_keep_their_columns():
    """A table whose header cells are ruled but whose body rows are not: the row's numbers go to
    the columns they stand under (never run together from the left), its label stays in front."""
    from zwgk.importer.pdfgrid import find_tables
    from zwgk.importer.pdflines import Char

    def text(s, x, y):
        return [Char(ch, x + 10 * i, y, x + 10 * i + 9, y + 10) for i, ch in enumerate(s)]

    xs = [0, 100, 150, 200, 250]
    horizontal = [(y, 0, 250) for y in (0, 20, 40)]
    vertical = [(x, 0, 20) for x in xs] + [(0, 0, 40), (250, 0, 40)]
    chars = text("项目", 5, 5) + text("甲", 120, 5) + text("乙", 170, 5) + text("丙", 220, 5)
    chars += text("四、结转", 5, 25) + text("3", 170, 25) + text("1", 220, 25)
    (table,) = find_tables(horizontal, vertical, chars)
    assert table.rows == [["项目", "甲", "乙", "丙"], ["四、结转", "", "3", "1"]]


def test_spaced_out_cjk_is_joined_and_words_keep_one_space():
    from zwgk.importer.pdflines import Char, cell_text, text_lines

    def placed(s, pitch, y=0):
        return [Char(ch, pitch * i, y, pitch * i + 10, y + 10) for i, ch in enumerate(s) if ch != " "]

    assert [line.text for line in text_lines(placed("年度报告", 25))] == ["年度报告"]
    assert cell_text(placed("（三）不予公开", 30)) == "（三）不予公开"            # a cell in distributed alignment
    assert [line.text for line in text_lines(placed("二、主动公开", 11))] == ["二、主动公开"]
    assert [line.text for line in text_lines(placed("Annual report 2023年", 7))] == ["Annual report 2023年"]
    assert [line.text for line in text_lines(placed("总计", 11) + [Char("9", 80, 0, 86, 10)])] == ["总计  9"]


def test_header_and_body_borders_drawn_a_little_apart_are_one_column():
    """Header borders at x = 100 and body borders at x = 103 make one column, not a sliver that
    would shift the body's numbers against the header."""
    from zwgk.importer.pdfgrid import find_tables
    from zwgk.importer.pdflines import Char

    def text(s, x, y):
        return [Char(ch, x + 10 * i, y, x + 10 * i + 9, y + 10) for i, ch in enumerate(s)]

    horizontal = [(y, 0, 200) for y in (0, 20, 40)]
    vertical = [(0, 0, 40), (200, 0, 40), (100, 0, 20), (103, 20, 40), (150, 0, 20), (152, 20, 40)]
    chars = text("项目", 5, 5) + text("甲", 120, 5) + text("乙", 170, 5)
    chars += text("合计", 5, 25) + text("7", 170, 25)
    (table,) = find_tables(horizontal, vertical, chars)
    assert table.rows == [["项目", "甲", "乙"], ["合计", "", "7"]]


def test_samples_truth_is_what_the_generator_makes_today():
    """samples/make_pdf.py's truth (the reports the samples print) equals the committed truth,
    and every file it names is committed (the PDFs themselves carry LibreOffice's time stamps)."""
    import importlib.util

    from tests.conftest import require_shared

    shared = require_shared()
    spec = importlib.util.spec_from_file_location("make_pdf", ROOT / "samples" / "make_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pdf, office = module.truths(module.printed_reports(shared / "seeds"))
    office_dir = ROOT / "samples" / "office"
    assert json.loads(json.dumps(pdf)) == TRUTH, "samples/pdf 已过时：请运行 python samples/make_pdf.py"
    assert json.loads(json.dumps(office)) == json.loads((office_dir / "truth.json").read_text(encoding="utf-8"))
    assert all((PDFS / n).exists() for n in pdf) and all((office_dir / n).exists() for n in office)


def test_drawing_objects_past_the_budget_leave_the_page_without_rulings(tmp_path):
    from zwgk.importer.pdf import _View
    from zwgk.importer.pdfrules import rulings

    _grid_pdf(tmp_path / "grid.pdf", 30)
    pdf = pdfium.PdfDocument(tmp_path / "grid.pdf")
    page = pdf[0]
    horizontal, vertical = rulings(page, _View(page), [1000])
    assert len(horizontal) == 30 and len(vertical) == 30
    allowance = [40]
    assert rulings(page, _View(page), allowance) == ([], []) and allowance == [0]


def test_a_scan_with_a_stamped_page_number_is_still_a_scan(tmp_path):
    """Page images with a few characters of text on top (a page number stamped by the scanner
    software) are refused as a scan, not read as a report without tables."""
    pdf = pdfium.PdfDocument(PDFS / "scanned.pdf")
    for i, page in enumerate(pdf):
        _add_text(pdf, page, f"Page {i + 1} of {len(pdf)} - scanned 2024-03-01", (0.3, 0, 0, 0.3, 20, 20))
    pdf.save(tmp_path / "stamped.pdf")
    with pytest.raises(UnreadableFileError, match="扫描件"):
        import_file(tmp_path / "stamped.pdf")
