"""What `zwgk history` has found: a column per year (a report, or a gap) and the cross-year checks."""
from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.model import Report


@dataclass
class Column:
    """One year: its report and file, or a gap (report None)."""

    year: int
    report: Report | None = None
    source: str = ""

    @property
    def is_gap(self) -> bool:
        return self.report is None


@dataclass
class PairLine:
    """One line of 跨年度校验: a finding of a cross-year check, or a check that passed or could not run."""

    pair: str                      # “2020→2021”
    level: str                     # 错误 | 警告 | "" (passed, not run)
    check: str                     # the check's name in words
    cells: str                     # “表三!H6” or ""
    message: str


@dataclass
class History:
    unit: str
    columns: list[Column]
    pairs: list[PairLine] = field(default_factory=list)
    not_read: list[str] = field(default_factory=list)      # files met but not read, in words
    unnamed: list[str] = field(default_factory=list)       # reports without a unit name

    @property
    def reports(self) -> list[Column]:
        return [c for c in self.columns if not c.is_gap]

    @property
    def gaps(self) -> list[int]:
        return [c.year for c in self.columns if c.is_gap]

    @property
    def first(self) -> int:
        return self.columns[0].year

    @property
    def last(self) -> int:
        return self.columns[-1].year
