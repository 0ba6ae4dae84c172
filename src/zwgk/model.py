"""The `Report`: one unit's annual report, independent of any file.

A cell is `None` when blank; blank is never zero.  When a blank was written as "/", "—" or "无",
or a number came with text around it ("251000元"), the original text is kept in `texts`.
The JSON view (`to_json` / `from_json`) is the public exchange format: `zwgk show --json`
prints it and `zwgk new --from` reads it back, exactly.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from zwgk.errors import ZwgkError
from zwgk.spec import Spec, load_spec

Number = int | float
MAX_VALUE = 10**15          # a spreadsheet keeps whole numbers exactly only up to about 9e15


@dataclass
class Report:
    format: str
    unit: str = ""
    district: str = ""
    year: int | None = None
    contact: str = ""
    date: str = ""
    cells: dict[str, Number | None] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)     # original text of a cell, where kept
    units: dict[str, str] = field(default_factory=dict)     # unit of a `unit: free` amount
    prose: dict[str, str] = field(default_factory=dict)     # overview, problems, other

    def __post_init__(self):
        self.format = str(self.format)
        load_spec(self.format)                      # an unknown format is refused there, in words
        full = dict.fromkeys(self.spec.cell_ids)
        unknown = set(self.cells) - set(full)
        if unknown:
            raise ZwgkError(f"{self.format} 格式没有这些单元格编号：{'、'.join(sorted(unknown))}")
        full.update(self.cells)
        self.cells = full
        # kept text belongs to cells without a number; empty prose is no prose
        self.texts = {k: v for k, v in self.texts.items() if v and full.get(k) is None}
        self.prose = {k: v for k, v in self.prose.items() if v}

    @property
    def spec(self) -> Spec:
        return load_spec(self.format)

    @classmethod
    def blank(cls, fmt: str = "2021", **meta) -> "Report":
        return cls(format=fmt, **meta)

    @property
    def title(self) -> str:
        return self.spec.report_title(self.unit, self.year)

    def value(self, cell_id: str) -> Number | None:
        return self.cells[cell_id]

    def text(self, cell_id: str) -> str:
        """The cell as printed: its kept text, else its number, else empty."""
        if cell_id in self.texts:
            return self.texts[cell_id]
        return format_number(self.cells[cell_id], self.spec.cells[cell_id].kind)

    # --- the JSON view --------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {
            "format": self.format, "unit": self.unit, "district": self.district, "year": self.year,
            "contact": self.contact, "date": self.date, "cells": dict(self.cells),
            "texts": dict(self.texts), "units": dict(self.units), "prose": dict(self.prose),
        }

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict, source: str = "JSON") -> "Report":
        if not isinstance(data, dict) or "format" not in data:
            raise ZwgkError(f"{source} 不是报表数据：缺少 “format” 字段")
        _check_shapes(data, source)
        report = cls(
            format=data["format"], unit=data.get("unit") or "", district=data.get("district") or "",
            year=_year(data.get("year"), source), contact=data.get("contact") or "",
            date=data.get("date") or "", cells=dict(data.get("cells") or {}),
            texts=dict(data.get("texts") or {}), units=dict(data.get("units") or {}),
            prose=dict(data.get("prose") or {}),
        )
        for cid, value in report.cells.items():
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                      or not math.isfinite(value)):
                raise ZwgkError(f"{source} 中单元格 {cid} 的值 {value!r} 不是数字，也不是 null")
            if value is not None and abs(value) > MAX_VALUE:
                raise ZwgkError(f"{source} 中单元格 {cid} 的值 {value!r} 过大（超过 {MAX_VALUE:.0e}），表格无法精确保存")
        return report

    @classmethod
    def from_json(cls, text: str, source: str = "JSON") -> "Report":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ZwgkError(f"{source} 不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列，{exc.msg}")
        return cls.from_dict(data, source)

    @classmethod
    def from_json_file(cls, path) -> "Report":
        """The report in a JSON view file (UTF-8, with or without BOM)."""
        from pathlib import Path

        from zwgk import guard

        path = Path(path)
        try:        # a regular file, read no further than the limit: a pipe or /dev/zero is refused
            text = guard.read_bounded(path, 32 * guard.MB).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ZwgkError("JSON 文件应为 UTF-8 编码，请另存为 UTF-8 后再试", file=str(path)) from None
        return cls.from_json(text, source=path.name)


_TEXT_FIELDS = ("unit", "district", "contact", "date")
_MAP_FIELDS = ("cells", "texts", "units", "prose")


def _check_shapes(data: dict, source: str) -> None:
    """Every field of the JSON view has the type it should, or the user is told which one."""
    for key in _TEXT_FIELDS:
        if data.get(key) is not None and not isinstance(data[key], str):
            raise ZwgkError(f"{source} 中 “{key}” 应为文字，实为 {data[key]!r}")
    for key in _MAP_FIELDS:
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise ZwgkError(f"{source} 中 “{key}” 应为对象（{{编号: 值}}），实为 {type(data[key]).__name__}")
    for key in ("texts", "units", "prose"):
        bad = [k for k, v in (data.get(key) or {}).items() if not isinstance(v, str)]
        if bad:
            raise ZwgkError(f"{source} 中 “{key}” 的 {bad[0]} 应为文字")


def _year(value, source: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ZwgkError(f"{source} 中年度 “{value}” 不是整数年份") from None
    if not 1900 <= year <= 2200:
        raise ZwgkError(f"{source} 中年度 “{value}” 不是合理的年份")
    return year


def format_number(value: Number | None, kind: str = "count") -> str:
    """How a number is printed: whole counts as integers, amounts without trailing noise."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and kind != "amount":
        value = int(value)
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)
