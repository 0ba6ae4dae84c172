"""What a rollup found: one `Entry` per file met (and per expected unit that never reported),
the summary report, and the sums' notes.  `RollupResult.to_dict()` is the `--json` view.

An entry's reason is data: a `Problem` (templates/problems/rollup.yaml, or the readers' own when
they refused the file) and the notes attached to it, rendered into the sentence of 报送情况, of
the terminal and of `--json` alike."""
from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.problems import Problem, problem
from zwgk.wording import words


@dataclass
class Entry:
    """One line of 报送情况."""

    file: str                         # as met in the folder ("" for 未报送)
    unit: str = ""
    state: str = "passed"             # a key of rollup.yaml `states`
    problem: Problem | None = None    # why it has its state (rendered: `reason`)
    counted: bool = False
    path: str = ""
    format: str | None = None
    year: int | None = None
    district: str = ""
    errors: int = 0
    warnings: int = 0
    report: object = field(default=None, repr=False)    # zwgk.model.Report, when one was read
    hint: str = ""                    # how to have a 非模板报表 read, in the caller's words
    imported: dict = field(default_factory=dict)        # {read, inferred, blank} cells, if imported
    is_summary: bool = False          # a summary zwgk wrote (of a district, or of a city)
    over_blanks: bool = False         # … whose note says it summed over units' blank cells
    level: str = ""                   # the district whose files it is among, in a rollup of levels
    notes: list[Problem] = field(default_factory=list)  # attached to the reason (不在名单中, 由非模板报表导入…)

    @property
    def reason(self) -> str:
        """The reason in words: its problem's sentence, then its notes'."""
        return "".join(p.message for p in ([self.problem] if self.problem else []) + self.notes)

    def say(self, code: str, **params) -> None:
        """Its reason becomes the rollup problem `code` (templates/problems/rollup.yaml), without
        the notes attached to the reason it replaces."""
        self.problem = problem(f"rollup.{code}", file=self.path or None, **params)
        self.notes = []

    def note(self, code: str, **params) -> None:
        """A note attached to its reason."""
        self.notes.append(problem(f"rollup.{code}", file=self.path or None, **params))

    @property
    def label(self) -> str:
        """“有错误（3）”: the state in words, with its count."""
        n = self.errors if self.state == "errors" else self.warnings
        return words("rollup")["states"][self.state]["label"].format(n=n, hint=self.hint)

    @property
    def sort_key(self) -> tuple:
        return (self.unit == "", self.unit, self.file)

    def to_dict(self) -> dict:
        told = self.problem.to_dict() if self.problem else {}
        return {"file": self.file, "unit": self.unit, "state": self.state, "label": self.label,
                "reason": self.reason, "code": told.get("code"), "severity": told.get("level"),
                "params": told.get("params", {}), "location": told.get("location"),
                "notes": [n.to_dict() for n in self.notes], "counted": self.counted, "format": self.format,
                "year": self.year, "district": self.district, "errors": self.errors,
                "warnings": self.warnings, "imported": self.imported or None,
                "summary": self.is_summary, "level": self.level or None}


@dataclass
class RollupResult:
    """The rollup of one folder: the summary report, every entry, and the notes on the sums."""

    summary: object                   # zwgk.model.Report holding the sums
    entries: list[Entry]
    year: int | None
    format: str
    district: str
    include_invalid: bool = False
    blank_in: dict[str, list[str]] = field(default_factory=dict)
    converted: dict[str, list[str]] = field(default_factory=dict)
    unknown_unit: dict[str, list[str]] = field(default_factory=dict)
    districts: list = field(default_factory=list)     # levels.DistrictPart of a city rollup
    previous: object = None                            # previous.Previous: last year, if given

    @property
    def note(self) -> str:
        """The rollup's note (汇总说明): what was counted, left out and left blank."""
        from zwgk.rollup.note import summary_note

        return summary_note(self)

    @property
    def counted(self) -> list[Entry]:
        return [e for e in self.entries if e.counted]

    def by_state(self, state: str) -> list[Entry]:
        return [e for e in self.entries if e.state == state]

    def counts(self) -> dict[str, int]:
        files = [e for e in self.entries if e.file]
        return {"files": len(files), "counted": len(self.counted),
                "left_out": sum(1 for e in files if not e.counted and e.state != "skipped"),
                "skipped": len(self.by_state("skipped")), "missing": len(self.by_state("missing"))}

    def figures(self) -> dict:
        """Key figures of the summary, by figure id (the totals row of 各单位明细)."""
        from zwgk.rollup.sums import figure_value
        from zwgk.rollup.wording import figures

        return {f.id: figure_value(self.summary, f) for f in figures(self.format)}

    def to_dict(self) -> dict:
        return {
            "year": self.year, "format": self.format, "district": self.district,
            "unit": self.summary.unit, "include_invalid": self.include_invalid,
            "counts": self.counts(), "figures": self.figures(), "note": self.note,
            "entries": [e.to_dict() for e in self.entries],
            "cells": dict(self.summary.cells), "blank_in": self.blank_in,
            "converted": self.converted, "unknown_unit": self.unknown_unit,
            "districts": [{"district": p.name, "cells": dict(p.total.cells)} for p in self.districts],
            "previous": None if self.previous is None else {
                "source": self.previous.source, "year": self.previous.year,
                "format": self.previous.format, "figures": self.previous.total},
        }
