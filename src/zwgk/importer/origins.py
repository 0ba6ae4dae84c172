"""Which sheet cell each imported value came from, and what the workbook's formulas mean for it.

The rows are located with the engine's own label finder (the same patterns that read them); a
row's value cells are the cells after its label (表三: from the column under 自然人; 表四: the row
under its column heads).  A value's origin is kept only where that cell shows exactly the value
read, so a note never names the wrong cell for a number; a blank is named by its place in the row.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from zwgk.importer.cells import ERROR_VALUE, NUM, classify
from zwgk.importer.notes import BLANK, INFERRED, INFO, Note, listed
from zwgk.wording import words
from zwgk.importer.text import fold
from zwgk.workbook.layout import a1


def apply_origins(result, text: str, lines: list, sheets: dict) -> None:
    """Fill result.origins {cell id: (sheet, row, col)}, name those cells in the notes, and report
    the formula cells: cached values read (listed, with a comment), others left blank."""
    folded = fold(text)
    report = result.report
    found = {}
    for cid, (line_no, index) in _positions(folded, report.format).items():
        line = lines[line_no]
        if line.sheet is None or index >= len(line.cols) or line.cols[index] < 0:
            continue
        where = (line.sheet, line.row, line.cols[index])
        shown = None if cid in result.inferred else report.cells.get(cid)
        if _shows(sheets[line.sheet], where[1:], shown):
            found[cid] = where
    result.origins = found
    for note in result.notes:
        places = [found[c] for c in note.cells if c in found]
        if places:
            note.sheet, note.place = cell_range(places)
    _formula_notes(result, sheets)
    _word_notes(result, sheets)


def cell_range(places: list[tuple[str, int, int]]) -> tuple[str, str]:
    """(表三, D5) or (表三, D5:J5): the sheet and the cells of one note."""
    sheet = places[0][0]
    refs = [a1(r, c) for s, r, c in places if s == sheet]
    return sheet, refs[0] if len(refs) == 1 else f"{refs[0]}:{refs[-1]}"


def _shows(sheet, rc: tuple[int, int], value) -> bool:
    r, c = rc
    if rc in sheet.no_value:
        return value is None
    text = sheet.rows[r][c] if r < len(sheet.rows) and c < len(sheet.rows[r]) else ""
    got = classify(text)
    if value is None:       # a blank: the row's place is enough to name it (even where the
        return True         # cell shows a number that could not be placed)
    if got is None or len(got) != 1 or got[0].kind != NUM:
        return False
    return abs(float(got[0].value) - float(value)) < 1e-9


# --- where the engine's rows are --------------------------------------------------------------
def _positions(folded: str, fmt: str) -> dict[str, tuple[int, int]]:
    """{cell id: (line number, cell index in that line)} for every row the labels locate."""
    from zwgk.importer.parts import find_parts
    from zwgk.importer.patterns import table_ids
    from zwgk.spec import load_spec

    parts = find_parts(folded, fmt)
    breaks = [m.start() for m in re.finditer("\n", folded)]
    out: dict[str, tuple[int, int]] = {}
    for tid in table_ids(fmt):
        if tid not in parts.found:
            continue
        start = parts.found[tid][1]
        region = parts.body(tid, folded)
        finder = _t4_positions if load_spec(fmt).tables[tid].layout == "wide" else _row_positions
        for cid, (offset, index) in finder(region, fmt, tid).items():
            out[cid] = (bisect_left(breaks, start + offset), index)
    return out


def _row_positions(region: str, fmt: str, tid: str) -> dict[str, tuple[int, int]]:
    from zwgk.importer.find import find_labels
    from zwgk.importer.grid import header_first_col
    from zwgk.importer.tables import leaf_heads, row_patterns
    from zwgk.spec import load_spec

    table = load_spec(fmt).tables[tid]
    heads = {h.id: [c for c, _ in leaf_heads(cols)] for rows, cols in table.grids() for h, _ in leaf_heads(rows)}
    columns = {row: [c.id for c in cols] for row, cols in heads.items()}
    t3_heads = next(iter(heads.values()), []) if table.layout == "matrix" else []
    first_col = header_first_col(region, tuple(c.label for c in t3_heads)) if t3_heads else None
    out = {}
    for hit in find_labels(region, row_patterns(fmt, tid)):
        if hit.key.startswith("-"):
            continue
        line_start = region.rfind("\n", 0, hit.start) + 1
        label_index = region.count("\t", line_start, hit.start)
        first = first_col if first_col is not None and first_col > label_index else label_index + 1
        for j, col in enumerate(columns.get(hit.key, ())):
            out.setdefault(f"{tid}.{hit.key}.{col}", (line_start, first + j))
    return out


def _t4_positions(region: str, fmt: str, tid: str) -> dict[str, tuple[int, int]]:
    """表四's values: the row under its column heads, as the reader takes it."""
    from zwgk.importer.grid import row_under_heads
    from zwgk.importer.labels import core
    from zwgk.spec import load_spec

    table = load_spec(fmt).tables[tid]
    ids = [f"{tid}.{r}.{c}" for r in table.row_ids() for c in table.col_ids()]
    found = row_under_heads(region, core(table.columns[0].label), len(ids))
    if found is None:
        return {}
    offset, start, _ = found
    return {cid: (offset, start + k) for k, cid in enumerate(ids)}


# --- formulas ---------------------------------------------------------------------------------
def _formula_notes(result, sheets: dict) -> None:
    """Cached formula values: listed once and commented on the cell; formulas without a value
    (or with an error value): blank, listed by reason, never filled by the arithmetic."""
    said = words("importer")["workbook"]
    cached, blank = [], {"import.formula_uncached": [], "import.formula_error": []}
    for cid, (sheet_name, r, c) in result.origins.items():
        sheet = sheets[sheet_name]
        formula = sheet.formulas.get((r, c))
        if formula is None:
            continue
        if (r, c) in sheet.no_value:
            value = sheet.no_value[(r, c)]
            _unfill(result, cid)
            result.review[cid] = said["formula_blank_review"].format(formula=f" {formula} " if formula else "")
            blank["import.formula_error" if value else "import.formula_uncached"].append(
                (cid, f"{_ref(result.origins[cid])}{'（' + formula + '）' if formula else ''}"
                      f"{'=“' + value + '”' if value else ''}"))
            continue
        cached.append(cid)
        result.review[cid] = said["formula_review"].format(formula=f" {formula} " if formula else "")
    for code, cells in blank.items():
        if cells:
            result.notes.append(Note.of(BLANK, code, tuple(c for c, _ in cells), count=len(cells),
                                        listed=_listed([t for _, t in cells])))
    if cached:
        names = _listed([_ref(result.origins[c]) for c in cached])
        result.notes.append(Note.of(INFO, "import.formula_cached", tuple(cached), count=len(cached), listed=names))
    if any(blank.values()):
        from zwgk.importer.result import run_checks

        run_checks(result)


def _unfill(result, cid: str) -> None:
    """A formula cell without a value stays blank, even where the arithmetic would fill it (its
    formula is named in the note, not written as the cell's text: the written workbook would
    show it as a formula typed in an input cell)."""
    if cid in result.inferred:
        del result.inferred[cid]
        result.notes = [n for n in result.notes if not (n.kind == INFERRED and n.cells == (cid,))]
    result.report.cells[cid] = None


def _word_notes(result, sheets: dict) -> None:
    """Words typed where a number goes (见附件, 约5): blank, kept as the cell's text, listed."""
    found = []
    for cid, (sheet_name, r, c) in result.origins.items():
        text = sheets[sheet_name].words.get((r, c))
        if text is not None and result.report.cells.get(cid) is None:
            result.report.texts[cid] = text
            found.append((cid, f"{_ref((sheet_name, r, c))}（{text}）"))
    errors = [(cid, text) for cid, text in found if ERROR_VALUE.match(result.report.texts[cid])]
    for code, cells in (("import.words_for_numbers", [f for f in found if f not in errors]),
                        ("import.error_values", errors)):
        if cells:
            result.notes.append(Note.of(BLANK, code, tuple(c for c, _ in cells), count=len(cells),
                                        listed=_listed([t for _, t in cells])))


def _listed(names: list[str]) -> str:
    return listed(names, 12)


def _ref(place: tuple[str, int, int]) -> str:
    return f"{place[0]}!{a1(place[1], place[2])}"
