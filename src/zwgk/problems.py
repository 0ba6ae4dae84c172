"""Every problem zwgk can report, as data: a stable code from the catalogue, its parameters and
where it is; rendered into a sentence only when shown (terminal, workbook comment, JSON, add-in).

The catalogue is `templates/problems/*.yaml`, one file per area (the file's name is the code's
first part: `read.yaml` holds `read.not_a_report`).  An entry has a level, a title, a message
template with named parameters (`{file}` style) and a line saying how to fix it:

    read.not_a_report:
      level: error
      title: 不是报表
      message: "{source} 不是报表数据：缺少 “format” 字段"
      fix: 用 zwgk new 生成模板后填写，或用 zwgk import 导入已发布的报告

    >>> p = problem("general.message", text="示例")
    >>> p.message
    '示例'
    >>> p.to_dict()["code"]
    'general.message'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping

LEVELS = ("error", "warning", "info")


@dataclass(frozen=True)
class Entry:
    """One catalogue entry: what a problem is called and how it is told."""

    code: str
    level: str
    title: str
    message: str                   # template with named parameters
    fix: str = ""                  # how to fix it, one line (may use the same parameters)

    def params(self) -> list[str]:
        """The parameters the message and the fix name, in order of appearance."""
        import string

        names = [n for text in (self.message, self.fix)
                 for _, n, _, _ in string.Formatter().parse(text) if n]
        return list(dict.fromkeys(n.split(".")[0].split("[")[0] for n in names))


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file, a sheet, a cell address (B5), and the report cells (ids)."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    cells: tuple[str, ...] = ()

    def shown(self) -> str:
        """文件“a.xlsx”工作表“表三”单元格 B5 (the parts that are known)."""
        return "".join(part for part in (
            f"文件“{self.file}”" if self.file else "",
            f"工作表“{self.sheet}”" if self.sheet else "",
            f"单元格 {self.cell}" if self.cell else "",
        ))

    def to_dict(self) -> dict:
        return {"file": self.file, "sheet": self.sheet, "cell": self.cell, "cells": list(self.cells)}


@dataclass(frozen=True)
class Problem:
    """A problem found: its catalogue code, the parameters of its message and its location."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    location: Location = field(default_factory=Location)
    level: str | None = None       # only when this occurrence differs from the catalogue's level

    @property
    def entry(self) -> Entry:
        return entry(self.code)

    @property
    def severity(self) -> str:
        return self.level or self.entry.level

    @property
    def message(self) -> str:
        """The sentence, without the location."""
        return _fill(self.entry.message, self.params, self.code)

    @property
    def fix(self) -> str:
        return _fill(self.entry.fix, self.params, self.code) if self.entry.fix else ""

    def render(self) -> str:
        """The location, then the sentence: 文件“a.xlsx”工作表“表三”：……"""
        where = self.location.shown()
        return f"{where}：{self.message}" if where else self.message

    def to_dict(self) -> dict:
        return {"code": self.code, "level": self.severity, "title": self.entry.title,
                "message": self.message, "fix": self.fix, "params": _plain(self.params),
                "location": self.location.to_dict()}


def problem(code: str, *, file=None, sheet=None, cell=None, cells=(), level=None, **params) -> Problem:
    """A Problem of catalogue `code`; an unknown code or a missing parameter fails at once."""
    made = Problem(code, params, Location(None if file is None else str(file), sheet, cell, tuple(cells)),
                   level)
    made.message                       # noqa: B018 - fail here, where the mistake is, not when shown
    return made


def entry(code: str) -> Entry:
    try:
        return _usable_catalogue(code)[code]
    except KeyError:
        raise LookupError(f"problem code {code!r} is not in templates/problems/") from None


def _fill(template: str, params: Mapping, code: str) -> str:
    try:
        return template.format_map(params)
    except (KeyError, IndexError, ValueError) as exc:
        raise LookupError(f"problem {code}: message needs parameter {exc}") from None


def _plain(params: Mapping) -> dict:
    """Parameters as JSON values (tuples and sets as lists, other objects as their text)."""
    def plain(v):
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        if isinstance(v, (list, tuple, set, frozenset)):
            return [plain(x) for x in v]
        if isinstance(v, Mapping):
            return {str(k): plain(x) for k, x in v.items()}
        return str(v)
    return {k: plain(v) for k, v in params.items()}


_loading = False        # True while the catalogue's own files are read and checked


def _usable_catalogue(code: str) -> dict[str, Entry]:
    """The checked catalogue.  While it is checked, the entries read unchecked; when a file of it
    is faulty, that fault is raised for any problem but the faults of templates themselves, which
    are told from the entries read unchecked (so the fault, and its fix line, can be shown)."""
    if _loading:
        return _unchecked_catalogue()
    try:
        return area(code.partition(".")[0])
    except Exception as exc:                # the errors module is imported only when one happens
        from zwgk.errors import ZwgkError

        if isinstance(exc, ZwgkError) and code.startswith("template."):
            return _unchecked_catalogue()
        raise


@lru_cache(maxsize=None)
def area(name: str) -> dict[str, Entry]:
    """The entries of one area (templates/problems/<name>.yaml, checked), read only when a
    problem of that area is made: `zwgk check` reads check.yaml, not the other ten files."""
    from zwgk.schemas import check_file, load_yaml

    global _loading
    _loading = True
    try:
        files = _files()
        for path in files:                  # every catalogue file fits its schema (a hash each when
            check_file(path, f"problems/{path.name}")   # it passed before); only this area is parsed
        found = {code: made for path in files if path.stem == name
                 for code, made in _entries(name, load_yaml(path, f"problems/{path.name}")).items()}
        return {**found, **_extension_checks()} if name == "check" else found
    finally:
        _loading = False


@lru_cache(maxsize=None)
def catalogue() -> dict[str, Entry]:
    """Every entry of `templates/problems/*.yaml`, by code, area by area (each file checked).

    A copy of templates/ (ZWGK_TEMPLATES) that lacks one of zwgk's catalogue files (made before
    the file existed) gets zwgk's own.
    """
    return {code: made for name in dict.fromkeys(p.stem for p in _files()) for code, made in area(name).items()}


def _extension_checks() -> dict[str, Entry]:
    """`check.<id>` for the checks a district's own tables declare (templates/extensions/*.yaml):
    their level and message stay with the table, in the one file a district adds."""
    from zwgk.resources import data_dir
    from zwgk.schemas import load_yaml

    folder = data_dir("templates", "format") / "extensions"
    out: dict[str, Entry] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        for c in (load_yaml(path, f"extensions/{path.name}") or {}).get("checks") or ():
            if isinstance(c, dict) and all(isinstance(c.get(k), str) for k in ("id", "level", "message")):
                code = f"check.{c['id']}"
                out[code] = Entry(code, c["level"], str(c.get("live") or c["id"]), c["message"], "")
    return out


def _files() -> list:
    """The catalogue's files: those of the templates in use, and zwgk's own that they lack."""
    from zwgk.resources import data_dir

    own, used = (data_dir("templates", "problems", own=flag) / "problems" for flag in (True, False))
    files = {p.name: p for folder in (own, used) for p in sorted(folder.glob("*.yaml"))}
    return [files[name] for name in sorted(files)]


def _entries(area: str, data) -> dict[str, Entry]:
    """The complete entries of one file's data (others are left for its schema to refuse)."""
    return {f"{area}.{name}": Entry(f"{area}.{name}", d["level"], d["title"], d["message"], str(d.get("fix") or ""))
            for name, d in (data.items() if isinstance(data, dict) else ())
            if isinstance(d, dict) and all(isinstance(d.get(k), str) for k in ("level", "title", "message"))}


def _unchecked_catalogue() -> dict[str, Entry]:
    """A fault found while the catalogue is checked is told with the entries read unchecked, over
    zwgk's own (so `template.*` is there even when a copy's template.yaml is the broken file)."""
    import yaml

    from zwgk.resources import data_dir

    out: dict[str, Entry] = {}
    for path in sorted(data_dir("templates", "problems", own=True).joinpath("problems").glob("*.yaml")) + _files():
        try:
            data = yaml.load(path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except (OSError, yaml.YAMLError):
            continue
        out.update(_entries(path.stem, data))
    return out


def catalogue_markdown() -> str:
    """The catalogue as a Markdown table, for README (tests/test_problems.py keeps them equal)."""
    rows = ["| 代码 | 级别 | 名称 | 怎么办 |", "|---|---|---|---|"]
    for code, e in catalogue().items():
        rows.append(f"| `{code}` | {e.level} | {e.title} | {e.fix.replace('|', '｜')} |")
    return "\n".join(rows)


def told(found: Problem) -> str:
    """The problem as a person is told it (terminal, add-in): where and what, then how to fix it."""
    return f"{found.render()}\n怎么办：{found.fix}" if found.fix else found.render()


README_BEGIN, README_END = "<!-- problems:begin (python -m zwgk.problems --readme README.md) -->", "<!-- problems:end -->"


def readme_with_catalogue(text: str) -> str:
    """README's text with the table between README_BEGIN and README_END made from the catalogue."""
    head, _, rest = text.partition(README_BEGIN)
    _, _, tail = rest.partition(README_END)
    return f"{head}{README_BEGIN}\n{catalogue_markdown()}\n{README_END}{tail}"


def _main(argv: list[str]) -> int:
    """`--markdown`: print the catalogue's table; `--readme README.md`: rewrite its 问题代码 table."""
    if argv[:1] == ["--markdown"]:
        print(catalogue_markdown())
        return 0
    if argv[:1] == ["--readme"] and len(argv) == 2:
        from pathlib import Path

        path = Path(argv[1])
        path.write_text(readme_with_catalogue(path.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    print("python -m zwgk.problems --markdown | --readme README.md")
    return 2


if __name__ == "__main__":
    import sys

    sys.exit(_main(sys.argv[1:]))
