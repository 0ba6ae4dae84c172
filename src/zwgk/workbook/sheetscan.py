"""One worksheet part of an .xlsx/.xlsm, read by a real XML parser with namespaces resolved: the
last row and column its cells reach, its declared dimension, its formulas and error values.

Elements are matched by local name in whatever namespace ("c", "x:c", a foreign "y:c"), as
calamine matches them, so no cell calamine would read is missed; attributes in any order and
character references (`&#10;`) are the parser's business.  A part up to TREE_LIMIT bytes with no
DTD is parsed whole by lxml (in C, no entity resolved, nothing fetched); a larger one, or one
with a DTD, is streamed through expat (`namespace_separator`), in chunks, so a long sheet is
stopped early, and expat bounds entity expansion.  Both feed the same `_SheetScan`.  Before
either, a part in the plain shape zwgk and Excel write is taken by a byte-level look that only
ever accepts (zwgk.workbook.inspect_quick), and every other part goes to the parsers.
"""
from __future__ import annotations

import re
from xml.parsers import expat

from zwgk import guard
from zwgk.errors import UnreadableFileError
from zwgk.workbook.extent import CHUNK, MAX_COLS, MAX_ELEMENTS, MAX_ROWS, SHARED_FORMULA, Extent, _Stop, check_extent
from zwgk.workbook.inspect_quick import quick_extent
from zwgk.workbook.layout import a1

TREE_LIMIT = 1024 * 1024      # bytes: a part this small is at most ~250,000 elements as a tree
_TAGS = ("{*}c", "{*}row", "{*}f", "{*}v", "{*}dimension")


def sheet_extent(path, sheet: str, data: bytes, part: str) -> Extent:
    """What the parsers find in the part `data` of `sheet` (the plain look's answer when it takes
    the part); refuses in words a part that is not well-formed or that reaches beyond a report's
    limits."""
    plain = plain_extent(data)
    if plain is not None:
        return plain
    if len(data) <= TREE_LIMIT and b"<!DOCTYPE" not in data:
        found = _SheetScan(path, sheet, part).tree(data)
        if found is not None:
            return found
    try:
        return _SheetScan(path, sheet, part).stream(data)
    except _UnboundPrefix:          # a prefix nobody declared (x:ext): calamine reads such a part,
        return _SheetScan(path, sheet, part).stream(data, namespaces=False)   # so it is scanned


def plain_extent(data: bytes) -> Extent | None:
    """The part as the parsers would read it, when it is in the plain shape zwgk and Excel write
    (zwgk.workbook.inspect_quick: it only ever accepts, checked well-formed by expat); else None,
    and the parsers decide.  Most sheets of a rollup take this way: about 0.4 ms less each."""
    found = quick_extent(data, MAX_ROWS, MAX_COLS, SHARED_FORMULA)
    return None if found is None else Extent(rows=found[0], cols=found[1], formulas=found[2])


_CELL_REF = re.compile(r"\$?([A-Za-z]{1,4})\$?([0-9]{1,8})")


def cell_position(ref: str) -> tuple[int, int] | None:
    """"D5" → (5, 4), 1-based (row, column); None when it is not a cell reference."""
    found = _CELL_REF.fullmatch(ref.strip())
    if not found:
        return None
    col = _column(found.group(1).upper())
    if found.group(1).isupper() and len(_COLUMNS) < 4096:
        _COLUMNS[found.group(1)] = col
    return int(found.group(2)), col


_COLUMNS: dict[str, int] = {}
_LETTERS, _DIGITS = re.compile(r"[A-Za-z]+"), re.compile(r"[0-9]+")


def _furthest(rows: list[str], refs: list[str]) -> tuple[int, int]:
    """(row, column) no cell reaches beyond: the greatest row number and column letters found
    in the row numbers and cell references (all runs of letters and digits, so an odd reference
    only makes the bound larger)."""
    text = " ".join(refs)
    numbers = _DIGITS.findall(text + " " + " ".join(rows))
    row = max(map(int, numbers), default=0)
    col = max(map(_column, set(_LETTERS.findall(text.upper()))), default=0)
    return row, col


def _column(letters: str) -> int:
    """"D" → 4, "XFD" → 16384 (upper-case letters)."""
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col


def _position(ref: str) -> tuple[int, int] | None:
    """cell_position, fast for the usual "D5": the column letters' number is remembered."""
    letters = ref.rstrip("0123456789")
    col = _COLUMNS.get(letters)
    if col is None or len(letters) == len(ref):
        return cell_position(ref)
    return int(ref[len(letters):]), col


class _SheetScan:
    """What the elements of one sheet part say, in document order, whichever parser read them."""

    def __init__(self, path, sheet: str, part: str):
        self.path, self.sheet, self.part = path, sheet, part
        self.extent = Extent()
        self.rows: list[str] = []            # r of each row, or the implied number
        self.refs: list[str] = []            # r of each cell, or the implied reference
        self.row, self.cell, self.error = 0, "", False
        self.namespaces = True

    # --- the two parsers ------------------------------------------------------------------------
    def tree(self, data: bytes, quick: bool = True) -> Extent | None:
        """The part parsed whole by lxml, read kind by kind when it is plain (`quick`), else
        element by element; None when lxml found anything amiss (an undeclared prefix, markup
        that is not well-formed…): the stream then reads the part or words its refusal."""
        from lxml import etree

        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            root = etree.fromstring(data, parser)
        except (etree.XMLSyntaxError, ValueError):
            return None
        if len(parser.error_log):
            return None
        return self._finished(lambda: (quick and self._queried(root, data)) or self._walk(root))

    def _queried(self, root, data: bytes) -> bool:
        """The usual sheet, taken kind by kind (lxml finds each kind of element in C): every
        cell and row carries its r, every formula sits in its cell, and no error value can be
        there (no t="e" is written without the bytes "e", 'e' or a character reference).
        False, with nothing taken, otherwise; the element walk then reads it."""
        if b'"e"' in data or b"'e'" in data or b"&#" in data:
            return False
        rows = [row.get("r") for row in root.iter("{*}row")]
        refs = [cell.get("r") for cell in root.iter("{*}c")]
        formulas = list(root.iter("{*}f"))
        if not (_all_text(rows, str.isdigit) and _all_text(refs, str.isalnum) and all(map(_in_cell, formulas))):
            return False
        for dimension in root.iter("{*}dimension"):
            self._dimension(dimension.get("ref") or "")
        self.rows, self.refs = rows, refs
        for formula in formulas:
            self.cell = formula.getparent().get("r")
            self._formula(formula.text or "")
        return True

    def _walk(self, root) -> None:
        for element in root.iter(*_TAGS):
            name = element.tag.rpartition("}")[2]
            if name == "f":
                self._formula(element.text or "")
            elif name == "v":
                if self.error:
                    self._error_value(element.text or "")
            else:
                self.start(name, element.attrib)

    def stream(self, data: bytes, namespaces: bool = True) -> Extent:
        """The part streamed through expat, fed in chunks so that a long sheet stops early;
        without `namespaces`, a prefixed name ("x:c") is taken by what follows its colon."""
        self.namespaces = namespaces
        self.parser = expat.ParserCreate(namespace_separator=" ") if namespaces else expat.ParserCreate()
        self.parser.StartElementHandler = self._handler()
        self.parser.buffer_text = True

        def feed() -> None:
            view = memoryview(data)
            for at in range(0, len(data), CHUNK):
                self.parser.Parse(view[at:at + CHUNK], False)
            self.parser.Parse(b"", True)
        return self._finished(feed)

    def _finished(self, read) -> Extent:
        try:
            read()
            self._reach(*_furthest(self.rows, self.refs))
        except _Stop as stop:
            raise stop.error from None
        except expat.ExpatError as exc:
            if exc.code == _UNBOUND and self.namespaces:
                raise _UnboundPrefix from None
            raise self._broken(exc) from None
        except (ValueError, OSError, EOFError) as exc:
            raise self._broken(exc) from None
        return self.extent

    def _broken(self, exc: Exception) -> UnreadableFileError:
        return guard.refuse(self.path, "read.sheet_unparsable", name=self.sheet, reason=exc, part=self.part)

    def _handler(self):
        """expat's start-element handler: counts elements (a long sheet is stopped early, not at
        its end) and hands each on by local name; names come as "namespace local"."""
        count, check_at, local = 0, 4096, _LocalNames()

        def start(name: str, attrs: dict) -> None:
            nonlocal count, check_at
            count += 1
            if count > check_at:
                check_at += 4096
                self._long(count)
            name = local[name]
            if name == "f" or (name == "v" and self.error):
                self._capture(name)
            else:
                self.start(name, attrs)
        return start

    def _capture(self, name: str) -> None:
        """Collect the text of this <f> (or error <v>) until it closes."""
        text = []

        def end(_):
            (self._formula if name == "f" else self._error_value)("".join(text))
            self.parser.CharacterDataHandler = self.parser.EndElementHandler = None
        self.parser.CharacterDataHandler, self.parser.EndElementHandler = text.append, end

    # --- what the elements say ------------------------------------------------------------------
    def start(self, name: str, attrs) -> None:
        """A c, row or dimension element (others are ignored)."""
        if name == "c":
            cell = attrs.get("r")
            if not cell or not cell.isalnum():
                cell = self._implied(self.row)
            self.refs.append(cell)
            self.cell, self.error = cell, attrs.get("t") == "e"
        elif name == "row":
            self.row = _int(attrs.get("r"), self.row + 1)
            self.rows.append(str(self.row))
            if self.row > MAX_ROWS:
                self._reach(self.row, 0)
        elif name == "dimension":
            self._dimension(attrs.get("ref") or "")

    def _formula(self, text: str) -> None:
        self.extent.formulas[self.cell.upper()] = text.strip() or SHARED_FORMULA

    def _error_value(self, text: str) -> None:
        """An error cell's value; a formula's error value too: the importer names it."""
        self.extent.errors[self.cell.upper()] = text.strip() or "#VALUE!"

    def _implied(self, row: int) -> str:
        """A cell without (a usable) r: the column after the row's previous cell."""
        previous = _position(self.refs[-1]) if self.refs else None
        col = previous[1] if previous and previous[0] == row else 0
        return a1(max(row, 1) - 1, col)

    def _long(self, count: int) -> None:
        if count > MAX_ELEMENTS:
            self._stop(len(self.rows), MAX_COLS + 1)
        self._reach(*_furthest(self.rows[-4096:], self.refs[-4096:]))

    def _reach(self, row: int, col: int) -> None:
        self.extent.rows, self.extent.cols = max(self.extent.rows, row), max(self.extent.cols, col)
        if row > MAX_ROWS or col > MAX_COLS:
            self._stop(row, col)

    def _dimension(self, ref: str) -> None:
        last = ref.rpartition(":")[2]
        where = cell_position(last) if last else None
        if where and (where[0] > MAX_ROWS or where[1] > MAX_COLS):
            self._stop(*where, what="声明")

    def _stop(self, row: int, col: int, what: str = "实际") -> None:
        try:
            check_extent(self.path, self.sheet, row, col, what)
        except UnreadableFileError as error:
            raise _Stop(error) from None


def _all_text(values: list, test) -> bool:
    """Every value a non-empty string passing `test` (str.isdigit, str.isalnum), tested at once."""
    return None not in values and "" not in values and test("".join(values) or "0")


def _in_cell(formula) -> bool:
    cell = formula.getparent()
    return cell is not None and isinstance(cell.tag, str) and cell.tag.rpartition("}")[2] == "c" \
        and bool(cell.get("r"))


_UNBOUND = expat.errors.codes[expat.errors.XML_ERROR_UNBOUND_PREFIX]


class _UnboundPrefix(Exception):
    """A prefix no namespace declaration binds: the part is read again without namespaces."""


class _LocalNames(dict):
    """"namespace local" (or "prefix:local") → "local", remembered for the few names a sheet uses
    (a hostile part with endless distinct names is looked up each time, never stored without bound)."""

    def __missing__(self, name: str) -> str:
        found = name[max(name.rfind(" "), name.rfind(":")) + 1:]
        if len(self) < 256:
            self[name] = found
        return found


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        return default
