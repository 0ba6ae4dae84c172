"""A quick look at a worksheet part in the plain shape zwgk (and Excel) write, so that the
common case skips the element-by-element scan of zwgk.workbook.inspect.

`quick_extent` only ever *accepts*: it returns what the full scan would find, or None
whenever anything is out of the plain shape, out of the limits or not well-formed, and the full
scan then decides (and words any refusal).  The plain shape is checked on the bytes:

* the part is small, UTF-8 by its declaration, with no DTD, comment or CDATA (`<!`: no entity can
  expand to markup) and no prefixed c, row, f or dimension element, so every element so named
  starts with the bytes `<c`, `<row`, `<f`, `<dimension`;
* it is well-formed (expat, with no Python callbacks: C speed);
* every `<c` starts with a literal `r="A1"`, every `<row` with a literal `r="5"`;
* no error cell can hide in it (no `"e"`, `'e'` or character reference `&#` anywhere);
* every formula's text holds no markup.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from xml.parsers import expat

MAX_QUICK = 1024 * 1024            # bytes: far below MAX_ELEMENTS elements, whatever they are
HEADS = (b'<?xml version="1.0" encoding="UTF-8"', b"<?xml version='1.0' encoding='UTF-8'")

_ANY = re.compile(rb"<(c|row|f)[\s/>]")                  # every element that matters, by name
_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[\s/>]')
_ROW = re.compile(rb'<row r="([0-9]{1,7})"[\s/>]')
_CELL_FORMULA = re.compile(rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^<]*><f>([^<]*)</f>')
_FORMULA = re.compile(rb'<f(?:\s+[A-Za-z_][\w.-]*="[^"<>&]*")*\s*(/?)>')
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]{1,3}[0-9]{1,7}:)?([A-Z]{1,3})([0-9]{1,7})"[\s/>]')
_PREFIXED = re.compile(rb":(?:c|row|f|dimension)[\s/>]")     # a prefixed element that matters (x:c)
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&"))


def quick_extent(data: bytes, max_rows: int, max_cols: int, shared: str):
    """(last row, last column, {cell: formula}) of the sheet, as the full scan finds them, when
    the part is in the plain shape and within `max_rows` x `max_cols`; else None.  `shared` is the
    text a formula without text (a shared formula's follower) is given."""
    if len(data) > MAX_QUICK or not data.startswith(HEADS) or not _plain(data) or not _well_formed(data):
        return None
    names, rows, cells = _ANY.findall(data), _ROW.findall(data), _CELL.findall(data)
    if len(cells) != names.count(b"c") or len(rows) != names.count(b"row"):
        return None
    letters, numbers = zip(*cells) if cells else ((), ())
    last_row = max(max(map(int, rows), default=0), max(map(int, numbers), default=0))
    last_col = max(map(_column, set(letters)), default=0)
    dimensions = _DIMENSION.findall(data)
    if len(dimensions) != data.count(b"<dimension"):
        return None
    if any(int(number) > max_rows or _column(column) > max_cols for column, number in dimensions):
        return None
    if last_row > max_rows or last_col > max_cols:
        return None
    formulas = _formulas(data, names.count(b"f"), shared)
    return None if formulas is None else (last_row, last_col, formulas)


def _plain(data: bytes) -> bool:
    return (b"<!" not in data and b"&#" not in data and b'"e"' not in data and b"'e'" not in data
            and data.count(b"<?") == 1 and _PREFIXED.search(data) is None)


def _well_formed(data: bytes) -> bool:
    try:
        expat.ParserCreate().Parse(data, True)
    except (expat.ExpatError, ValueError):
        return False
    return True


def _formulas(data: bytes, count: int, shared: str) -> dict[str, str] | None:
    """{cell: formula text} as the full scan finds it (the text of each <f>, under the cell
    opened last before it); None when a formula holds markup."""
    if not count:
        return {}
    plain = _CELL_FORMULA.findall(data)          # <c r="D5" …><f>text</f>, the usual shape
    if len(plain) == count:
        pairs = plain
    else:
        pairs = _each_formula(data, count)
        if pairs is None:
            return None
    out: dict[str, str] = {}
    for cell, text in pairs:
        if text is None:                         # <f …/>: a shared formula's follower
            out[cell.decode("ascii")] = shared
        elif b"\r" in text:
            return None
        else:
            out[cell.decode("ascii")] = _unescaped(text.decode("utf-8")).strip() or shared
    return out


def _each_formula(data: bytes, count: int) -> list[tuple[bytes, bytes | None]] | None:
    """(cell, text or None) of every <f>, its cell being the one opened last before it."""
    found = list(_FORMULA.finditer(data))
    if len(found) != count:
        return None
    cells = list(_CELL.finditer(data))
    starts = [m.start() for m in cells]
    pairs = []
    for match in found:
        at = bisect_right(starts, match.start())
        cell = cells[at - 1][1] + cells[at - 1][2] if at else b""
        if match.group(1):
            pairs.append((cell, None))
            continue
        end = data.find(b"</f>", match.end())
        text = data[match.end():end] if end >= 0 else b"<"
        if b"<" in text:
            return None
        pairs.append((cell, text))
    return pairs


def _unescaped(text: str) -> str:
    """The five XML entities undone (a well-formed part without a DTD has no others here)."""
    if "&" in text:
        for entity, char in _ENTITIES:
            text = text.replace(entity, char)
    return text


def _column(letters: bytes) -> int:
    col = 0
    for ch in letters:
        col = col * 26 + ch - 64
    return col
