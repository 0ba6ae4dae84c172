"""What the importer did, cell by cell, in words the user can check against the printed report."""
from __future__ import annotations

from functools import lru_cache

from dataclasses import dataclass, field

PLACED, INFERRED, BLANK, LOOSE, UNPLACED, CHECK, INFO = (
    "placed", "inferred", "blank", "loose", "unplaced", "check", "info")


@dataclass
class Note:
    kind: str                  # placed | inferred | blank | loose | unplaced | check | info
    message: str
    cells: tuple[str, ...] = ()
    table: str = ""

    def to_dict(self) -> dict:
        return {"kind": self.kind, "table": self.table, "cells": list(self.cells), "message": self.message}


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

    def note(self, kind: str, message: str, cells=()) -> None:
        self.notes.append(Note(kind, message, tuple(cells), self.table))


@lru_cache(maxsize=None)
def wording() -> dict:
    """The importer's own words (templates/importer.yaml)."""
    from zwgk.spec import read_template

    return read_template("importer.yaml")
