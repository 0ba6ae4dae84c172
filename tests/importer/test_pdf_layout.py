"""Property tests of placing by position: tables laid out with random blank cells, random number
widths and alignments, ruled or not.  A ruled table comes back cell for cell; an unruled one
either comes back with every number in its own column or not as a table at all."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zwgk.importer.pdfcolumns import aligned_rows
from zwgk.importer.pdfgrid import find_tables
from zwgk.importer.pdflines import Char, text_lines

COLS = 7
LEFT, WIDTH, HEIGHT = 150.0, 60.0, 20.0          # value columns start at x = 150, 60 pt wide


def _word(text: str, x0: float, y: float, size: float = 6.0) -> list[Char]:
    return [Char(ch, x0 + size * i, y, x0 + size * (i + 1), y + 10) for i, ch in enumerate(text)]


def _value(text: str, col: int, y: float, align: str) -> list[Char]:
    left, width = LEFT + WIDTH * col, 6.0 * len(text)
    x0 = {"left": left + 4, "center": left + (WIDTH - width) / 2, "right": left + WIDTH - 4 - width}[align]
    return _word(text, x0, y)


def _laid_out(rows, align: str, label) -> list[Char]:
    """The characters of the rows: each row's label at the left, its numbers in their columns."""
    chars = []
    for r, row in enumerate(rows):
        y = HEIGHT * r + 5
        chars += _word(label(r), 5, y, 10)
        for c, v in enumerate(row):
            if v is not None:
                chars += _value(str(v), c, y, align)
    return chars


rows_strategy = st.lists(st.lists(st.one_of(st.none(), st.integers(0, 99999)), min_size=COLS, max_size=COLS),
                         min_size=3, max_size=20)


@settings(max_examples=60, deadline=None)
@given(rows_strategy, st.sampled_from(["left", "center", "right"]))
def test_a_ruled_table_comes_back_cell_for_cell(rows, align):
    chars = _laid_out(rows, align, lambda r: f"行{r}")
    right, bottom = LEFT + WIDTH * COLS, HEIGHT * len(rows)
    horizontal = [(HEIGHT * r, 0, right) for r in range(len(rows) + 1)]
    vertical = [(x, 0, bottom) for x in [0] + [LEFT + WIDTH * c for c in range(COLS + 1)]]
    (table,) = find_tables(horizontal, vertical, chars)
    assert table.rows == [[f"行{r}", *("" if v is None else str(v) for v in row)] for r, row in enumerate(rows)]


@settings(max_examples=80, deadline=None)
@given(rows_strategy, st.sampled_from(["left", "center", "right"]))
def test_an_unruled_table_never_puts_a_number_in_another_column(rows, align):
    chars = _laid_out(rows, align, lambda r: f"第{r}行标签")
    want = {f"第{r}行标签": ["" if v is None else str(v) for v in row] for r, row in enumerate(rows)}
    for _, entry in aligned_rows(text_lines(chars)):
        if not isinstance(entry, list):
            continue
        for label, *fields in entry:
            if label in want and len(fields) == COLS:
                assert fields == want[label]
            else:
                assert len(fields) < COLS or label not in want
    if all(any(row[c] is not None for row in rows) for c in range(COLS)) and all(
            any(v is not None for v in row) for row in rows):
        tables = [e for _, e in aligned_rows(text_lines(chars)) if isinstance(e, list)]
        assert len(tables) == 1 and [r[1:] for r in tables[0]] == list(want.values())
