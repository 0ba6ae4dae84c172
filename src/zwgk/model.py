"""The `Report`: one unit's annual report, independent of any file.

A cell is `None` when blank; blank is never zero.  When a blank was written as "/", "—" or "无",
or a number came with text around it ("251000元"), the original text is kept in `texts`.
Cells the importer inferred (the arithmetic forces them; the source printed them blank) are
listed in `inferred`: the workbook shows their value, a published report prints them blank.
`prose` holds the parts 一、五、六 (overview, problems, other) and the report's own opening
paragraph (opening) and sign-off lines (signoff: unit and date), so a published report is whole.
The JSON view (`to_json` / `from_json`) is the public exchange format: `zwgk show --json`
prints it and `zwgk new --from` reads it back, exactly.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field

from zwgk.errors import ZwgkError
from zwgk.spec import Spec, load_spec

Number = int | float
MAX_VALUE = 10**15          # a spreadsheet keeps whole numbers exactly only up to about 9e15
CELL_CHARS = 32_767         # characters a spreadsheet cell holds
# control characters (not tab, line feed, return) and what no XML file may hold: lone surrogates, U+FFFE/FFFF
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


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
    prose: dict[str, str] = field(default_factory=dict)     # opening, overview, problems, other, signoff
    inferred: list[str] = field(default_factory=list)       # cells inferred on import: printed blank
    # what was mended on the way in (control characters removed), to be told: never compared
    notices: list[str] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self):
        self.format = str(self.format)
        load_spec(self.format)                      # an unknown format is refused there, in words
        full = dict.fromkeys(self.spec.cell_ids)
        unknown = set(self.cells) - set(full)
        if unknown:
            raise ZwgkError.of("report.unknown_cells", format=self.format, ids="、".join(sorted(unknown)))
        full.update(self.cells)
        self.cells = full
        # kept text belongs to cells without a number; empty prose is no prose
        self.texts = {k: v for k, v in self.texts.items() if v and full.get(k) is None}
        self.prose = {k: v for k, v in self.prose.items() if v}
        unknown = set(self.inferred) - set(full)
        if unknown:
            raise ZwgkError.of("report.unknown_cells", format=self.format, ids="、".join(sorted(unknown)))
        self.inferred = sorted(set(self.inferred))
        self._clean_texts()

    def _clean_texts(self) -> None:
        """Names, kept texts and prose without control characters (NUL, …: removed, and said);
        a name or kept text longer than a spreadsheet cell holds is refused, never cut."""
        from zwgk.wording import words

        labels = {f["id"]: f["label"] for f in words("workbook")["info"]["fields"]}
        for key in _TEXT_FIELDS:
            setattr(self, key, self._clean(labels.get(key, key), getattr(self, key) or "", CELL_CHARS))
        named = words("workbook")["named"]
        self.texts = {k: self._clean(named["text"].format(cell=k), v, CELL_CHARS) for k, v in self.texts.items()}
        self.units = {k: self._clean(named["unit"].format(cell=k), v, CELL_CHARS) for k, v in self.units.items()}
        parts = {p["id"]: p["label"] for p in self.spec.prose_parts()}
        self.prose = {k: self._clean(parts.get(k, k), v, None) for k, v in self.prose.items()}

    def _clean(self, label: str, text: str, limit: int | None) -> str:
        if limit is not None and len(text) > limit:
            raise ZwgkError.of("report.text_too_long", label=label, length=len(text), limit=limit)
        cleaned = CONTROL_CHARS.sub("", text)
        if cleaned != text:
            self.notices.append(f"“{label}”中有 {len(text) - len(cleaned)} 个不可见的控制字符或无效字符"
                                "（如 NUL），已删除")
        return cleaned

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
            "inferred": list(self.inferred),
        }

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict, source: str = "JSON") -> "Report":
        if not isinstance(data, dict) or "format" not in data:
            raise ZwgkError.of("report.no_format", source=source)
        _check_shapes(data, source)
        try:
            report = cls(
                format=data["format"], unit=data.get("unit") or "", district=data.get("district") or "",
                year=_year(data.get("year"), source), contact=data.get("contact") or "",
                date=data.get("date") or "", cells=dict(data.get("cells") or {}),
                texts=dict(data.get("texts") or {}), units=dict(data.get("units") or {}),
                prose=dict(data.get("prose") or {}), inferred=list(data.get("inferred") or []),
            )
        except ZwgkError as exc:
            raise _in(exc, source) from None
        for cid, value in report.cells.items():
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                      or isinstance(value, float) and not math.isfinite(value)):
                raise ZwgkError.of("report.not_a_number", source=source, cell_id=cid, value=_shown(value))
            if value is not None and abs(value) > MAX_VALUE:
                raise ZwgkError.of("report.too_large", source=source, cell_id=cid, value=_shown(value),
                                   limit=f"{MAX_VALUE:.0e}")
        return report

    @classmethod
    def from_json(cls, text: str, source: str = "JSON") -> "Report":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ZwgkError.of("report.bad_json", source=source, line=exc.lineno, column=exc.colno,
                               reason=exc.msg) from None
        except RecursionError:
            raise ZwgkError.of("report.too_deep", source=source) from None
        except ValueError:                  # an integer of thousands of digits
            raise ZwgkError.of("report.too_many_digits", source=source) from None
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
            raise ZwgkError.of("report.not_utf8", file=path) from None
        return cls.from_json(text, source=path.name)


_TEXT_FIELDS = ("unit", "district", "contact", "date")
_MAP_FIELDS = ("cells", "texts", "units", "prose")


def _check_shapes(data: dict, source: str) -> None:
    """Every field of the JSON view has the type it should, or the user is told which one."""
    for key in _TEXT_FIELDS:
        if data.get(key) is not None and not isinstance(data[key], str):
            raise ZwgkError.of("report.not_text", source=source, key=key, value=_shown(data[key]))
    for key in _MAP_FIELDS:
        if data.get(key) is not None and not isinstance(data[key], dict):
            raise ZwgkError.of("report.not_object", source=source, key=key, kind=type(data[key]).__name__)
    for key in ("texts", "units", "prose"):
        bad = [k for k, v in (data.get(key) or {}).items() if not isinstance(v, str)]
        if bad:
            raise ZwgkError.of("report.value_not_text", source=source, key=key, item=bad[0])
    inferred = data.get("inferred")
    if inferred is not None and (not isinstance(inferred, list) or not all(isinstance(c, str) for c in inferred)):
        raise ZwgkError.of("report.bad_inferred", source=source, value=repr(inferred))
    _check_prose_keys(data, source)


def _check_prose_keys(data: dict, source: str) -> None:
    """Prose under a part the format does not have would be silently left out: refused."""
    try:
        parts = [p["id"] for p in load_spec(str(data["format"])).prose_parts()]
    except ZwgkError:
        return                              # the unknown format is refused, in words, later
    unknown = [k for k in (data.get("prose") or {}) if k not in parts]
    if unknown:
        raise ZwgkError.of("report.unknown_prose_part", source=source, part=_shown(unknown[0]), parts="、".join(parts))


def _year(value, source: str) -> int | None:
    from zwgk.kinds import year_kind

    if value in (None, ""):
        return None
    try:
        if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
            raise ValueError
        year = int(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, OverflowError):
        raise ZwgkError.of("report.year_not_integer", source=source, value=_shown(value)) from None
    if not year_kind().accepts(year):
        raise ZwgkError.of("report.year_unreasonable", source=source, value=_shown(value))
    return year


def _in(error: ZwgkError, source: str) -> ZwgkError:
    """`error` (of the Report itself) placed in `source`, unless it names a place already."""
    from dataclasses import replace

    from zwgk.problems import Location

    found = error.problem
    if found.location.file or found.params.get("source") == source:
        return error
    return type(error)(replace(found, location=Location(file=source)))


def _shown(value, limit: int = 40) -> str:
    """A value as a message shows it: short (a number may have hundreds of digits)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"（约 {int(value.bit_length() * 0.30103) + 1} 位的整数）"
    if isinstance(value, (list, dict)):     # never its repr: it may be nested a thousand deep
        return "（列表）" if isinstance(value, list) else "（对象）"
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def format_number(value: Number | None, kind: str = "count") -> str:
    """How a number is printed: whole counts as integers, amounts without trailing noise."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and kind != "amount":
        value = int(value)
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)
