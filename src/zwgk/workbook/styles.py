"""Cell styles of the report workbook (xlsxwriter format properties), in one place."""
from __future__ import annotations

import math

FONT = {"font_name": "宋体", "font_size": 10}
BORDER = {"border": 1, "valign": "vcenter"}

STYLES: dict[str, dict] = {
    "title": {**FONT, "bold": True, "font_size": 14, "align": "center", "valign": "vcenter"},
    "caption": {**FONT, **BORDER, "bold": True, "align": "left", "bg_color": "#F2F2F2"},
    "head": {**FONT, **BORDER, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#F2F2F2"},
    "corner": {**FONT, **BORDER, "font_size": 9, "align": "left", "text_wrap": True},
    "row": {**FONT, **BORDER, "align": "left", "text_wrap": True},
    "note": {**FONT, "font_size": 9, "font_color": "#595959"},
    "live-head": {**FONT, **BORDER, "font_size": 9, "align": "right", "font_color": "#595959",
                  "text_wrap": True},
    "live": {**FONT, **BORDER, "align": "center", "bold": True, "font_color": "#375623"},
    "live-bad": {"bg_color": "#FFC7CE", "font_color": "#9C0006"},
    "live-incomplete": {"font_color": "#7F6000"},
    "count": {**FONT, **BORDER, "align": "center", "locked": False, "num_format": "0"},
    "signed": {**FONT, **BORDER, "align": "center", "locked": False, "num_format": "0"},
    "amount": {**FONT, **BORDER, "align": "center", "locked": False, "num_format": "0.0000"},
    "inferred": {"bg_color": "#DDEBF7"},
    "label": {**FONT, **BORDER, "bold": True, "align": "left", "text_wrap": True, "bg_color": "#F2F2F2"},
    "field": {**FONT, **BORDER, "align": "left", "locked": False, "text_wrap": True},
    "prose": {**FONT, **BORDER, "align": "left", "valign": "top", "locked": False, "text_wrap": True},
    "status": {**FONT, **BORDER, "bold": True, "align": "left"},
}


def make_formats(workbook) -> dict:
    """xlsxwriter Format objects for every style, plus the inferred variant of each input style."""
    formats = {name: workbook.add_format(props) for name, props in STYLES.items()}
    for kind in ("count", "signed", "amount"):
        formats[f"{kind}-inferred"] = workbook.add_format({**STYLES[kind], **STYLES["inferred"]})
    return formats


def wrapped_height(text: str, width: float, line: float = 14, least: float = 15) -> float:
    """Points of row height that show `text` wrapped in a column `width` characters wide (a CJK
    character takes about two), so a wrapped row never prints over its neighbours."""
    lines = sum(max(1, math.ceil(_units(part) / max(width, 1))) for part in str(text).split("\n"))
    return min(409, max(least, line * lines + 3))


def _units(text: str) -> float:
    return sum(1.95 if ord(ch) > 0x2E80 else 1.05 for ch in text)
