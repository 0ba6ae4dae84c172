"""Rows that several readings fit, settled by the column rules with the rows already read."""
from __future__ import annotations

from zwgk.importer.joint import joint_fits
from zwgk.importer.solve import agree
from zwgk.spec import Table, load_spec


def by_columns(table: Table, rows: dict, fmt: str) -> None:
    """Rows that several readings fit: keep the readings that also keep the column rules
    (一＋二＝（七）＋四, （七）＝（一）…（六）) with the rows already settled and with each other,
    all open rows at once (importer/joint.py); repeat while it helps."""
    rules = [r for r in load_spec(fmt).rules if r.table == table.id and r.each and r.each[0] == "col"]
    cols = table.col_ids()
    while _all_at_once(table, rows, rules, cols):
        pass


def _all_at_once(table: Table, rows: dict, rules, cols) -> bool:
    open_rows = _open_rows(rows)
    if not open_rows:
        return False
    cells = {row_id: [f"{table.id}.{row_id}.{c}" for c in cols] for row_id, _ in open_rows}
    fits = joint_fits({row_id: row.readings for row_id, row in open_rows}, cells,
                      _known(table, rows, cols), rules)
    if fits is None:
        return False
    if not all(fits.values()):
        return _refute([row for _, row in open_rows])
    changed = False
    for row_id, row in open_rows:
        changed |= _update(row, [row.readings[i] for i in sorted(fits[row_id])])
    return changed


def _refute(rows: list) -> bool:
    """The column rules hold for no reading of the open rows: the rows placed among the columns
    by their sums alone (cells lost from the row) may be misplaced, so they are left blank."""
    dropped = [row for row in rows if row.how.startswith("dropped")]
    for row in dropped:
        row.values = [None] * len(row.values)
        row.how, row.readings = "ambiguous", []
    return bool(dropped)


def _known(table: Table, rows: dict, cols) -> dict:
    known = {}
    for row_id, reads in rows.items():
        settled = [r for _, r in reads if r.found and not r.readings]
        if len(settled) == 1:
            known.update({f"{table.id}.{row_id}.{c}": v for c, v in zip(cols, settled[0].values)})
    return known


def _open_rows(rows: dict) -> list:
    return [(row_id, reads[0][1]) for row_id, reads in rows.items() if len(reads) == 1 and reads[0][1].readings]


def _update(row, fits: list) -> bool:
    settled = agree(fits)
    if sum(v is not None for v in settled) <= sum(v is not None for v in row.values):
        return False
    row.values = settled
    row.how = "columns" if len(fits) == 1 else "columns-partial"
    row.readings = [] if len(fits) == 1 else fits
    return True
