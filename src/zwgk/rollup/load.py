"""Read and check one unit's file, in a worker process (zwgk.rollup.isolate).

`load_one` never raises: a file that cannot be opened, is not a report, or breaks the
importer comes back as a `Loaded` with its kind and message, so one bad file never stops a run.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from zwgk.problems import Problem, problem
from zwgk.rollup.discover import Candidate
from zwgk.rollup.isolate import can_isolate, cpu_count, run_isolated
from zwgk.rollup.progress import Progress
from zwgk.rollup.read import NotTemplate, failure_problem, import_counts, located, read_file
from zwgk.wording import words

PARALLEL_FROM = 50            # files per worker process, for small folders (one worker below 50)


@dataclass
class Loaded:
    """What one file held: a checked report, or why there is none."""

    path: str
    name: str
    kind: str                         # report | unreadable | not_report | not_template
    report: object = None             # zwgk.model.Report
    problem: Problem | None = None    # why there is no report
    errors: int = 0
    warnings: int = 0
    first_error: str = ""
    first_warning: str = ""
    first_at: dict = field(default_factory=dict)   # where the first finding shown is: check, sheet, cell, cells
    is_summary: bool = False
    over_blanks: bool = False         # a summary whose note says it summed over blank cells
    imported: bool = False
    inferred: int = 0                 # cells the importer inferred rather than read
    read: int = 0                     # cells the importer read (imported files)
    blank: int = 0                    # cells the importer left blank (imported files)

    @property
    def message(self) -> str:
        """Why there is no report, in words."""
        return self.problem.message if self.problem else ""


def load_one(candidate: Candidate) -> Loaded:
    """Read and check one file; every failure becomes a `Loaded` of kind unreadable/not_report."""
    from zwgk.errors import NotAReportError, ZwgkError

    try:
        found = read_file(candidate)
    except NotTemplate as exc:
        return Loaded(candidate.path, candidate.name, "not_template", problem=exc.problem)
    except NotAReportError as exc:
        return Loaded(candidate.path, candidate.name, "not_report", problem=located(exc.problem, candidate.path))
    except ZwgkError as exc:
        return Loaded(candidate.path, candidate.name, "unreadable", problem=failure_problem(exc, candidate.path))
    except Exception as exc:  # noqa: BLE001 — a file no reader foresaw must not stop the run
        return Loaded(candidate.path, candidate.name, "unreadable", problem=problem(
            "rollup.unforeseen", file=candidate.path, kind=type(exc).__name__, detail=str(exc)[:200]))
    loaded = _checked(candidate, found.report, found.note)
    if found.imported is not None:
        loaded.imported = True
        loaded.read, loaded.inferred, loaded.blank = import_counts(found.report, found.imported)
    return loaded


def _checked(candidate: Candidate, report, note: str) -> Loaded:
    from zwgk.checks import check

    findings = check(report)
    errors = [f for f in findings if f.level == "error"]
    warnings = [f for f in findings if f.level != "error"]
    from zwgk.rollup.note import says_summed_over_blanks
    from zwgk.rollup.workbook import is_summary

    summary = is_summary(report)
    first = (errors or warnings or [None])[0]
    return Loaded(
        candidate.path, candidate.name, "report", report=report,
        errors=len(errors), warnings=len(warnings),
        first_error=errors[0].message if errors else "",
        first_warning=warnings[0].message if warnings else "",
        first_at=_where(first) if first else {},
        is_summary=summary,
        over_blanks=summary and says_summed_over_blanks(note),
    )


def _where(finding) -> dict:
    """The check and the place of a finding, as a rollup problem's location and parameter."""
    sheet, _, cell = (finding.addresses[0] if finding.addresses else "").rpartition("!")
    return {"check": finding.check, "sheet": sheet or None, "cell": cell or None, "cells": finding.cells}


def load_all(candidates: list[Candidate], *, workers: int | None = None,
             progress: bool | None = None) -> list[Loaded]:
    """`load_one` over all candidates, in their order, in worker processes (zwgk.rollup.isolate):
    a file that crashes the reading library is marked unreadable and the others go on."""
    bar = Progress(len(candidates), enabled=progress)
    try:
        if not candidates:
            return []
        if not can_isolate():        # Windows: no fork, so files are read in this process
            return [bar.step(load_one(c)) for c in candidates]
        return _parallel(candidates, workers or cpu_count(), bar)
    finally:
        bar.close()


def _parallel(candidates: list[Candidate], workers: int, bar: Progress) -> list[Loaded]:
    _warm()
    workers = max(1, min(workers, -(-len(candidates) // PARALLEL_FROM)))
    return run_isolated(load_one, candidates, workers, _crashed, bar)


def _crashed(candidate: Candidate) -> Loaded:
    return Loaded(candidate.path, candidate.name, "unreadable", problem=problem("rollup.crashed", file=candidate.path))


def _warm() -> None:
    """Load spec, layouts, check plans and the reading modules before forking, so each worker
    inherits them instead of importing them again."""
    import python_calamine  # noqa: F401
    import zwgk.rollup.workbook  # noqa: F401
    import lxml.etree  # noqa: F401
    import zwgk.workbook.sheetscan  # noqa: F401
    import zwgk.workbook.reader  # noqa: F401
    from zwgk.checks.plan import plan_for
    from zwgk.spec import FORMATS
    from zwgk.workbook.layout import workbook_layout

    from zwgk.kinds import kind
    from zwgk.problems import area

    words("rollup")
    for name in ("check", "rollup", "read", "import"):    # findings and states are told from these:
        area(name)                                      # read once, not per worker
    kind("count")
    for fmt in FORMATS:
        workbook_layout(fmt)
        plan_for(fmt)
