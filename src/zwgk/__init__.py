"""zwgk: 政府信息公开工作年度报告 — templates, checks, import, rollup, add-in and publishing.

The public API, importable without pulling in pandas or openpyxl:

    from zwgk import Report, load_spec, read_report, write_report, check
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Report", "load_spec", "read_report", "write_report", "check", "Finding"]


def __getattr__(name):  # lazy: `import zwgk` stays cheap
    if name == "Report":
        from zwgk.model import Report
        return Report
    if name == "load_spec":
        from zwgk.spec import load_spec
        return load_spec
    if name == "read_report":
        from zwgk.workbook.reader import read_report
        return read_report
    if name == "write_report":
        from zwgk.workbook.writer import write_report
        return write_report
    if name == "Finding":
        from zwgk.findings import Finding
        return Finding
    if name == "check":
        from zwgk.checks import check
        return check
    raise AttributeError(name)
