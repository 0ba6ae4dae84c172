"""`rollup(folder)`: read, check, classify and add up a folder of unit reports."""
from __future__ import annotations

import os
from pathlib import Path

from zwgk.rollup.classify import pick_district, pick_year
from zwgk.rollup.discover import discover, resolved
from zwgk.rollup.levels import district_groups, rollup_levels
from zwgk.rollup.load import load_all
from zwgk.rollup.names import district_from_names, read_name_list
from zwgk.rollup.settle import make_result, settle
from zwgk.wording import words


def rollup(paths_or_dir, year: int | None = None, district: str | None = None, expect=None,
           include_invalid: bool = False, use_importer: bool = False, *, output=None,
           progress: bool | None = None, workers: int | None = None, hint_for: str = "cli",
           previous=None) -> RollupResult:
    """Roll up every report under `paths_or_dir` (a folder, a file, or a list of them).

    `year` defaults to the most common report year and fixes the format (2019 or 2021);
    `district` to the most common 所属地区 (units of another district are not summed);
    `expect` is a list of unit names or the path of a names file (one a line); `output`,
    if inside the folder, is passed over — unless it is one of the inputs, which is refused.
    `use_importer` reads reports that are not zwgk workbooks (.pdf, .docx, hand-made workbooks…);
    `hint_for` ("cli" or "addin") words how to ask for that.  `previous`: last year's summary
    workbook (written by zwgk) or folder, for 上年 and 增减 beside each key figure.  Never modifies an input.
    """
    expect_names, expect_path = _expected(expect)
    _refuse_output_onto_input(output, paths_or_dir, expect_path)
    _refuse_output_onto_previous(output, previous)
    exclude = [(k, p) for k, p in (("output", output), ("expect_file", expect_path)) if p]
    hints = words("rollup")["hints"][hint_for]
    candidates = discover(paths_or_dir, use_importer=use_importer, exclude=exclude, hints=hints)
    loaded = load_all([c for c in candidates if c.how], workers=workers, progress=progress)
    year = year if year is not None else pick_year(loaded)
    groups = district_groups(candidates, loaded, district)
    if groups is not None:
        result = rollup_levels(groups, year, district, expect_names, include_invalid, hints)
    else:
        district = _district(district, loaded, expect_names)
        entries = settle(candidates, loaded, year, district, expect_names, include_invalid, hints)
        result = make_result(entries, year, district, include_invalid)
    if previous is not None:
        result.previous = _previous(previous, result, use_importer, workers, hint_for)
    return result


def _previous(source, result, use_importer, workers, hint_for):
    """Last year: a summary workbook zwgk wrote, or a folder rolled up now the same way."""
    from zwgk.errors import ZwgkError
    from zwgk.rollup.previous import from_result, from_workbook, not_later
    from zwgk.rollup.workbook import is_earlier_summary

    path = Path(source)
    if path.is_dir():
        last = rollup(path, use_importer=use_importer, workers=workers, hint_for=hint_for, progress=False)
        return not_later(from_result(last, path), result.year)
    if not path.exists():
        raise ZwgkError.of("rollup.previous_not_found", file=str(path))
    if not path.is_file() or not is_earlier_summary(path):
        raise ZwgkError.of("rollup.previous_not_summary", file=str(path))
    return not_later(from_workbook(path, result.district), result.year)


def _district(given: str | None, loaded, expect_names: list[str]) -> str:
    """`--district`, else the 所属地区 most reports name, else the one most unit names begin with."""
    if given is not None:
        return given.strip()
    units = [x.report.unit for x in loaded if x.kind == "report"]
    return pick_district(loaded) or district_from_names(units + expect_names)


def _refuse_output_onto_input(output, sources, expect_path) -> None:
    """Refuse, in words, an output that is one of the inputs: a file or folder given, the unit
    list, or a file already inside a folder given — unless it is an earlier summary (a rerun)."""
    if not output:
        return
    from zwgk.errors import ZwgkError
    from zwgk.rollup.workbook import is_earlier_summary

    target = Path(resolved(output))
    given = [Path(resolved(s)) for s in ([sources] if isinstance(sources, (str, os.PathLike)) else sources)]
    named = target in given or (expect_path is not None and target == Path(resolved(expect_path)))
    inside = target.is_file() and any(g in target.parents for g in given if g.is_dir())
    if named or (inside and not is_earlier_summary(target)):
        raise ZwgkError.of("rollup.output_is_input", file=str(output))


def _refuse_output_onto_previous(output, previous) -> None:
    """Last year's summary (or a file in last year's folder) is read, never replaced."""
    if not output or previous is None:
        return
    from zwgk.errors import ZwgkError

    target, before = Path(resolved(output)), Path(resolved(previous))
    if target == before or before in target.parents:
        raise ZwgkError.of("rollup.output_is_previous", file=str(output))


def _expected(expect) -> tuple[list[str], Path | None]:
    """Unit names expected: a list, or a text file of one name a line (# starts a comment)."""
    if expect is None:
        return [], None
    if isinstance(expect, (list, tuple)):
        return [n.strip() for n in expect if n and n.strip()], None
    path = Path(expect)
    return read_name_list(path), path
