"""Importing published reports (text in any layout, .docx, .html) and units' own workbooks
(.xlsx, .xlsm, .xls, .ods in the official layout) into a `Report`.

    from zwgk.importer import import_file
    result = import_file("report.txt")        # ImportResult: .report, .notes, .inferred
    result.notes[0].code, result.notes[0].params   # a problem of templates/problems/import.yaml
"""
from __future__ import annotations

from zwgk.importer.core import import_source, import_text
from zwgk.importer.files import import_file
from zwgk.importer.result import ImportResult

__all__ = ["ImportResult", "import_file", "import_source", "import_text"]
