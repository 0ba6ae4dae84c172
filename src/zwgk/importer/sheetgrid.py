"""A sheet's grid made to look like the official tables before it becomes text.

Table by table (a table runs from its part heading to the next one): merges that were undone and
filled are read as merges again; columns headed 备注, 序号 … are blanked; columns right of the
table's last official column (总计, or the last head of 表二's sub-tables) are cut off, whatever
they hold (校验, 上年数, notes); and columns empty in the whole table (spacer or hidden columns,
the covered part of a merge) are dropped, so every row of a table has its cells in the same
columns.  Numbers are never changed or moved: a cell is only kept or left out.
"""
from __future__ import annotations

import re
from functools import lru_cache

from zwgk.importer.cells import classify
from zwgk.importer.heads import by_heads, first_value_column, heads_in_order, last_column
from zwgk.wording import words
from zwgk.importer.text import fold, squeeze

Row = list[str]


TEXT_MARK = "/"        # stands, in the text, for words typed where a number goes (见附件, 约5)
TABLE_ROWS = 100       # a table's rows lie well within this many rows below its heading


def table_rows(grid: list[Row], named_part: str | None = None, words: dict | None = None,
               unread: list | None = None) -> list[tuple[Row, tuple[int, ...]]]:
    """Each row's cells and the sheet column of each.  `named_part`: the part the sheet's name
    stands for, for the rows above its first part heading.  `words` receives {(row, col): text}
    of the words typed in a table's number cells: they stand as a blank (TEXT_MARK), so they can
    never push the numbers after them into other columns.  `unread` receives the ids of the
    tables whose columns could not be matched with the official ones (表二 and 表四 with heads out
    of the official order, a 表三 that cannot be put back in it): their numbers are not read."""
    rows = _unfilled([list(r) for r in grid])
    _clear_side_columns(rows)
    starts = [r for r, row in enumerate(rows) if part_of_row(row)]
    out = []
    for a, b in zip([0] + starts, starts + [len(rows)]):
        block = rows[a:b]
        if not block:
            continue
        part = part_of_row(block[0]) if a in starts else named_part
        last = last_column(block, part)
        for (r, c), text in _words_in_values(block, part).items():
            if words is not None:
                words[(a + r, c)] = text
        cols = tuple(sorted({c for row in block for c, v in enumerate(row) if v and (last is None or c <= last)}))
        ordered = by_heads(block, cols, part) if heads_in_order(block, part) else None
        if ordered is None and unread is not None:
            unread.append(part)
        cols = ordered if ordered is not None else tuple(c for c in cols if c < first_value_column(block, part))
        out.extend(([row[c] if 0 <= c < len(row) else "" for c in cols], cols) for row in block)
    return out


def _words_in_values(block: list[Row], part: str | None) -> dict[tuple[int, int], str]:
    """Text cells in the number columns of rows that hold numbers, replaced by TEXT_MARK."""
    from zwgk.importer.cells import NUM

    first = first_value_column(block, part)
    if first is None:
        return {}
    found = {}
    for r, row in enumerate(block[:TABLE_ROWS]):
        kinds = {c: classify(v) for c, v in enumerate(row) if v and c >= first}
        if not any(k and k[0].kind == NUM for k in kinds.values()):
            continue
        for c, kind in kinds.items():
            if kind is None:
                found[(r, c)], row[c] = row[c], TEXT_MARK
    return found


def _unfilled(rows: list[Row]) -> list[Row]:
    """Merged labels that were unmerged and filled (取消合并并填充, or a merge repeated by an export):
    a text repeating the text just left of it or just above it is kept once, as a merge shows it."""
    def repeats(r: int, c: int) -> bool:
        text = rows[r][c]
        if not text:
            return False
        left = c > 0 and rows[r][c - 1] == text
        above = r > 0 and c < len(rows[r - 1]) and rows[r - 1][c] == text
        return (left or above) and classify(text) is None

    drop = [(r, c) for r in range(len(rows)) for c in range(len(rows[r])) if repeats(r, c)]
    for r, c in drop:
        rows[r][c] = ""
    return rows


def _clear_side_columns(rows: list[Row]) -> None:
    """Blank the columns headed 备注, 序号 …, from the heading cell down to an empty row or a part
    heading (another table may use the same column further down)."""
    heads = {squeeze(h) for h in words("importer")["workbook"]["side_columns"]}
    longest = max(map(len, heads)) * 3
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value and len(value) <= longest and squeeze(value) in heads:
                for below in rows[r:]:
                    if below is not row and (not any(below) or part_of_row(below)):
                        break
                    if c < len(below):
                        below[c] = ""


def part_of_row(row: Row) -> str | None:
    """The part whose heading is the row's first cell (三、收到和处理政府信息公开申请情况), or None."""
    first = next((v for v in row if v), "")
    if not first:
        return None
    m = _headings().match(fold(first))
    return m.lastgroup if m else None


@lru_cache(maxsize=1)
def _headings() -> re.Pattern:
    from zwgk.importer.labels import heading_pattern
    from zwgk.spec import load_spec

    return re.compile("|".join(f"(?P<{p['id']}>{heading_pattern(p['label']).pattern})" for p in load_spec("2021").parts))
