"""Which reader reads a file met: zwgk's workbook reader, else (with --import) the importer.

A report zwgk did not write, met without --import, is `NotTemplate` when a look at its text
finds the official tables (非模板报表), else the reader's own refusal stands (不是报表).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zwgk.problems import Problem, problem
from zwgk.rollup.discover import Candidate
from zwgk.rollup.note import note_of, status_sheet
from zwgk.rollup.opened import OpenedWorkbook
from zwgk.rollup.peek import looks_like_report


class NotTemplate(Exception):
    """A report zwgk did not write, not read because --import was not given; `problem` says so."""

    def __init__(self, path: str):
        super().__init__(path)
        self.problem = problem("rollup.not_template", file=path, suffix=Path(path).suffix.lower())


@dataclass
class Read:
    """What a file held: its report, the ImportResult if the importer read it, and the note
    (汇总说明) of a summary zwgk wrote, read with it ('' for any other file)."""

    report: object
    imported: object = None
    note: str = ""


def read_candidate(candidate: Candidate):
    """(report, the ImportResult or None); raises NotTemplate or the readers' ZwgkErrors."""
    found = read_file(candidate)
    return found.report, found.imported


def read_file(candidate: Candidate) -> Read:
    """The file read by the reader its `how` names; raises NotTemplate or the readers' ZwgkErrors."""
    from zwgk.errors import NotAReportError

    if candidate.how == "import":
        return _imported(candidate.path)
    if candidate.how == "peek":
        _not_read(candidate.path, NotAReportError.of("rollup.no_tables", file=candidate.path), unreadable=True)
    return _workbook(candidate.path, candidate.how == "workbook_or_import")


def _workbook(path: str, use_importer: bool) -> Read:
    """A workbook, opened once (zwgk.rollup.opened): zwgk's reader, and when it refuses the file
    the importer (`use_importer`) or a look for the official tables; a large sheet is read in a
    child process where one can be forked, so a crash is told in words."""
    from zwgk.workbook.child import can_fork, in_child
    from zwgk.workbook.reader import is_large, report_sheets

    opened = OpenedWorkbook(path)
    extents = opened.inspect(report_sheets() | {status_sheet()})
    if is_large(extents) and can_fork():
        return in_child(lambda: _read_opened(opened, use_importer), path)
    return _read_opened(opened, use_importer)


def _read_opened(opened: OpenedWorkbook, use_importer: bool) -> Read:
    from zwgk.errors import NotAReportError, ZwgkError
    from zwgk.workbook.reader import read_inspected

    path, status = str(opened.path), status_sheet()
    try:
        report, grids = read_inspected(opened.book, opened.path.name, opened.extents, frozenset({status}))
        return Read(report, None, note_of(report, grids.get(status)))
    except NotAReportError as refused:
        if not use_importer:
            _not_read(path, refused, opened=opened)
        try:
            return _imported(path, opened)
        except ZwgkError:
            if looks_like_report(path, unreadable=True, opened=opened):   # unreachable: the importer says why
                raise
        raise refused from None


def _not_read(path: str, otherwise: Exception, unreadable: bool = False, opened=None):
    """A report not read (no --import) is 非模板报表 when it looks like one, else `otherwise`."""
    if looks_like_report(path, unreadable, opened):
        raise NotTemplate(path)
    raise otherwise


def _imported(path: str, opened: OpenedWorkbook | None = None) -> Read:
    """Through the importer; a workbook zwgk's reader refused (`opened`) is not opened again."""
    from zwgk.errors import ZwgkError
    from zwgk.importer import import_file
    from zwgk.importer.workbook import import_workbook

    try:
        if opened is None:
            imported = import_file(path)
        else:
            imported = import_workbook(opened.path, book=opened.book, done=opened.extents)
    except ZwgkError as exc:
        exc.by_importer = True            # its message is told as an import failure
        raise
    return Read(imported.report, imported, note_of(imported.report, None))


def failure_problem(exc, path: str) -> Problem:
    """A reader's refusal in 报送情况, at the file as met (an importer's says it is one)."""
    if getattr(exc, "by_importer", False):
        return problem("rollup.import_failed", file=path, sheet=exc.problem.location.sheet,
                       cell=exc.problem.location.cell, message=exc.message)
    return located(exc.problem, path)


def located(found: Problem, path: str) -> Problem:
    """`found` (a reader's problem, which may name the file its own way) at the file as met."""
    import dataclasses

    return dataclasses.replace(found, location=dataclasses.replace(found.location, file=path))


def failure_message(exc) -> str:
    """A reader's refusal in words (an importer's says it is one)."""
    return failure_problem(exc, "").message


def import_counts(report, imported) -> tuple[int, int, int]:
    """(cells read, inferred, left blank) of an imported report."""
    filled = sum(v is not None for v in report.cells.values())
    inferred = len(imported.inferred)
    return filled - inferred, inferred, len(report.cells) - filled
