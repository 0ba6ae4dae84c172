"""A workbook met by the rollup, opened by calamine once and each of its sheets inspected once,
however many readers look at it: zwgk's reader first, then (when it refuses the file) the
importer or a look for the official tables (zwgk.rollup.peek).

The isolation rules of zwgk.workbook.inspect hold: calamine opens the file only after a first
inspection has bounded it (a regular file, no zip bomb), and reads no sheet that was not inspected.
"""
from __future__ import annotations

from pathlib import Path


class OpenedWorkbook:
    """One workbook file: the extents of the sheets inspected so far, and calamine's workbook."""

    def __init__(self, path):
        self.path = Path(path)
        self.extents: dict = {}           # sheet -> zwgk.workbook.inspect.Extent
        self._asked: set[str] = set()     # sheets inspected (or asked for and absent)
        self._bounded = False             # a first inspection passed: calamine may open it
        self._book = None

    def inspect(self, sheets=None, by_content: bool = False) -> dict:
        """The extents of `sheets` (None: every sheet), inspecting only those not inspected yet;
        refuses, in words, as zwgk.workbook.inspect does."""
        from zwgk.workbook.inspect import inspect_workbook

        if sheets is None:
            if not self._bounded:
                self.inspect(frozenset(), by_content)      # bounded before calamine opens it
            sheets = self.book.sheet_names
        todo = frozenset(set(sheets) - self._asked)
        if todo or not self._bounded:
            self.extents.update(inspect_workbook(self.path, todo, by_content=by_content))
            self._asked |= todo
            self._bounded = True
        return {name: e for name, e in self.extents.items() if name in sheets}

    @property
    def book(self):
        """calamine's workbook, opened on first use (after a first inspection)."""
        if not self._bounded:
            self.inspect(frozenset())
        if self._book is None:
            from zwgk.workbook.reader import _open     # opened as zwgk's reader opens it, refusals in its words

            self._book = _open(self.path)
        return self._book
