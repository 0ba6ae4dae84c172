"""Does a workbook that is not a zwgk template still hold a report?  A look at its cells for the
official 表三 row labels (as the spec words them), so a unit's hand-made workbook is listed as
非模板报表 and an address list as 不是报表, without importing either."""
from __future__ import annotations

import re
from functools import cache

from zwgk.rollup.names import folded

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


def looks_like_report(path) -> bool:
    """True when the workbook's cells carry at least ENOUGH of the official 表三 row labels."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        texts = []
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(nrows=MAX_ROWS)
            texts += [folded(v) for row in rows for v in row[:MAX_COLS] if isinstance(v, str) and v.strip()]
    except Exception:  # noqa: BLE001 — an unreadable workbook holds no report we can see
        return False
    text = "\n".join(texts)
    return sum(label in text for label in _labels()) >= ENOUGH
