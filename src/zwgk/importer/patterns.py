"""The label patterns of each table (rows, groups, captions) and which format a table prints."""
from __future__ import annotations

import re
from functools import cache

from zwgk.importer.labels import _chars, core, label_pattern
from zwgk.spec import FORMATS, Head, load_spec


def table_ids(fmt: str) -> list[str]:
    """The format's tables, in the order of its parts."""
    spec = load_spec(fmt)
    return [p["id"] for p in spec.parts if p["id"] in spec.tables]


def table_with(layout: str, fmt: str = FORMATS[0]) -> str:
    """The table laid out as `layout` (templates/format: sections 表二, matrix 表三, wide 表四)."""
    return next(t.id for t in load_spec(fmt).tables.values() if t.layout == layout)


def amount_tables(fmt: str) -> list[str]:
    """The tables holding amounts: where a report states its money unit (单位：元)."""
    spec = load_spec(fmt)
    return list(dict.fromkeys(c.table for c in spec.cells.values() if c.kind == "amount"))


def leaf_heads(heads) -> list[tuple[Head, tuple[str, ...]]]:
    return [leaf for h in heads for leaf in h.leaves()]


def groups_of(heads) -> list[Head]:
    out = []
    for h in heads:
        if h.children:
            out.append(h)
            out.extend(groups_of(h.children))
    return out


@cache
def row_patterns(fmt: str, table_id: str):
    """Patterns for the rows (key = row id), groups and captions (key starts with '-') of a table."""
    table = load_spec(fmt).tables[table_id]
    rows, stops = [], []
    for row_heads, col_heads in table.grids():
        rows.extend(h for h, _ in leaf_heads(row_heads))
        stops.extend(h.label for h in groups_of(row_heads))
    stops.extend(s.caption for s in table.sections)
    others = load_spec(next(f for f in FORMATS if f != fmt)).tables
    if table.layout == "matrix" and table_id in others:  # the other format's own rows (（六）'s items) end a row
        mine = {h.label for h in rows}
        other = others[table_id]
        stops.extend(h.label for h, _ in leaf_heads(other.rows) if h.label not in mine)
    cores = tuple(core(h.label) for h in rows) + tuple(core(s) for s in stops)
    pats = [label_pattern(h.id, h.label, cores) for h in dict((h.id, h) for h in rows).values()]
    pats += [label_pattern("-" + s, s, cores) for s in dict.fromkeys(stops)]
    return pats


def distinctive(table_id: str, fmt: str) -> list[str]:
    """Labels (rows, columns, captions) of a table in `fmt` that the other format does not have."""
    def labels(f):
        t = load_spec(f).tables[table_id]
        out = set()
        for rows, cols in t.grids():
            out |= {core(h.label) for h, _ in leaf_heads(rows) + leaf_heads(cols)}
        return out
    other = next(f for f in FORMATS if f != fmt)
    mine, theirs = labels(fmt), labels(other)
    return [c for c in mine - theirs if not any(c in o for o in theirs) and len(c) >= 4]


def t2_style(text: str) -> str | None:
    """Which format's 表二 the text prints, by the labels only one format has."""
    squashed = "".join(text.split()).replace("|", "")
    score = {f: sum(bool(re.search(_chars(c), squashed)) for c in distinctive(table_with("sections", f), f)) for f in FORMATS}
    best = max(score.values())
    winners = [f for f, s in score.items() if s == best]
    return winners[0] if best and len(winners) == 1 else None


def t3_style(text: str) -> str | None:
    """The format whose 表三 the text prints: the one printing the items of a group the other
    format prints as one row (2021's three items of （六）其他处理), or the one printing that row."""
    split = _split_group()
    if split is None:
        return None
    (items_fmt, items), (row_fmt, row) = split
    if any(p.full.search(text) or any(r.search(text) for r in p.loose) for p in items):
        return items_fmt
    return row_fmt if any(p.full.search(text) for p in row) else None


@cache
def _split_group():
    """((format, patterns of its items), (other format, pattern of its one row)) for the 表三
    group one format splits into items and the other prints as one row; items too short to
    tell (3.其他) are left out.  None when the formats share their rows."""
    for fmt in FORMATS:
        other = next(f for f in FORMATS if f != fmt)
        tid = table_with("matrix", fmt)
        rows = {core(h.label): h.id for h, _ in leaf_heads(load_spec(other).tables[tid].rows)}
        for group in groups_of(load_spec(fmt).tables[tid].rows):
            if core(group.label) in rows:
                keys = {h.id for h, _ in group.leaves() if len(core(h.label)) >= 4}
                items = [p for p in row_patterns(fmt, tid) if p.key in keys]
                row = [p for p in row_patterns(other, tid) if p.key == rows[core(group.label)]]
                return (fmt, items), (other, row)
    return None
