"""The import report in words: what was placed, left blank and why, inferred, matched loosely."""
from __future__ import annotations

from zwgk.importer.result import ImportResult
from zwgk.importer.notes import INFERRED, listed
from zwgk.wording import words


def render(result: ImportResult) -> str:
    """Several lines of Chinese text for the terminal."""
    said = words("importer")["summary"]
    r = result.report
    total = len(r.cells)
    filled = sum(v is not None for v in r.cells.values())
    lines = said["head"].format(
        source=result.source or said["no_source"], unit=r.unit or "—", district=r.district or "—",
        year=r.year or "—", format=r.format, date=r.date or "—", placed=result.placed,
        inferred=len(result.inferred), blank=total - filled, total=total,
        prose="、".join(_prose_labels(r).get(k, k) for k in r.prose) or said["no_prose"]).split("\n")
    for kind, title in said["sections"].items():
        notes = [n for n in result.notes if n.kind == kind]
        if notes:
            lines.append(f"{title}：")
            lines.extend(f"  - {m}" for m in (_inferred(result) if kind == INFERRED else [n.message for n in notes]))
    lines.extend(_silent_blanks(result))
    lines.extend(_checks(result))
    return "\n".join(lines)


def _silent_blanks(result: ImportResult) -> list[str]:
    """Blank cells no note speaks of: the text shows them empty (or never prints them)."""
    said = words("importer")["summary"]
    noted = {c for n in result.notes for c in n.cells}
    spec = result.report.spec
    quiet = [c for c, v in result.report.cells.items() if v is None and c not in noted]
    if not quiet:
        return []
    names = [f"{spec.sheet_of(spec.cells[c].table)} {spec.cells[c].where}"
             + (said["printed"].format(text=result.report.texts[c]) if c in result.report.texts else "")
             for c in quiet]
    return [said["quiet"].format(cells=listed(names, 8))]


def _inferred(result: ImportResult) -> list[str]:
    """Inferred cells grouped by the reason, so 100 zeros read as a few lines."""
    said = words("importer")["summary"]
    groups: dict[str, dict[str, int]] = {}
    for why in result.inferred.values():
        reason, _, rule = why.partition("：")
        groups.setdefault(reason, {})
        groups[reason][rule] = groups[reason].get(rule, 0) + 1
    return [said["inferred"].format(reason=reason, count=sum(rules.values()),
                                     rules=listed(list(rules), 5, "；", "处"))
            for reason, rules in groups.items()]


def _prose_labels(report) -> dict[str, str]:
    """Labels of the prose kept: the parts 一、五、六, the opening paragraph and the sign-off."""
    from zwgk.wording import words

    ui = words("workbook")["prose"]
    return {p["id"]: p["label"] for p in report.spec.prose_parts()} | {
        "opening": ui["opening"], "signoff": ui["signoff"]}


def _checks(result: ImportResult) -> list[str]:
    said = words("importer")["summary"]
    errors = [f for f in result.findings if getattr(f, "level", "") == "error"]
    warnings = [f for f in result.findings if getattr(f, "level", "") != "error"]
    lines = [said["checks"].format(errors=len(errors), warnings=len(warnings))]
    lines.extend(f"  ✗ {f.message}" for f in errors[:50])
    shown = [f for f in warnings if getattr(f, "check", "") != "blank"][:30]
    lines.extend(f"  ! {f.message}" for f in shown)
    blanks = sum(getattr(f, "check", "") == "blank" for f in warnings)
    if blanks:
        lines.append("  ! " + said["unfilled"].format(count=blanks))
    return lines
