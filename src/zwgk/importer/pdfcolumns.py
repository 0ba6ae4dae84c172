"""Unruled tables: rows of numbers put in their columns by the numbers' x-positions.

Plain text loses the blank cells of a row (`0  1  0` under seven columns); the PDF still shows
where each number stands.  A block of at least MIN_ROWS lines ending in values is a table; the
values of all its rows are grouped into columns by their x-extents, and every value of a column
must overlap one common x-range (so a column is one printed column, not a chain of near ones),
and no row may put two values in one column.  Each row is then written as its label and one
tab-separated field per column, blank columns empty.  A block that fails a test is left as
plain lines for the text reader.
"""
from __future__ import annotations

from zwgk.importer.pdflines import Chunk, Line, is_value

MIN_ROWS = 3


def aligned_rows(lines: list[Line]) -> list[tuple[float, object]]:
    """(top, Line) for lines as they are, (top, rows) for a block read as an unruled table; a
    label line inside the block (a wrapped label, a group label) stays a one-field row."""
    out: list[tuple[float, object]] = []
    i = 0
    while i < len(lines):
        end = _block_end(lines, i)
        block = lines[i:end]
        rows = _columns(block) if sum(bool(_values(x)) for x in block) >= MIN_ROWS else None
        if rows is None:
            out.append((lines[i].top, lines[i]))
            i += 1
            continue
        out.append((lines[i].top, rows))
        i = end
    return out


def _values(line: Line) -> list[Chunk]:
    """The value chunks at the end of a row: a line of two chunks or more (a label and its
    values, or values alone) ending in values.  A lone number is no row."""
    out = []
    for chunk in reversed(line.chunks):
        if not is_value(chunk.text):
            break
        out.append(chunk)
    return out[::-1] if len(line.chunks) >= 2 else []


def _block_end(lines: list[Line], i: int) -> int:
    """End of the table block from line i: lines ending in values, with at most two label lines
    in a row between them (a label wrapped round the row's numbers); it starts and ends with values."""
    if not _values(lines[i]):
        return i
    end = j = i + 1
    while j < len(lines) and j - end <= 2:
        if _values(lines[j]):
            end = j + 1
        j += 1
    return end


def _columns(block: list[Line]) -> list[list[str]] | None:
    chunks = sorted((c for line in block for c in _values(line)), key=lambda c: (c.x0 + c.x1) / 2)
    columns: list[list[float]] = []                 # [common x0, common x1] of each column
    for c in chunks:
        if columns and c.x0 <= columns[-1][1] and c.x1 >= columns[-1][0]:
            columns[-1] = [max(columns[-1][0], c.x0), min(columns[-1][1], c.x1)]
        else:
            columns.append([c.x0, c.x1])
    rows, spans = [], None
    for i, line in enumerate(block):
        values = _values(line)
        if not values:
            rows.append([line.text])
            spans = _header_spans(block, i) if len(line.chunks) > 1 else spans
            continue
        fields = _fields(values, spans or columns)
        if fields is None:
            return None
        label = "  ".join(c.text for c in line.chunks[: len(line.chunks) - len(values)])
        rows.append([label, *fields])
    return rows


def _header_spans(block: list[Line], i: int) -> list[list[float]] | None:
    """Column x-ranges from a section's header line (“信息内容  上一年项目数量  本年增/减”): its
    cells after the first, widened by one character each side; used only when the widest row
    under it, up to the next header line, has exactly one value per header cell."""
    header = block[i].chunks[1:]
    widest = 0
    for line in block[i + 1:]:
        values = _values(line)
        if not values and len(line.chunks) > 1:
            break
        widest = max(widest, len(values))
    if widest != len(header):
        return None
    em = block[i].em
    return [[c.x0 - em, c.x1 + em] for c in header]


def _fields(values: list[Chunk], columns: list[list[float]]) -> list[str] | None:
    """One field per column, each value in the one column it overlaps (None: not one, or two
    values in one column)."""
    fields = [""] * len(columns)
    for c in values:
        hits = [k for k, (a, b) in enumerate(columns) if c.x0 <= b and c.x1 >= a]
        if len(hits) != 1 or fields[hits[0]]:
            return None
        fields[hits[0]] = c.text.strip()
    return fields
