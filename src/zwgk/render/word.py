"""The report as a Word document (python-docx), laid out after GB/T 9704-2012 from `word.yaml`.

A4 portrait with 天头 37 mm and 订口 28 mm (版心 156 × 225 mm), the title in 2号小标宋, the body in
3号仿宋; 表三 and 表四 sit in a landscape section.  Every length, font and size comes from the
style file (`templates/render/word.yaml`); the tables are drawn from the shared grid, merges
included, with the header rows repeated on each page.
"""
from __future__ import annotations

import io
import re

from zwgk.atomic import FIXED_TIME
from zwgk.zips import rezip

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zwgk.render.document import Document
from zwgk.render.fonts import add_font_fallbacks
from zwgk.render.grid import TableGrid
from zwgk.render.templates import word_style

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def render_docx(doc: Document, style_dir=None) -> bytes:
    """The .docx file's bytes."""
    style = word_style(style_dir)
    out = new_docx()
    _base_style(out, style)
    section = out.sections[0]
    _page(section, style, landscape=False)
    if style["page"].get("page_numbers"):
        _page_number(section, style)
    _title(out, doc, style)
    if style.get("show_info", False):
        for label, value in doc.info:
            _paragraph(out, f"{label}：{value}", style, "info")
    for text in doc.opening:
        _paragraph(out, text, style, "body")
    landscape = False
    for part in doc.parts:
        wanted = part.kind == "table" and part.id in style.get("landscape_tables", ())
        if wanted != landscape:
            landscape = wanted
            _page(out.add_section(WD_SECTION.NEW_PAGE), style, landscape)
        _paragraph(out, part.label, style, "heading")
        if part.kind == "prose":
            sub = re.compile(style.get("subheading_pattern") or r"(?!)")
            for text in part.paragraphs:
                _paragraph(out, text, style, "subheading" if sub.fullmatch(text) else "body")
        else:
            _table(out, part.grid, style, landscape)
    _signoff(out, doc, style)
    add_font_fallbacks(out, [style["fonts"][k] for k in style["fonts"]])
    _properties(out, doc)
    buffer = io.BytesIO()
    out.save(buffer)
    return rezip(buffer.getvalue())


# --- page and text ---------------------------------------------------------------------------
def _page(section, style: dict, landscape: bool) -> None:
    page = style["page"]
    margins = page["landscape_margins" if landscape else "margins"]
    width, height = Mm(page["width"]), Mm(page["height"])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
    section.header_distance = Mm(page.get("header_distance", 15))
    section.footer_distance = Mm(page.get("footer_distance", 28))


def text_width(section):
    return section.page_width - section.left_margin - section.right_margin


def _font_names(style: dict, key: str) -> tuple[str, str]:
    """(East Asian font, Latin font) of a style's font key: the first of each list."""
    fonts = style["fonts"]
    return fonts[key][0], fonts.get("latin", fonts[key])[0]


def set_run_font(run, east: str, latin: str, size: float, bold: bool = False) -> None:
    run.font.name = latin
    run.font.size = Pt(size)
    run.font.bold = bold
    rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east)
    rfonts.set(qn("w:hint"), "eastAsia")


def _format(paragraph, spec: dict, size: float) -> None:
    fmt = paragraph.paragraph_format
    if "align" in spec:
        paragraph.alignment = ALIGN[spec["align"]]
    if spec.get("line"):
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(spec["line"])
    fmt.space_before = Pt(spec.get("space_before", 0))
    fmt.space_after = Pt(spec.get("space_after", 0))
    if spec.get("indent"):
        fmt.first_line_indent = Pt(size * spec["indent"])
    if spec.get("right_indent"):
        fmt.right_indent = Pt(size * spec["right_indent"])
    if spec.get("keep_with_next"):
        fmt.keep_with_next = True


def title_lines(doc: Document, per_line: int) -> list[str]:
    """The title on one line, or, when longer than a line, broken after the unit's name
    (“八里堡街道办事处” / “2024年政府信息公开工作年度报告”) so that each line reads whole."""
    unit = doc.meta.get("unit", "")
    rest = doc.title[len(unit):]
    if (len(doc.title) <= per_line or not unit or not doc.title.startswith(unit)
            or max(len(unit), len(rest)) > per_line):
        return [doc.title]
    return [unit, rest]


def _title(out, doc: Document, style: dict) -> None:
    spec = style["styles"]["title"]
    section = out.sections[0]
    per_line = int(text_width(section) / Pt(spec["size"]))
    lines = title_lines(doc, per_line) if style.get("title_break", True) else [doc.title]
    paragraph = _paragraph(out, lines[0], style, "title")
    east, latin = _font_names(style, spec["font"])
    for line in lines[1:]:
        run = paragraph.add_run()
        run.add_break()
        set_run_font(run, east, latin, spec["size"])
        run.add_text(line)


def _signoff(out, doc: Document, style: dict) -> None:
    """The unit and the date under the last part, right-aligned (GB/T 9704 7.3.5)."""
    for i, line in enumerate(doc.signoff):
        paragraph = _paragraph(out, line, style, "signoff")
        if i == 0:
            paragraph.paragraph_format.space_before = Pt(style["styles"]["signoff"].get("line", 28.95))


def _paragraph(out, text: str, style: dict, name: str):
    spec = style["styles"][name]
    paragraph = out.add_paragraph()
    _format(paragraph, spec, spec["size"])
    east, latin = _font_names(style, spec["font"])
    set_run_font(paragraph.add_run(text), east, latin, spec["size"], spec.get("bold", False))
    return paragraph


def _base_style(out, style: dict) -> None:
    """Normal: the body font, so that empty paragraphs and table cells match the text."""
    spec = style["styles"]["body"]
    east, latin = _font_names(style, spec["font"])
    normal = out.styles["Normal"]
    normal.font.name, normal.font.size = latin, Pt(spec["size"])
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east)
    lang = OxmlElement("w:lang")                       # Chinese line breaking and punctuation
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)


def _properties(out, doc: Document) -> None:
    """File properties: the report's title and unit, not the blank template's."""

    props = out.core_properties
    props.title, props.subject = _property(doc.title), _property(doc.notice_title)
    props.author = props.last_modified_by = _property(doc.meta.get("unit", ""))
    props.keywords, props.comments = "政府信息公开工作年度报告", ""
    props.created = props.modified = FIXED_TIME           # same report, same bytes
    props.revision = 1


def _property(text: str, limit: int = 255) -> str:
    """A file property holds at most 255 characters: a longer one is shortened there, with “…”
    (the document itself keeps the whole title)."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _page_number(section, style: dict) -> None:
    """“— 1 —” centred in the footer (GB/T 9704 7.5), linked into every later section."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font = style["fonts"][style["page"].get("page_number_font", "latin")][0]
    size = style["page"].get("page_number_size", 14)
    set_run_font(paragraph.add_run("— "), font, font, size)
    run = paragraph.add_run()
    set_run_font(run, font, font, size)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText" if text.strip() == "PAGE" else "w:t")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    set_run_font(paragraph.add_run(" —"), font, font, size)


# --- tables ----------------------------------------------------------------------------------
def _table(out, grid: TableGrid, style: dict, landscape: bool) -> None:
    table = out.add_table(rows=len(grid.rows), cols=grid.width)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table, style.get("border_pt", 0.5))
    flat = table._cells                                # once: table.cell() rebuilds this list per call
    at = {(i // grid.width, i % grid.width): c for i, c in enumerate(flat)}
    _widths(table, grid, style, text_width(out.sections[-1]), at)
    spec = {**style["styles"]["table"], **style.get("table_overrides", {}).get(grid.table, {})}
    east, latin = _font_names(style, spec["font"])
    for gc in grid.cells():                            # spans never overlap, so corners stay valid
        cell = at[(gc.row, gc.col)]
        if gc.rowspan > 1 or gc.colspan > 1:
            cell = cell.merge(at[(gc.row + gc.rowspan - 1, gc.col + gc.colspan - 1)])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        cell_spec = {**spec, **(style["styles"].get("table_row_label", {}) if gc.role == "row" else {})}
        _format(paragraph, cell_spec, spec["size"])
        if gc.text:
            set_run_font(paragraph.add_run(gc.text), east, latin, spec["size"])
    if grid.table in style.get("repeat_header", ()):
        for row in table.rows[:grid.header_rows]:
            _tr_flag(row, "w:tblHeader")
    if grid.table in style.get("keep_together", ()):
        _keep_blocks_together(table, grid)
    height = style.get("min_row_height", {}).get(grid.table)
    for row in table.rows:
        _tr_flag(row, "w:cantSplit")
        if height:
            row.height_rule, row.height = WD_ROW_HEIGHT_RULE.AT_LEAST, Mm(height)


def _keep_blocks_together(table, grid: TableGrid) -> None:
    """A page may break only before a caption row (第二十条第（五）项 …), never inside a block."""
    rows = table.rows
    for i, row in enumerate(rows[:-1]):
        if grid.rows[i + 1][0].role == "caption":
            continue
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _widths(table, grid: TableGrid, style: dict, total, at: dict) -> None:
    """Column widths from the style's weights, on the grid and on every (not yet merged) cell."""
    weights = list(style.get("column_weights", {}).get(grid.table, ()))[:grid.width]
    weights += [1] * (grid.width - len(weights))
    widths = [int(total * w / sum(weights)) for w in weights]
    for column, width in zip(table.columns, widths):
        column.width = width
    for (_, c), cell in at.items():
        cell.width = widths[c]


def _borders(table, width_pt: float) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(int(width_pt * 8)))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    tbl_pr.append(borders)


def _tr_flag(row, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    tr_pr.append(el)
