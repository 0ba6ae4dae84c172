"""Which reader reads a file met: zwgk's workbook reader, else (with --import) the importer.

A report zwgk did not write, met without --import, is `NotTemplate` when a look at its text
finds the official tables (非模板报表), else the reader's own refusal stands (不是报表).
"""
from __future__ import annotations

from pathlib import Path

from zwgk.rollup.discover import Candidate
from zwgk.rollup.peek import looks_like_report
from zwgk.rollup.wording import ui


class NotTemplate(Exception):
    """A report zwgk did not write, not read because --import was not given; `reason` in words."""

    def __init__(self, path: str):
        super().__init__(path)
        self.reason = ui()["reasons"]["not_template"].format(suffix=Path(path).suffix.lower())


def read_candidate(candidate: Candidate):
    """(report, the ImportResult or None); raises NotTemplate or the readers' ZwgkErrors."""
    from zwgk.errors import NotAReportError, ZwgkError
    from zwgk.workbook.reader import read_report

    if candidate.how == "import":
        return _imported(candidate.path)
    if candidate.how == "peek":
        _not_read(candidate.path, NotAReportError(ui()["reasons"]["no_tables"]), unreadable=True)
    try:
        return read_report(candidate.path), None
    except NotAReportError as refused:
        if candidate.how == "workbook":
            _not_read(candidate.path, refused)
        try:
            return _imported(candidate.path)
        except ZwgkError:
            if looks_like_report(candidate.path, unreadable=True):   # unreachable: the importer says why
                raise
        raise refused from None


def _not_read(path: str, otherwise: Exception, unreadable: bool = False):
    """A report not read (no --import) is 非模板报表 when it looks like one, else `otherwise`."""
    if looks_like_report(path, unreadable):
        raise NotTemplate(path)
    raise otherwise


def _imported(path: str):
    from zwgk.errors import ZwgkError
    from zwgk.importer import import_file

    try:
        imported = import_file(path)
    except ZwgkError as exc:
        exc.by_importer = True            # its message is told as an import failure
        raise
    return imported.report, imported


def failure_message(exc) -> str:
    """A reader's refusal in 报送情况 (an importer's says it is one)."""
    if getattr(exc, "by_importer", False):
        return ui()["reasons"]["import_failed"].format(message=exc.message)
    return exc.message


def import_counts(report, imported) -> tuple[int, int, int]:
    """(cells read, inferred, left blank) of an imported report."""
    filled = sum(v is not None for v in report.cells.values())
    inferred = len(imported.inferred)
    return filled - inferred, inferred, len(report.cells) - filled
