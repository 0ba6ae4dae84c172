"""A PDF report to text, through its text layer read with pypdfium2 (Apache-2.0/BSD-3-Clause).

Every character comes with its position, and the ruling lines with theirs: ruled tables are
rebuilt cell by cell (`pdfgrid`), so a blank cell stays an empty field in its own column instead
of vanishing as it does in plain text; the rest of the page becomes paragraphs (`pdfpage`).
The text then goes through the same reader as copied text, Word and HTML.

The work is bounded: at most MAX_PAGES pages, MAX_PAGE_CHARS characters a page and MAX_CHARS in
all, `pdfrules.MAX_SEGMENTS` drawing objects and segments a page and MAX_DOCUMENT in all (past
them, pages are read without their rulings).
"""
from __future__ import annotations

import ctypes
import math
import threading
import unicodedata
from collections import Counter
from pathlib import Path

from zwgk.errors import UnreadableFileError
from zwgk.importer.pdflines import Char, Page
from zwgk.importer.pdfpage import assemble
from zwgk.importer.pdfrules import MAX_DOCUMENT, rulings

MAX_PAGES = 300
MAX_PAGE_CHARS = 30000
MAX_CHARS = 400000      # in the whole file
MIN_TEXT = 20           # fewer visible characters in the whole file: a scan without a text layer
SCANNED_PAGE = 40       # a page showing an image and fewer characters is a scanned page
_PDFIUM = threading.Lock()


def pdf_text(path: Path, data: bytes | None = None) -> str:
    """The report's text: table rows tab-separated (blank cells empty), prose as paragraphs."""
    pages = read_pages(path, data)
    visible = sum(len(p.chars) for p in pages)
    scanned = sum(p.pictured and len(p.chars) < SCANNED_PAGE for p in pages)
    if visible < MIN_TEXT or scanned > len(pages) / 2:     # most pages are scans
        raise UnreadableFileError.of("import.pdf_scanned", file=str(path))
    odd = sum(_undecodable(c.ch) for p in pages for c in p.chars)
    if odd > visible / 2:
        raise UnreadableFileError.of("import.pdf_garbled", file=str(path))
    return assemble(pages)


def read_pages(path: Path, data: bytes | None = None) -> list[Page]:
    with _PDFIUM:                          # PDFium is not thread-safe: one document at a time
        return _read_pages(path, data)


def _read_pages(path: Path, data: bytes | None) -> list[Page]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data if data is not None else path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
            raise UnreadableFileError.of("import.pdf_encrypted", file=str(path)) from None
        raise UnreadableFileError.of("import.pdf_damaged", file=str(path)) from None
    try:
        if len(pdf) > MAX_PAGES:
            raise UnreadableFileError.of("import.pdf_too_many_pages", file=str(path), pages=len(pdf), limit=MAX_PAGES)
        pages, total, allowance = [], 0, [MAX_DOCUMENT]
        for i in range(len(pdf)):
            pages.append(_read_page(_page(pdf, i, path), i, path, allowance))
            total += len(pages[-1].chars)
            if total > MAX_CHARS:
                raise UnreadableFileError.of("import.pdf_too_much_text", file=str(path), limit=MAX_CHARS)
        return pages
    finally:
        pdf.close()


def _page(pdf, index: int, path: Path):
    """Page `index`; a page PDFium cannot load (a page tree pointing at itself, a broken object)
    is told as damage, not as an unforeseen failure."""
    import pypdfium2 as pdfium

    try:
        return pdf[index]
    except pdfium.PdfiumError:
        raise UnreadableFileError.of("import.pdf_page_damaged", file=str(path), page=index + 1) from None


def _read_page(page, index: int, path: Path, allowance: list[int]) -> Page:
    try:
        view = _View(page)
        chars, usual = _chars(page, view, index, path)
        upright = -usual % 360             # PDFium measures the angle clockwise; /Rotate turns clockwise
        turn = min((0, 90, 180, 270), key=lambda q: min((upright - q) % 360, (q - upright) % 360))
        if turn != view.rotation:          # text set sideways: read the page turned so it stands upright
            view = _View(page, turn)
            chars, _ = _chars(page, view, index, path)
        horizontal, vertical = rulings(page, view, allowance)
        return Page(view.width, view.height, chars, horizontal, vertical, _pictured(page))
    finally:
        page.close()


class _View:
    """User space to the page as shown: its CropBox, y downwards, turned by its /Rotate (or by
    `rotation`, the quarter turn that sets the page's text upright)."""

    def __init__(self, page, rotation: int | None = None):
        left, bottom, right, top = page.get_cropbox()      # the page as shown (MediaBox if none)
        if right - left < 10 or top - bottom < 10:          # a broken CropBox: the whole sheet
            left, bottom, right, top = page.get_mediabox()
        self.left, self.bottom, self.w, self.h = left, bottom, right - left, top - bottom
        self.rotation = (page.get_rotation() if rotation is None else rotation) % 360
        self.width, self.height = (self.h, self.w) if self.rotation in (90, 270) else (self.w, self.h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        x, y = x - self.left, y - self.bottom
        if self.rotation == 90:
            return y, x
        if self.rotation == 180:
            return self.w - x, y
        if self.rotation == 270:
            return self.h - y, self.w - x
        return x, self.h - y

    def box(self, left, bottom, right, top) -> tuple[float, float, float, float]:
        (ax, ay), (bx, by) = self.point(left, bottom), self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _chars(page, view: _View, index: int, path: Path) -> tuple[list[Char], int]:
    """The page's visible characters set at its usual angle, and that angle (degrees)."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        if n > MAX_PAGE_CHARS:
            raise UnreadableFileError.of("import.pdf_page_too_much_text", file=str(path), page=index + 1,
                                         chars=n, limit=MAX_PAGE_CHARS)
        rect, alpha = raw.FS_RECTF(), (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
        out, angles = [], []
        for i in range(n):
            code = raw.FPDFText_GetUnicode(textpage.raw, i)
            if code <= 32 or code in (0xA0, 0x3000, 0xFEFF) or raw.FPDFText_IsGenerated(textpage.raw, i) == 1:
                continue
            if not raw.FPDFText_GetLooseCharBox(textpage.raw, i, rect):
                continue
            if raw.FPDFText_GetFillColor(textpage.raw, i, *alpha) and alpha[3].value < 64:
                continue                                         # (nearly) transparent: a watermark
            x0, top, x1, bottom = view.box(rect.left, rect.bottom, rect.right, rect.top)
            if x1 < 0 or bottom < 0 or x0 > view.width or top > view.height:
                continue                                         # off the page
            out.append(Char(char_of(code), x0, top, x1, bottom))
            angles.append(round(math.degrees(raw.FPDFText_GetCharAngle(textpage.raw, i))) % 360)
        return _upright(out, angles)
    finally:
        textpage.close()


def char_of(code: int) -> str:
    """The character PDFium reports, with Kangxi radicals and CJK compatibility ideographs (which
    some fonts map 一, 目, 行… to) as the ordinary ideographs."""
    if code >= 0x110000 or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    ch = chr(code)
    if "\u2e80" <= ch <= "\u2fdf" or "\uf900" <= ch <= "\ufaff":
        return unicodedata.normalize("NFKC", ch)[:1] or ch
    return ch


def _upright(chars: list[Char], angles: list[int]) -> tuple[list[Char], int]:
    """The characters set at the page's usual angle, and that angle: text turned otherwise (a
    diagonal watermark, a stamp's ring of characters) is left out."""
    if not chars:
        return chars, 0
    usual = Counter(angles).most_common(1)[0][0]
    return [c for c, a in zip(chars, angles) if min((a - usual) % 360, (usual - a) % 360) <= 10], usual


def _pictured(page, look: int = 2000) -> bool:
    """The page shows an image among its first `look` objects."""
    import pypdfium2.raw as raw

    count = min(raw.FPDFPage_CountObjects(page.raw), look)
    return any(raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page.raw, i)) == raw.FPDF_PAGEOBJ_IMAGE
               for i in range(count))


def _undecodable(ch: str) -> bool:
    return ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" or ord(ch) < 32
