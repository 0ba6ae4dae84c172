"""Unit, district, year and publication date from a report's title lines and page furniture."""
from __future__ import annotations

import re

_DATE_FIELD = re.compile(r"(?:发布日期|发布时间|公开日期|成文日期|日期)\s*[:：\t ]\s*(20\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")
_SIGNED = re.compile(r"(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_SPLIT = re.compile(r"^(?P<district>.{1,8}?[区县市旗])(?P<unit>.{2,}?(?:街道办事处|办事处|街道|镇人民政府|乡人民政府|镇|乡))$")
_NOISE = re.compile(r"^(?:标题|名称)\s*[:：\t]?\s*")


_TITLE_LINE = re.compile(r"^(?P<before>.*?)(?P<year>20\d\d)\s*年度?(?P<after>.*?)(?:政府|政务)?信息公开(?:工作)?(?:年度)?报告")
_TITLE_LATE = re.compile(r"^(?P<before>.*?)(?:政府|政务)?信息公开(?:工作)?(?P<year>20\d\d)\s*年度?(?P<after>)报告")


def _title(lines: list[str]) -> tuple[str, int | None]:
    """(unit, year) from the first title-like line (a title may be broken over two lines)."""
    for i, line in enumerate(lines):
        joined = "".join(line.split())
        single = _TITLE_LINE.search(joined) or _TITLE_LATE.search(joined)
        if not single and re.search(r"20\d\d", line) and not re.search(r"[。，,；]", line):
            joined = "".join((line + (lines[i + 1] if i + 1 < len(lines) else "")).split())
        if "信息公开" not in joined or "报告" not in joined:
            continue
        m = _TITLE_LINE.search(joined) or _TITLE_LATE.search(joined)
        if not m or len(m.group("before")) > 40:
            continue
        name = next((n for n in (m.group("before"), m.group("after")) if n and "信息公开" not in n
                     and not re.search(r"[。，,；]", n)), "")
        if not name and i > 0 and len(lines[i - 1]) <= 30 and not re.search(r"[。，,；:：]", lines[i - 1]):
            name = lines[i - 1]
        return _clean_name(name), int(m.group("year"))
    return "", None


def read_meta(text: str) -> dict:
    """{unit, district, year, date} as far as the text states them ('' / None when it does not)."""
    lines = [_NOISE.sub("", ln.strip()) for ln in text[:4000].splitlines() if ln.strip()][:25]
    unit, year = _title(lines)
    district = ""
    split = _SPLIT.match(unit)
    if split:
        district, unit = split.group("district"), split.group("unit")
    fields = _fields(text[:3000])
    unit = unit or fields.get("unit", "")
    district = district or fields.get("district", "")
    contact = fields.get("contact", "")
    fmt = fields.get("format", "")
    return {"unit": unit, "district": district, "year": year, "date": _date(text), "contact": contact,
            "format": fmt if re.fullmatch(r"20(19|21)", fmt) else ""}


def _fields(text: str) -> dict[str, str]:
    """The 基本信息 lines the text prints, by field id (unit, district, contact, format, …)."""
    from zwgk.wording import words

    ids = {f["label"]: f["id"] for f in words("workbook")["info"]["fields"]}
    out: dict[str, str] = {}
    for label, value in _field_pattern().findall(text):
        out.setdefault(ids.get(label, "contact"), value.strip())      # a bare 联系人 is the contact
    return out


def _field_pattern() -> re.Pattern:
    """“单位名称：…” lines, as zwgk's renderer prints the 基本信息 fields (labels from workbook.yaml)."""
    from zwgk.wording import words

    labels = sorted((f["label"] for f in words("workbook")["info"]["fields"]), key=len, reverse=True)
    names = "|".join(map(re.escape, labels + ["联系人"]))
    return re.compile(rf"^[ \t>*|]*({names})[ \t*]*[:：][ \t]*([^\n\t|]{{1,60}}?)[ \t|*]*$", re.MULTILINE)



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
