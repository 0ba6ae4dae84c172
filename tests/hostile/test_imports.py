"""The importers on crafted and messy files, from outside (the CLI under the memory cap): Word
tables nested or wrapped however Word and WPS write them never put a number in a wrong cell; a
damaged PDF and a hand-made workbook with a far cell are refused in words, also by `zwgk history`."""
from __future__ import annotations

from pathlib import Path

import pytest

from zwgk.workbook.reader import read_report

from . import generate_import as gi
from .conftest import assert_refused, zwgk

HANDMADE = Path(__file__).resolve().parents[2] / "samples" / "handmade" / "一表全部-王城路.xlsx"


@pytest.fixture(scope="module")
def word(tmp_path_factory):
    return gi.word_report(tmp_path_factory.mktemp("word") / "甲.docx")


@pytest.mark.parametrize("name", sorted(gi.WORD))
def test_word_tables_however_nested(name, word, tmp_path):
    path = gi.word_variant(word, tmp_path / f"{name}.docx", name)
    done = zwgk("import", path, "-o", tmp_path / "out.xlsx")
    assert done.returncode in (0, 1), done.stderr[-2000:]
    truth, got = gi.report().cells, read_report(tmp_path / "out.xlsx").cells
    assert not [c for c, v in got.items() if v is not None and v != truth[c]]      # never a wrong number
    blank = [c for c, v in got.items() if v is None and truth[c] is not None]
    if name == "nested_in_number_cell":
        assert blank and all(c.startswith("t3.new.") for c in blank), blank       # that row only, told
        assert "本年新收" in done.stdout
    else:
        assert not blank, blank


def test_pdf_page_that_cannot_load(tmp_path):
    done = zwgk("import", gi.pdf_page_tree_loop(tmp_path / "环.pdf"), "-o", tmp_path / "out.xlsx")
    assert_refused(done, "环.pdf")
    assert "损坏" in done.stderr and "维护人员" not in done.stderr


def test_handmade_sheet_calamine_cannot_read_is_called_damaged(tmp_path):
    path = gi.sheet_edit(HANDMADE, tmp_path / "坏.xlsx", gi.bad_string_index)
    done = zwgk("import", path, "-o", tmp_path / "out.xlsx")
    assert_refused(done, "坏.xlsx")
    assert "工作表“年报”已损坏" in done.stderr, done.stderr


def test_history_over_a_handmade_workbook_with_a_far_cell(tmp_path):
    """The look for 表三 labels in a workbook the importer refused must not hand it to calamine
    (which aborts the process on a cell at XFD1048576): the file is listed with the importer's reason."""
    folder = tmp_path / "历年"
    gi.word_report(folder / "2024.docx")
    gi.handmade_far_cell(HANDMADE, folder / "远.xlsx")
    done = zwgk("history", folder, "-o", tmp_path / "历年对比.xlsx")
    assert done.returncode == 0, done.stderr[-2000:]
    line = next(x for x in done.stderr.splitlines() if "远.xlsx" in x)
    assert "范围过大" in line, line



def _printed(books: list[Path], folder: Path) -> dict[Path, Path]:
    """Hand-made workbooks printed to PDF by LibreOffice, as a clerk prints from Excel: a sheet
    wider than the page is printed across pages, so a table's right-hand columns (其他, 总计)
    stand on a later page, without their row labels."""
    from tests.libreoffice import convert

    return dict(zip(books, convert(books, folder, "pdf")))


def _wrong_numbers(printed: dict[Path, Path], folder: Path) -> dict:
    import json

    truth = json.loads((HANDMADE.parent / "truth.json").read_text(encoding="utf-8"))
    wrong = {}
    for book, pdf in printed.items():
        out = folder / f"{book.stem}.xlsx"
        done = zwgk("import", pdf, "-o", out)
        assert done.returncode in (0, 1), (pdf.name, done.stderr[-2000:])
        stated = truth[book.name]["cells"]
        wrong.update({f"{pdf.name} {c}": (v, stated[c]) for c, v in read_report(out).cells.items()
                      if v is not None and stated.get(c) is not None and v != stated[c]})
    return wrong


@pytest.mark.libreoffice
def test_workbook_printed_across_pages_gives_no_wrong_number(tmp_path):
    """四、结转下年度继续办理 printed as 0 1 0 0 1 on page one (其他 and 总计 on page three) once read
    as 总计 = 1, the sums “settling” it as if the unprinted cells were blank."""
    books = [HANDMADE.parent / "文本数字-合成十三.xlsx", HANDMADE]
    assert not _wrong_numbers(_printed(books, tmp_path / "pdf"), tmp_path)


@pytest.mark.libreoffice
@pytest.mark.hostile_sweep
def test_every_handmade_workbook_printed_to_pdf(tmp_path):
    books = sorted(HANDMADE.parent.glob("*.xlsx"))
    assert not _wrong_numbers(_printed(books, tmp_path / "pdf"), tmp_path)


SUMS = HANDMADE.parent / "公式合计-合成五.xlsx"        # one sheet, most cells non-zero


def stated(book: Path) -> dict:
    import json

    return json.loads((HANDMADE.parent / "truth.json").read_text(encoding="utf-8"))[book.name]["cells"]


def imported(path: Path, truth: dict, folder: Path):
    """`zwgk import path`: its output, and its cells, none of them a wrong number."""
    done = zwgk("import", path, "-o", folder / "out.xlsx")
    assert done.returncode in (0, 1), done.stderr[-2000:]
    got = read_report(folder / "out.xlsx").cells
    assert not {c: (v, truth[c]) for c, v in got.items() if v is not None and v != truth[c]}
    return done, got


@pytest.mark.parametrize("name", sorted(gi.WPS))
def test_workbook_as_wps_writes_it(name, tmp_path):
    path = gi.wps_variant(SUMS, tmp_path / f"{name}.xlsx", name)
    done, got = imported(path, stated(SUMS), tmp_path)
    blank = {c for c, v in got.items() if v is None and stated(SUMS)[c] is not None}
    if name == "error_values":
        assert blank == {"t2.normative.issued", "t2.normative.repealed"}, blank
        assert "（=1/0）=“#DIV/0!”" in done.stdout and "错误值" in done.stdout and "（#N/A）" in done.stdout
    elif name != "transposed":               # a sheet on its side is left blank, never misread
        assert not blank, blank


@pytest.mark.parametrize("name", ["工作簿.pdf", "工作簿.docx", "工作簿.txt", "文档.xlsx", "文档.xls"])
def test_misnamed_file_is_read_as_what_it_holds(name, word, tmp_path):
    """A workbook saved under a document's name, or a Word file under a workbook's: read by content."""
    source, truth = (SUMS, stated(SUMS)) if name.startswith("工作簿") else (word, gi.report().cells)
    path = tmp_path / name
    path.write_bytes(source.read_bytes())
    _, got = imported(path, truth, tmp_path)
    assert got == truth


@pytest.mark.parametrize("cut", [30, 35, 44])
def test_table_continued_on_another_sheet(cut, tmp_path):
    """表三 continued on a sheet 续表 without its heading and column heads: its rows once took the
    first sheet's columns (one label column fewer), so numbers landed one column off."""
    path = gi.split_across_sheets(SUMS, tmp_path / f"续{cut}.xlsx", cut)
    done, _ = imported(path, stated(SUMS), tmp_path)
    assert "工作表“续表”开头的数字行" in done.stdout
