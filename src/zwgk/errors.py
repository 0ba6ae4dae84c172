"""Errors a user can act on.  Each carries a `Problem` (zwgk.problems): a catalogue code, its
parameters and where it happened; the Chinese sentence naming file, sheet and cell is rendered
from it.

    raise ZwgkError.of("read.not_a_report", file=path, source=name)

`ZwgkError("一句话", file=…)` still works and carries the code `general.message`; new code
raises by catalogue code so that other programs can tell problems apart.
"""
from __future__ import annotations

from zwgk.problems import Location, Problem


class ZwgkError(Exception):
    """An error shown to the user as one Chinese sentence; `exit_code` is the command's exit status."""

    exit_code = 2

    def __init__(self, message: "str | Problem", *, file: str | None = None, sheet: str | None = None,
                 cell: str | None = None):
        if isinstance(message, Problem):
            self.problem = message
        else:
            self.problem = Problem("general.message", {"text": message},
                                   Location(None if file is None else str(file), sheet, cell))
        loc = self.problem.location
        self.file, self.sheet, self.cell = loc.file, loc.sheet, loc.cell
        self.message = self.problem.message
        super().__init__(self.problem.render())

    @classmethod
    def of(cls, code: str, *, file=None, sheet=None, cell=None, cells=(), **params) -> "ZwgkError":
        """The error of catalogue `code` (templates/problems/), with its parameters and place."""
        from zwgk.problems import problem

        return cls(problem(code, file=file, sheet=sheet, cell=cell, cells=cells, **params))

    @property
    def code(self) -> str:
        return self.problem.code

    def to_dict(self) -> dict:
        return self.problem.to_dict()


class NotAReportError(ZwgkError):
    """The file opened, but it is not a zwgk report workbook."""


class UnreadableFileError(ZwgkError):
    """The file cannot be opened at all (missing, corrupt, encrypted, wrong type)."""


class FileBusyError(ZwgkError):
    """The file is open in another program or read-only, so it cannot be written."""
