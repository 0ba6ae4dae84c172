"""Font fallbacks in a .docx: the preferred Chinese font is named in the text, and the font table
says which font to use where it is missing (`w:altName`), so a PC without 方正小标宋简体 or
仿宋_GB2312 still shows a 宋体/仿宋 document instead of a random substitute.
"""
from __future__ import annotations

from lxml import etree

from docx.oxml.ns import qn

FONT_TABLE = "/word/fontTable.xml"
GB2312_CHARSET = "86"


def add_font_fallbacks(document, font_lists) -> None:
    """For each [preferred, ..., fallback] list, declare `preferred` with the last name as altName."""
    part = next((p for p in document.part.package.iter_parts() if str(p.partname) == FONT_TABLE), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    known = {el.get(qn("w:name")): el for el in root.findall(qn("w:font"))}
    for names in font_lists:
        preferred, fallback = names[0], names[-1]
        if preferred in known or preferred.isascii():
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), preferred)
        if fallback != preferred:
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), fallback)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), GB2312_CHARSET)
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), "auto")
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
        known[preferred] = font
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def font_fallbacks(docx_path) -> dict[str, str | None]:
    """{font name: altName} declared in a .docx's font table (for tests and checks)."""
    import zipfile

    with zipfile.ZipFile(docx_path) as z:
        root = etree.fromstring(z.read(FONT_TABLE.lstrip("/")))
    out = {}
    for el in root.findall(qn("w:font")):
        alt = el.find(qn("w:altName"))
        out[el.get(qn("w:name"))] = alt.get(qn("w:val")) if alt is not None else None
    return out
