"""zwgk: 政府信息公开工作年度报告 — templates, checks, import, rollup, add-in and publishing.

The public API, importable without pulling in pandas or openpyxl:

    from zwgk import Report, load_spec, read_report, write_report, check
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Report", "load_spec", "read_report", "write_report", "check", "Finding"]


_HOMES = {"Report": "zwgk.model", "load_spec": "zwgk.spec", "read_report": "zwgk.workbook.reader",
          "write_report": "zwgk.workbook.writer", "Finding": "zwgk.findings", "check": "zwgk.checks"}


def __getattr__(name):  # lazy: `import zwgk` stays cheap
    if name not in _HOMES:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(_HOMES[name]), name)
