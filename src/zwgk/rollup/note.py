"""The summary's note (its 六、其他需要报告的事项): what was counted, left out and left blank."""
from __future__ import annotations

from zwgk.rollup.wording import cell_where, join_names, ui


def summary_note(result) -> str:
    """Sentences in the words of rollup.yaml; starts with the marker that names a zwgk summary."""
    s = ui()["summary"]
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
    s, fmt = ui()["summary"], result.format
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
