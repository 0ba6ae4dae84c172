"""Does a file that is not a zwgk workbook still hold a report?  A look at its text for the
official 表三 row labels (as the spec words them), so a unit's hand-made workbook or a published
report is listed as 非模板报表 and an address list or a unit list as 不是报表, without importing.
Only files whose text is cheap to reach are looked at (workbooks, text, web pages, .docx)."""
from __future__ import annotations

import re
from functools import cache

from zwgk.rollup.names import folded
from zwgk.rollup.opened import OpenedWorkbook

ENOUGH = 3                      # distinct 表三 row labels met
MAX_ROWS, MAX_COLS = 400, 40    # a report's tables start well within this
NUMBERING = re.compile(r"^[(]?[一二三四五六七八九十0-9]+[)、.．]?")


@cache
def _labels() -> frozenset[str]:
    """The 表三 row labels of every format, without their numbering (一、 （二） 3.), folded."""
    from zwgk.spec import FORMATS, load_spec

    out = set()
    for fmt in FORMATS:
        for cell in load_spec(fmt).cells.values():
            if cell.table == "t3":
                core = NUMBERING.sub("", folded(cell.row_label))
                if len(core) >= 6:
                    out.add(core)
    return frozenset(out)


PEEK_TYPES = (".xlsx", ".xlsm", ".xls", ".ods", ".txt", ".html", ".htm", ".docx")


def looks_like_report(path, unreadable: bool = False, opened=None) -> bool:
    """True when the file's text carries at least ENOUGH of the official 表三 row labels;
    `unreadable` when its text cannot be reached (the importer will say why).  `opened`: the
    workbook as the rollup opened it already (zwgk.rollup.opened), so it is not opened again."""
    try:
        if str(path).lower().endswith(PEEK_TYPES[:4]):
            text = _workbook_text(opened or OpenedWorkbook(path))
        else:
            text = _document_text(path)
    except Exception:  # noqa: BLE001 — any failure to reach the text is answered the same way
        return unreadable
    return sum(label in text for label in _labels()) >= ENOUGH


def _workbook_text(opened: OpenedWorkbook) -> str:
    opened.inspect(None, by_content=True)   # every sheet, before calamine: a far cell would abort the process
    book = opened.book
    texts = []
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(nrows=MAX_ROWS)
        texts += [folded(v) for row in rows for v in row[:MAX_COLS] if isinstance(v, str) and v.strip()]
    return "\n".join(texts)


def _document_text(path) -> str:
    from pathlib import Path

    from zwgk.importer.sources import read_source

    return folded(read_source(Path(path)))
