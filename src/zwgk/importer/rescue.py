"""PDF text that moved labels away from their numbers: two patterns safe to undo, both only
when every row involved adds up (and the numbers are where nothing else can claim them)."""
from __future__ import annotations

from zwgk.importer.cells import NUM, tokens
from zwgk.importer.find import after_bare_label, last_text_end
from zwgk.importer.notes import PLACED, Placement, TableRead
from zwgk.spec import Table


def place_row(out: TableRead, table: Table, row_id: str, values, how: str, **params) -> None:
    """Put a row's values in its cells, with the note `import.row_<how>` saying how they were found."""
    ids = [f"{table.id}.{row_id}.{c}" for c in table.col_ids()]
    for cid, value in zip(ids, values):
        out.cells[cid] = Placement(value, how)
    out.note(PLACED, f"import.row_{how}", ids, row=table.row_path(row_id)[-1], **params)


def _row_ok(values) -> bool:
    return values[-1] == sum(values[:-1])


def displaced_first_row(out: TableRead, table: Table, text: str, segs) -> None:
    """PDF text that put the first row's label after its numbers: the numbers sit between the
    column headings and the first row label.  Taken only when they are exactly one row that adds up."""
    first = table.row_ids()[0]
    n = len(table.col_ids())
    rows = [(h, s) for h, s in segs if not h.key.startswith("-")]
    if not rows or any(c.startswith(f"{table.id}.{first}.") for c in out.cells):
        return
    before = text[:rows[0][0].start]
    last = last_text_end(before)
    if last is None or rows[0][0].key == first and tokens(rows[0][1])[0]:
        return
    toks, scattered = tokens(before[last:])
    toks = [t for t in toks if t.kind != "empty"]
    if len(toks) != n or scattered or any(t.kind != NUM or not t.text.isdigit() for t in toks):
        return
    values = [t.value for t in toks]
    if _row_ok(values):
        place_row(out, table, first, values, "displaced", printed=" ".join(t.text for t in toks))


def stacked_rows(out: TableRead, table: Table, segs) -> None:
    """Several rows' numbers printed under one label, the next rows' labels elsewhere with none:
    split in rows of n, in the official row order, only if every row adds up."""
    order = table.row_ids()
    n = len(table.col_ids())
    empty_labels = {h.key for h, s in segs if not h.key.startswith("-") and not tokens(s)[0]}
    for i, (hit, seg) in enumerate(segs):
        if hit.key.startswith("-") or hit.key not in order or after_bare_label(segs, i):
            continue
        toks, scattered = tokens(seg)
        toks = [t for t in toks if t.kind != "empty"]
        if scattered or len(toks) <= n or len(toks) % n or any(t.kind != NUM or not t.text.isdigit() for t in toks):
            continue
        start = order.index(hit.key)
        chunk_rows = order[start:start + len(toks) // n]
        if len(chunk_rows) * n != len(toks) or any(
                r not in empty_labels or any(c.startswith(f"{table.id}.{r}.") for c in out.cells)
                for r in chunk_rows[1:]):
            continue
        chunks = [[t.value for t in toks[i:i + n]] for i in range(0, len(toks), n)]
        if not all(_row_ok(c) for c in chunks):
            continue
        for row_id, values in zip(chunk_rows, chunks):
            place_row(out, table, row_id, values, "stacked", under=table.row_path(hit.key)[-1])
