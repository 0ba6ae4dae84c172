"""One unit's reports of several years, side by side (`zwgk history`).

    from zwgk.history import build_history, write_history
    h = build_history(["平潭/"])          # files or folders: workbooks, or anything `zwgk import` reads
    write_history(h, "历年对比.xlsx")

Years run from the first report to the last; a year without a report is a gap (a column with its
reason), two reports of one year or reports of different units are refused in words.  Cells of the
2019 and 2021 formats are matched by the correspondence declared in templates/years.yaml; the
cross-year checks are those of `zwgk.checks` (上年结转, 现行有效件数, 上一年项目数量).
"""
from __future__ import annotations

from zwgk.history.collect import build_history
from zwgk.history.model import Column, History

__all__ = ["Column", "History", "build_history", "write_history"]


def write_history(history: History, path):
    from zwgk.history.workbook import write_history as write

    return write(history, path)
