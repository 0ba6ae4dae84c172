"""Rows that several readings fit, settled by the column rules with the rows already read."""
from __future__ import annotations

from zwgk.importer.solve import agree
from zwgk.spec import Table, load_spec


def by_columns(table: Table, rows: dict, fmt: str) -> None:
    """Rows that several readings fit: keep the readings that also keep the column rules
    (一＋二＝（七）＋四, （七）＝（一）…（六）) with the rows already settled, one row at a time and
    then two at a time; repeat while it helps."""
    rules = [r for r in load_spec(fmt).rules if r.table == table.id and r.each and r.each[0] == "col"]
    cols = table.col_ids()
    while _singles(table, rows, rules, cols) or _pairs(table, rows, rules, cols):
        pass


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


def _singles(table: Table, rows: dict, rules, cols) -> bool:
    known, changed = _known(table, rows, cols), False
    for row_id, row in _open_rows(rows):
        fits = [r for r in row.readings if _hold({row_id: r}, table, cols, rules, known)]
        if fits and _update(row, fits):
            changed = True
            known = _known(table, rows, cols)
    return changed


def _pairs(table: Table, rows: dict, rules, cols, limit: int = 5000) -> bool:
    known = _known(table, rows, cols)
    open_rows = _open_rows(rows)
    for i, (a_id, a) in enumerate(open_rows):
        for b_id, b in open_rows[i + 1:]:
            if len(a.readings) * len(b.readings) > limit:
                continue
            fits = [(ra, rb) for ra in a.readings for rb in b.readings
                    if _hold({a_id: ra, b_id: rb}, table, cols, rules, known)]
            if fits and (_update(a, [f[0] for f in fits]) | _update(b, [f[1] for f in fits])):
                return True
    return False


def _hold(readings: dict, table: Table, cols, rules, known) -> bool:
    """True when each column rule through these rows, with every other cell known, holds
    (a blank counts 0); at least one such rule must exist."""
    mine = {f"{table.id}.{row_id}.{c}": v for row_id, r in readings.items() for c, v in zip(cols, r)}
    tested = 0
    for rule in rules:
        ids = [t.cell for t in rule.terms]
        if not any(i in mine for i in ids):
            continue
        values = {i: mine[i] if i in mine else known.get(i, "?") for i in ids}
        if any(v == "?" for v in values.values()):
            continue
        left = sum(t.sign * (values[t.cell] or 0) for t in rule.left)
        right = sum(t.sign * (values[t.cell] or 0) for t in rule.right)
        if left != right:
            return False
        tested += 1
    return tested > 0
