"""District rollup: a folder of unit report workbooks into one summary workbook.

    from zwgk.rollup import rollup, write_rollup
    result = rollup("二道区2024/", expect="units.txt")
    write_rollup(result, "区汇总.xlsx")

Cells are added cell by cell (never rows appended); every file met gets a state in 报送情况.
"""
from __future__ import annotations

__all__ = ["Entry", "RollupResult", "rollup", "write_rollup"]


def __getattr__(name):
    if name == "rollup":
        from zwgk.rollup.api import rollup
        return rollup
    if name == "write_rollup":
        from zwgk.rollup.workbook import write_rollup
        return write_rollup
    if name in ("RollupResult", "Entry"):
        from zwgk.rollup import result
        return getattr(result, name)
    raise AttributeError(name)
