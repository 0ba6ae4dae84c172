"""Words for findings, all from the spec: table and row names, numbers as printed, templates."""
from __future__ import annotations


from zwgk.model import format_number
from zwgk.spec import Spec, row_where
from zwgk.wording import words


def short_row(spec: Spec, table: str, row: str) -> str:
    """A row as messages name it: a short name from checks.yaml, else its label with its group."""
    short = words("checks").get("short_rows", {}).get(f"{table}.{row}")
    return short or row_where(spec.tables[table].row_path(row))


def cell_where(spec: Spec, cell_id: str) -> str:
    """“一、本年新收 自然人”: the row (short) and the column of a cell."""
    cell = spec.cells[cell_id]
    return f"{short_row(spec, cell.table, cell.row)} {cell.col_label}"


def rule_where(spec: Spec, table: str, each: tuple[str, str], fallback: str) -> str:
    """The row or column a rule instance is about, in words."""
    axis, item = each
    return short_row(spec, table, item) if axis == "row" else fallback


def num(value) -> str:
    """A number as the clerk would write it: 6, not 6.0; amounts without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        text = format_number(round(value, 6), "amount")
        return text if float(text) or not value else f"{value:.6g}"   # 1e-300 is not "0"
    return str(int(value))
