"""Data frames for analysts: every number of a folder of reports, as pandas sees it.

    import zwgk
    df = zwgk.frame("二道区2024/")                  # long: one row per report and cell
    wide = zwgk.frame("二道区2024/", wide=True)      # one row per report, a column per cell id

Files are found and read as the rollup reads them (its worker pool, backups and owner files
passed over); a file that holds no report is not a row, and is listed with its reason in
`df.attrs["skipped"]`.  zwgk's own summaries are left out unless `summaries=True`, so a
folder's totals are the units' totals.  pandas is imported here only (the `frame` extra).
"""
from __future__ import annotations

from functools import cache

from zwgk.errors import ZwgkError

LONG_COLUMNS = ["unit", "district", "year", "format", "table", "row", "column", "cell", "cell_2021",
                "value", "status", "file"]
REPORT_COLUMNS = ["unit", "district", "year", "format", "status", "file"]


def pandas():
    """pandas, or a clear sentence saying how to install it."""
    try:
        import pandas as pd
    except ImportError:
        raise ZwgkError.of("command.no_pandas") from None
    return pd


def frame(paths, wide: bool = False, *, summaries: bool = False, use_importer: bool = False,
          workers: int | None = None, progress: bool | None = False):
    """A DataFrame of every report under `paths` (a folder, a file, or a list of them).

    Long (default): columns unit, district, year, format, table, row, column, cell, cell_2021,
    value, status, file; a blank cell is a row whose value is NaN (blank is never 0).  `cell_2021`
    is the 2021-format cell that means the same (templates/years.yaml), so 2019-2024 pivot in one
    table; it is blank for a 2019 cell with no one counterpart (2019 规章 对外公开总数量, （六）其他处理).  `wide`: one row
    per report, its facts then one column per cell id."""
    pd = pandas()
    reports, skipped = _reports(paths, summaries, use_importer, workers, progress)
    df = _wide(pd, reports) if wide else _long(pd, reports)
    df.attrs["skipped"] = skipped
    return df


def _reports(paths, summaries, use_importer, workers, progress) -> tuple[list, list[dict]]:
    """[(Loaded, status label, file as shown)] of each report read, in file order; [{file, reason}] of the others."""
    from zwgk.rollup.discover import discover
    from zwgk.rollup.load import load_all

    candidates = discover(paths, use_importer=use_importer)
    shown = _shown_name(paths)
    loaded = load_all([c for c in candidates if c.how], workers=workers, progress=progress)
    taken = [x for x in loaded if x.kind == "report" and (summaries or not x.is_summary)]
    ids = {id(x) for x in taken}
    skipped = [{"file": shown(c), "reason": c.reason} for c in candidates if not c.how]
    skipped += [{"file": shown(x), "reason": _wording()["summary_left_out"] if x.kind == "report" else x.message}
                for x in loaded if id(x) not in ids]
    return [(x, _status(x), shown(x)) for x in taken], sorted(skipped, key=lambda s: s["file"])


def _shown_name(paths):
    """The `file` of a row: its path within the folder given; with several sources, within their
    common folder (2023/1.xlsx and 2024/1.xlsx stay two files)."""
    import os
    from pathlib import Path

    if isinstance(paths, (str, os.PathLike)) or len(paths) < 2:
        return lambda item: item.name
    roots = [Path(p).resolve() for p in paths]
    common = Path(os.path.commonpath([r if r.is_dir() else r.parent for r in roots]))
    return lambda item: Path(item.path).resolve().relative_to(common).as_posix()


def _status(x) -> str:
    from zwgk.wording import words

    state = "errors" if x.errors else "warnings" if x.warnings else "passed"
    return words("rollup")["states"][state]["label"].format(n=x.errors or x.warnings, hint="")


def _long(pd, reports):
    """Built column by column (whole arrays, no loop per cell): 200,000 rows in a fraction of a second."""
    import numpy as np

    values, facts, lengths, formats = [], [], [], []
    for x, status, name in reports:
        rep = x.report
        values.extend(_in_wan(rep).values())          # in spec order, as `_labels` is
        facts.append((rep.unit, rep.district, rep.year, rep.format, status, name))
        lengths.append(len(rep.cells))
        formats.append(rep.format)
    cols = {key: np.repeat(np.array([f[i] for f in facts], dtype=object), lengths)
            for i, key in enumerate(("unit", "district", "year", "format", "status", "file"))}
    labels = {fmt: np.array(_labels(fmt), dtype=object) for fmt in set(formats)}
    table = np.concatenate([labels[f] for f in formats]) if formats else np.empty((0, 5), dtype=object)
    for i, key in enumerate(("table", "row", "column", "cell", "cell_2021")):
        cols[key] = table[:, i]
    cols["value"] = np.array(values, dtype="float64")
    df = pd.DataFrame(cols, columns=LONG_COLUMNS)
    df["year"] = df["year"].astype("Int64")
    return df


def _wide(pd, reports):
    from zwgk.spec import FORMATS, load_spec

    formats = {x.report.format for x, _, _ in reports}
    cell_ids = list(dict.fromkeys(c for f in FORMATS if f in formats for c in load_spec(f).cell_ids))
    rows = []
    for x, status, name in reports:
        rep = x.report
        rows.append([rep.unit, rep.district, rep.year, rep.format, status, name]
                    + [cells.get(c) for cells in (_in_wan(rep),) for c in cell_ids])
    df = pd.DataFrame(rows, columns=REPORT_COLUMNS + cell_ids)
    df["year"] = df["year"].astype("Int64")
    for c in cell_ids:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    return df


def _in_wan(rep) -> dict:
    """The report's cells, an amount in a unit it names (2019 政府集中采购) in 万元 as the rollup
    sums it; in a unit zwgk does not know, blank (never a number in an unknown unit)."""
    from zwgk.wording import words

    free = [cid for cid, c in rep.spec.cells.items() if c.unit == "free" and rep.cells.get(cid) is not None]
    if not free:
        return rep.cells
    factors, base = words("rollup")["unit_factors"], words("rollup")["sum_unit"]
    cells = dict(rep.cells)
    for cid in free:
        factor = factors.get(rep.units.get(cid, base))
        cells[cid] = None if factor is None else round(cells[cid] * factor, 4)
    return cells


@cache
def _labels(fmt: str) -> tuple[tuple[str, str, str, str, str | None], ...]:
    """(table's sheet name, row in words, column label, cell id, the 2021 cell meaning the same)
    of each cell, in spec order."""
    from zwgk.spec import corresponding, load_spec, row_where

    spec = load_spec(fmt)
    return tuple((spec.sheet_of(c.table), row_where(c.row_path), c.col_label, cid, corresponding(cid, fmt, "2021"))
                 for cid, c in spec.cells.items())


def _wording() -> dict:
    from zwgk.wording import words

    return words("rollup")["frame"]
