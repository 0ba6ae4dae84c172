""".doc, .wps and .et read through LibreOffice headless (a real conversion, a throw-away profile);
without LibreOffice, one sentence telling the clerk to save as .docx/.xlsx.  A “.doc” that is a
single-file web page (.mht) is read as the page it holds."""
from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from tests.conftest import require_soffice
from tests.importer.helpers import ROOT, score
from zwgk.cli import main
from zwgk.errors import UnreadableFileError, ZwgkError
from zwgk.importer import import_file
from zwgk.importer.convert import SHEET, WORD, converted, office_kind, soffice

SAMPLES = ROOT / "samples" / "office"
TRUTH = json.loads((SAMPLES / "truth.json").read_text(encoding="utf-8"))
DOC = SAMPLES / "seed-003.doc"
ET = SAMPLES / "seed-003-sheet.et"

@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["年报.doc", "年报.txt"])
def test_old_word_imports_through_libreoffice(tmp_path, name):
    """The .doc LibreOffice saved from a seed, under its own name and misnamed .txt (the kind is
    read from the content): every stated cell right."""
    require_soffice()
    copy = tmp_path / name
    shutil.copyfile(DOC, copy)
    result = import_file(copy)
    got = score(result, TRUTH["seed-003.doc"]["cells"])
    assert got["wrong"] == [] and got["missing"] == [] and got["spurious"] == []
    assert result.report.unit == TRUTH["seed-003.doc"]["unit"] and result.source == str(copy)


@pytest.mark.libreoffice
def test_wps_spreadsheet_is_converted_to_xlsx():
    require_soffice()
    assert office_kind(ET) == SHEET and office_kind(DOC) == WORD
    with converted(ET, SHEET) as xlsx:
        names = zipfile.ZipFile(xlsx).namelist()
        assert "xl/workbook.xml" in names and len([n for n in names if n.startswith("xl/worksheets/")]) >= 5
    assert not xlsx.parent.exists()                      # the temporary folder is gone
    try:                                                 # read by the workbook importer where there is one
        result = import_file(ET)
    except ZwgkError as exc:
        assert exc.file == str(ET)                       # said of the clerk's file, not the converted copy
    else:
        got = score(result, TRUTH["seed-003-sheet.et"]["cells"])
        assert got["wrong"] == [] and got["missing"] == []


def test_without_libreoffice_the_clerk_is_told_to_save_as_docx(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ZWGK_SOFFICE", "none")
    with pytest.raises(UnreadableFileError, match=r"另存为 \.docx"):
        import_file(DOC)
    with pytest.raises(UnreadableFileError, match=r"另存为 \.xlsx"):
        import_file(ET)
    assert main(["import", str(DOC), "-o", str(tmp_path / "x.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "LibreOffice" in err and "WPS" in err and "Traceback" not in err


def test_libreoffice_found_in_its_windows_folder(tmp_path, monkeypatch):
    from zwgk.importer import convert

    exe = tmp_path / "LibreOffice" / "program" / "soffice.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"")
    monkeypatch.delenv("ZWGK_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("ProgramFiles", str(tmp_path))
    monkeypatch.setattr(convert, "ON_WINDOWS", True)
    assert soffice() == str(exe)


def test_without_libreoffice_on_path_the_clerk_is_told(tmp_path, monkeypatch):
    monkeypatch.delenv("ZWGK_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", "")
    if soffice() is not None:
        pytest.skip("LibreOffice found outside PATH on this platform")
    with pytest.raises(UnreadableFileError, match="需要 LibreOffice"):
        import_file(DOC)


@pytest.mark.libreoffice
def test_a_conversion_that_overruns_is_stopped(tmp_path):
    require_soffice()
    with pytest.raises(UnreadableFileError, match="超过 0 秒"):
        with converted(DOC, WORD, timeout=0):
            pass


def test_a_doc_that_is_a_single_file_web_page(tmp_path):
    """Word's and WPS's “单一网页文件” (MIME, quoted-printable GB2312 HTML), served as .doc."""
    import quopri

    from tests.importer.helpers import LEGACY

    page = (LEGACY / "002_940e26fdc8c2d394.html").read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="gb2312"')
    body = quopri.encodestring(page.encode("gb18030"))
    package = (b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01DA"\r\n\r\n'
               b"\xb4\xcb\xce\xc4\xbc\xfe\xce\xaa\xb5\xa5\xb8\xf6\xce\xc4\xbc\xfe\xcd\xf8\xd2\xb3\r\n\r\n"
               b"------=_NextPart_01DA\r\nContent-Location: file:///C:/report.htm\r\n"
               b"Content-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset=\"gb2312\"\r\n\r\n"
               + body.replace(b"\n", b"\r\n") + b"\r\n------=_NextPart_01DA--\r\n")
    assert b"=B0=CB" in package                          # the page really is quoted-printable GB
    (tmp_path / "年报.doc").write_bytes(package)
    assert import_file(tmp_path / "年报.doc").report.cells == import_file(LEGACY / "002_940e26fdc8c2d394.html").report.cells
