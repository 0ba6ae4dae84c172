"""The ruling lines of a PDF page: its path objects (inside form XObjects too) as horizontal and
vertical segments, in the page's view coordinates (`view.point` maps user space to the page as
shown).  Stroked lines and thin filled rectangles count; curves and large fills do not.
"""
from __future__ import annotations

import ctypes

MAX_SEGMENTS = 20000    # objects and path segments a page: beyond it the page's rulings are not used
MAX_DOCUMENT = 300000   # the same in the whole document: pages past it are read without rulings
THIN = 3.0              # points: a path this thin is a ruling line


def rulings(page, view, allowance: list[int] | None = None):
    """Horizontal and vertical segments drawn by the page's paths (stroked lines and thin
    filled rectangles), inside form XObjects too, in view coordinates.  Objects and segments
    looked at count against MAX_SEGMENTS for the page and against `allowance` (a one-item list,
    the document's remaining budget, spent here); past either, the page has no rulings."""
    horizontal, vertical = [], []
    budget = [min(MAX_SEGMENTS, allowance[0]) if allowance else MAX_SEGMENTS]
    start = budget[0]
    try:
        for obj, outer in _path_objects(page, budget):
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
                break
        return ([], []) if budget[0] < 0 else (horizontal, vertical)
    finally:
        if allowance:
            allowance[0] -= start - max(budget[0], 0)


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _then(m, n):
    """The matrix applying m, then n (PDF's a b c d e f)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _path_objects(page, budget: list[int], depth: int = 4):
    """(path object, matrix from its container to the page) for the page and its forms; every
    object looked at costs one from `budget`, and the walk stops when it is spent."""
    import pypdfium2.raw as raw

    stack = [(None, _IDENTITY, depth)]
    while stack:
        form, outer, left = stack.pop()
        count = raw.FPDFFormObj_CountObjects(form) if form else raw.FPDFPage_CountObjects(page.raw)
        for i in range(count):
            budget[0] -= 1
            if budget[0] < 0:
                return
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


def _bounds(obj, outer, view):
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


def _segments(obj, outer, view, budget: list):
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
