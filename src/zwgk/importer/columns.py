"""Rows that several readings fit, settled by the column rules with the rows already read."""
from __future__ import annotations

from zwgk.importer.solve import agree
from zwgk.spec import Table, load_spec


def by_columns(table: Table, rows: dict, fmt: str) -> None:
    """Rows that several readings fit: keep the readings that also keep the column rules
    (一＋二＝（七）＋四, （七）＝（一）…（六）) with the rows already settled; repeat while it helps."""
    rules = [r for r in load_spec(fmt).rules if r.table == table.id and r.each and r.each[0] == "col"]
    cols = table.col_ids()
    changed = True
    while changed:
        changed = False
        known = {}
        for row_id, reads in rows.items():
            settled = [r for _, r in reads if r.found and not r.readings]
            if len(settled) == 1:
                known.update({f"{table.id}.{row_id}.{c}": v for c, v in zip(cols, settled[0].values)})
        for row_id, reads in rows.items():
            if len(reads) != 1 or not reads[0][1].readings:
                continue
            row = reads[0][1]
            fits = [r for r in row.readings if _columns_hold(r, row_id, table, cols, rules, known)]
            if not fits:
                continue
            settled = agree(fits)
            if sum(v is not None for v in settled) > sum(v is not None for v in row.values):
                row.values = settled
                row.how = "columns" if len(fits) == 1 else "columns-partial"
                row.readings = [] if len(fits) == 1 else fits
                changed = True


def _columns_hold(reading, row_id, table, cols, rules, known) -> bool:
    """True when each column rule through this row, with every other cell known, holds
    (a blank counts 0); at least one such rule must exist."""
    mine = {f"{table.id}.{row_id}.{c}": v for c, v in zip(cols, reading)}
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
