"""HTML to text through lxml.html: paragraphs as lines, table rows as tab-separated cells.

libxml2's HTML parser reads what browsers read (end tags left out, `<br>`, entities, comments);
it fetches nothing (`no_network`), expands no document-defined entity (HTML has none) and stops
at its own depth limit (`huge_tree=False`).  The page's elements are then walked without
recursion (`iterwalk`), so a page of tables nested thousands deep is refused, not a crash.

colspan/rowspan are honoured: a merged cell is written once, at its first grid position, and
the positions it covers are empty cells (as Word's copy shows them).  A table nested in a cell
adds its words to that cell.
"""
from __future__ import annotations

from zwgk.errors import UnreadableFileError

_BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "tr",
           "title", "header", "footer"}
_SKIP = {"script", "style", "noscript", "head", "template"}
MAX_SPAN = 100                # colspan / rowspan
MAX_GRID = 250_000            # positions of one table (a report's table has about a thousand)
MAX_NESTING = 50              # tables inside tables


def html_text(markup: str, name: str | None = None) -> str:
    """The page's text: paragraphs as lines, each table row as one line of tab-separated cells."""
    from lxml import etree

    root = _parse(markup)
    if root is None:
        return ""
    page = _Page(name)
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            page.start(tag.lower(), element)
        else:
            page.end(tag.lower(), element)
    return page.text()


def _parse(markup: str):
    """The page's root element; None for a page without any element."""
    from lxml import etree, html

    parser = html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                             no_network=True, huge_tree=False)
    try:     # bytes with the encoding stated: a str cannot carry an <?xml encoding=…?> declaration
        return html.document_fromstring(markup.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError):
        return None


class _Page:
    """The walk's state: the lines so far, the open tables (innermost last), skipped elements."""

    def __init__(self, name: str | None):
        self.name = name
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.skip = 0
        self.tables: list[dict] = []          # stack: {rows, row, cell}
        self.cells = 0

    def start(self, tag: str, element) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "table":
            self._open_table()
        elif self.tables:
            self._table_start(tag, element)
        elif tag in _BLOCKS:
            self._flush()
        self.data(element.text)

    def end(self, tag: str, element) -> None:
        if tag in _SKIP:
            self.skip -= 1
        elif self.tables:
            self._table_end(tag)
        elif tag in _BLOCKS:
            self._flush()
        self.data(element.tail)

    def data(self, text: str | None) -> None:
        if not text or self.skip:
            return
        if self.tables:
            cell = self.tables[-1]["cell"]
            if cell is not None:
                cell["text"].append(text)
            return
        self.buf.append(text)

    def text(self) -> str:
        self._flush()
        return "\n".join(self.lines)

    # --- text outside tables ---------------------------------------------------------------
    def _flush(self) -> None:
        text = "".join(self.buf).strip()
        if text:
            self.lines.append(" ".join(text.split()))
        self.buf = []

    # --- tables ----------------------------------------------------------------------------
    def _open_table(self) -> None:
        if not self.tables:
            self._flush()
        if len(self.tables) >= MAX_NESTING:
            raise UnreadableFileError.of("import.html_nesting", file=self.name, limit=MAX_NESTING)
        self.tables.append({"rows": [], "row": None, "cell": None})

    def _table_start(self, tag: str, element) -> None:
        t = self.tables[-1]
        if tag == "tr":
            t["row"] = []
        elif tag in ("td", "th"):
            t["cell"] = {"text": [], "colspan": _int(element.get("colspan")),
                         "rowspan": _int(element.get("rowspan"))}
        elif tag == "br" and t["cell"] is not None:
            t["cell"]["text"].append(" ")

    def _table_end(self, tag: str) -> None:
        t = self.tables[-1]
        if tag in ("td", "th") and t["cell"] is not None:
            if t["row"] is None:
                t["row"] = []
            self.cells += 1                   # in the whole page: a report has about a thousand
            if self.cells > MAX_GRID:
                raise self._too_big()
            t["row"].append(t["cell"])
            t["cell"] = None
        elif tag == "tr" and t["row"] is not None:
            t["rows"].append(t["row"])
            t["row"] = None
        elif tag == "table":
            done = self.tables.pop()
            rows = self._grid(done["rows"])
            if self.tables and self.tables[-1]["cell"] is not None:
                self.tables[-1]["cell"]["text"].append(" ".join(" ".join(r) for r in rows))
            else:
                self.lines.extend("\t".join(r) for r in rows)

    def _too_big(self) -> UnreadableFileError:
        return UnreadableFileError.of("import.html_too_big", file=self.name, limit=MAX_GRID)

    def _grid(self, rows: list[list[dict]]) -> list[list[str]]:
        """Lay out cells on a grid honouring colspan/rowspan; covered positions are empty."""
        grid: dict[tuple[int, int], str] = {}
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while (r, c) in grid:
                    c += 1
                text = " ".join("".join(cell["text"]).split())
                if len(grid) + cell["rowspan"] * cell["colspan"] > MAX_GRID:
                    raise self._too_big()
                for dr in range(cell["rowspan"]):
                    for dc in range(cell["colspan"]):
                        grid[(r + dr, c + dc)] = text if (dr, dc) == (0, 0) else ""
                c += cell["colspan"]
        if not grid:
            return []
        height = max(r for r, _ in grid) + 1
        width = max(c for _, c in grid) + 1
        if height * width > MAX_GRID:
            raise self._too_big()
        return [[grid.get((r, c), "") for c in range(width)] for r in range(height)]


def _int(value) -> int:
    try:
        return max(1, min(int(value), MAX_SPAN))
    except (TypeError, ValueError, OverflowError):
        return 1
