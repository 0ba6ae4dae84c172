"""An independent reader of our bytes: LibreOffice's own compound-file and MS-OVBA code.

LibreOffice does not open .xlam, so the built add-in is relabelled as a macro workbook
(only the main part's content type changes), converted to .xlsm with LibreOffice's VBA
export, and olevba reads the modules LibreOffice wrote back.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from oletools.olevba import VBA_Parser

from zwgk.addin_build import build, callbacks, ribbon

from ..libreoffice import convert
from .conftest import ADDIN

ADDIN_TYPE = b"application/vnd.ms-excel.addin.macroEnabled.main+xml"
XLSM_TYPE = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def as_xlsm(parts: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data.replace(ADDIN_TYPE, XLSM_TYPE) if name == "[Content_Types].xml" else data)
    return path


@pytest.mark.libreoffice
def test_libreoffice_reads_the_patched_vba(built_parts, tmp_path):
    source = as_xlsm(built_parts, tmp_path / "zwgk.xlsm")
    (out,) = convert([source], tmp_path / "out", "xlsm:Calc MS Excel 2007 VBA XML")
    parser = VBA_Parser(str(out))
    try:
        modules = {Path(name).stem: code for _f, _s, name, code in parser.extract_macros()}
    finally:
        parser.close()
    bas = build.read_bas(ADDIN / "vba" / "RibbonMyAddin.bas")
    expected = callbacks.module_source(bas, ribbon.load_messages())
    assert {"RibbonMyAddin", "xlwings", "Dictionary"} <= set(modules)
    tail = expected.split("\r\n", 1)[1].replace("\r\n", "\n").strip()
    assert tail in modules["RibbonMyAddin"].replace("\r\n", "\n")
    assert 'Public Const PROJECT_NAME As String = "zwgk"' in modules["xlwings"]
    with zipfile.ZipFile(out) as zf:
        assert b'name="_zwgk.conf"' in zf.read("xl/workbook.xml")
