"""The official tables as HTML-like grids, computed once from the workbook layout.

`table_grid("2021", "t3")` turns the sheet layout (`zwgk.workbook.layout`) into rows of cells with
colspan and rowspan, the way a published table is drawn: label boxes keep their merges, inputs
become value cells (`cell` = the cell id), and everything that is only the workbook's (title
row, live-check column and rows, legend, the 金额单位 column) is left out: an amount whose unit
the report names (2019 表二 政府集中采购) prints with its unit, “251000元”, as published reports
write it.  Every renderer (text, Markdown, HTML, Word) draws this one grid.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from zwgk.workbook.layout import SheetLayout, workbook_layout

KEPT_ROLES = ("caption", "head", "corner", "row")


@dataclass(frozen=True)
class GridCell:
    """One cell of a drawn table; positions covered by another cell's span are not listed."""

    text: str                 # a label, or the printed value once filled
    role: str                 # caption | head | corner | row | value | empty
    row: int                  # top-left position in the grid
    col: int
    rowspan: int = 1
    colspan: int = 1
    cell: str | None = None   # the cell id of a value

    @property
    def is_label(self) -> bool:
        return self.role in KEPT_ROLES


@dataclass(frozen=True)
class TableGrid:
    table: str
    caption: str
    width: int
    rows: tuple[tuple[GridCell, ...], ...]
    header_rows: int          # leading rows that hold only labels (thead, repeated on each page)
    landscape: bool

    def cells(self):
        return (c for row in self.rows for c in row)

    @property
    def sectioned(self) -> bool:
        """表二: stacked sub-tables, each with its own caption and header row (no common header)."""
        return any(c.role == "caption" for c in self.cells())

    def matrix(self) -> list[list[str]]:
        """Every position filled: a merged cell's text at its top-left, "" where its span reaches."""
        out = [["" for _ in range(self.width)] for _ in self.rows]
        for c in self.cells():
            out[c.row][c.col] = c.text
        return out

    def filled(self, report) -> "TableGrid":
        """The grid with the report's values: kept text ("/") or number, blank stays ""."""
        def fill(c: GridCell) -> GridCell:
            return replace(c, text=value_text(report, c.cell)) if c.role == "value" else c
        return replace(self, rows=tuple(tuple(fill(c) for c in row) for row in self.rows))


_CONTROLS = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n")   # not allowed in XML


def clean(text) -> str:
    """Text as it may go into any output: control characters (from pasted text) dropped."""
    return str(text or "").translate(_CONTROLS)


def value_text(report, cell_id: str) -> str:
    """A value as printed: its kept text, its number (with the report's unit where the format
    leaves the unit to the report), or "" for a blank, and for a cell the importer inferred
    (the source printed it blank; the inference stays in the workbook)."""
    if cell_id in report.inferred:                   # as the source printed it: blank, or its mark
        return " ".join(clean(report.texts.get(cell_id, "")).split("\n"))
    text = report.text(cell_id)
    if report.cells[cell_id] is not None and report.spec.cells[cell_id].unit == "free":
        text += report.units.get(cell_id, "")
    return " ".join(clean(text).split("\n"))


def _items(lay: SheetLayout) -> list[tuple[int, int, int, int, str, str, str | None]]:
    """(r1, c1, r2, c2, text, role, cell id) of everything a published table shows."""
    unit_cols = {c for _, c in lay.units.values()}          # the workbook's 金额单位 column
    items = [(b.r1, b.c1, b.r2, b.c2 - (b.c2 in unit_cols), b.text, b.role, None) for b in lay.boxes
             if b.role in KEPT_ROLES and not (b.c1 == b.c2 and b.c1 in unit_cols)]
    items += [(*box, "", "value", cid) for cid, box in lay.inputs.items()]
    return items


@lru_cache(maxsize=None)
def table_grid(fmt: str, table_id: str) -> TableGrid:
    """The drawn grid of one official table (表二 t2, 表三 t3, 表四 t4) of a format."""
    layout = workbook_layout(fmt)
    lay, table = layout.tables[table_id], layout.spec.tables[table_id]
    items = _items(lay)
    rows, width = _place(items)
    header = next((i for i, row in enumerate(rows) if any(c.role == "value" for c in row)), len(rows))
    return TableGrid(table_id, table.caption, width, rows, max(header, 1), lay.landscape)


def _place(items: list) -> tuple[tuple[tuple[GridCell, ...], ...], int]:
    """Rows of cells (HTML-like: covered positions left out, holes filled with empty cells) and
    the width, the sheet's unused rows and columns squeezed out."""
    used_rows = sorted({r for r1, _, r2, *_ in items for r in range(r1, r2 + 1)})
    used_cols = sorted({c for _, c1, _, c2, *_ in items for c in range(c1, c2 + 1)})
    rmap = {r: i for i, r in enumerate(used_rows)}
    cmap = {c: i for i, c in enumerate(used_cols)}
    placed: dict[tuple[int, int], GridCell] = {}
    covered: set[tuple[int, int]] = set()
    for r1, c1, r2, c2, text, role, cid in items:
        cell = GridCell(text, role, rmap[r1], cmap[c1], rmap[r2] - rmap[r1] + 1, cmap[c2] - cmap[c1] + 1, cid)
        placed[(cell.row, cell.col)] = cell
        covered |= {(r, c) for r in range(cell.row, cell.row + cell.rowspan)
                    for c in range(cell.col, cell.col + cell.colspan)}
    width = len(used_cols)
    rows = tuple(
        tuple(placed.get((r, c)) or GridCell("", "empty", r, c) for c in range(width)
              if (r, c) in placed or (r, c) not in covered)
        for r in range(len(used_rows)))
    return rows, width


def report_grids(report) -> dict[str, TableGrid]:
    """Every table of the report's format, filled with its values, by table id."""
    return {tid: table_grid(report.format, tid).filled(report) for tid in report.spec.tables}
