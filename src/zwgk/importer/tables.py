"""Reading 表二, 表三 and 表四 out of their part of the text, label by label.

Rows are known by their label (group and item together: the spec's labels are matched in
reading order, never by a bare "3.其他"); the cells after a label, up to the next label, are its
values.  Column order is the official one.  Anything that cannot be settled is left blank and
said in the notes.
"""
from __future__ import annotations

from functools import lru_cache

from zwgk.importer.cells import NUM, own_line, tokens
from zwgk.importer.columns import by_columns
from zwgk.importer.find import (
    Hit,
    after_bare_label,
    find_labels,
    last_text_end,
    segments,
)
from zwgk.importer.grid import first_value_col, grid_tokens, row_under_heads
from zwgk.importer.labels import core
from zwgk.importer.notes import BLANK, LOOSE, PLACED, UNPLACED, Placement, TableRead
from zwgk.wording import words
from zwgk.importer.patterns import (  # noqa: F401
    groups_of,
    leaf_heads,
    row_patterns,
    t2_style,
    t3_style,
)
from zwgk.importer.rescue import displaced_first_row, stacked_rows
from zwgk.importer.rows import RowRead, read_row
from zwgk.spec import Table, load_spec


# --- generic row reading --------------------------------------------------------------------
@lru_cache(maxsize=512)
def _col_heads(table: Table, row_id: str) -> tuple:
    """The column heads of a row's grid (kept: tables come from the spec, loaded once)."""
    for rows, cols in table.grids():
        if row_id in {h.id for h, _ in leaf_heads(rows)}:
            return tuple(h for h, _ in leaf_heads(cols))
    return ()


def _col_ids(table: Table, row_id: str) -> list[str]:
    return [h.id for h in _col_heads(table, row_id)]


def read_rows(text: str, fmt: str, table_id: str, groups_for=lambda cols: [], rows_out=None,
              positioned: bool = False) -> tuple[TableRead, list]:
    """Read every labelled row of a table; returns the read and the (hit, segment) pairs
    (and fills `rows_out` with each row's readings, when given).  `positioned`: the rows were
    laid out by position (a PDF), a blank cell keeping its column (importer/sources.py)."""
    table = load_spec(fmt).tables[table_id]
    out = TableRead(table_id, fmt)
    hits = find_labels(text, row_patterns(fmt, table_id))
    segs = segments(text, hits)
    rows: dict[str, list[tuple[Hit, RowRead]]] = {} if rows_out is None else rows_out
    for i, (hit, seg) in enumerate(segs):
        if hit.key.startswith("-"):
            continue
        cols = _col_ids(table, hit.key)
        toks, scattered = tokens(seg, texts=True)
        toks = own_line(seg, toks)
        first_col = first_value_col(text, tuple(h.label for h in _col_heads(table, hit.key)), positioned)
        grid = grid_tokens(text, hit, len(cols), first_col) if first_col is not None else None
        if grid is not None:
            toks, scattered = grid, 0
        if toks and after_bare_label(segs, i):
            out.note(BLANK, "import.row_after_bare_label", [f"{table.id}.{hit.key}.{c}" for c in cols],
                     row=table.row_path(hit.key)[-1], printed=" ".join(t.text or "□" for t in toks))
            continue
        glued = seg[:1].isdigit()
        row = read_row(toks, len(cols), groups_for(cols), scattered > 0, glued, grid is not None,
                       positioned=positioned)
        if glued and groups_for(cols) and not row.found and any(t.kind == NUM for t in toks):
            out.split_failed = True
        rows.setdefault(hit.key, []).append((hit, row))
    if table.layout == "matrix":
        by_columns(table, rows, fmt)
    for row_id, reads in rows.items():
        _settle_row(out, table, row_id, reads)
    return out, segs




def _settle_row(out: TableRead, table: Table, row_id: str, reads) -> None:
    cols = _col_ids(table, row_id)
    found = [(h, r) for h, r in reads if r.found]
    where = table.row_path(row_id)[-1]
    ids = [f"{table.id}.{row_id}.{c}" for c in cols]
    if not found:
        printed = "；".join(r.printed for _, r in reads if r.printed)
        if printed:
            out.note(BLANK, "import.row_unsettled", ids, row=where, printed=printed)
        return
    if len({tuple(r.values) for _, r in found}) > 1:
        out.note(BLANK, "import.row_repeated", ids, row=where)
        return
    hit, row = found[0]
    if hit.loose:
        out.note(LOOSE, "import.row_loose_label", ids, printed="".join(hit.printed.split()), row=where)
    _how_notes(out, ids, row, "row", row=where)
    for cid, value, text, unit in zip(ids, row.values, row.texts, row.units):
        if value is not None or text:
            out.cells[cid] = Placement(value, row.how, text, unit, hit.printed)
        elif row.how == "exact":
            out.printed_blank.add(cid)


def _how_notes(out: TableRead, ids: list[str], read: RowRead, what: str, **named) -> None:
    """How a row not printed cell by cell was read (the cells placed), and which of its cells no
    reading settles (left blank, each with the reason).  `what`: "row" (named by `row=`) or
    "values" (表四's one row of values, named by `sheet=`)."""
    if read.how != "exact":
        out.note(PLACED, f"import.{what}_read_how", [i for i, v in zip(ids, read.values) if v is not None],
                 how=how_words(read.how), printed=read.printed, **named)
    if read.how.endswith("-partial"):
        out.note(BLANK, f"import.{what}_partial", [i for i, v in zip(ids, read.values) if v is None],
                 printed=read.printed, **named)


def how_words(how: str) -> str:
    """How a row was read, in words (templates/importer.yaml `how`)."""
    return words("importer")["how"].get(how.split("-")[0], how)




# --- a district's own table (templates/extensions/) ---------------------------------------
def read_table(text: str, fmt: str, table_id: str, positioned: bool = False) -> TableRead:
    """A table beyond the official three, by its layout: row groups side by side read as 表四,
    rows with labels (sub-tables, rows × columns) row by row as 表二."""
    if load_spec(fmt).tables[table_id].layout == "wide":
        return read_t4(text, fmt, table_id, positioned)
    return read_t2(text, fmt, table_id, positioned)


# --- 表二 -----------------------------------------------------------------------------------
def read_t2(text: str, fmt: str, tid: str, positioned: bool = False) -> TableRead:
    """A table of captioned sections (表二); a section of one cell whose row is not printed takes
    the one number printed under its caption."""
    out, segs = read_rows(text, fmt, tid, positioned=positioned)
    table = load_spec(fmt).tables[tid]
    captions = [(h, s) for h, s in segs if h.key.startswith("-")]
    for section in table.sections:
        leaves = leaf_heads(section.rows)
        cols = leaf_heads(section.columns)
        if len(leaves) != 1 or len(cols) != 1:
            continue
        cid = f"{tid}.{leaves[0][0].id}.{cols[0][0].id}"
        if cid in out.cells:
            continue
        region = _section_text(text, segs, section.caption)
        if region is None:
            continue
        nums = [t for t in tokens(region)[0] if t.kind == NUM]
        if len(nums) == 1:
            out.cells[cid] = Placement(nums[0].value, "section", "", nums[0].unit)
            out.note(PLACED, "import.section_single", [cid], caption=section.caption, printed=nums[0].text,
                     row=leaves[0][0].label)
    del captions
    return out


def _section_text(text: str, segs, caption: str) -> str | None:
    """Text from a section's caption to the next caption (or the end of the table)."""
    starts = [i for i, (h, _) in enumerate(segs) if h.key == "-" + caption]
    if len(starts) != 1:
        return None
    i = starts[0]
    begin = segs[i][0].end
    end = len(text)
    for h, _ in segs[i + 1:]:
        if h.key.startswith("-第"):
            end = h.start
            break
    return text[begin:end]


# --- 表三 -----------------------------------------------------------------------------------
def _t3_groups(cols: list[str]) -> list:
    return [(len(cols) - 1, tuple(range(len(cols) - 1)))] if len(cols) > 1 else []


def read_t3(text: str, fmt: str, tid: str, positioned: bool = False) -> TableRead:
    """A matrix of rows and columns (表三), its rows and columns adding up."""
    rows: dict = {}
    out, segs = read_rows(text, fmt, tid, _t3_groups, rows, positioned)
    table = load_spec(fmt).tables[tid]
    displaced_first_row(out, table, text, segs)
    stacked_rows(out, table, segs)
    _settle_again(out, table, rows, fmt)
    # values printed after a group label (a 2021 report printing one （六） row)
    for hit, seg in segs:
        if not hit.key.startswith("-"):
            continue
        toks = [t for t in tokens(seg)[0] if t.kind == NUM]
        if toks:
            label = hit.key[1:]
            children = _children_ids(table, label)
            printed = " ".join(t.text for t in toks)
            if children:
                out.note(UNPLACED, "import.group_merged", children, label=label, printed=printed)
            else:
                out.note(UNPLACED, "import.not_a_row", label=label, format=fmt, table_name=table.sheet, printed=printed)
    return out


def _settle_again(out: TableRead, table: Table, rows: dict, fmt: str) -> None:
    """Rows still open once the rows printed away from their labels are placed: the column
    rules are tried again with those rows known."""
    open_rows = [(row_id, reads[0][1]) for row_id, reads in rows.items() if len(reads) == 1 and reads[0][1].readings]
    if not open_rows:
        return
    cols = table.col_ids()
    for row_id in table.row_ids():
        ids = [f"{table.id}.{row_id}.{c}" for c in cols]
        settled = any(r.found and not r.readings for _, r in rows.get(row_id, []))
        if not settled and row_id not in dict(open_rows) and all(i in out.cells for i in ids):
            rows[row_id] = [(None, RowRead([out.cells[i].value for i in ids], [""] * len(cols), [""] * len(cols), "exact"))]
    before = {row_id: list(row.values) for row_id, row in open_rows}
    by_columns(table, rows, fmt)
    for row_id, row in open_rows:
        if row.how == "ambiguous" and any(v is not None for v in before[row_id]):
            ids = [f"{table.id}.{row_id}.{c}" for c in cols]
            for cid in ids:
                out.cells.pop(cid, None)
            out.note(BLANK, "import.row_rules_broken", ids, row=table.row_path(row_id)[-1], printed=row.printed)
            continue
        new = [(f"{table.id}.{row_id}.{c}", v) for c, v, old in zip(cols, row.values, before[row_id])
               if v is not None and old is None]
        if not new:
            continue
        for cid, value in new:
            out.cells[cid] = Placement(value, row.how)
        out.note(PLACED, "import.row_read_how", [cid for cid, _ in new], row=table.row_path(row_id)[-1],
                 how=how_words(row.how), printed=row.printed)


def _children_ids(table: Table, label: str) -> list[str]:
    for group in groups_of(table.rows):
        if group.label == label:
            return [f"{table.id}.{h.id}.{c}" for h, _ in group.leaves() for c in table.col_ids()]
    return []


# --- 表四 -----------------------------------------------------------------------------------
def read_t4(text: str, fmt: str, tid: str, positioned: bool = False) -> TableRead:
    """表四 prints its 15 numbers in one row under a two-level header: take the numbers in order."""
    table = load_spec(fmt).tables[tid]
    out = TableRead(tid, fmt)
    ids = [f"{tid}.{r}.{c}" for r in table.row_ids() for c in table.col_ids()]
    n, per = len(ids), len(table.col_ids())
    groups = [(g * per + per - 1, tuple(range(g * per, g * per + per - 1))) for g in range(n // per)]
    every, scattered = tokens(text)
    filled = [t for t in every if t.kind != "empty"]
    last = last_text_end(text)
    tail = tokens(text[last:])[0] if last is not None else every
    glued = False
    aligned = row_under_heads(text, core(table.columns[0].label), n)
    if aligned is not None:                  # a table row: every cell keeps its column
        kept, scattered = aligned[2], 0
    elif len(filled) == n or not any(t.kind != "empty" for t in tail):
        kept = filled
    else:
        kept, scattered, glued = tail, 0, text[last:last + 1].isdigit()
    # 表四's values row has no label cells: a row of at least 15 cells is counted from its start
    row = read_row(kept, n, groups, scattered > 0, glued, aligned=len(kept) >= n, positioned=positioned)
    out.split_failed = glued and not row.found
    if not row.found:
        if row.printed:
            out.note(BLANK, "import.values_unsettled", ids, table_name=table.sheet, printed=row.printed)
        return out
    _how_notes(out, ids, row, "values", table_name=table.sheet)
    for cid, value, text_, unit in zip(ids, row.values, row.texts, row.units):
        if value is not None or text_:
            out.cells[cid] = Placement(value, row.how, text_, unit)
        elif row.how == "exact":
            out.printed_blank.add(cid)
    return out


READERS = {"sections": read_t2, "matrix": read_t3, "wide": read_t4}     # by the table's layout
