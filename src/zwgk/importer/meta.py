"""Unit, district, year and publication date from a report's title lines and page furniture."""
from __future__ import annotations

import re

_TITLE = re.compile(r"(?P<name>[^\s\d|\t:：,，。]{2,40}?)\s*(?P<year>20\d\d)\s*年度?(?:[^\n]{0,12}?)"
                    r"(?:政府)?(?:政务)?信息公开(?:工作)?\s*(?:年度)?\s*报告")
_YEAR_LATE = re.compile(r"(?P<year>20\d\d)\s*年度?\s*(?:政府|政务)?信息公开(?:工作)?\s*(?:年度)?\s*报告")
_DATE_FIELD = re.compile(r"(?:发布日期|发布时间|公开日期|成文日期|日期)\s*[:：\t ]\s*(20\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")
_SIGNED = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_SPLIT = re.compile(r"^(?P<district>.{1,8}?[区县市旗])(?P<unit>.{2,}?(?:街道办事处|办事处|街道|镇人民政府|乡人民政府|镇|乡))$")
_NOISE = re.compile(r"^(?:标题|名称)\s*[:：\t]?\s*")


def read_meta(text: str) -> dict:
    """{unit, district, year, date} as far as the text states them ('' / None when it does not)."""
    head = text[:3000]
    unit, year = "", None
    m = _TITLE.search(head)
    if m:
        unit, year = _clean_name(m.group("name")), int(m.group("year"))
    else:
        m = _YEAR_LATE.search(head)
        if m:
            year = int(m.group("year"))
            before = head[:m.start()].strip().splitlines()
            unit = _clean_name(before[-1]) if before else ""
    district = ""
    split = _SPLIT.match(unit)
    if split:
        district, unit = split.group("district"), split.group("unit")
    return {"unit": unit, "district": district, "year": year, "date": _date(text)}


def _clean_name(name: str) -> str:
    name = _NOISE.sub("", name.strip())
    name = re.sub(r"[\s|\t]+", "", name)
    return name.strip("《》“”\"' ")


def _date(text: str) -> str:
    m = _DATE_FIELD.search(text[:3000])
    if not m:
        tail = text.rstrip()[-200:]
        m = _SIGNED.search(tail)
    if not m:
        return ""
    y, mo, d = (int(g) for g in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else ""
