"""A table's column heads in a sheet: where its numbers start and end, and whether its columns
stand in the official order (表三's are put back in it by their heads)."""
from __future__ import annotations

from functools import lru_cache

from zwgk.importer.cells import classify
from zwgk.spec import FORMATS

Row = list[str]


def first_value_column(block: list[Row], part: str | None) -> int | None:
    """The first column of numbers: the leftmost column head of 表三 or 表四 (in the rows above
    the numbers, whatever order the heads are in), or the column right of 表二's 信息内容."""
    from zwgk.importer.labels import core
    from zwgk.spec import load_spec

    layout = _layout(part)
    if layout is None:
        return None
    if layout == "sections":
        name = core(load_spec(FORMATS[0]).tables[part].row_head)
        found = [c + 1 for row in block[:60] for c, v in enumerate(row) if v and len(v) < 20 and core(v) == name]
    else:
        heads = _all_heads()[part]
        found = [c for row in _head_rows(block) for c, v in enumerate(row) if v and len(v) < 40 and core(v) in heads]
    return min(found) if found else None


def by_heads(block: list[Row], cols: tuple[int, ...], part: str | None) -> tuple[int, ...] | None:
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
    from zwgk.importer.patterns import table_with
    from zwgk.spec import load_spec

    tid = table_with("matrix")
    leaves = [h for top in load_spec(FORMATS[0]).tables[tid].columns for h, _ in top.leaves()]
    return {tid: [{core(v) for v in variants_of(h.label)} for h in leaves]}


def last_column(block: list[Row], part: str | None) -> int | None:
    """The sheet column of the table's last official column: the rightmost of its column heads
    (表三, 表四: in the rows above its numbers, where 总计 and 其他 are not row labels; 表二: the
    heads of all its sub-tables)."""
    from zwgk.importer.labels import core

    heads = _all_heads().get(part)
    if not heads:
        return None
    rows = block[:60] if _layout(part) == "sections" else _head_rows(block)
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
    from zwgk.spec import load_spec
    from zwgk.wording import words

    out: dict[str, set[str]] = {}
    for fmt in FORMATS:
        for tid, table in load_spec(fmt).tables.items():
            if table.sections:
                heads = {c.label for s in table.sections for c in s.columns} | {words("workbook")["unit_head"]}
            else:
                heads = {h.label for top in table.columns for h in _tree(top)}
            out.setdefault(tid, set()).update(core(h) for h in heads)
    return out


def _tree(head):
    yield head
    for child in head.children:
        yield from _tree(child)


def heads_in_order(block: list[Row], part: str | None) -> bool:
    """表二 and 表四: read left to right, each row's heads follow the official order (表四's start
    again only after a group's last head: 结果维持 … 总计, 结果维持 … 总计)."""
    from zwgk.importer.labels import core

    order = _head_order().get(part)
    if not order:
        return True
    rows = block[:60] if _layout(part) == "sections" else _head_rows(block)
    last = max(order.values()) if _layout(part) == "wide" else None      # 表二: one sub-table a row
    for row in rows:
        seq = [order[name] for name in (core(v) for v in row if v and len(v) < 40) if name in order]
        if any(b <= a and not (a == last and b == 0) for a, b in zip(seq, seq[1:])):
            return False
    return True


@lru_cache(maxsize=1)
def _head_order() -> dict[str, dict[str, int]]:
    """Per table (表二, 表四), each column head's place in its sub-table or group (both formats)."""
    from zwgk.importer.labels import core
    from zwgk.spec import load_spec

    out: dict[str, dict[str, int]] = {}
    for fmt in FORMATS:
        for tid, table in load_spec(fmt).tables.items():
            if table.layout == "sections":
                for columns in (s.columns for s in table.sections):
                    out.setdefault(tid, {}).update({core(c.label): i for i, c in enumerate(columns)})
            elif table.layout == "wide":
                out.setdefault(tid, {}).update({core(h.label): i for i, (h, _) in enumerate(
                    leaf for top in table.columns for leaf in top.leaves())})
    return out


def _layout(part: str | None) -> str | None:
    """How table `part` is laid out (templates/format: sections 表二, matrix 表三, wide 表四);
    None when `part` is no table."""
    from zwgk.spec import load_spec

    table = load_spec(FORMATS[0]).tables.get(part) if part else None
    return table.layout if table else None
