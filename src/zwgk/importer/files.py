"""import_file: any file a unit sends, by what it holds — a workbook (.xlsx/.xlsm/.xls/.ods, also
under another type's name), WPS 表格 (.et) through LibreOffice, else a published report (text,
Word, web page, PDF, old Word/WPS through LibreOffice)."""
from __future__ import annotations

from pathlib import Path

from zwgk.importer.core import import_source
from zwgk.importer.result import ImportResult
from zwgk.importer.sources import open_source, workbook_by_content


def import_file(path, format: str = "auto") -> ImportResult:
    """Import a .txt (any encoding), .docx, .html or .pdf report, or a workbook (.xlsx/.xlsm/.xls/.ods);
    .doc/.wps/.et through LibreOffice."""
    from zwgk.importer.convert import SHEET, converted, office_kind
    from zwgk.importer.workbook import SUFFIXES, import_workbook

    path = Path(path)
    if path.is_file() and workbook_by_content(path, path.suffix.lower() in SUFFIXES):
        return import_workbook(path, format=format)
    if path.is_file() and office_kind(path) == SHEET and path.suffix.lower() not in (".xls", ".xlt"):
        with converted(path, SHEET) as xlsx:            # WPS 表格 (.et): read as the .xlsx it becomes
            result = import_file(xlsx, format)
        result.source = str(path)
        return result
    return import_source(open_source(path), format)
