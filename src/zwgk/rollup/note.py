"""The summary's note (汇总说明, on its 报送情况 sheet): what was counted, left out and left blank;
and the note of a summary read back, which says whether it summed over units' blank cells."""
from __future__ import annotations

from zwgk.rollup.wording import cell_where, join_names
from zwgk.wording import words


def summary_note(result) -> str:
    """Sentences in the words of rollup.yaml; starts with the marker that names a zwgk summary."""
    s = words("rollup")["summary"]
    counted = [e.unit for e in result.entries if e.counted]
    parts = [s["marker"]]
    parts.append(s["counted"].format(n=len(counted), units=join_names(counted)) if counted
                 else s["counted_none"])
    if result.include_invalid:
        parts.append(s["invalid_included"])
    left = [e for e in result.entries if e.file and not e.counted and e.state != "skipped"]
    if left:
        items = [s["left_item" if e.unit else "left_item_file"].format(unit=e.unit, file=e.file, label=e.label)
                 for e in left]
        parts.append(s["left_out"].format(n=len(left), items=join_names(items)))
    missing = [e.unit for e in result.entries if e.state == "missing"]
    if missing:
        parts.append(s["missing"].format(n=len(missing), units=join_names(missing)))
    parts += _cell_notes(result)
    return "".join(parts)


def _cell_notes(result) -> list[str]:
    s, fmt = words("rollup")["summary"], result.format
    out = []
    items = [s["blank_item"].format(where=cell_where(fmt, cid), units=join_names(units))
             for cid, units in result.blank_in.items()]
    below = [e.unit for e in result.entries if e.counted and e.is_summary and e.over_blanks]
    if below:
        items.append(s["blank_below"].format(units=join_names(below)))
    if items:
        out.append(s["blank_cells"].format(items=s["separator"].join(items)))
    for cid, units in result.converted.items():
        out.append(s["unit_converted"].format(where=cell_where(fmt, cid), units=join_names(units)))
    for cid, units in result.unknown_unit.items():
        out.append(s["unit_unknown"].format(where=cell_where(fmt, cid), units=join_names(units)))
    return out


def status_sheet() -> str:
    """The sheet (报送情况) whose last lines hold the note."""
    return words("rollup")["sheets"]["status"]["name"]


def note_of(report, status_grid) -> str:
    """The note of a summary zwgk wrote: the text of its 报送情况 sheet (`status_grid`, read with
    the report), or, in summaries of an earlier zwgk, its prose part `note_part` (六); '' if none."""
    written = report.prose.get(words("rollup")["summary"]["note_part"], "")
    if not status_grid:
        return written
    return "\n".join(str(v) for row in status_grid for v in row if isinstance(v, str)) + written


def says_summed_over_blanks(note: str) -> bool:
    """A zwgk summary's note (汇总说明) saying some units left cells blank: its totals may then
    disagree (each cell is the sum of the units that filled it), as its units' own blanks did."""
    return words("rollup")["summary"]["blank_cells"].split("{", 1)[0] in (note or "")
