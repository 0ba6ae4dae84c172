"""`zwgk rollup DIR --previous LAST`: 上年 and 增减 in 各单位明细 and the 同比 sheet, last year read
from its summary workbook or rolled up from its folder; compared with the generated reports'
own cells (not through the rollup); across a change of format through the cells' correspondence."""
from __future__ import annotations

import zipfile

import pytest

from zwgk.cli import main
from zwgk.rollup import rollup, write_rollup
from zwgk.rollup.wording import figures
from zwgk.wording import words

from .helpers import sheet_rows, unit_report, write

NOW, BEFORE = range(0, 6), range(1, 8)        # 第000 reports this year only, 第006/第007 last year only


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    root = tmp_path_factory.mktemp("yoy")
    now = {i: unit_report(i) for i in NOW}
    before = {i: unit_report(i, year=2023, seed=50 + i) for i in BEFORE}
    for i, r in now.items():
        write(root / "2024", f"{i}.xlsx", r)
    for i, r in before.items():
        write(root / "2023", f"{i}.xlsx", r)
    write_rollup(rollup(root / "2023"), root / "2023汇总.xlsx")
    return root, now, before


def detail(path) -> tuple[list, dict]:
    rows = sheet_rows(path, words("rollup")["sheets"]["detail"]["name"])
    return rows[1], {r[0]: r for r in rows[2:] if r[0]}


def col(heads, figure_head, key) -> int:
    return heads.index(words("rollup")["previous"][key].format(head=figure_head))


@pytest.mark.parametrize("source", ["2023汇总.xlsx", "2023"])
def test_before_and_change_per_unit(years, tmp_path, source):
    root, now, before = years
    out = tmp_path / "2024汇总.xlsx"
    write_rollup(rollup(root / "2024", previous=root / source), out)
    heads, rows = detail(out)
    p = words("rollup")["previous"]
    for fig in figures("2021"):
        if fig.id not in p["figures"]:
            continue
        b, c = col(heads, fig.head, "head_before"), col(heads, fig.head, "head_change")
        cell = fig.cells[0] if len(fig.cells) == 1 else None
        for i in NOW:
            row = rows[now[i].unit]
            if i not in before:
                assert row[b] == p["absent"] and row[c] == ""
            elif cell:
                assert row[b] == before[i].cells[cell]
                assert row[c] == now[i].cells[cell] - before[i].cells[cell]
        if cell:
            total = next(r for k, r in rows.items() if k.startswith(words("rollup")["sheets"]["detail"]["total"][:2]))
            assert total[b] == sum(r.cells[cell] for r in before.values())


def test_yoy_sheet(years, tmp_path):
    root, now, before = years
    out = write_rollup(rollup(root / "2024", previous=root / "2023汇总.xlsx"), tmp_path / "x.xlsx")
    s = words("rollup")["previous"]["sheet"]
    rows = sheet_rows(out, s["name"])
    new = next(r for r in rows if r[0] == figures("2021")[0].head)
    want_now = sum(r.cells["t3.new.total"] for r in now.values())
    want_before = sum(r.cells["t3.new.total"] for r in before.values())
    assert new[1:4] == [want_now, want_before, want_now - want_before]
    assert new[4] == pytest.approx((want_now - want_before) / want_before)
    lines = [str(r[0]) for r in rows]
    only_now = s["only_now"].format(year=2024, n=1)
    only_before = s["only_before"].format(year=2023, n=2)
    assert f"{only_now}{now[0].unit}" in lines
    assert f"{only_before}{before[6].unit}、{before[7].unit}" in lines
    # the largest changes are highlighted by conditional formats on each 增减 column
    with zipfile.ZipFile(out) as z:
        names = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = "".join(z.read(n).decode() for n in names)
    assert xml.count("LARGE(") == len(words("rollup")["previous"]["figures"])


@pytest.fixture(scope="module")
def across(tmp_path_factory):
    """2021 reports (units 0-5) and 2020 reports in the 2019 format (units 1-7), and 2020's summary."""
    root = tmp_path_factory.mktemp("across")
    now = {i: unit_report(i, year=2021) for i in NOW}
    before = {i: unit_report(i, year=2020, seed=70 + i) for i in BEFORE}
    for folder, reports in (("2021", now), ("2020", before)):
        for i, r in reports.items():
            write(root / folder, f"{i}.xlsx", r)
    write_rollup(rollup(root / "2020"), root / "2020汇总.xlsx")
    return root, now, before


# a figure's cells in each format, written out here (not taken from years.yaml)
ACROSS = {"new": (["t3.new.total"], ["t3.new.total"]),
          "suit": (["t4.suit_direct.total", "t4.suit_after_review.total"],) * 2,
          "other": (["t3.other_1.total", "t3.other_2.total", "t3.other_3.total"], ["t3.other.total"]),
          "license": (["t2.license.decisions"], ["t2.license.decisions"])}


def _sum(reports, cells):
    return sum(r.cells[c] for r in reports for c in cells)


@pytest.mark.parametrize("source", ["2020汇总.xlsx", "2020"])
def test_across_the_change_of_format_by_correspondence(across, tmp_path, source):
    root, now, before = across
    out = write_rollup(rollup(root / "2021", previous=root / source), tmp_path / "x.xlsx")
    heads, rows = detail(out)
    fig = {f.id: f for f in figures("2021")}
    for fid in ("new", "suit"):
        b, c = col(heads, fig[fid].head, "head_before"), col(heads, fig[fid].head, "head_change")
        for i in set(NOW) & set(BEFORE):
            row = rows[now[i].unit]
            assert row[b] == _sum([before[i]], ACROSS[fid][1])
            assert row[c] == _sum([now[i]], ACROSS[fid][0]) - _sum([before[i]], ACROSS[fid][1])
    s = words("rollup")["previous"]["sheet"]
    table = {r[0]: r for r in sheet_rows(out, s["name"])}
    for fid, (cells_now, cells_before) in ACROSS.items():
        want_now, want_before = _sum(now.values(), cells_now), _sum(before.values(), cells_before)
        assert table[fig[fid].head][1:4] == [want_now, want_before, want_now - want_before]
    fees = table[fig["fees"].head]
    assert fees[2] == words("rollup")["previous"]["not_comparable_why"].format(reason="2019 格式没有“本年收费金额”")
    assert fees[3] == fees[4] == ""
    text = "\n".join(str(r[0]) for r in table.values())
    assert "2019 格式" in text and "对应关系" in text


def test_cli_previous_and_refusal(years, tmp_path, capsys):
    root, _, _ = years
    out = tmp_path / "y.xlsx"
    assert main(["rollup", str(root / "2024"), "-o", str(out), "--previous", str(root / "2023汇总.xlsx")]) == 0
    assert words("rollup")["previous"]["sheet"]["name"] in [n for n in sheet_names(out)]
    assert main(["rollup", str(root / "2024"), "-o", str(out), "--previous", str(root / "2023" / "1.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "不是 zwgk 生成的汇总表" in err and "Traceback" not in err
    last = root / "2023汇总.xlsx"
    before = last.read_bytes()
    assert main(["rollup", str(root / "2024"), "-o", str(last), "--previous", str(last)]) == 2
    assert "上年的汇总" in capsys.readouterr().err and last.read_bytes() == before


def sheet_names(path):
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).sheet_names


def test_city_year_on_year_by_district(tmp_path):
    """A city of three districts, last year one fewer: each district's change in 同比."""
    def tree(root, year, districts, seed):
        reports = {}
        for k, name in enumerate(districts):
            reports[name] = []
            for i in range(3):
                r = unit_report(10 * k + i, year=year, seed=seed + 10 * k + i, unit=f"{name}第{i}街道办事处")
                r.district = name
                write(root / name, f"{i}.xlsx", r)
                reports[name].append(r)
        return reports
    now = tree(tmp_path / "2024", 2024, ["二道区", "南关区", "朝阳区"], 0)
    before = tree(tmp_path / "2023", 2023, ["二道区", "南关区"], 500)
    out = write_rollup(rollup(tmp_path / "2024", district="长春市", previous=tmp_path / "2023"), tmp_path / "x.xlsx")
    s, p = words("rollup")["previous"]["sheet"], words("rollup")["previous"]
    rows = sheet_rows(out, s["name"])
    start = next(i for i, r in enumerate(rows) if r[0] == s["head_district"])
    by_district = {r[0]: r for r in rows[start + 1: start + 4]}
    for name in ("二道区", "南关区"):
        a = sum(r.cells["t3.new.total"] for r in now[name])
        b = sum(r.cells["t3.new.total"] for r in before[name])
        assert by_district[name][1:4] == [a, b, a - b]
    assert by_district["朝阳区"][2] == p["absent"]
    only_now = s["only_now"].format(year=2024, n=3)
    names = "、".join(s["unit_in_district"].format(unit=r.unit, district="朝阳区") for r in now["朝阳区"])
    assert f"{only_now}{names}" in [r[0] for r in rows]


def test_previous_of_this_year_or_later_or_missing_is_refused_in_words(across, tmp_path, capsys):
    root, _, _ = across
    write_rollup(rollup(root / "2021"), root / "2021汇总.xlsx")
    out = tmp_path / "x.xlsx"
    for args in ((root / "2021", root / "2021汇总.xlsx"), (root / "2020", root / "2021"),
                 (root / "2021", root / "没有这个")):
        assert main(["rollup", str(args[0]), "-o", str(out), "--previous", str(args[1])]) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err and not out.exists()
        assert ("不早于本年" in err) if "没有" not in str(args[1]) else ("找不到" in err)
    (root / "2021汇总.xlsx").unlink()


@pytest.mark.parametrize("summary", [False, True])
def test_a_city_s_units_of_one_name_in_two_districts_each_get_their_own_last_year(tmp_path, summary):
    """教育局 in 二道区 and in 南关区: each compared with its own district's 教育局 of last year."""
    def tree(root, year, seed):
        out = {}
        for k, district in enumerate(("二道区", "南关区")):
            for i, unit in enumerate(("教育局", "卫生健康局")):
                r = unit_report(10 * k + i, year=year, seed=seed + 10 * k + i, unit=unit)
                r.district = district
                write(root / district, f"{i}.xlsx", r)
                out[(district, unit)] = r
        return out
    now, before = tree(tmp_path / "2024", 2024, 0), tree(tmp_path / "2023", 2023, 300)
    previous = tmp_path / "2023"
    if summary:
        previous = write_rollup(rollup(previous, district="长春市"), tmp_path / "2023汇总.xlsx")
    out = write_rollup(rollup(tmp_path / "2024", district="长春市", previous=previous), tmp_path / "x.xlsx")
    heads, _ = detail(out)
    fig = figures("2021")[0]
    b = col(heads, fig.head, "head_before")
    suffix = words("rollup")["levels"]["district_row"].format(district="")
    district, seen = "", 0
    for row in sheet_rows(out, words("rollup")["sheets"]["detail"]["name"])[2:]:
        name = str(row[0])
        if name.endswith(suffix):
            district = name[: -len(suffix)]
        elif name.startswith(words("rollup")["levels"]["indent"]):
            key = (district, name.strip())
            assert row[b] == before[key].cells["t3.new.total"], key
            seen += 1
    assert seen == 4


def test_last_year_with_no_unit_counted_is_said_and_blank(years, tmp_path):
    root, now, _ = years
    wrong = unit_report(1, year=2023)
    wrong.cells["t3.total.total"] += 1                  # an error: not counted last year
    write(tmp_path / "2023", "1.xlsx", wrong)
    out = write_rollup(rollup(root / "2024", previous=tmp_path / "2023"), tmp_path / "x.xlsx")
    s = words("rollup")["previous"]["sheet"]
    rows = sheet_rows(out, s["name"])
    new = next(r for r in rows if r[0] == figures("2021")[0].head)
    assert new[1] == sum(r.cells["t3.new.total"] for r in now.values()) and new[2:4] == ["", ""]
    assert s["nothing_before"].format(previous=2023) in [r[0] for r in rows]
