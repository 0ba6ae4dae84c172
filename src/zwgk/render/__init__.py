"""Publishing: the report as official text, Markdown, an HTML page, a Word document or a PDF.

    >>> from zwgk.render import render
    >>> render(report, "2024年报.docx")       # writes the file atomically, returns its Path
    >>> html = render(report, "html")          # returns the page as a str (bytes for "docx")

The tables are drawn from one grid computed from the workbook layout (`zwgk.render.grid`);
the looks come from `templates/render/` (Jinja2 layouts and `word.yaml`), which a district may
override with a folder of its own (`style=`).
"""
from __future__ import annotations

from pathlib import Path

from zwgk.errors import ZwgkError

# suffix or format name -> renderer kind
KINDS = {"txt": "txt", "text": "txt", "md": "md", "markdown": "md", "html": "html", "htm": "html",
         "docx": "docx", "word": "docx", "pdf": "pdf"}
SUFFIXES = (".docx", ".pdf", ".html", ".htm", ".txt", ".md")


def kind_of(path_or_format) -> tuple[str, Path | None]:
    """("docx"|"pdf"|"html"|"txt"|"md", target path or None) for a path such as 年报.docx or a bare format name."""
    text = str(path_or_format)
    if text.lower() in KINDS:
        return KINDS[text.lower()], None
    path = Path(text)
    kind = KINDS.get(path.suffix.lower().lstrip("."))
    if kind is None:
        raise ZwgkError.of("command.render_suffix", file=text, suffixes="、".join(SUFFIXES))
    return kind, path


def render_bytes(report, kind: str, style=None) -> bytes:
    """The rendered report as the bytes of a file of that kind (UTF-8 for the text kinds)."""
    from zwgk.render.document import build_document

    doc = build_document(report)
    if kind in ("docx", "pdf"):
        from zwgk.render.word import render_docx

        data = render_docx(doc, style)
        if kind == "pdf":
            from zwgk.render.pdf import docx_to_pdf

            data = docx_to_pdf(data)
        return data
    from zwgk.render.textual import render_text

    return render_text(doc, kind, style).encode("utf-8")


def render(report, path_or_format, style=None):
    """Render `report` to a file (returns its Path), or, given a bare format name such as "html",
    return the rendered report: a str for "txt"/"md"/"html", bytes for "docx"/"pdf"."""
    from zwgk.atomic import atomic_path

    kind, path = kind_of(path_or_format)
    data = render_bytes(report, kind, style)
    if path is None:
        return data if kind in ("docx", "pdf") else data.decode("utf-8")
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return path


def load_report(path):
    """A report from a workbook (.xlsx/.xlsm/.xls/.ods) or from its JSON view (.json)."""
    from zwgk.workbook.reader import load_report as load

    return load(path)
