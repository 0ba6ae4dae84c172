"""import_text / import_file: a published report in, a `Report` and the import notes out."""
from __future__ import annotations


from zwgk.errors import NotAReportError
from zwgk.importer.meta import read_meta
from zwgk.importer.notes import BLANK, CHECK, INFERRED, LOOSE, PLACED, Note, TableRead
from zwgk.wording import words
from zwgk.importer.parts import find_parts
from zwgk.importer.patterns import table_ids, table_with
from zwgk.importer.result import ImportResult, run_checks
from zwgk.importer.sources import Source
from zwgk.importer.text import fold, line_breaks
from zwgk.importer.units import factor_text, settle, stated_units
from zwgk.model import Report
from zwgk.spec import FORMATS, format_for_year, load_spec


def import_text(text: str, format: str = "auto", source: str = "") -> ImportResult:
    """Import a report from its text (any of the layouts published reports come in); `source`
    names the file it came from (its suffix tells how its paragraphs were kept)."""
    return import_source(Source.named(text, source), format)


def import_source(src: Source, format: str = "auto") -> ImportResult:
    """Import a report read from a file (importer/sources.py), or a text."""
    text = line_breaks(src.text)
    folded = fold(text)
    meta = read_meta(folded)
    probe = find_parts(folded)
    regions = {pid: probe.body(pid, folded) for pid in table_ids(FORMATS[0])}
    fmt = _choose_format(format, meta["year"], regions, meta.get("format", ""), folded)
    same = [p["label"] for p in load_spec(fmt).parts] == [p["label"] for p in load_spec(FORMATS[0]).parts]
    parts = probe if same else find_parts(folded, fmt)
    regions = {pid: parts.body(pid, folded) for pid in table_ids(fmt)}
    _find_unheaded(regions, folded, fmt, parts)
    result = ImportResult(Report(fmt), source=src.name)
    if not any(regions.values()) and not _has_row_labels(folded, fmt):
        raise NotAReportError.of("import.not_a_report", file=src.name or None)
    reads = _read_tables(regions, fmt, result, src.positioned)
    result.notes.extend(_variant_notes(regions))
    stated = {tid: stated_units(region or "") for tid, region in regions.items()}   # each table's units
    report = _build_report(fmt, meta, reads, parts, src, text, result, stated)
    _free_units(report, stated)
    result.report = report
    _narrative(result, folded, regions, text)
    _infer(result, set().union(*(r.printed_blank for r in reads)) if reads else set())
    run_checks(result)
    return result


def _find_unheaded(regions: dict, folded: str, fmt: str, parts) -> None:
    """表三 whose part heading was lost: its region from its first row label on (the part before
    it ends there)."""
    matrix = table_with("matrix", fmt)
    if regions[matrix] is not None:
        return
    span = _t3_without_heading(folded, fmt, parts)
    if span:
        regions[matrix] = folded[span[0]:span[1]]
        order = table_ids(fmt)
        before = order[order.index(matrix) - 1] if order.index(matrix) else None
        if before and regions[before] is not None and parts.found[before][1] < span[0]:
            regions[before] = folded[parts.found[before][1]:span[0]]


def _free_units(report: Report, stated_by: dict[str, list[str]]) -> None:
    """The unit of an amount whose unit the report names (2019 政府集中采购) and that was left
    blank: the one its table states, else 万元 as the format's heading has it."""
    for cid, cell in report.spec.cells.items():
        if cell.unit == "free" and cid not in report.units:
            stated = stated_by.get(cell.table) or []
            report.units[cid] = stated[0] if len(stated) == 1 and stated[0] in ("元", "万元") else "万元"


def _amount(cell, cid: str, p, stated: list[str], result: ImportResult):
    """An amount in the unit of its cell (importer/units.py), with the note saying how."""
    amount = settle(p.value, p.unit, stated, cell.unit)
    printed = f"{p.value}{p.unit}"
    if amount.value is None:
        result.notes.append(Note.of(BLANK, "import.unit_clash", (cid,), cell.table, where=cell.where,
                                    printed=printed, units="、".join(amount.clash)))
    elif amount.printed_unit:
        result.notes.append(Note.of(PLACED, "import.unit_converted", (cid,), cell.table, where=cell.where,
                                    printed=printed, unit=amount.printed_unit, target=amount.unit,
                                    factor=factor_text(amount.printed_unit, amount.unit), value=amount.value))
        result.review[cid] = words("importer")["units"]["review"].format(printed=printed, unit=amount.printed_unit,
                                                                 target=amount.unit)
    return amount


def _t3_without_heading(folded: str, fmt: str, parts) -> tuple[int, int] | None:
    """表三 whose part heading was lost: from its first row label to the next part heading.
    (Only 表三: its labels are too specific to be met in prose; 表二's are not.)"""
    from zwgk.importer.tables import row_patterns

    starts = [m.start() for p in row_patterns(fmt, table_with("matrix", fmt)) if not p.key.startswith("-")
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
    return sum(bool(p.full.search(sample)) for p in row_patterns(fmt, table_with("matrix", fmt))[:6]) >= 3


def _variant_notes(regions: dict) -> list[Note]:
    """Labels printed in a known variant wording (templates/variants.yaml), for the import report."""
    from zwgk.wording import words

    out = []
    for tid, region in regions.items():
        if not region:
            continue
        squashed = "".join(region.split()).replace("|", "")
        for variant, official in (words("variants").get("labels") or {}).items():
            if variant in squashed:
                out.append(Note.of(LOOSE, "import.variant_label", (), tid, variant=variant, official=official))
    return out


def _choose_format(requested: str, year, regions, stated: str = "", folded: str = "") -> str:
    """--format, else the format the report names (报表格式：2019), else both tables in the 2019
    form, else the year's format, else the labels of 表二."""
    from zwgk.importer.tables import t2_style, t3_style

    if requested in FORMATS:
        return requested
    if stated in FORMATS:
        return stated
    sections, matrix = (regions.get(table_with(layout)) for layout in ("sections", "matrix"))
    style = t2_style(sections) if sections else None
    if style == "2019" and matrix and t3_style(matrix) == "2019":
        return "2019"
    if year is not None:
        by_year = format_for_year(year)
        return by_year if style is None or style == by_year or by_year == "2021" else style
    return style or "2021"


def _read_tables(regions: dict, fmt: str, result: ImportResult, positioned: bool = False) -> list[TableRead]:
    """Each table read from its region by the reader of its layout (a district's own table by
    `read_table`); a table not found, printed in the other format (表二) or unreadable is left
    blank, said in a note."""
    from zwgk.importer.tables import READERS, read_table, t2_style

    reads = []
    for tid, region in regions.items():
        table = load_spec(fmt).tables[tid]
        if region is None:
            result.notes.append(Note.of(BLANK, "import.table_missing", (), tid, table_name=table.sheet,
                                        caption=table.caption))
            continue
        if table.layout == "sections" and not table.extension:
            style = t2_style(region)
            if style and style != fmt:
                result.notes.append(Note.of(BLANK, "import.table_other_format", (), tid, table_name=table.sheet,
                                            style=style, format=fmt))
                continue
        reader = read_table if table.extension else READERS.get(table.layout)
        if reader is None:               # a layout the importer has no reader for: said, not guessed
            result.notes.append(Note.of(BLANK, "import.table_unreadable", (), tid, table_name=table.sheet,
                                        error=table.layout))
            continue
        try:
            reads.append(reader(region, fmt, tid, positioned))
        except RecursionError as exc:     # a pathological text: this table stays blank, the rest goes on
            result.notes.append(Note.of(BLANK, "import.table_unreadable", (), tid, table_name=table.sheet,
                                        error=type(exc).__name__))
    return reads


def _build_report(fmt, meta, reads, parts, src: Source, original: str, result: ImportResult, stated=None) -> Report:
    spec = load_spec(fmt)
    cells, texts, units = {}, {}, {}
    for read in reads:
        result.notes.extend(read.notes)
        for cid, p in read.cells.items():
            if p.value is not None and not _fits(spec.cells[cid].kind, p.value):
                result.notes.append(Note.of(BLANK, "import.not_its_kind", (cid,), read.table,
                                            where=spec.cells[cid].where, printed=p.value,
                                            expected=words("importer")["kinds"][spec.cells[cid].kind]))
                texts[cid] = str(p.value)
                continue
            value, unit = p.value, p.unit
            if spec.cells[cid].unit and p.value is not None:
                amount = _amount(spec.cells[cid], cid, p, (stated or {}).get(read.table) or [], result)
                if amount.value is None:
                    texts[cid] = f"{p.value}{p.unit}"
                    continue
                value, unit = amount.value, amount.unit
            if p.how != "exact" and p.value is not None and cid not in result.review:
                result.review[cid] = words("importer")["review_comment"].format(
                    how=words("importer")["review"].get(p.how.split("-")[0], p.how))
            cells[cid] = value
            if p.text:
                texts[cid] = p.text
            if unit and spec.cells[cid].unit == "free":
                units[cid] = unit
    result.placed = sum(v is not None for v in cells.values())
    prose = _read_prose(spec, parts, original, meta["unit"], src)
    return Report(fmt, unit=meta["unit"], district=meta["district"], year=meta["year"],
                  contact=meta.get("contact", ""), date=meta["date"], cells=cells, texts=texts,
                  units=units, prose=prose)




def _fits(kind_id: str, value) -> bool:
    """A printed number of the cell's kind (zwgk.kinds: the checks' rule; 3.0 counts as 3)."""
    from zwgk.kinds import kind

    return kind(kind_id).accepts(value)


def _read_prose(spec, parts, original: str, unit: str, src: Source) -> dict[str, str]:
    """Parts 一、五、六, the opening paragraph before 一 and the sign-off under the last part."""
    from zwgk.importer.prose import opening, part_text, split_signoff

    # text copied from a PDF keeps the page's line breaks; Word, web pages, workbooks and PDFs read
    # directly (importer/pdfpage.py joins their lines) come in whole paragraphs
    wrapped = src.wrapped
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
    if src.kind == "markdown":
        prose = {k: _markdown_text(v) for k, v in prose.items()}
    return prose


def _markdown_text(text: str) -> str:
    """Markdown prose as the reader saw it: backslash escapes (\\| \\#) and HTML entities
    (&lt; &amp;, how zwgk writes < and &) undone, so a .md zwgk wrote reads back exactly."""
    import html
    import re

    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>])", r"\1", html.unescape(text))


def _narrative(result: ImportResult, folded: str, regions: dict, original: str) -> None:
    """Rows of tables left blank that the report's text states whole (importer/narrative.py); the
    note quotes the sentence as printed (`original` has the offsets of `folded`)."""
    from zwgk.importer.narrative import fill_from_text, review_text
    from zwgk.spec import row_where

    report = result.report
    for ids, values, (start, end) in fill_from_text(report.cells, report.texts, folded, regions, report.spec):
        report.cells.update(zip(ids, values))
        result.review.update(dict.fromkeys(ids, review_text()))
        cell = report.spec.cells[ids[0]]
        result.notes.append(Note.of(PLACED, "import.stated_in_words", ids, cell.table, row=row_where(cell.row_path),
                                    sentence="".join(original[start:end].split())))
    result.placed = sum(v is not None for v in report.cells.values())


def _infer(result: ImportResult, allowed: set) -> None:
    """Fill the blanks the arithmetic forces, but only cells the text shows empty."""
    from zwgk.importer.infer import infer

    report = result.report
    kinds = {c: cell.kind for c, cell in report.spec.cells.items()}
    how = infer(report.cells, report.texts, report.spec.rules, kinds, allowed)
    result.inferred = how
    report.inferred = sorted(how)          # printed blank, as the source printed them
    for cid, why in how.items():
        result.notes.append(Note.of(INFERRED, "import.inferred", (cid,), report.spec.cells[cid].table,
                                    where=report.spec.cells[cid].where, value=report.cells[cid], why=why))

__all__ = ["CHECK", "PLACED", "ImportResult", "import_source", "import_text"]
