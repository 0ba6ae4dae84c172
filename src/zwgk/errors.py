"""Errors a user can act on.  Messages are Chinese and name the file, sheet and cell."""
from __future__ import annotations


class ZwgkError(Exception):
    """An error shown to the user as one Chinese sentence; `exit_code` is the command's exit status."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, sheet: str | None = None,
                 cell: str | None = None):
        self.file, self.sheet, self.cell = file, sheet, cell
        where = "".join(
            part for part in (
                f"文件“{file}”" if file else "",
                f"工作表“{sheet}”" if sheet else "",
                f"单元格 {cell}" if cell else "",
            )
        )
        self.message = message
        super().__init__(f"{where}：{message}" if where else message)


class NotAReportError(ZwgkError):
    """The file opened, but it is not a zwgk report workbook."""


class UnreadableFileError(ZwgkError):
    """The file cannot be opened at all (missing, corrupt, encrypted, wrong type)."""


class FileBusyError(ZwgkError):
    """The file is open in another program or read-only, so it cannot be written."""
