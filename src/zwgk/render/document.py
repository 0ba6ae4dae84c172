"""The published report as data: title, opening paragraph, the six parts in order, sign-off.

Renderers (text, Markdown, HTML, Word) draw this and nothing else, so they cannot disagree on
what a report says.  Labels come from the spec (`parts`, table captions, header trees via the
layout grid) and from `templates/workbook.yaml` (the 基本信息 field labels, kept in `info` for
a district's own layout; the default layouts print no such block, as published reports do not).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.model import Report
from zwgk.render.grid import TableGrid, clean, report_grids
from zwgk.wording import words


@dataclass(frozen=True)
class Part:
    id: str
    label: str
    kind: str                                   # prose | table
    paragraphs: tuple[str, ...] = ()
    grid: TableGrid | None = None


@dataclass(frozen=True)
class Document:
    title: str
    info: tuple[tuple[str, str], ...]           # (label, value) of every 基本信息 field
    parts: tuple[Part, ...]
    format: str
    notice: str
    notice_title: str
    opening: tuple[str, ...] = ()               # paragraphs before 一、总体情况
    signoff: tuple[str, ...] = ()               # the unit and the date, under the last part
    meta: dict = field(default_factory=dict)    # the raw report fields, for templates


def prose_text(text) -> str:
    """Prose as it may be published: also without the artefacts of converted documents
    (`[bookmark: _GoBack]`, page footers such as — 4 —)."""
    from zwgk.importer.text import strip_artefacts

    return strip_artefacts(clean(text))


def paragraphs(text: str | None) -> tuple[str, ...]:
    """A prose part as paragraphs: one per non-empty line, surrounding spaces removed."""
    return tuple(line.strip() for line in prose_text(text).splitlines() if line.strip())


def info_values(report: Report) -> dict[str, str]:
    values = {"unit": report.unit, "district": report.district,
              "year": "" if report.year is None else str(report.year), "format": report.format,
              "contact": report.contact, "date": report.date}
    return {k: " ".join(clean(v).split("\n")) for k, v in values.items()}


def build_document(report: Report) -> Document:
    """The report laid out for publishing: the standard title and the six parts of its format."""
    spec = report.spec
    grids = report_grids(report)
    values = info_values(report)
    info = tuple((f["label"], values[f["id"]]) for f in words("workbook")["info"]["fields"])
    parts = []
    for part in spec.parts:
        if part["kind"] == "table":
            parts.append(Part(part["id"], part["label"], "table", grid=grids[part["id"]]))
        else:
            parts.append(Part(part["id"], part["label"], "prose",
                              paragraphs=paragraphs(report.prose.get(part["id"]))))
    title = " ".join(clean(report.title).split("\n"))
    return Document(title=title, info=info, parts=tuple(parts), format=report.format,
                    notice=spec.notice, notice_title=spec.notice_title, meta=values,
                    opening=paragraphs(report.prose.get("opening")), signoff=signoff(report))


def signoff(report: Report) -> tuple[str, ...]:
    """The sign-off lines: as the source printed them, else the unit and the date (2025年1月20日)."""
    if report.prose.get("signoff"):
        return paragraphs(report.prose["signoff"])
    return paragraphs(f"{report.unit}\n{chinese_date(report.date)}")


def chinese_date(text: str) -> str:
    """2025-01-20 → 2025年1月20日; any other text as it is."""
    import re

    m = re.fullmatch(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*", text or "")
    return f"{m[1]}年{int(m[2])}月{int(m[3])}日" if m else (text or "")
