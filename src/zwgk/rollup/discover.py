"""Which files of a folder the rollup reads, and why it passes over the others.

Excel/WPS owner files (``~$…``), hidden files (and everything under hidden folders), zwgk's own
backups, the output file, the unit list and files of other types are met but not read; each keeps
its reason.  A report that is not a zwgk workbook (a .pdf, .docx, …) is read through the importer
with `use_importer`; without it, it is listed as 非模板报表.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from zwgk.atomic import is_backup
from zwgk.errors import UnreadableFileError
from zwgk.problems import Problem, problem
from zwgk.rollup.peek import PEEK_TYPES
from zwgk.wording import words

WORKBOOK_TYPES = (".xlsx", ".xlsm", ".xls", ".ods")
IMPORT_TYPES = (".pdf", ".docx", ".doc", ".wps", ".et", ".txt", ".html", ".htm")


@dataclass(frozen=True)
class Candidate:
    """A file met in the folder: read it (`how`) or list it in `state` with its `problem`.

    `how`: "workbook" (a zwgk workbook, else 非模板报表 or 不是报表), "workbook_or_import" (a zwgk
    workbook, else through the importer), "import" (the importer) or "peek" (非模板报表 or 不是报表,
    by a look at its text)."""

    path: str
    name: str                     # shown in 报送情况: the path relative to the folder
    how: str | None = None
    problem: Problem | None = None
    state: str = "skipped"

    @property
    def reason(self) -> str | None:
        """Why it is not read, in words."""
        return self.problem.message if self.problem else None


def discover(sources, *, use_importer: bool = False, exclude=(), hints=None) -> list[Candidate]:
    """Every file under `sources` (a folder, a file, or a list of them), sorted by name.
    `hints`: rollup.yaml `hints` of the caller (the command line's by default)."""
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    excluded = {resolved(p): key for key, p in exclude}
    out: list[Candidate] = []
    for source in sources:
        source = Path(source)
        if source.is_dir():
            files = [(p, p.relative_to(source).as_posix()) for p in _walk(source)]
        elif source.exists():          # named as given, so a file given inside zwgk备份/ is a backup
            files = [(source, source.as_posix() if is_backup(source) else source.name)]
        else:
            raise UnreadableFileError.of("rollup.no_such_path", file=str(source))
        # the summary being written is not a file met: listing it would make a rerun differ
        out.extend(classify(p, name, use_importer, excluded, hints or words("rollup")["hints"]["cli"]) for p, name in files
                   if excluded.get(resolved(p)) != "output")
    return sorted(out, key=lambda c: (c.name, c.path))


def _walk(root: Path) -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(folder) / f for f in sorted(files))
    return found


def classify(path: Path, name: str, use_importer: bool, excluded: dict[str, str], hints: dict) -> Candidate:
    """Read it, or the reason not to."""
    def skip(code: str, state: str = "skipped", **params) -> Candidate:
        return Candidate(str(path), name, problem=problem(f"rollup.{code}", file=str(path), **params), state=state)

    key = excluded.get(resolved(path))
    if key:
        return skip(key, expect_file=hints["expect_file"])
    base = path.name
    if not path.is_file():                  # a broken link, a device, a file gone meanwhile
        return skip("not_a_file")
    if base.startswith("~$"):
        return skip("owner_file")
    if base.startswith(".") or _hidden_attribute(path):
        return skip("hidden")
    if is_backup(name):
        return skip("backup")
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_TYPES:
        return Candidate(str(path), name, how="workbook_or_import" if use_importer else "workbook")
    if suffix in IMPORT_TYPES:
        if use_importer:
            return Candidate(str(path), name, how="import")
        if suffix in PEEK_TYPES:
            return Candidate(str(path), name, how="peek")
        return skip("not_template", "not_template", suffix=suffix)
    sep = words("rollup")["summary"]["list_separator"]
    types = sep.join(WORKBOOK_TYPES + (IMPORT_TYPES if use_importer else ()))
    return skip("other_type", suffix=suffix or base, types=types)


def _hidden_attribute(path: Path) -> bool:
    """Windows' hidden attribute (st_file_attributes exists only there)."""
    attrs = getattr(os.stat(path), "st_file_attributes", 0)
    return bool(attrs & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def resolved(path) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):     # RuntimeError: a symlink loop (Python 3.11)
        return str(path)
