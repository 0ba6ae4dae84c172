"""Rows read by grid position: tab or markdown rows whose label and numbers share one line."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from zwgk.importer.cells import TEXT, Token, classify
from zwgk.importer.find import Hit
from zwgk.importer.labels import core
from zwgk.importer.text import unescape


def first_value_col(text: str, labels: tuple[str, ...], positioned: bool = False) -> int | None:
    """Where a row's values start: after the heading row's first column (header_first_col), or,
    in rows laid out by position (a PDF's characters put in their columns by importer/pdf*.py: a
    tab row holds its label in one cell and then exactly one cell per column, blanks included),
    right after the row's own label cell (0 here)."""
    found = header_first_col(text, labels)
    return 0 if found is None and positioned else found


def _cells_of(line: str) -> tuple[list[str], list[int]] | None:
    """Cells of a tab or markdown line with the offset where each starts (None: no grid)."""
    if "\t" in line:
        sep, body, base = "\t", line, 0
    elif line.lstrip().startswith("|"):
        sep = "|"
        base = line.index("|") + 1
        body = line[base:].rstrip()
        body = body.removesuffix("|")
    else:
        return None
    cells, starts, pos = [], [], base
    for cell in body.split(sep):
        cells.append(cell)
        starts.append(pos)
        pos += len(cell) + 1
    return cells, starts


@lru_cache(maxsize=64)
def header_first_col(text: str, labels: tuple[str, ...]) -> int | None:
    """Grid column of the first value column, from the heading row that names the second one
    (商业企业 sits right of 自然人), or else from one that names the first and the last exactly
    as far apart as the table is wide (自然人 … 总计, the columns between headed on another row);
    None when no such tab/markdown heading row exists."""
    if len(labels) < 2:
        return None
    first, second, last = core(labels[0]), core(labels[1]), core(labels[-1])
    ends = None
    for line in text.split("\n"):
        got = _cells_of(line)
        if got is None:
            continue
        squeezed = [core(c) for c in got[0]]
        if second in squeezed:
            return squeezed.index(second) - 1
        if ends is None and first in squeezed and last in squeezed and \
                squeezed.index(last) - squeezed.index(first) == len(labels) - 1:
            ends = squeezed.index(first)
    return ends


@lru_cache(maxsize=64)
def row_width(text: str) -> int | None:
    """How many cells the table's rows have: the width most of its tab/markdown rows holding a
    number share (-1 when no width is shared by most; None when no such row: no number can be
    misplaced).  A row of another width lost or gained cells, so its cells' columns are not known."""
    widths = Counter(len(got[0]) for line in text.split("\n") if re.search(r"\d", line)
                     for got in [_cells_of(line)] if got is not None)
    if not widths:
        return None
    width, count = widths.most_common(1)[0]
    return width if count * 2 > sum(widths.values()) else -1


def grid_tokens(text: str, hit: Hit, n: int, first_col: int):
    """The n cells of a row read by grid position (tab/markdown rows whose label and numbers share
    a line), so blank cells at either end keep their column; None when the row is not such a row
    (a row shorter or longer than the table's rows among them: its cells' columns are not known).
    A text cell keeps its place."""
    line_start = text.rfind("\n", 0, hit.start) + 1
    line_end = text.find("\n", hit.start)
    line_end = len(text) if line_end < 0 else line_end
    if hit.end > line_end:
        return None
    got = _cells_of(text[line_start:line_end])
    width = row_width(text)
    if got is None or (width is not None and len(got[0]) != width):
        return None
    cells, starts = got
    offset = hit.start - line_start
    label_idx = max(i for i, s in enumerate(starts) if s <= offset)
    start = max(first_col, label_idx + 1)
    if len(cells) < start + n or any(c.strip() for c in cells[start + n:]):
        return None
    out = []
    for cell in cells[label_idx + 1:start]:
        if classify(cell) is None or cell.strip():
            return None
    for cell in cells[start:start + n]:
        got_cell = classify(cell) or [Token(TEXT, unescape(cell.strip()))]
        if len(got_cell) != 1:
            return None
        out.extend(got_cell)
    return out


def row_under_heads(text: str, first_head: str, n: int) -> tuple[int, int, list] | None:
    """表四's values by grid position: the first tab/markdown row whose n cells, from the column of
    the first column head (结果维持), are all numbers, blank marks or empty (at least one filled).
    Returns (offset of that line, index of its first value cell, the n tokens); None: no such row."""
    start, offset = None, 0
    for line in text.split("\n"):
        got = _cells_of(line)
        if got is not None:
            cells = got[0]
            squeezed = ["".join(c.split()) for c in cells]
            if start is None and first_head in squeezed:
                start = squeezed.index(first_head)
            elif start is not None:
                found = [classify(c) for c in cells[start:start + n]]
                if len(found) == n and all(f is not None and len(f) == 1 for f in found) \
                        and any(f[0].text for f in found) and not any(c.strip() for c in cells[start + n:]):
                    return offset, start, [f[0] for f in found]
        offset += len(line) + 1
    return None
