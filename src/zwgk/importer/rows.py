"""One row: from the tokens after its label to a value (or a blank) per column."""
from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.importer.cells import BLANK, EMPTY, NUM, TEXT, Token
from zwgk.importer.solve import Group, agree, place_dropped, rows_ok, split_digits


@dataclass
class RowRead:
    """Values per column (None: blank), printed blank marks, units, and how they were read."""

    values: list
    texts: list
    units: list
    how: str                       # exact | split | dropped | surplus | scattered | ambiguous | none
    printed: str = ""              # the tokens as printed, for the import report
    readings: list = field(default_factory=list)   # every reading the row alone allows (if several)

    @property
    def found(self) -> bool:
        return self.how not in ("none", "ambiguous")


def _single(text: str) -> bool:
    """A token that can be one printed number (no leading zero, no glued digits)."""
    return text == "0" or not text.startswith("0")


def read_row(tokens: list[Token], n: int, groups: list[Group], scattered: bool = False,
             glued: bool = False, aligned: bool = False, positioned: bool = False) -> RowRead:
    """Read `n` columns from the tokens; only a reading the text (and sums) settle is returned.
    Cells printed one per line are counted from the label.  Otherwise, unless `aligned` (each
    token known to stand in its column), empty and text cells at either end of a tab or pipe row
    say nothing about where its numbers stand (label columns, trailing cells an editor trimmed):
    a row shorter than the table is placed by its sums, never by counting from one end.
    `positioned`: laid out by position (a PDF), each blank cell keeping its column."""
    printed = " ".join(t.text or "□" for t in tokens)
    toks = _counted(tokens, n) if aligned or _one_per_line(tokens) else _printed_block(tokens)
    empty = RowRead([None] * n, [""] * n, [""] * n, "none", printed)
    if not any(t.kind in (NUM, BLANK) for t in toks):
        # nothing printed: a blank row (when it shows empty cells) or no cells at all
        return empty if not tokens else RowRead([None] * n, [""] * n, [""] * n, "exact", printed)
    try:
        values = [t.value if t.kind == NUM else None for t in toks]
    except ValueError:
        return _amb(n, printed)
    if len(toks) == n:
        row = RowRead(values, [t.text if t.kind in (BLANK, TEXT) else "" for t in toks],
                      [t.unit for t in toks], "exact", printed)
        if scattered and groups and not rows_ok(values, groups):
            return _amb(n, printed)
        return row
    if len(toks) == 2 * n and len(groups) == 1 and all(t.kind == NUM for t in toks):
        readings = _two_rows(values, n, groups)
        if readings:
            return _settled(readings, n, "pair", printed)
    if len(toks) > n:
        head = values[:n]
        if all(t.kind == NUM for t in toks[:n]) and groups and rows_ok(head, groups) and any(head):
            return RowRead(head, [""] * n, [t.unit for t in toks[:n]], "surplus", printed)
        return _amb(n, printed)
    if groups and scattered:
        return _amb(n, printed)
    if positioned and not glued:
        # laid out by position, a blank cell keeps its column: cells missing from such a row were
        # not printed beside it (a table printed across pages), so its sums settle nothing
        return _amb(n, printed)
    readings, how = _fewer(toks, values, n, groups, glued)
    return _settled(readings, n, how, printed)


def _settled(readings: list, n: int, how: str, printed: str) -> RowRead:
    """The cells every reading agrees on; the readings are kept for the column rules (a row
    whose printed cells were placed among the columns by its sums alone is kept even when one
    placement fits: the column rules may still refute it)."""
    settled = agree(readings)
    keep = readings if (len(readings) > 1 or how == "dropped") and len(readings) <= 500 else []
    if not any(v is not None for v in settled):
        row = _amb(n, printed)
        row.readings = keep
        return row
    return RowRead(settled, [""] * n, [""] * n, how if len(readings) == 1 else how + "-partial", printed,
                   keep)


def _two_rows(values: list, n: int, groups: list[Group]) -> list:
    """Two rows' numbers printed under one label (a PDF cell holding both rows), one after the
    other or column by column: each half of a layout in which both halves add up may be this
    row's (the column rules choose); none when no layout has both rows adding up."""
    layouts = ((values[:n], values[n:]), (values[0::2], values[1::2]))
    out = []
    for first, second in layouts:
        if rows_ok(first, groups) and rows_ok(second, groups):
            out += [r for r in (first, second) if r not in out]
    return out


def _one_per_line(tokens: list[Token]) -> bool:
    return len({t.line for t in tokens}) == len(tokens)


def _counted(tokens: list[Token], n: int) -> list[Token]:
    """Cells counted from the label: empty cells beyond `n` at either end are not the row's."""
    toks = list(tokens)
    while len(toks) > n and toks[-1].kind == EMPTY:
        toks.pop()
    while len(toks) > n and toks[0].kind == EMPTY:
        toks.pop(0)
    return toks


def _printed_block(tokens: list[Token]) -> list[Token]:
    """The tokens from the first to the last printed number or blank mark."""
    marked = [i for i, t in enumerate(tokens) if t.kind in (NUM, BLANK)]
    return list(tokens[marked[0]:marked[-1] + 1]) if marked else []


def _fewer(toks: list[Token], values: list, n: int, groups: list[Group], glued: bool):
    """Readings of fewer cells than columns: digits run together split, or cells dropped
    (each printed cell, number or not, keeps its order)."""
    numbers = all(t.kind == NUM for t in toks)
    digits_only = numbers and all(t.text.isdigit() for t in toks)
    joined = " ".join(t.text for t in toks)
    if digits_only and n > 1 and (glued or not all(_single(t.text) for t in toks)):
        return split_digits(joined, n, groups, blanks=True), "split"
    dropped = place_dropped(values, n, groups)
    # numbers printed apart may still hide cells run together (a flattened page)
    split = split_digits(joined, n, groups, blanks=True) if digits_only and n > 1 and len(toks) == 1 else []
    readings = dropped + [r for r in split if r not in dropped]
    return readings, "split" if split and not dropped else "dropped"


def _amb(n: int, printed: str) -> RowRead:
    return RowRead([None] * n, [""] * n, [""] * n, "ambiguous", printed)
