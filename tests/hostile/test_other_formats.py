"""Hostile .xls, .ods and published reports (text, Word, HTML): refused in words within the caps;
formulas in .xls and .ods are found, not read as their cached values."""
from __future__ import annotations

import pytest

from . import generate as g
from .conftest import assert_refused, zwgk


@pytest.fixture(scope="session")
def converted(tmp_path_factory):
    """The valid workbook with a formula in 表三 D5, saved by LibreOffice as .xls and .ods."""
    from tests.libreoffice import convert

    folder = tmp_path_factory.mktemp("lo")
    base = g.valid_workbook(folder / "src" / "公式.xlsx")
    g.patch_sheet(base, folder / "公式.xlsx", lambda x: g.set_cell(x, "D5", '<c r="D5"><f>1+1</f><v>2</v></c>'))
    return {kind: convert([folder / "公式.xlsx"], folder / kind, kind)[0] for kind in ("xls", "ods")}


@pytest.mark.libreoffice
@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_formula_in_xls_and_ods_is_found(kind, converted):
    from zwgk.workbook.reader import formula_cells, read_report

    assert formula_cells(converted[kind], ["表三"])["表三"]["D5"] == "1+1"
    report = read_report(converted[kind])
    assert report.cells["t3.new.natural"] is None and report.texts["t3.new.natural"] == "=1+1"
    done = zwgk("check", converted[kind])
    assert done.returncode == 1 and "公式" in next(x for x in done.stdout.splitlines() if "表三!D5" in x)


@pytest.mark.libreoffice
def test_xls_declaring_a_huge_sheet(converted, tmp_path):
    path = g.xls_huge_dimension(converted["xls"], tmp_path / "大.xls")
    done = zwgk("check", path)
    assert_refused(done, "大.xls")
    assert "范围过大" in done.stderr or "工作表过大" in done.stderr


@pytest.mark.libreoffice
def test_ods_with_a_million_repeated_rows(converted, tmp_path):
    path = g.ods_repeated_rows(converted["ods"], tmp_path / "大.ods")
    done = zwgk("check", path)
    assert_refused(done, "大.ods")
    assert "过大" in done.stderr


@pytest.mark.libreoffice
def test_ods_is_inspected_as_ods_whatever_it_carries(converted, tmp_path):
    path = g.ods_dressed_as_xlsx(converted["ods"], tmp_path / "伪.ods")
    assert_refused(zwgk("check", path), "伪.ods")


def test_xlsb_and_owner_files_refused(base, tmp_path):
    xlsb = tmp_path / "二进制.xlsb"
    xlsb.write_bytes(base.read_bytes())
    assert_refused(zwgk("show", xlsb), "二进制.xlsb")
    assert_refused(zwgk("show", g.owner_file(base, tmp_path / "~$甲.xlsx")), "~$甲.xlsx")


IMPORTS = {
    "span_bomb.html": g.html_span_bomb,
    "nested_tables.html": g.html_nested_tables,
    "document_bomb.docx": g.docx_bomb,
    "huge.txt": g.text_too_big,
    "pipe.txt": lambda p: g.named_pipe(None, p),
    "zero.txt": lambda p: g.device_link(None, p),
    "folder.docx": lambda p: g.folder(None, p),
    "loop.txt": lambda p: g.symlink_loop(None, p),
}


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_import_refused_in_words(name, tmp_path):
    path = IMPORTS[name](tmp_path / name)
    assert_refused(zwgk("import", path, "-o", tmp_path / "out.xlsx"), name)
    assert not (tmp_path / "out.xlsx").exists()


def test_import_of_dev_zero_itself():
    assert_refused(zwgk("import", "/dev/zero"), "/dev/zero")
