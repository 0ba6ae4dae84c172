"""Everything a clerk could notice in a workbook, as comparable data (read with openpyxl), and the
semantic XML of the parts openpyxl might not carry over from xlsxwriter's output."""
from __future__ import annotations

import zipfile
from xml.etree import ElementTree as ET

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _xml(obj) -> str | None:
    from openpyxl.xml.functions import tostring

    return None if obj is None else tostring(obj.to_tree()).decode("utf-8")


def cell_view(cell) -> dict:
    view = {"value": str(cell.value), "type": cell.data_type, "font": _xml(cell.font),
            "fill": _xml(cell.fill), "border": _xml(cell.border), "alignment": _xml(cell.alignment),
            "protection": _xml(cell.protection), "number_format": cell.number_format,
            "comment": None, "hyperlink": None}
    if cell.comment is not None:
        view["comment"] = (cell.comment.text, cell.comment.author)
    if cell.hyperlink is not None:
        view["hyperlink"] = (cell.hyperlink.location, cell.hyperlink.target)
    return view


def sheet_view(ws) -> dict:
    dims = {k: _xml(v) for k, v in ws.column_dimensions.items()}
    return {
        "state": ws.sheet_state, "merged": sorted(map(str, ws.merged_cells.ranges)), "cols": dims,
        "rows": {k: v.height for k, v in ws.row_dimensions.items()},
        "validations": sorted(_xml(dv) for dv in ws.data_validations.dataValidation),
        "conditional": sorted((str(cf.sqref), tuple(_xml(r) for r in cf.rules))
                              for cf in ws.conditional_formatting),
        "protection": _xml(ws.protection), "page_setup": _xml(ws.page_setup),
        "margins": _xml(ws.page_margins), "print_options": _xml(ws.print_options),
        "print_area": ws.print_area, "print_titles": (ws.print_title_rows, ws.print_title_cols),
        "freeze": ws.freeze_panes, "properties": _xml(ws.sheet_properties),
    }


def snapshot(path) -> dict:
    """{"sheets": [...], "sheet:<name>": sheet view, (name, A1): cell view, "book": ...}."""
    import openpyxl

    book = openpyxl.load_workbook(path, rich_text=True)
    out = {"sheets": book.sheetnames,
           "book": {"names": sorted((n, str(d.value)) for n, d in book.defined_names.items()),
                    "custom": sorted((p.name, str(p.value)) for p in book.custom_doc_props.props),
                    "active": book.active.title}}
    for ws in book.worksheets:
        out[f"sheet:{ws.title}"] = sheet_view(ws)
        for row in ws.iter_rows():
            for cell in row:
                view = cell_view(cell)
                if view["value"] != "None" or view["comment"] or cell.has_style:
                    out[(ws.title, cell.coordinate)] = view
    return out


# --- semantic XML: defaults made explicit, order-free lists sorted -----------------------------
DEFAULTS = {
    "sheetProtection": {"objects": "0", "scenarios": "0", "formatCells": "1", "formatColumns": "1",
                        "formatRows": "1", "insertColumns": "1", "insertRows": "1",
                        "insertHyperlinks": "1", "deleteColumns": "1", "deleteRows": "1",
                        "selectLockedCells": "0", "sort": "1", "autoFilter": "1",
                        "pivotTables": "1", "selectUnlockedCells": "0", "sheet": "0"},
    "dataValidation": {"showDropDown": "0", "allowBlank": "0", "showErrorMessage": "0",
                       "showInputMessage": "0", "type": "none", "operator": "between",
                       "errorStyle": "stop"},
}
PARTS = ["dataValidations", "conditionalFormatting", "mergeCells", "sheetProtection", "pageSetup",
         "printOptions", "pageMargins", "pageSetUpPr", "cols", "headerFooter"]


def canon(el, dxfs: list) -> tuple:
    tag = el.tag.replace(NS, "")
    attrs = {**DEFAULTS.get(tag, {}), **el.attrib}
    if "sqref" in attrs:
        attrs["sqref"] = " ".join(sorted(attrs["sqref"].split()))
    if "dxfId" in attrs:
        attrs["dxfId"] = dxfs[int(attrs["dxfId"])]
    attrs.pop("count", None)
    children = [canon(c, dxfs) for c in el]
    if tag in ("mergeCells", "dataValidations"):
        children.sort()
    return tag, tuple(sorted(attrs.items())), (el.text or "").strip(), tuple(children)


def xml_parts(path) -> dict:
    """{(sheet, part): canonical elements} and the defined names, straight from the file."""
    with zipfile.ZipFile(path) as zf:
        book = ET.fromstring(zf.read("xl/workbook.xml"))
        rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))}
        styles = ET.fromstring(zf.read("xl/styles.xml"))
        dxfs = [repr(canon(d, [])) for d in styles.iter(NS + "dxf")]
        out = {}
        for sheet in book.iter(NS + "sheet"):
            target = rels[sheet.get(RID)].lstrip("/")
            root = ET.fromstring(zf.read(target if target.startswith("xl/") else "xl/" + target))
            for part in PARTS:
                found = [canon(e, dxfs) for e in root.iter(NS + part)]
                out[(sheet.get("name"), part)] = [e for e in found if e[1:] != ((), "", ())]
        out["definedNames"] = sorted((d.get("name"), d.get("localSheetId"), d.text.replace("'", ""))
                                     for d in book.iter(NS + "definedName"))
    return out
