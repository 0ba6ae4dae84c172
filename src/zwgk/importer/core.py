"""import_text / import_file: a published report in, a `Report` and the import notes out."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from zwgk.errors import NotAReportError, ZwgkError
from zwgk.importer.meta import read_meta
from zwgk.importer.notes import (
    BLANK,
    CHECK,
    INFERRED,
    LOOSE,
    PLACED,
    Note,
    TableRead,
    wording,
)
from zwgk.importer.parts import find_parts
from zwgk.importer.text import fold, line_breaks
from zwgk.importer.units import factor_text, settle, stated_units
from zwgk.model import Report
from zwgk.spec import FORMATS, format_for_year, load_spec


@dataclass
class ImportResult:
    """The imported report, the notes on what was read, inferred or left blank, and the checks."""

    report: Report
    notes: list[Note] = field(default_factory=list)
    inferred: dict[str, str] = field(default_factory=dict)     # cell id -> how (workbook comments)
    review: dict[str, str] = field(default_factory=dict)       # read by arithmetic or position: check it
    placed: int = 0
    source: str = ""
    findings: list | None = None                               # zwgk.checks findings, if available
    origins: dict[str, tuple[str, int, int]] = field(default_factory=dict)   # workbooks: cell id -> (sheet, row, col)

    @property
    def workbook_notes(self) -> dict[str, str]:
        """Comments for the workbook: inferred cells, and cells whose reading deserves a look."""
        return {**self.review, **self.inferred}

    @property
    def partial(self) -> bool:
        return any(v is None for v in self.report.cells.values())

    def to_dict(self) -> dict:
        return {
            "source": self.source, "report": self.report.to_dict(),
            "placed": self.placed, "inferred": dict(self.inferred), "review": dict(self.review),
            "blank": [c for c, v in self.report.cells.items() if v is None],
            "notes": [n.to_dict() for n in self.notes],
            "checks": [_finding_dict(f) for f in self.findings] if self.findings is not None else None,
            **({"origins": {c: _sheet_cell(o) for c, o in self.origins.items()}} if self.origins else {}),
        }


def _sheet_cell(origin: tuple[str, int, int]) -> str:
    from zwgk.workbook.layout import a1

    return f"{origin[0]}!{a1(origin[1], origin[2])}"


def _finding_dict(f) -> dict:
    if hasattr(f, "to_dict"):
        return f.to_dict()
    data = getattr(f, "__dict__", None)
    return dict(data) if data else {"message": str(f)}


def import_text(text: str, format: str = "auto", source: str = "") -> ImportResult:
    """Import a report from its text (any of the layouts published reports come in)."""
    text = line_breaks(text)
    folded = fold(text)
    meta = read_meta(folded)
    probe = find_parts(folded)
    regions = {pid: probe.body(pid, folded) for pid in ("t2", "t3", "t4")}
    fmt = _choose_format(format, meta["year"], regions, meta.get("format", ""), folded)
    same = [p["label"] for p in load_spec(fmt).parts] == [p["label"] for p in load_spec("2021").parts]
    parts = probe if same else find_parts(folded, fmt)
    regions = {pid: parts.body(pid, folded) for pid in ("t2", "t3", "t4")}
    if regions["t3"] is None:
        span = _t3_without_heading(folded, fmt, parts)
        if span:
            regions["t3"] = folded[span[0]:span[1]]
            if regions["t2"] is not None and parts.found["t2"][1] < span[0]:
                regions["t2"] = folded[parts.found["t2"][1]:span[0]]
    result = ImportResult(Report(fmt), source=source)
    if not any(regions.values()) and not _has_row_labels(folded, fmt):
        raise NotAReportError("没有找到政府信息公开工作年度报告的表格（表二、表三、表四）和各部分标题，"
                              "不像一份年度报告", file=source or None)
    reads = _read_tables(regions, fmt, result)
    result.notes.extend(_variant_notes(regions))
    stated = stated_units(regions.get("t2") or "")
    report = _build_report(fmt, meta, reads, parts, text, result, stated)
    _free_units(report, stated)
    result.report = report
    _infer(result, set().union(*(r.printed_blank for r in reads)) if reads else set())
    _checks(result)
    return result


def _free_units(report: Report, stated: list[str]) -> None:
    """The unit of an amount whose unit the report names (2019 政府集中采购) and that was left
    blank: the one its table states, else 万元 as the format's heading has it."""
    for cid, cell in report.spec.cells.items():
        if cell.unit == "free" and cid not in report.units:
            report.units[cid] = stated[0] if len(stated) == 1 and stated[0] in ("元", "万元") else "万元"


def _amount(cell, cid: str, p, stated: list[str], result: ImportResult):
    """An amount in the unit of its cell (importer/units.py), with the note saying how."""
    amount = settle(p.value, p.unit, stated, cell.unit)
    words = wording()["units"]
    printed = f"{p.value}{p.unit}"
    if amount.value is None:
        result.notes.append(Note(BLANK, words["clash"].format(where=cell.where, printed=printed,
                                                              units="、".join(amount.clash)), (cid,), cell.table))
    elif amount.printed_unit:
        result.notes.append(Note(PLACED, words["converted"].format(
            where=cell.where, printed=printed, unit=amount.printed_unit,
            factor=factor_text(amount.printed_unit), value=amount.value), (cid,), cell.table))
        result.review[cid] = words["review"].format(printed=printed, unit=amount.printed_unit)
    return amount


def _t3_without_heading(folded: str, fmt: str, parts) -> tuple[int, int] | None:
    """表三 whose part heading was lost: from its first row label to the next part heading.
    (Only 表三: its labels are too specific to be met in prose; 表二's are not.)"""
    from zwgk.importer.tables import row_patterns

    starts = [m.start() for p in row_patterns(fmt, "t3") if not p.key.startswith("-")
              for m in [p.full.search(folded)] if m]
    if len(starts) < 3:
        return None
    start = min(starts)
    later = [s for s, _ in parts.found.values() if s > start]
    return start, min(later) if later else len(folded)


def _has_row_labels(folded: str, fmt: str) -> bool:
    """A report whose headings were lost still shows 表三's row labels."""
    from zwgk.importer.tables import row_patterns

    sample = folded[:200000]
    return sum(bool(p.full.search(sample)) for p in row_patterns(fmt, "t3")[:6]) >= 3


def _variant_notes(regions: dict) -> list[Note]:
    """Labels printed in a known variant wording (templates/variants.yaml), for the import report."""
    from zwgk.spec import load_variants

    out = []
    for tid, region in regions.items():
        if not region:
            continue
        squashed = "".join(region.split()).replace("|", "")
        for variant, official in (load_variants().get("labels") or {}).items():
            if variant in squashed:
                out.append(Note(LOOSE, f"标签“{variant}”按“{official}”识别", (), tid))
    return out


def _choose_format(requested: str, year, regions, stated: str = "", folded: str = "") -> str:
    """--format, else the format the report names (报表格式：2019), else both tables in the 2019
    form, else the year's format, else the labels of 表二."""
    from zwgk.importer.tables import t2_style, t3_style

    if requested in FORMATS:
        return requested
    if stated in FORMATS:
        return stated
    style = t2_style(regions["t2"]) if regions.get("t2") else None
    if style == "2019" and regions.get("t3") and t3_style(regions["t3"]) == "2019":
        return "2019"
    if year is not None:
        by_year = format_for_year(year)
        return by_year if style is None or style == by_year or by_year == "2021" else style
    return style or "2021"


def _read_tables(regions: dict, fmt: str, result: ImportResult) -> list[TableRead]:
    from zwgk.importer.tables import read_t2, read_t3, read_t4, t2_style

    reads = []
    for tid, reader in (("t2", read_t2), ("t3", read_t3), ("t4", read_t4)):
        region = regions.get(tid)
        sheet = load_spec(fmt).sheet_of(tid)
        if region is None:
            result.notes.append(Note(BLANK, f"未找到{sheet}（“{load_spec(fmt).tables[tid].caption}”），整表留空", (), tid))
            continue
        if tid == "t2":
            style = t2_style(region)
            if style and style != fmt:
                result.notes.append(Note(BLANK, f"{sheet}按 {style} 格式印制，与报告的 {fmt} 格式不同，整表留空", (), tid))
                continue
        try:
            reads.append(reader(region, fmt))
        except RecursionError as exc:     # a pathological text: this table stays blank, the rest goes on
            result.notes.append(Note(BLANK, f"{sheet}无法读取（{type(exc).__name__}），整表留空", (), tid))
    return reads


def _build_report(fmt, meta, reads, parts, original: str, result: ImportResult, stated=()) -> Report:
    spec = load_spec(fmt)
    cells, texts, units = {}, {}, {}
    for read in reads:
        result.notes.extend(read.notes)
        for cid, p in read.cells.items():
            if p.value is not None and not _fits(spec.cells[cid].kind, p.value):
                result.notes.append(Note(BLANK, f"{spec.cells[cid].where} 印为“{p.value}”，不是{wording()['kinds'][spec.cells[cid].kind]}，留空",
                                         (cid,), read.table))
                texts[cid] = str(p.value)
                continue
            value, unit = p.value, p.unit
            if spec.cells[cid].unit and p.value is not None:
                amount = _amount(spec.cells[cid], cid, p, stated, result)
                if amount.value is None:
                    texts[cid] = f"{p.value}{p.unit}"
                    continue
                value, unit = amount.value, amount.unit
            if p.how != "exact" and p.value is not None and cid not in result.review:
                result.review[cid] = f"导入：{wording()['review'].get(p.how.split('-')[0], p.how)}，请对照原文核对"
            cells[cid] = value
            if p.text:
                texts[cid] = p.text
            if unit and spec.cells[cid].unit == "free":
                units[cid] = unit
    result.placed = sum(v is not None for v in cells.values())
    prose = _read_prose(spec, parts, original, meta["unit"], result.source)
    return Report(fmt, unit=meta["unit"], district=meta["district"], year=meta["year"],
                  contact=meta.get("contact", ""), date=meta["date"], cells=cells, texts=texts,
                  units=units, prose=prose)




def _fits(kind_id: str, value) -> bool:
    """A printed number of the cell's kind (zwgk.kinds: the checks' rule; 3.0 counts as 3)."""
    from zwgk.kinds import kind

    return kind(kind_id).accepts(value)


WHOLE_PARAGRAPHS = (".docx", ".doc", ".wps", ".rtf", ".html", ".htm", ".shtml", ".mht", ".mhtml", ".pdf",
                    ".xlsx", ".xlsm", ".xls", ".ods", ".et")


def _read_prose(spec, parts, original: str, unit: str, source: str) -> dict[str, str]:
    """Parts 一、五、六, the opening paragraph before 一 and the sign-off under the last part."""
    from zwgk.importer.prose import opening, part_text, split_signoff

    # text copied from a PDF keeps the page's line breaks; Word, web pages, workbooks and PDFs read
    # directly (importer/pdfpage.py joins their lines) come in whole paragraphs
    wrapped = Path(source).suffix.lower() not in WHOLE_PARAGRAPHS
    prose = {}
    for part in spec.prose_parts():
        body = parts.body(part["id"], original)
        if body is not None:
            prose[part["id"]] = part_text(body, wrapped)
    if parts.found:
        prose["opening"] = opening(original[:min(s for s, _ in parts.found.values())])
        last = max(parts.found, key=lambda pid: parts.found[pid][0])
        if prose.get(last):
            prose[last], prose["signoff"] = split_signoff(prose[last], unit)
    if Path(source).suffix.lower() in (".md", ".markdown"):
        prose = {k: _markdown_text(v) for k, v in prose.items()}
    return prose


def _markdown_text(text: str) -> str:
    """Markdown prose as the reader saw it: backslash escapes (\\| \\#) and HTML entities
    (&lt; &amp;, how zwgk writes < and &) undone, so a .md zwgk wrote reads back exactly."""
    import html
    import re

    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>])", r"\1", html.unescape(text))


def _infer(result: ImportResult, allowed: set) -> None:
    """Fill the blanks the arithmetic forces, but only cells the text shows empty."""
    from zwgk.importer.infer import infer

    report = result.report
    kinds = {c: cell.kind for c, cell in report.spec.cells.items()}
    how = infer(report.cells, report.texts, report.spec.rules, kinds, allowed)
    result.inferred = how
    report.inferred = sorted(how)          # printed blank, as the source printed them
    for cid, why in how.items():
        result.notes.append(Note(INFERRED, f"{report.spec.cells[cid].where} 推得 {report.cells[cid]}：{why}",
                                 (cid,), report.spec.cells[cid].table))


def _checks(result: ImportResult) -> None:
    from zwgk.checks import check

    result.findings = list(check(result.report))


def import_file(path, format: str = "auto") -> ImportResult:
    """Import a .txt (any encoding), .docx, .html or .pdf report, or a workbook (.xlsx/.xlsm/.xls/.ods);
    .doc/.wps/.et through LibreOffice."""
    from zwgk.importer.convert import SHEET, converted, office_kind
    from zwgk.importer.sources import read_source
    from zwgk.importer.workbook import SUFFIXES, import_workbook

    path = Path(path)
    if path.is_file() and _workbook_by_content(path, path.suffix.lower() in SUFFIXES):
        return import_workbook(path, format=format)
    if path.is_file() and office_kind(path) == SHEET and path.suffix.lower() not in (".xls", ".xlt"):
        with converted(path, SHEET) as xlsx:            # WPS 表格 (.et): read as the .xlsx it becomes
            result = import_file(xlsx, format)
        result.source = str(path)
        return result
    text = read_source(path)
    if _is_pdf(path):                       # its rows were put in columns by position
        from zwgk.importer.grid import positioned_rows

        with positioned_rows():
            return import_text(text, format=format, source=str(path))
    return import_text(text, format=format, source=str(path))


def _workbook_by_content(path: Path, named: bool) -> bool:
    """Is the file a workbook (.xlsx/.xlsm/.ods package), whatever its name?  A PDF or a Word
    document named .xlsx is read as what it is; a file named as a workbook that is neither
    stays one, so the workbook reader says what is wrong with it."""
    from zwgk import guard

    head = guard.read_head(path, 8)
    if head[:5] == b"%PDF-":
        return False
    if head[:4] != b"PK\x03\x04":
        return named
    try:
        with guard.open_package(path) as package:
            names = package.NameToInfo
    except ZwgkError:
        return named
    if "word/document.xml" in names and "xl/workbook.xml" not in names:
        return False
    return named or "xl/workbook.xml" in names


def _is_pdf(path: Path) -> bool:
    from zwgk import guard

    return guard.read_head(path, 5) == b"%PDF-"


__all__ = ["CHECK", "PLACED", "ImportResult", "import_file", "import_text"]
