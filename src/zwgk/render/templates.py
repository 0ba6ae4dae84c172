"""Where the layouts live: `templates/render/` (Jinja2 for text, Markdown and HTML; `word.yaml`).

A district restyles its report by giving a folder of its own (`zwgk render --style DIR`): any
file found there replaces the default of the same name; for `word.yaml`, its keys are merged
over the default ones, so a file holding only `fonts:` changes only the fonts.
"""
from __future__ import annotations

import re

from functools import lru_cache
from pathlib import Path

from zwgk.errors import ZwgkError

TEMPLATES = {"txt": "report.txt.j2", "md": "report.md.j2", "html": "report.html.j2"}
WORD_STYLE = "word.yaml"


def default_dir() -> Path:
    from zwgk.resources import data_dir

    return data_dir("templates", "format") / "render"


def search_path(style_dir=None) -> list[Path]:
    dirs = [default_dir()]
    if style_dir:
        style_dir = Path(style_dir)
        if not style_dir.is_dir():
            raise ZwgkError.of("command.style_folder_missing", file=style_dir)
        dirs.insert(0, style_dir)
    return dirs


@lru_cache(maxsize=None)
def _environment(dirs: tuple[Path, ...], kind: str):
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs], encoding="utf-8"),
        autoescape=kind == "html", trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined, finalize=md_escape if kind == "md" else None,
    )
    env.filters["md_cell"] = md_cell
    env.filters["md_para"] = md_para
    return env


def md_escape(value):
    """Every value written into Markdown: raw HTML in it (a <script>, say) shown as text, not run."""
    if value is None:
        return value
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_para(text) -> str:
    """A paragraph of Markdown prose: a line it starts with |, # or > stays prose (escaped), so it
    never turns into a table row, a heading or a quote."""
    return re.sub(r"^(\s*)([|#>])", r"\1\\\2", str(text), flags=re.M)


def md_cell(text) -> str:
    """A Markdown table cell: pipes escaped, line breaks flattened."""
    return " ".join(str(text).split("\n")).replace("|", "\\|")


def template(kind: str, style_dir=None):
    """The Jinja2 template for "txt", "md" or "html"."""
    import jinja2

    dirs = search_path(style_dir)
    env = _environment(tuple(dirs), kind)
    try:
        return env.get_template(TEMPLATES[kind])
    except jinja2.TemplateSyntaxError as exc:
        raise ZwgkError.of("command.template_syntax", file=exc.filename, line=exc.lineno, reason=exc.message) from None
    except jinja2.TemplateNotFound:
        raise ZwgkError.of("command.template_missing", file=dirs[-1], name=TEMPLATES[kind]) from None


def word_style(style_dir=None) -> dict:
    """The Word style: the default `word.yaml`, with a district's own keys merged over it."""
    from zwgk.schemas import load_yaml

    style: dict = {}
    for folder in reversed(search_path(style_dir)):
        path = folder / WORD_STYLE
        if path.exists():
            style = _merge(style, load_yaml(path, f"render/{WORD_STYLE}") or {})
    _validate(style, search_path(style_dir)[0] / WORD_STYLE)
    return style


REQUIRED = {"page": ("width", "height", "margins", "landscape_margins"),
            "fonts": ("title", "heading", "body", "table"),
            "styles": ("title", "info", "heading", "body", "table")}


def _validate(style: dict, path: Path) -> None:
    """Refuse, in words, a style that lacks a key or names a font list that is not there."""
    for section, keys in REQUIRED.items():
        for key in keys:
            if not isinstance(style.get(section), dict) or key not in style[section]:
                raise ZwgkError.of("command.style_missing_key", file=path, key=f"{section}.{key}")
    for name, spec in style["styles"].items():
        font = spec.get("font") if isinstance(spec, dict) else None
        if font is not None and font not in style["fonts"]:
            raise ZwgkError.of("command.style_unknown_font", file=path, name=name, font=font)
    for name, names in style["fonts"].items():
        if not names or not isinstance(names, list):
            raise ZwgkError.of("command.style_font_not_list", file=path, name=name)


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out
