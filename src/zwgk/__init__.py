"""zwgk: 政府信息公开工作年度报告 — templates, checks, import, rollup, add-in and publishing.

The public API, importable without pulling in pandas or openpyxl:

    from zwgk import Report, load_spec, read_report, write_report, check
    zwgk.frame("二道区2024/")       # a pandas DataFrame of every number (pandas imported only here)
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Report", "load_spec", "read_report", "write_report", "check", "Finding", "frame"]


_HOMES = {"Report": "zwgk.model", "load_spec": "zwgk.spec", "read_report": "zwgk.workbook.reader",
          "write_report": "zwgk.workbook.writer", "Finding": "zwgk.findings", "check": "zwgk.checks",
          "frame": "zwgk.frames"}        # frame(paths): pandas DataFrame (the `frame` extra)


def __getattr__(name):  # lazy: `import zwgk` stays cheap
    if name not in _HOMES:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(_HOMES[name]), name)
