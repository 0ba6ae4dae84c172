"""A rollup of levels: a city over its districts, each district over its units.

The input is a city when it holds district folders (a tree city/district/unit: at least two
sub-folders whose reports name different districts) or summaries of at least two districts.
Each district is settled on its own, as a district rollup is (its folder's units.txt, if any,
lists the units it expects); where a district sent both its summary and its units, the units
win and the summary is compared with their sum.  A district that sent only its summary counts
by that summary.  `--expect` names the districts the city expects; the others are 未报送.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from zwgk.problems import problem
from zwgk.rollup.classify import pick_district, skipped_entry
from zwgk.rollup.names import district_core, district_key, higher_levels_end, read_name_list, same_district
from zwgk.rollup.result import Entry
from zwgk.rollup.settle import make_result, settle
from zwgk.wording import words


@dataclass
class Group:
    """The files of one district (or, with `district` "", files of the city itself)."""

    district: str
    folders: set[str] = field(default_factory=set)       # top folders its files came from
    items: list = field(default_factory=list)            # (Candidate, Loaded | None)

    @property
    def reports(self) -> list:
        return [x for _, x in self.items if x is not None and x.kind == "report"]


@dataclass
class DistrictPart:
    """One district of a city rollup: its entries and its total (its units' sum, or its summary)."""

    name: str
    entries: list
    total: object                 # zwgk.model.Report


def district_groups(candidates, loaded, given: str | None) -> list[Group] | None:
    """The files grouped by district when the input is a city; None when it is one district
    (or `given` names one of the districts found)."""
    by_path = {x.path: x for x in loaded}
    groups: dict[tuple[str, str], Group] = {}
    for c in candidates:
        x = by_path.get(c.path)
        top = c.name.split("/", 1)[0] if "/" in c.name else ""
        named = x.report.district.strip() if x is not None and x.kind == "report" else ""
        key = ("folder", top) if top else ("district", district_core(named) if named else "")
        group = groups.setdefault(key, Group("", {top} if top else set()))
        group.items.append((c, x))
    merged = _merged(groups)
    reporting = [g for g in merged if g.district and g.reports]
    if len(reporting) < 2 or (given and any(same_district(given, g.district) for g in reporting)):
        return None
    summarised = {district_core(g.district) for g in reporting if any(x.is_summary for x in g.reports)}
    from_folders = [g for g in reporting if g.folders]
    return merged if len(summarised) >= 2 or len(from_folders) >= 2 else None


def _merged(groups: dict) -> list[Group]:
    """Groups named by their reports' 所属地区 (or their folder's name), one per district."""
    out: dict[str, Group] = {}
    for (_, name), g in groups.items():
        g.district = pick_district(g.reports) or name
        key = district_core(g.district) if g.district else ""
        if key in out:
            out[key].folders |= g.folders
            out[key].items += g.items
        else:
            out[key] = g
    return sorted(out.values(), key=lambda g: (g.district == "", g.district))


def rollup_levels(groups: list[Group], year, given, expect_names, include_invalid, hints):
    """Settle each district, then the city: districts' totals added, missing districts named."""
    from zwgk.spec import format_for_year

    fmt = format_for_year(year)
    entries, parts = [], []
    for g in groups:
        settled = _settle_group(g, year, include_invalid, hints)
        name = g.district or words("rollup")["levels"]["no_district"]    # reports naming no district, at the top
        for e in settled:
            e.level = name
        entries += settled
        if g.district or any(e.report is not None for e in settled):
            parts.append(DistrictPart(name, settled, _total(fmt, name, year, settled)))
    met = [p.name for p in parts if any(e.counted for e in p.entries) and p.name != words("rollup")["levels"]["no_district"]]
    entries += [Entry("", unit=d, state="missing", problem=problem("rollup.missing_district", district=d), level=d)
                for d in expect_names if not any(same_district(d, m) for m in met)]
    city = (given or "").strip() or city_of([x.report.district for g in groups for x in g.reports])
    result = make_result(entries, year, city, include_invalid)
    result.districts = parts
    return result


def _settle_group(g: Group, year, include_invalid, hints) -> list:
    """A district's entries; the unit list in its folder (if any) names the units it expects."""
    list_names = {f"{top}/{words('rollup')['levels']['unit_list']}" for top in g.folders}
    lists = [c for c, _ in g.items if c.name in list_names]
    candidates = [c for c, _ in g.items if c not in lists]
    loaded = [x for c, x in g.items if x is not None and c not in lists]
    expect = [n for c in lists for n in read_name_list(Path(c.path))]
    settled = settle(candidates, loaded, year, g.district, expect, include_invalid, hints)
    for c in lists:
        e = skipped_entry(c)
        e.say("unit_list_read")
        settled.append(e)
    return settled


def _total(fmt, name, year, entries):
    """The district's total: the sum of what it counts (its units, or its summary alone)."""
    from zwgk.model import Report
    from zwgk.rollup.sums import add_reports

    cells = add_reports(fmt, [e.report for e in entries if e.counted]).cells
    return Report(format=fmt, unit=name, district=name, year=year, cells=cells)


def city_of(districts: list[str]) -> str:
    """The one higher level the districts are written under (长春市 of 长春市二道区 and 长春市榆树市),
    if they name one; "" otherwise."""
    found = {key[:higher_levels_end(key)] for key in map(district_key, districts)} - {""}
    return found.pop() if len(found) == 1 else ""
