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
from zwgk.importer.notes import wording
from zwgk.importer.text import fold, squeeze

Row = list[str]


TEXT_MARK = "/"        # stands, in the text, for words typed where a number goes (见附件, 约5)


def table_rows(grid: list[Row], named_part: str | None = None, words: dict | None = None,
               unread: list | None = None) -> list[tuple[Row, tuple[int, ...]]]:
    """Each row's cells and the sheet column of each.  `named_part`: the part the sheet's name
    stands for, for the rows above its first part heading.  `words` receives {(row, col): text}
    of the words typed in a table's number cells: they stand as a blank (TEXT_MARK), so they can
    never push the numbers after them into other columns.  `unread` receives the ids of the
    tables whose columns could not be matched with the official ones (their numbers not read)."""
    rows = _unfilled([list(r) for r in grid])
    _clear_side_columns(rows)
    starts = [r for r, row in enumerate(rows) if part_of_row(row)]
    out = []
    for a, b in zip([0] + starts, starts + [len(rows)]):
        block = rows[a:b]
        if not block:
            continue
        part = part_of_row(block[0]) if a in starts else named_part
        last = _last_column(block, part)
        for (r, c), text in _words_in_values(block, part).items():
            if words is not None:
                words[(a + r, c)] = text
        cols = tuple(sorted({c for row in block for c, v in enumerate(row) if v and (last is None or c <= last)}))
        ordered = _by_heads(block, cols, part)
        if ordered is None and unread is not None:
            unread.append(part)
        cols = ordered if ordered is not None else tuple(c for c in cols if c < _first_value_column(block, part))
        out.extend(([row[c] if 0 <= c < len(row) else "" for c in cols], cols) for row in block)
    return out


def _words_in_values(block: list[Row], part: str | None) -> dict[tuple[int, int], str]:
    """Text cells in the number columns of rows that hold numbers, replaced by TEXT_MARK."""
    from zwgk.importer.cells import NUM

    first = _first_value_column(block, part)
    if first is None:
        return {}
    found = {}
    for r, row in enumerate(block):
        kinds = {c: classify(v) for c, v in enumerate(row) if v and c >= first}
        if not any(k and k[0].kind == NUM for k in kinds.values()):
            continue
        for c, kind in kinds.items():
            if kind is None:
                found[(r, c)], row[c] = row[c], TEXT_MARK
    return found


def _first_value_column(block: list[Row], part: str | None) -> int | None:
    """The first column of numbers: the leftmost column head of 表三 or 表四 (in the rows above
    the numbers, whatever order the heads are in), or the column right of 表二's 信息内容."""
    from zwgk.importer.labels import core
    from zwgk.spec import load_spec

    if part not in ("t2", "t3", "t4"):
        return None
    if part == "t2":
        name = core(load_spec("2021").tables["t2"].row_head)
        found = [c + 1 for row in block[:60] for c, v in enumerate(row) if v and len(v) < 20 and core(v) == name]
    else:
        heads = _all_heads()[part]
        found = [c for row in _head_rows(block) for c, v in enumerate(row) if v and len(v) < 40 and core(v) in heads]
    return min(found) if found else None


def _by_heads(block: list[Row], cols: tuple[int, ...], part: str | None) -> tuple[int, ...] | None:
    """表三's number columns in the official order of their heads: columns typed in another order
    are put back in order; a column left out (no 法律服务机构 column) stands as an empty one (-1),
    so the others keep their places.  Heads in the official order otherwise: as they are.  Heads
    out of order that cannot be matched one to one with the columns of numbers: None (the table's
    numbers are not read)."""
    heads = _column_heads().get(part)
    if not heads:
        return cols
    head_rows = _head_rows(block)
    where = _head_columns(head_rows, heads)
    found = [where.get(i) for i in range(len(heads))]
    known = [c for c in found if c is not None]
    if len(known) < 3:
        return cols
    first = min(known)
    labels = [c for c in cols if c < first]
    values = [c for c in cols if c >= first and _holds_numbers(block[len(head_rows):], c)]
    one_to_one = len(set(known)) == len(known) and set(values) <= set(known) and found.count(None) <= 1
    if one_to_one and (None not in found or len(values) == len(known)):
        if None not in found and known == sorted(known) and values == known:
            return cols
        return tuple(labels + [-1 if c is None else c for c in found])
    return cols if known == sorted(known) else None


def _holds_numbers(rows: list[Row], c: int) -> bool:
    return any(c < len(row) and row[c] and classify(row[c]) is not None for row in rows)


def _head_columns(head_rows: list[Row], heads: list[set[str]]) -> dict[int, int]:
    """{index of a head: its column}, from the rows above the first row of numbers."""
    from zwgk.importer.labels import core

    where: dict[int, int] = {}
    for row in head_rows:
        for c, v in enumerate(row):
            name = core(v) if v and len(v) < 20 else ""
            for i, names in enumerate(heads):
                if name in names and i not in where:
                    where[i] = c
    return where


@lru_cache(maxsize=1)
def _column_heads() -> dict[str, list[set[str]]]:
    """表三's column heads in order, each with its known variants (templates/variants.yaml)."""
    from zwgk.importer.labels import core, variants_of
    from zwgk.spec import load_spec

    table = load_spec("2021").tables["t3"]
    leaves = [h for top in table.columns for h, _ in top.leaves()]
    return {"t3": [{core(v) for v in variants_of(h.label)} for h in leaves]}


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
    heads = {squeeze(h) for h in wording()["workbook"]["side_columns"]}
    longest = max(map(len, heads)) * 3
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value and len(value) <= longest and squeeze(value) in heads:
                for below in rows[r:]:
                    if below is not row and (not any(below) or part_of_row(below)):
                        break
                    if c < len(below):
                        below[c] = ""


def _last_column(block: list[Row], part: str | None) -> int | None:
    """The sheet column of the table's last official column: the rightmost of its column heads
    (表三, 表四: in the rows above its numbers, where 总计 and 其他 are not row labels; 表二: the
    heads of all its sub-tables)."""
    from zwgk.importer.labels import core

    heads = _all_heads().get(part)
    if not heads:
        return None
    rows = block[:60] if part == "t2" else _head_rows(block)
    found = [c for row in rows for c, v in enumerate(row) if v and len(v) < 40 and core(v) in heads]
    return max(found) if found else None


def _head_rows(block: list[Row]) -> list[Row]:
    """The rows above the first row holding a number (at most 40)."""
    from zwgk.importer.cells import NUM

    out = []
    for row in block[:40]:
        if any(k and k[0].kind == NUM for k in map(classify, filter(None, row))):
            break
        out.append(row)
    return out


@lru_cache(maxsize=1)
def _all_heads() -> dict[str, set[str]]:
    """Per table, every column head (both formats; 表二 also its unit column's), as cores."""
    from zwgk.importer.labels import core
    from zwgk.spec import FORMATS, load_spec, load_ui

    out: dict[str, set[str]] = {}
    for fmt in FORMATS:
        for tid, table in load_spec(fmt).tables.items():
            if table.sections:
                heads = {c.label for s in table.sections for c in s.columns} | {load_ui()["unit_head"]}
            else:
                heads = {h.label for top in table.columns for h in _tree(top)}
            out.setdefault(tid, set()).update(core(h) for h in heads)
    return out


def _tree(head):
    yield head
    for child in head.children:
        yield from _tree(child)


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
