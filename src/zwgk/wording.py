"""zwgk's own words and settings: the one way any module reads a file of `templates/`.

    >>> words("workbook")["info"]["sheet"]
    '基本信息'
    >>> words("years") is words("years")          # parsed once, shared (do not change it)
    True

`words(name)` is `templates/<name>.yaml` parsed and checked against its schema (zwgk.schemas):
"workbook" (the workbook's own parts), "checks" (rules, their wording, the marks), "importer",
"rollup", "years", "variants", "narrative".  The official tables themselves are `zwgk.spec`'s,
read from `templates/format/` through `read_yaml`; the problem catalogue is `zwgk.problems`'.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


def templates_dir() -> Path:
    """Where the templates live: $ZWGK_TEMPLATES, the checkout's `templates/`, or the installed copy."""
    from zwgk.resources import data_dir

    return data_dir("templates", "format")


def read_yaml(path: Path):
    """A YAML file of `templates/`, parsed and checked against its schema (zwgk.schemas)."""
    from zwgk.schemas import load_yaml

    path = Path(path)
    root = templates_dir()
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    return load_yaml(path, name)


@lru_cache(maxsize=None)
def words(name: str) -> dict:
    """`templates/<name>.yaml`, parsed once per process."""
    return read_yaml(templates_dir() / f"{name}.yaml")
