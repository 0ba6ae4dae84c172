"""The rollup's own wording and key figures, from `templates/rollup.yaml`, with spec labels.

No label of the official tables is written here: a key figure's heading is the spec label of
its first cell's row (or group), or that row's short name from checks.yaml.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from zwgk.checks.wording import cell_where as _row_and_column
from zwgk.spec import load_spec
from zwgk.wording import words


def short_rows() -> dict[str, str]:
    """Short names of long rows ("t3.new" -> "一、本年新收"), from checks.yaml."""
    return words("checks").get("short_rows") or {}


@dataclass(frozen=True)
class Figure:
    """One key figure of 各单位明细 in one format: the cells it sums and its heading."""

    id: str
    cells: tuple[str, ...]
    head: str
    kind: str                     # count | amount


@cache
def figures(fmt: str) -> tuple[Figure, ...]:
    """The key figures that exist in format `fmt`, in the order of rollup.yaml."""
    spec = load_spec(fmt)
    out = []
    for fig in words("rollup")["figures"]:
        cells = tuple(dict.fromkeys(c for pattern in fig["cells"] for c in spec.match(pattern)))
        if not cells:
            continue
        first = spec.cells[cells[0]]
        kind = "amount" if any(spec.cells[c].kind == "amount" for c in cells) else "count"
        out.append(Figure(fig["id"], cells, _head(first, fig.get("level"), fig.get("col")), kind))
    return tuple(out)


def _head(cell, level: int | None, with_col: bool) -> str:
    if level is None or level >= len(cell.row_path) - 1:
        head = short_rows().get(f"{cell.table}.{cell.row}", cell.row_label)
    else:
        head = cell.row_path[level]
    return f"{head} {cell.col_label}" if with_col else head


def cell_where(fmt: str, cell_id: str) -> str:
    """“表三 一、本年新收 总计”: the table's sheet, the row (short name if any) and the column."""
    spec = load_spec(fmt)
    return f"{spec.sheet_of(spec.cells[cell_id].table)} {_row_and_column(spec, cell_id)}"


def unit_key(name: str) -> str:
    """A unit name for comparison: width-folded (NFKC), without any white space."""
    return "".join(unicodedata.normalize("NFKC", name or "").split())


def join_names(names: list[str]) -> str:
    """“甲、乙、丙” — at most `max_listed`, then “等 N 个”."""
    s = words("rollup")["summary"]
    limit = s["max_listed"]
    text = s["list_separator"].join(names[:limit])
    if len(names) > limit:
        text += s["more"].format(n=len(names))
    return text
