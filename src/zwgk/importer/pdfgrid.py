"""Ruled tables of a PDF page: the grid its ruling lines draw, and the text of each cell.

Coordinates are page points with y growing downwards.  Horizontal and vertical segments are
merged into lines; lines that touch form one table; the table's grid has a column boundary at
every vertical line and a row boundary at every horizontal line.  A boundary missing inside the
table means a merged cell: its text is written once, at the merged area's top-left grid position,
and the positions it covers are empty cells (as Word's tables read by `sources.docx_text`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.importer.pdflines import Char, cell_text, is_value, join_lines, text_lines

TOL = 2.0            # points: lines this close are one line; a segment this near touches a line
SNAP = 4.5           # points: borders this close are one grid boundary (header and body drawn apart)
MIN_LINE = 4.0       # points: shorter segments are glyph strokes or dots, not rulings
MAX_PAIRS = 250_000  # horizontal times vertical lines of a page: beyond it its rulings are not used
MAX_WORK = 2_000_000 # grid cells times lines of one table: beyond it the table is read as lines


@dataclass
class Table:
    xs: list[float]                      # column boundaries, left to right
    ys: list[float]                      # row boundaries, top to bottom
    rows: list[list[str]] = field(default_factory=list)
    anchor: dict = field(default_factory=dict)   # grid position -> top-left position of its merged area

    @property
    def top(self) -> float:
        return self.ys[0]

    def holds(self, c: Char) -> bool:
        return self.xs[0] - TOL <= c.cx <= self.xs[-1] + TOL and self.ys[0] - TOL <= c.cy <= self.ys[-1] + TOL


def merge_lines(segments: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """(position, start, end) segments on one axis merged into lines: same position (within TOL)
    and overlapping or touching extents."""
    out: list[list[float]] = []
    for pos, a, b in sorted(segments):
        for line in reversed(out[-8:]):
            if abs(line[0] - pos) <= TOL and a <= line[2] + TOL and b >= line[1] - TOL:
                line[1], line[2] = min(line[1], a), max(line[2], b)
                break
        else:
            out.append([pos, a, b])
    return [tuple(line) for line in out if line[2] - line[1] >= MIN_LINE]


def find_tables(horizontal, vertical, chars: list[Char]) -> list[Table]:
    """The ruled tables drawn by these lines (each with at least two rows and two columns),
    their cells filled with the characters inside them.  Drawings too intricate to be a report's
    table (MAX_WORK) are left out: their text is read as lines."""
    tables = []
    horizontal, vertical = merge_lines(horizontal), merge_lines(vertical)
    if len(horizontal) * len(vertical) > MAX_PAIRS:
        return []
    for hs, vs in _connected(horizontal, vertical):
        xs = _cluster([v[0] for v in vs] + [min(h[1] for h in hs), max(h[2] for h in hs)])
        ys = _cluster([h[0] for h in hs] + [min(v[1] for v in vs), max(v[2] for v in vs)])
        if len(xs) < 3 or len(ys) < 3 or len(xs) * len(ys) * (len(hs) + len(vs)) > MAX_WORK:
            continue
        table = Table(xs, ys)
        table.rows, table.anchor = _cell_texts(table, hs, vs, [c for c in chars if table.holds(c)])
        tables.append(table)
    return tables


def _cluster(values: list[float]) -> list[float]:
    """Grid boundaries: positions closer than SNAP are one boundary, at their middle."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= SNAP:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [(g[0] + g[-1]) / 2 for g in groups]


def _connected(hs, vs):
    """Groups of horizontal and vertical lines that cross or touch one another."""
    parent = list(range(len(hs) + len(vs)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(hs):
        for j, (x, y0, y1) in enumerate(vs):
            if x0 - TOL <= x <= x1 + TOL and y0 - TOL <= y <= y1 + TOL:
                parent[root(i)] = root(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(root(len(hs) + j), ([], []))[1].append(v)
    return [(h, v) for h, v in groups.values() if len(h) >= 2 and len(v) >= 2]


def _covered(lines, pos: float, mid: float) -> bool:
    """A line at boundary `pos` runs through `mid` (a vertical border through a row's middle…)."""
    return any(abs(p - pos) <= SNAP and a - TOL <= mid <= b + TOL for p, a, b in lines)


def _cell_texts(table: Table, hs, vs, chars: list[Char]):
    """Grid rows of cell texts (a merged area's text at its top-left position, the rest empty),
    and each position's top-left position."""
    xs, ys = table.xs, table.ys
    nr, nc = len(ys) - 1, len(xs) - 1
    anchor = {(r, c): (r, c) for r in range(nr) for c in range(nc)}
    for r in range(nr):
        ymid = (ys[r] + ys[r + 1]) / 2
        for c in range(nc):
            xmid = (xs[c] + xs[c + 1]) / 2
            if c + 1 < nc and not _covered(vs, xs[c + 1], ymid):
                anchor[(r, c + 1)] = anchor[(r, c)]
            if r + 1 < nr and not _covered(hs, ys[r + 1], xmid):
                anchor[(r + 1, c)] = anchor[(r, c)]
    for key in anchor:                     # settle chains: each position to its area's first one
        a = anchor[key]
        while anchor[a] != a:
            a = anchor[a]
        anchor[key] = a
    inside: dict[tuple[int, int], list[Char]] = {}
    for ch in chars:
        r, c = _index(ys, ch.cy), _index(xs, ch.cx)
        inside.setdefault(anchor[(r, c)], []).append(ch)
    widths: dict[tuple[int, int], set[int]] = {}
    for (r, c), a in anchor.items():
        if r == a[0]:
            widths.setdefault(a, set()).add(c)
    rows = [[""] * nc for _ in range(nr)]
    for a, found in inside.items():
        rows[a[0]][a[1]] = cell_text(found)
        if len(widths[a]) > 1:
            _spread_values(rows[a[0]], a[1], widths[a], found, xs)
    return rows, anchor


def _spread_values(row: list[str], first: int, cols: set[int], chars: list[Char], xs) -> None:
    """A merged area holding several numbers side by side is no merged cell but a row whose
    inner borders were not drawn: each number goes to the column it stands in."""
    lines = text_lines(chars)
    if not any(sum(is_value(c.text) for c in line.chunks) >= 2 for line in lines):
        return
    label, values = [], {}
    for line in lines:
        for chunk in line.chunks:
            col = _index(xs, (chunk.x0 + chunk.x1) / 2)
            if is_value(chunk.text) and col in cols and col not in values:
                values[col] = chunk.text.strip()
            else:
                label.append(chunk.text)
    row[first] = join_lines(label)
    for col, text in values.items():
        row[col] = text if col != first else join_lines([row[first], text])


def _index(bounds: list[float], v: float) -> int:
    for i in range(1, len(bounds) - 1):
        if v < bounds[i]:
            return i - 1
    return len(bounds) - 2
