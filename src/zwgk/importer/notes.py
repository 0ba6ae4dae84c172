"""What the importer did, cell by cell, in words the user can check against the printed report."""
from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.problems import Location, Problem
from zwgk.wording import words

PLACED, INFERRED, BLANK, LOOSE, UNPLACED, CHECK, INFO = (
    "placed", "inferred", "blank", "loose", "unplaced", "check", "info")


@dataclass
class Note:
    """One thing the importer did or could not do: a catalogue problem (templates/problems/
    import.yaml, code and parameters), the report cells it is about, and, for a unit's own
    workbook, the sheet and cell range those cells came from."""

    kind: str                  # placed | inferred | blank | loose | unplaced | check | info
    code: str                  # import.… in the problem catalogue
    params: dict = field(default_factory=dict)
    cells: tuple[str, ...] = ()
    table: str = ""
    sheet: str = ""            # where in the workbook imported (importer/origins.py)
    place: str = ""            # D5 or D5:J5

    @classmethod
    def of(cls, kind: str, code: str, cells=(), table: str = "", **params) -> "Note":
        """The note of catalogue `code`; an unknown code or a missing parameter fails here."""
        made = cls(kind, code, params, tuple(cells), table)
        made.problem.message              # noqa: B018 - fail where the mistake is, not when shown
        return made

    @classmethod
    def of_problem(cls, kind: str, found: Problem) -> "Note":
        return cls(kind, found.code, dict(found.params), found.location.cells)

    @property
    def problem(self) -> Problem:
        return Problem(self.code, self.params, Location(sheet=self.sheet or None, cell=self.place or None,
                                                        cells=self.cells))

    @property
    def message(self) -> str:
        """The sentence, and the workbook cells it speaks of: …（工作表“表三”D5:J5）."""
        where = words("importer")["workbook"]["where"].format(sheet=self.sheet, cell=self.place) if self.sheet else ""
        return self.problem.message + where

    def to_dict(self) -> dict:
        return {"kind": self.kind, "code": self.code, "params": self.problem.to_dict()["params"],
                "table": self.table, "cells": list(self.cells), "message": self.message}


@dataclass
class Placement:
    """One value put in a cell, and how it was read (exact, split, dropped, surplus, scattered)."""

    value: object
    how: str = "exact"
    text: str = ""             # printed text of a blank mark
    unit: str = ""
    label: str = ""            # the row label as printed (for loose matches)


@dataclass
class TableRead:
    """The outcome of reading one table."""

    table: str
    style: str | None = None   # the format its labels follow: "2021" | "2019" | None
    cells: dict[str, Placement] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    printed_blank: set = field(default_factory=set)   # cells read as empty in a fully read row
    split_failed: bool = False     # a run of digits that no reading with every column filled fits

    def note(self, kind: str, code: str, cells=(), **params) -> None:
        self.notes.append(Note.of(kind, code, cells, self.table, **params))



def listed(names: list[str], most: int, sep: str = "、", unit: str = "个") -> str:
    """The first `most` names, then “ 等 N 个” when there are more (templates/importer.yaml)."""
    more = words("importer")["listed"][unit].format(count=len(names)) if len(names) > most else ""
    return sep.join(names[:most]) + more
