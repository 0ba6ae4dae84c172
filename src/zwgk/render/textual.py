"""Text, Markdown and HTML: the document drawn through the Jinja2 layouts of `templates/render/`."""
from __future__ import annotations

from zwgk.render.document import Document
from zwgk.render.grid import TableGrid
from zwgk.render.templates import template


def html_rows(grid: TableGrid):
    """(section, rows) with section "thead" or "tbody"; each cell as (tag, attrs, text, role)."""
    def cells(row):
        out = []
        for c in row:
            attrs = {}
            if c.rowspan > 1:
                attrs["rowspan"] = c.rowspan
            if c.colspan > 1:
                attrs["colspan"] = c.colspan
            if c.role == "row":                       # for screen readers (GB/T 37668)
                attrs["scope"] = "rowgroup" if c.rowspan > 1 else "row"
            elif c.role in ("head", "caption"):
                attrs["scope"] = "colgroup" if c.colspan > 1 else "col"
            out.append(("th" if c.is_label else "td", attrs, c.text, c.role))
        return out
    rows = [cells(row) for row in grid.rows]
    head = 0 if grid.sectioned else grid.header_rows     # a browser repeats <thead> on each printed page
    return [(name, part) for name, part in (("thead", rows[:head]), ("tbody", rows[head:])) if part]


def render_text(doc: Document, kind: str, style_dir=None) -> str:
    """The report as "txt" (tab-separated tables), "md" (pipe tables) or "html" (one page)."""
    return template(kind, style_dir).render(
        doc=doc, title=doc.title, info=doc.info, parts=doc.parts,
        html_rows=html_rows,
    )
