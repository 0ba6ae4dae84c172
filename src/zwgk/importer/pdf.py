"""A PDF report to text, through its text layer read with pypdfium2 (Apache-2.0/BSD-3-Clause).

Every character comes with its position, and the ruling lines with theirs: ruled tables are
rebuilt cell by cell (`pdfgrid`), so a blank cell stays an empty field in its own column instead
of vanishing as it does in plain text; the rest of the page becomes paragraphs (`pdfpage`).
The text then goes through the same reader as copied text, Word and HTML.

The work is bounded: at most MAX_PAGES pages, MAX_PAGE_CHARS characters a page and MAX_CHARS in
all, MAX_SEGMENTS path segments a page (more, and the rulings of that page are not used).
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

MAX_PAGES = 300
MAX_PAGE_CHARS = 30000
MAX_CHARS = 400000      # in the whole file
MAX_SEGMENTS = 20000
MIN_TEXT = 20           # fewer visible characters in the whole file: a scan without a text layer
THIN = 3.0              # points: a path this thin is a ruling line
_PDFIUM = threading.Lock()


def pdf_text(path: Path, data: bytes | None = None) -> str:
    """The report's text: table rows tab-separated (blank cells empty), prose as paragraphs."""
    pages = read_pages(path, data)
    visible = sum(len(p.chars) for p in pages)
    if visible < MIN_TEXT:
        raise UnreadableFileError(
            "这是扫描件（只有图像、没有文字层）的 PDF，无法读取其中的文字；请取得带文字的 PDF、"
            "Word 或网页版本，或先用文字识别（OCR）软件转为文字后再导入", file=str(path))
    odd = sum(_undecodable(c.ch) for p in pages for c in p.chars)
    if odd > visible / 2:
        raise UnreadableFileError("PDF 的文字层无法解码（字体缺少编码表，读出的是乱码）；"
                                  "请取得 Word 或网页版本后再导入", file=str(path))
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
            raise UnreadableFileError("PDF 文件已加密（需要密码才能打开），请先在 PDF 软件中输入密码"
                                      "另存为不加密的 PDF，或取得 Word 版本后再导入", file=str(path)) from None
        raise UnreadableFileError("无法打开 PDF 文件，文件可能已损坏或不完整", file=str(path)) from None
    try:
        if len(pdf) > MAX_PAGES:
            raise UnreadableFileError(f"PDF 共 {len(pdf)} 页，超过 {MAX_PAGES} 页，不像一份年度报告", file=str(path))
        pages, total = [], 0
        for i in range(len(pdf)):
            pages.append(_read_page(pdf[i], i, path))
            total += len(pages[-1].chars)
            if total > MAX_CHARS:
                raise UnreadableFileError(f"PDF 的文字超过 {MAX_CHARS} 个字符，不像一份年度报告", file=str(path))
        return pages
    finally:
        pdf.close()


def _read_page(page, index: int, path: Path) -> Page:
    try:
        view = _View(page)
        chars = _chars(page, view, index, path)
        horizontal, vertical = _rulings(page, view)
        return Page(view.width, view.height, chars, horizontal, vertical)
    finally:
        page.close()


class _View:
    """User space to the page as shown: y downwards, the page's /Rotate applied."""

    def __init__(self, page):
        left, bottom, right, top = page.get_mediabox()
        self.left, self.bottom, self.w, self.h = left, bottom, right - left, top - bottom
        self.rotation = page.get_rotation() % 360
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


def _chars(page, view: _View, index: int, path: Path) -> list[Char]:
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        if n > MAX_PAGE_CHARS:
            raise UnreadableFileError(f"PDF 第 {index + 1} 页有 {n} 个字符，超过 {MAX_PAGE_CHARS} 个，"
                                      "不像一份年度报告", file=str(path))
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


def _upright(chars: list[Char], angles: list[int]) -> list[Char]:
    """The characters set at the page's usual angle: text turned otherwise (a diagonal
    watermark, a stamp's ring of characters) is left out."""
    if not chars:
        return chars
    usual = Counter(angles).most_common(1)[0][0]
    return [c for c, a in zip(chars, angles) if min((a - usual) % 360, (usual - a) % 360) <= 10]


def _rulings(page, view: _View):
    """Horizontal and vertical segments drawn by the page's paths (stroked lines and thin
    filled rectangles), inside form XObjects too, in view coordinates; none when there are more
    than MAX_SEGMENTS (the page is then read without its rulings)."""
    horizontal, vertical = [], []
    budget = [MAX_SEGMENTS]
    for obj, outer in _path_objects(page):
        box = _bounds(obj, outer, view)
        if box is None:
            continue
        x0, y0, x1, y1 = box
        if y1 - y0 <= THIN and x1 - x0 > THIN:
            horizontal.append(((y0 + y1) / 2, x0, x1))
        elif x1 - x0 <= THIN and y1 - y0 > THIN:
            vertical.append(((x0 + x1) / 2, y0, y1))
        elif _stroked(obj):
            for (ax, ay), (bx, by) in _segments(obj, outer, view, budget):
                if abs(ay - by) <= 0.5 and abs(ax - bx) > THIN:
                    horizontal.append(((ay + by) / 2, min(ax, bx), max(ax, bx)))
                elif abs(ax - bx) <= 0.5 and abs(ay - by) > THIN:
                    vertical.append(((ax + bx) / 2, min(ay, by), max(ay, by)))
        if budget[0] < 0:
            return [], []
    return horizontal, vertical


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _then(m, n):
    """The matrix applying m, then n (PDF's a b c d e f)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _path_objects(page, depth: int = 4):
    """(path object, matrix from its container to the page) for the page and its forms."""
    import pypdfium2.raw as raw

    stack = [(None, _IDENTITY, depth)]
    while stack:
        form, outer, left = stack.pop()
        count = raw.FPDFFormObj_CountObjects(form) if form else raw.FPDFPage_CountObjects(page.raw)
        for i in range(min(count, MAX_SEGMENTS)):
            obj = raw.FPDFFormObj_GetObject(form, i) if form else raw.FPDFPage_GetObject(page.raw, i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                yield obj, outer
            elif kind == raw.FPDF_PAGEOBJ_FORM and left > 0:
                stack.append((obj, _then(_matrix(obj), outer), left - 1))


def _matrix(obj):
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _bounds(obj, outer, view: _View):
    """The object's box in view coordinates (its own matrix applied by PDFium, the forms' here)."""
    import pypdfium2.raw as raw

    l, b, r, t = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(obj, l, b, r, t):
        return None
    corners = [view.point(*_apply(outer, x, y)) for x in (l.value, r.value) for y in (b.value, t.value)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _stroked(obj) -> bool:
    import pypdfium2.raw as raw

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    return bool(raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) and stroke.value)


def _segments(obj, outer, view: _View, budget: list):
    """Straight segments of a path object (curves are skipped), in view coordinates."""
    import pypdfium2.raw as raw

    m = _then(_matrix(obj), outer)
    x, y = ctypes.c_float(), ctypes.c_float()
    count = raw.FPDFPath_CountSegments(obj)
    budget[0] -= count
    if budget[0] < 0:
        return
    last = start = None
    for i in range(count):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        p = view.point(*_apply(m, x.value, y.value))
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = p
        elif kind == raw.FPDF_SEGMENT_LINETO and last is not None:
            yield last, p
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            yield p, start
        last = p


def _undecodable(ch: str) -> bool:
    return ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" or ord(ch) < 32
