"""The label patterns of each table (rows, groups, captions) and which format a table prints."""
from __future__ import annotations

import re
from functools import cache

from zwgk.importer.labels import _chars, core, label_pattern
from zwgk.spec import FORMATS, Head, load_spec


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
    if table_id == "t3":          # the other format's own rows (（六）'s items) end a row, never join it
        mine = {h.label for h in rows}
        other = load_spec(next(f for f in FORMATS if f != fmt)).tables[table_id]
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
    score = {f: sum(bool(re.search(_chars(c), squashed)) for c in distinctive("t2", f)) for f in FORMATS}
    best = max(score.values())
    winners = [f for f, s in score.items() if s == best]
    return winners[0] if best and len(winners) == 1 else None


def t3_style(text: str) -> str | None:
    """"2021" when 表三 prints （六）'s three items, "2019" when it prints （六） as one row."""
    items = [p for p in row_patterns("2021", "t3") if p.key in ("other_1", "other_2")]
    if any(p.full.search(text) or any(r.search(text) for r in p.loose) for p in items):
        return "2021"
    group = [p for p in row_patterns("2019", "t3") if p.key == "other"]
    return "2019" if group and group[0].full.search(text) else None
