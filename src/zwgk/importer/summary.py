"""The import report in words: what was placed, left blank and why, inferred, matched loosely."""
from __future__ import annotations

from zwgk.importer.core import ImportResult
from zwgk.importer.notes import BLANK, INFERRED, INFO, LOOSE, PLACED, UNPLACED

_SECTIONS = [
    (BLANK, "留空的单元格及原因"),
    (UNPLACED, "印出但无法放入单元格的数字"),
    (INFERRED, "由勾稽关系推得的单元格（工作簿中以底色和批注标出）"),
    (LOOSE, "宽松匹配的标签"),
    (PLACED, "需要核对的读取方式"),
    (INFO, "其他说明"),
]


def render(result: ImportResult) -> str:
    """Several lines of Chinese text for the terminal."""
    r = result.report
    total = len(r.cells)
    filled = sum(v is not None for v in r.cells.values())
    lines = [
        f"导入：{result.source or '（文本）'}",
        f"单位：{r.unit or '—'}　地区：{r.district or '—'}　年度：{r.year or '—'}　"
        f"格式：{r.format}　发布日期：{r.date or '—'}",
        f"读入 {result.placed} 个单元格，推得 {len(result.inferred)} 个，留空 {total - filled} 个（共 {total} 个）；"
        f"文字部分：{'、'.join(_prose_labels(r).get(k, k) for k in r.prose) or '未找到'}",
    ]
    for kind, title in _SECTIONS:
        notes = [n for n in result.notes if n.kind == kind]
        if notes:
            lines.append(f"{title}：")
            lines.extend(f"  - {m}" for m in (_inferred(result) if kind == INFERRED else [n.message for n in notes]))
    lines.extend(_silent_blanks(result))
    lines.extend(_checks(result))
    return "\n".join(lines)


def _silent_blanks(result: ImportResult) -> list[str]:
    """Blank cells no note speaks of: the text shows them empty (or never prints them)."""
    noted = {c for n in result.notes for c in n.cells}
    spec = result.report.spec
    quiet = [c for c, v in result.report.cells.items() if v is None and c not in noted]
    if not quiet:
        return []
    names = [f"{spec.sheet_of(spec.cells[c].table)} {spec.cells[c].where}"
             + (f"（印为“{result.report.texts[c]}”）" if c in result.report.texts else "") for c in quiet]
    shown = "、".join(names[:8]) + (f" 等 {len(names)} 个" if len(names) > 8 else "")
    return [f"原文空白或未印出、留空的单元格：{shown}"]


def _inferred(result: ImportResult) -> list[str]:
    """Inferred cells grouped by the reason, so 100 zeros read as a few lines."""
    groups: dict[str, dict[str, int]] = {}
    for why in result.inferred.values():
        reason, _, rule = why.partition("：")
        groups.setdefault(reason, {})
        groups[reason][rule] = groups[reason].get(rule, 0) + 1
    out = []
    for reason, rules in groups.items():
        names = list(rules)
        shown = "；".join(names[:5]) + (f" 等 {len(names)} 处" if len(names) > 5 else "")
        out.append(f"{reason}（{sum(rules.values())} 个单元格）：{shown}")
    return out


def _prose_labels(report) -> dict[str, str]:
    """Labels of the prose kept: the parts 一、五、六, the opening paragraph and the sign-off."""
    from zwgk.spec import load_ui

    ui = load_ui()["prose"]
    return {p["id"]: p["label"] for p in report.spec.prose_parts()} | {
        "opening": ui["opening"], "signoff": ui["signoff"]}


def _checks(result: ImportResult) -> list[str]:
    errors = [f for f in result.findings if getattr(f, "level", "") == "error"]
    warnings = [f for f in result.findings if getattr(f, "level", "") != "error"]
    lines = [f"校验：{len(errors)} 个错误，{len(warnings)} 个警告"]
    lines.extend(f"  ✗ {f.message}" for f in errors[:50])
    shown = [f for f in warnings if getattr(f, "check", "") != "blank"][:30]
    lines.extend(f"  ! {f.message}" for f in shown)
    blanks = sum(getattr(f, "check", "") == "blank" for f in warnings)
    if blanks:
        lines.append(f"  ! 另有 {blanks} 个单元格未填写（见上文留空原因）")
    return lines
