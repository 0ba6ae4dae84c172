"""HTML to text with the stdlib parser: paragraphs as lines, table rows as tab-separated cells.

colspan/rowspan are honoured: a merged cell is written once, at its first grid position, and
the positions it covers are empty cells (as Word's copy shows them).
"""
from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "tr",
           "title", "header", "footer"}
_SKIP = {"script", "style", "noscript", "head"}
MAX_SPAN = 100                # colspan / rowspan
MAX_GRID = 250_000            # positions of one table (a report's table has about a thousand)
MAX_NESTING = 50              # tables inside tables


class TableTooBig(ValueError):
    """A table whose spans or size no report comes near: read no further."""


class HtmlText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.skip = 0
        self.tables: list[dict] = []          # stack: {rows, row, cell, spans}
        self.cells = 0

    # --- text outside tables -----------------------------------------------------------
    def _flush(self):
        text = "".join(self.buf).strip()
        if text:
            self.lines.append(" ".join(text.split()))
        self.buf = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "table":
            self._flush() if not self.tables else None
            if len(self.tables) >= MAX_NESTING:
                raise TableTooBig(f"网页中的表格嵌套超过 {MAX_NESTING} 层，不像一份年度报告，不予导入")
            self.tables.append({"rows": [], "row": None, "cell": None, "spans": {}})
            return
        if self.tables:
            t = self.tables[-1]
            if tag == "tr":
                t["row"] = []
            elif tag in ("td", "th"):
                a = dict(attrs)
                t["cell"] = {"text": [], "colspan": _int(a.get("colspan")), "rowspan": _int(a.get("rowspan"))}
            elif tag == "br" and t["cell"] is not None:
                t["cell"]["text"].append(" ")
            return
        if tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.tables:
            t = self.tables[-1]
            if tag in ("td", "th") and t["cell"] is not None:
                if t["row"] is None:
                    t["row"] = []
                self.cells += 1                   # in the whole page: a report has about a thousand
                if self.cells > MAX_GRID:
                    raise _too_big(self.cells)
                t["row"].append(t["cell"])
                t["cell"] = None
            elif tag == "tr" and t["row"] is not None:
                t["rows"].append(t["row"])
                t["row"] = None
            elif tag == "table":
                done = self.tables.pop()
                rows = _grid(done["rows"])
                if self.tables and self.tables[-1]["cell"] is not None:
                    self.tables[-1]["cell"]["text"].append(" ".join(" ".join(r) for r in rows))
                else:
                    self.lines.extend("\t".join(r) for r in rows)
            return
        if tag in _BLOCKS:
            self._flush()

    def handle_data(self, data):
        if self.skip:
            return
        if self.tables:
            cell = self.tables[-1]["cell"]
            if cell is not None:
                cell["text"].append(data)
            return
        self.buf.append(data)

    def text(self) -> str:
        self._flush()
        return "\n".join(self.lines)


def _int(value) -> int:
    try:
        return max(1, min(int(value), MAX_SPAN))
    except (TypeError, ValueError, OverflowError):
        return 1


def _too_big(size: int) -> TableTooBig:
    return TableTooBig(f"网页中的表格过大（超过 {MAX_GRID} 个单元格位置，或 rowspan/colspan 合并异常），"
                       "不像一份年度报告，不予导入")


def _grid(rows: list[list[dict]]) -> list[list[str]]:
    """Lay out cells on a grid honouring colspan/rowspan; covered positions are empty."""
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            text = " ".join("".join(cell["text"]).split())
            if len(grid) + cell["rowspan"] * cell["colspan"] > MAX_GRID:
                raise _too_big(len(grid))
            for dr in range(cell["rowspan"]):
                for dc in range(cell["colspan"]):
                    grid[(r + dr, c + dc)] = text if (dr, dc) == (0, 0) else ""
            c += cell["colspan"]
    if not grid:
        return []
    height = max(r for r, _ in grid) + 1
    width = max(c for _, c in grid) + 1
    if height * width > MAX_GRID:
        raise _too_big(height * width)
    return [[grid.get((r, c), "") for c in range(width)] for r in range(height)]
