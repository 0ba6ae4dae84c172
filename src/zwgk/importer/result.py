"""What an import gives: the `Report`, the notes on what was read, inferred or left blank, the
comments for the workbook, and the report's checks."""
from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.importer.notes import Note
from zwgk.model import Report


@dataclass
class ImportResult:
    """The imported report, the notes on what was read, inferred or left blank, and the checks."""

    report: Report
    notes: list[Note] = field(default_factory=list)
    inferred: dict[str, str] = field(default_factory=dict)     # cell id -> how (workbook comments)
    review: dict[str, str] = field(default_factory=dict)       # read by arithmetic or position: check it
    placed: int = 0
    source: str = ""
    findings: list | None = None                               # zwgk.checks findings, if available
    origins: dict[str, tuple[str, int, int]] = field(default_factory=dict)   # workbooks: cell id -> (sheet, row, col)

    @property
    def workbook_notes(self) -> dict[str, str]:
        """Comments for the workbook: inferred cells, and cells whose reading deserves a look."""
        return {**self.review, **self.inferred}

    @property
    def partial(self) -> bool:
        return any(v is None for v in self.report.cells.values())

    def to_dict(self) -> dict:
        return {
            "source": self.source, "report": self.report.to_dict(),
            "placed": self.placed, "inferred": dict(self.inferred), "review": dict(self.review),
            "blank": [c for c, v in self.report.cells.items() if v is None],
            "notes": [n.to_dict() for n in self.notes],
            "checks": [_finding_dict(f) for f in self.findings] if self.findings is not None else None,
            **({"origins": {c: _sheet_cell(o) for c, o in self.origins.items()}} if self.origins else {}),
        }


def _sheet_cell(origin: tuple[str, int, int]) -> str:
    from zwgk.workbook.layout import a1

    return f"{origin[0]}!{a1(origin[1], origin[2])}"


def _finding_dict(f) -> dict:
    if hasattr(f, "to_dict"):
        return f.to_dict()
    data = getattr(f, "__dict__", None)
    return dict(data) if data else {"message": str(f)}


def run_checks(result: ImportResult) -> None:
    """The imported report checked (zwgk.checks): its findings kept with the result."""
    from zwgk.checks import check

    result.findings = list(check(result.report))
