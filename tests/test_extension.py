"""A district's own table, added as template files only (templates/examples/信息处理费.yaml).

A copy of templates/ gets the example under extensions/ and is named by ZWGK_TEMPLATES; then the
CLI, run as a clerk runs it, writes the table into the workbook (printable on A4), reads it back,
checks its declared rule (marked with --mark), renders it (text, HTML, Word), imports the rendered
report (values back exactly, amounts in 元 kept in 元) and rolls three units up (sums equal an
independent sum).  Workbooks made before the district added its table, and the other way round,
still read.  Nothing here changes a line of zwgk: the table is only the YAML file.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml

from zwgk.spec import load_spec
from zwgk.synthetic import consistent_report

from .conftest import ROOT
from .render.readback import docx_matrix, html_matrix, parse_html, text_tables

EXAMPLE = ROOT / "templates" / "examples" / "信息处理费.yaml"
DECLARED = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
TABLE = DECLARED["table"]
ROWS = [r["label"] for r in TABLE["rows"]]                  # 按件计收, 按量计收, 合计
COLS = [c["label"] for c in TABLE["columns"]]               # 通知收取件数, 通知收取金额（元）, 实际收取金额（元）
IDS = {(r["label"], c["label"]): f"{TABLE['id']}.{r['id']}.{c['id']}" for r in TABLE["rows"] for c in TABLE["columns"]}
# a unit's figures: 件数 whole, amounts in 元 with a fraction (never 万元); 合计 row = the other two
GOOD = {"按件计收": [3, 125.5, 100.0], "按量计收": [2, 4200.0, 4200.0], "合计": [5, 4325.5, 4300.0]}


def zwgk(*args, templates: Path | None, check_rc: int | None = 0) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("ZWGK_TEMPLATES", None)
    if templates is not None:
        env["ZWGK_TEMPLATES"] = str(templates)
    done = subprocess.run([sys.executable, "-m", "zwgk.cli", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=600)
    if check_rc is not None:
        assert done.returncode == check_rc, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    """A district's templates: the default ones, plus the example under extensions/."""
    folder = tmp_path_factory.mktemp("district") / "templates"
    shutil.copytree(ROOT / "templates", folder)
    (folder / "extensions").mkdir()
    shutil.copy(EXAMPLE, folder / "extensions" / EXAMPLE.name)
    return folder


def positions(ws) -> dict[tuple[str, str], str]:
    """(row label, column label) -> A1 address, found by the labels the sheet shows."""
    heads = {c.value: c.column_letter for row in ws.iter_rows() for c in row if c.value in COLS}
    rows = {c.value: c.row for c in ws["A"] if c.value in ROWS}
    assert set(heads) == set(COLS) and set(rows) == set(ROWS), (heads, rows)
    return {(r, c): f"{heads[c]}{rows[r]}" for r in ROWS for c in COLS}


def fill(path: Path, figures: dict[str, list]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[TABLE["sheet"]]
    for (r, c), ref in positions(ws).items():
        ws[ref] = figures[r][COLS.index(c)]
    wb.save(path)


def shown(path: Path, templates) -> dict:
    return json.loads(zwgk("show", path, "--json", templates=templates).stdout)["cells"]


def expected(figures) -> dict[str, float]:
    return {IDS[(r, c)]: figures[r][i] for r in ROWS for i, c in enumerate(COLS)}


@pytest.fixture(scope="module")
def filled(district, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("unit") / "甲街道.xlsx"
    zwgk("new", "--unit", "甲街道办事处", "--district", "乙区", "--year", "2025", "-o", path, templates=district)
    fill(path, GOOD)
    return path


def test_default_templates_have_no_extra_table():
    assert list(load_spec("2021").tables) == ["t2", "t3", "t4"]
    assert [p["label"][:2] for p in load_spec("2021").parts] == ["一、", "二、", "三、", "四、", "五、", "六、"]


def test_new_writes_the_table_and_show_reads_it_back(district, filled):
    wb = openpyxl.load_workbook(filled)
    assert wb.sheetnames.index(TABLE["sheet"]) == wb.sheetnames.index("表四") + 1
    ws = wb[TABLE["sheet"]]
    assert ws["A1"].value == TABLE["caption"]
    assert ws.page_setup.paperSize in (9, "9")                      # A4
    cells = shown(filled, district)
    assert {k: cells[k] for k in IDS.values()} == expected(GOOD)


@pytest.mark.libreoffice
def test_the_table_prints_on_a4(district, filled, tmp_path):
    from .libreoffice import convert
    from .test_print import A4, pdf_pages, squeezed

    pdf, = convert([filled], tmp_path, "pdf")
    pages = [p for p in pdf_pages(pdf) if squeezed(TABLE["caption"]) in squeezed(p["text"])]
    assert len(pages) == 1
    page = pages[0]
    assert page["size"] == A4                         # portrait, as the file asks (landscape: false)
    text = squeezed(page["text"])             # a head wraps inside its cell: （元） comes on its own line
    assert all(label.split("（")[0] in text for label in ROWS + COLS) and "（元）" in text
    assert "4325.5" in page["text"] and page["height"] >= 6


def test_check_fires_the_declared_rule_and_marks_it(district, filled, tmp_path):
    wrong = tmp_path / "wrong.xlsx"
    shutil.copy(filled, wrong)
    fill(wrong, {**GOOD, "合计": [5, 4325.5, 4301.0]})                  # 实际收取 合计 ≠ 100 + 4200
    done = zwgk("check", wrong, "--json", templates=district, check_rc=1)
    findings = [f for f in json.loads(done.stdout)["findings"] if f["check"] == "t5-total"]
    assert len(findings) == 1
    assert findings[0]["cells"][0] == IDS[("合计", "实际收取金额（元）")]
    assert (findings[0]["left"], findings[0]["right"]) == (4301, 4300)
    zwgk("check", wrong, "--mark", templates=district, check_rc=1)
    ws = openpyxl.load_workbook(wrong)[TABLE["sheet"]]
    ref = positions(ws)[("合计", "实际收取金额（元）")]
    assert "合计应为 4300" in ws[ref].comment.text
    ok = json.loads(zwgk("check", filled, "--json", templates=district).stdout)["findings"]
    assert not [f for f in ok if f["table"] == TABLE["id"]]


def test_render_prints_the_table_and_import_reads_it_back(district, filled, tmp_path):
    import docx

    want = [[TABLE["corner"], *COLS]] + [[r, *(_printed(v) for v in GOOD[r])] for r in ROWS]
    for kind in ("txt", "html", "docx"):
        out = tmp_path / f"report.{kind}"
        zwgk("render", filled, "-o", out, templates=district)
        if kind == "txt":
            tables = text_tables(out.read_text(encoding="utf-8"))
        elif kind == "html":
            tables = [html_matrix(t) for t in parse_html(out.read_text(encoding="utf-8")).tables]
        else:
            tables = [docx_matrix(t) for t in docx.Document(str(out)).tables]
        assert want in tables, kind
        back = tmp_path / f"back-{kind}.xlsx"
        zwgk("import", out, "-o", back, templates=district)
        cells = shown(back, district)
        assert {k: cells[k] for k in IDS.values()} == expected(GOOD), kind


def _printed(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def test_amounts_stay_in_yuan_and_wan_yuan_is_converted_or_left_blank(district, filled, tmp_path):
    text = tmp_path / "report.txt"
    zwgk("render", filled, "-o", text, templates=district)
    printed = text.read_text(encoding="utf-8").replace("按量计收\t2\t4200\t4200", "按量计收\t2\t0.42万元\t0.42万元")
    spoken = {IDS[("按量计收", c)] for c in COLS[1:]}
    # under heads that say （元）, an amount printed in 万元 has two units: blank, with the reason
    text.write_text(printed, encoding="utf-8")
    result = json.loads(zwgk("import", text, "-o", tmp_path / "a.xlsx", "--json", templates=district).stdout)
    assert all(result["report"]["cells"][cid] is None for cid in spoken)
    reasons = [n for n in result["notes"] if set(n["cells"]) & spoken]
    assert len(reasons) == 2 and all("0.42万元" in n["message"] and "未换算，留空" in n["message"] for n in reasons)
    # heads without a unit: 万元 is brought to the table's 元 (×10000), the rest is kept in 元
    text.write_text(printed.replace("（元）", ""), encoding="utf-8")
    result = json.loads(zwgk("import", text, "-o", tmp_path / "b.xlsx", "--json", templates=district).stdout)
    cells = result["report"]["cells"]
    assert [cells[cid] for cid in sorted(spoken)] == [4200, 4200]
    assert {k: cells[k] for k in IDS.values()} == expected(GOOD)
    assert any("按 1 万元 = 10000 元换算为 4200 元" in n["message"] for n in result["notes"])


def test_rollup_sums_the_table(district, tmp_path):
    units = tmp_path / "units"
    units.mkdir()
    figures = []
    for i, name in enumerate(["甲街道办事处", "乙街道办事处", "丙镇人民政府"]):
        report = consistent_report("2021", seed=i, unit=name, district="乙区", year=2025).to_dict()
        mine = {"按件计收": [i, 10.25 * i, 10.25 * i], "按量计收": [1, 1000.0 + i, 999.0 + i]}
        mine["合计"] = [a + b for a, b in zip(mine["按件计收"], mine["按量计收"])]
        report["cells"].update(expected(mine))
        (tmp_path / f"{i}.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
        zwgk("new", "--from", tmp_path / f"{i}.json", "-o", units / f"{name}.xlsx", templates=district)
        figures.append(mine)
    summary = tmp_path / "区汇总.xlsx"
    zwgk("rollup", units, "-o", summary, templates=district)
    ws = openpyxl.load_workbook(summary)[TABLE["sheet"]]
    for (r, c), ref in positions(ws).items():
        assert ws[ref].value == pytest.approx(sum(f[r][COLS.index(c)] for f in figures)), (r, c)
    # a fourth unit still on last year's template (no 表五): the sums stay the three units', and say so
    report = consistent_report("2021", seed=9, unit="丁社区居民委员会", district="乙区", year=2025).to_dict()
    (tmp_path / "old.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    zwgk("new", "--from", tmp_path / "old.json", "-o", units / "丁社区.xlsx", templates=None)
    zwgk("rollup", units, "-o", summary, templates=district)
    ws = openpyxl.load_workbook(summary)[TABLE["sheet"]]
    for (r, c), ref in positions(ws).items():
        assert ws[ref].value == pytest.approx(sum(f[r][COLS.index(c)] for f in figures)), (r, c)
        assert "丁社区居民委员会" in ws[ref].comment.text


PROSE = {"overview": "本年度主动公开政府信息。", "problems": "存在的问题与改进。", "other": "本年度未收取信息处理费。"}


def made(path: Path, templates, cells: dict | None = None) -> Path:
    """A unit's workbook from JSON, with prose in every prose part (made with `templates`)."""
    report = consistent_report("2021", seed=5, unit="丁社区", district="乙区", year=2025).to_dict()
    report["cells"].update(cells or {})
    report["prose"] = PROSE
    source = path.with_suffix(".json")
    source.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    zwgk("new", "--from", source, "-o", path, templates=templates)
    return path


def test_a_workbook_without_the_table_reads_with_its_cells_blank(district, tmp_path):
    plain = made(tmp_path / "plain.xlsx", None)
    done = zwgk("show", plain, "--json", templates=district)
    read = json.loads(done.stdout)
    assert all(read["cells"][cid] is None for cid in IDS.values())
    assert read["prose"] == PROSE                   # 五、存在的主要问题 is the district's 六、: same part
    assert f"工作簿没有工作表“{TABLE['sheet']}”" in done.stderr and "9 个单元格按空白处理" in done.stderr
    blanks = json.loads(zwgk("check", plain, "--json", templates=district).stdout)["findings"]
    assert {f["cells"][0] for f in blanks if f["table"] == TABLE["id"]} == set(IDS.values())
    assert not [f for f in blanks if f["table"] != TABLE["id"]]
    zwgk("check", plain, "--mark", templates=district)               # warnings only: exit 0
    book = openpyxl.load_workbook(plain)
    listed = [row for row in book["校验结果"].iter_rows(min_row=3) if row[2].value == TABLE["sheet"]]
    assert TABLE["sheet"] not in book.sheetnames and len(listed) == len(IDS)
    assert not [c for row in listed for c in row if c.hyperlink]       # no link to a sheet not there


def test_a_workbook_with_the_table_reads_where_the_district_has_none(district, tmp_path):
    mine = made(tmp_path / "mine.xlsx", district, expected(GOOD))
    theirs, default = json.loads(zwgk("show", mine, "--json", templates=district).stdout), \
        json.loads(zwgk("show", mine, "--json", templates=None).stdout)
    assert {k: theirs["cells"][k] for k in IDS.values()} == expected(GOOD)
    assert not any(cid.startswith(TABLE["id"] + ".") for cid in default["cells"])
    assert default["cells"] == {k: v for k, v in theirs["cells"].items() if not k.startswith(TABLE["id"] + ".")}
    assert default["prose"] == theirs["prose"] == PROSE


def test_the_prose_sheet_names_the_parts_as_numbered(district, filled):
    title = openpyxl.load_workbook(filled)["文字部分"]["A1"].value
    assert title == "文字部分（一、六、七）"


def _without_part(data):
    del data["part"]


def _layout(data):
    data["table"]["layout"] = "grid"


def _typo_in_rule(data):
    data["checks"][0]["right"] = ["t5.by_itme.<col>", "t5.by_volume.<col>"]


def _taken_id(data):
    data["table"]["id"] = "t4"


def _after_nothing(data):
    data["part"]["after"] = "t9"


def _leaf_without_id(data):
    del data["table"]["rows"][0]["id"]


def _dotted_id(data):
    data["table"]["columns"][0]["id"] = "notified.count"


def _each_unknown(data):
    data["checks"][0]["each"] = {"col": "t9"}


@pytest.mark.parametrize("mutate, said", [
    (_each_unknown, "“checks（t5-total）.each.col”为“t9”，应为 t2、t3、t4、t5 之一"),
    (_dotted_id, "“table.columns（通知收取件数）.id”为“notified.count”"),
    (_without_part, "扩展表文件缺少“part”"),
    (_layout, "“table.layout”为“grid”，应为 sections、matrix、wide 之一"),
    (_typo_in_rule, "校验“t5-total”没有对上任何单元格"),
    (_taken_id, "编号“t4”在 2021 格式中已被使用"),
    (_after_nothing, "要印在“t9”之后，但报告没有这一部分"),
    (_leaf_without_id, "扩展表文件缺少“id”"),
    (None, "不是有效的 YAML"),   # template.syntax, with line and column
])
def test_a_bad_extension_file_is_refused_in_words(district, tmp_path, mutate, said):
    import copy

    broken = tmp_path / "templates"
    shutil.copytree(district, broken)
    target = broken / "extensions" / EXAMPLE.name
    if mutate is None:
        target.write_text("table: {id: t5\n  sheet: [", encoding="utf-8")
    else:
        data = copy.deepcopy(DECLARED)
        mutate(data)
        target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    done = zwgk("new", "-o", tmp_path / "x.xlsx", templates=broken, check_rc=2)
    assert said in done.stderr and EXAMPLE.name in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "x.xlsx").exists()


# --- the family: a table of sub-tables (as 表二) after 六, one of side-by-side groups (as 表四) ------
SECTIONS = """
formats: ["2021"]
part: {after: other, label: 七、政务新媒体情况}
table:
  id: t6
  sheet: 表六
  caption: 七、政务新媒体情况
  layout: sections
  row_head: 信息内容
  sections:
    - caption: （一）政务微博
      columns: [{id: accounts, label: 账号数量, kind: count}, {id: posts, label: 发布信息条数, kind: count}]
      rows: [{id: weibo, label: 政务微博}]
    - caption: （二）政务微信
      columns: [{id: accounts, label: 账号数量, kind: count}]
      rows: [{id: wechat, label: 政务微信公众号}]
"""
WIDE = """
formats: ["2021", "2019"]
part: {after: t4, label: 依申请公开收费情况}
table:
  id: t7
  sheet: 表七
  caption: 依申请公开收费情况
  layout: wide
  kind: count
  rows: [{id: by_item, label: 按件计收}, {id: by_volume, label: 按量计收}]
  columns: [{id: notified, label: 通知件数}, {id: paid, label: 缴费件数}, {id: total, label: 合计}]
checks:
  - {id: t7-total, level: error, kind: sum, table: t7, each: {row: t7}, left: [t7.<row>.total],
     right: [t7.<row>.notified, t7.<row>.paid], message: "{table} {where} 合计应为 {right}，实填 {left}，相差 {diff}",
     live: 合计＝各项之和, blocked: "{where}的合计"}
"""
FAMILY = {"t6.weibo.accounts": 2, "t6.weibo.posts": 345, "t6.wechat.accounts": 1,
          "t7.by_item.notified": 3, "t7.by_item.paid": 2, "t7.by_item.total": 5,
          "t7.by_volume.notified": 4, "t7.by_volume.paid": 1, "t7.by_volume.total": 5}


@pytest.fixture(scope="module")
def family(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("family") / "templates"
    shutil.copytree(ROOT / "templates", folder)
    (folder / "extensions").mkdir()
    (folder / "extensions" / "新媒体.yaml").write_text(SECTIONS, encoding="utf-8")
    (folder / "extensions" / "收费.yaml").write_text(WIDE, encoding="utf-8")
    return folder


def test_tables_of_every_layout_round_trip(family, tmp_path):
    import docx

    workbook = made(tmp_path / "r.xlsx", family, FAMILY)
    assert openpyxl.load_workbook(workbook).sheetnames[1:7] == ["表二", "表三", "表四", "表七", "表六", "文字部分"]
    assert json.loads(zwgk("check", workbook, "--json", templates=family).stdout)["summary"]["ok"]
    for kind in ("txt", "html", "docx", "md"):
        out = tmp_path / f"r.{kind}"
        zwgk("render", workbook, "-o", out, templates=family)
        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs) if kind == "docx" else out.read_text(encoding="utf-8")
        headings = [h for h in ("四、政府信息公开行政复议", "依申请公开收费情况", "五、存在的主要问题", "六、其他需要报告", "七、政务新媒体情况")]
        assert sorted(headings, key=text.index) == headings, kind        # printed where the files say
        result = json.loads(zwgk("import", out, "-o", tmp_path / f"back-{kind}.xlsx", "--json", templates=family).stdout)
        assert {k: result["report"]["cells"][k] for k in FAMILY} == FAMILY, kind
        assert result["report"]["prose"]["other"] == PROSE["other"], kind


def test_a_table_for_both_formats_is_in_both(family, tmp_path):
    old = tmp_path / "2019.xlsx"
    zwgk("new", "--format", "2019", "--year", "2020", "-o", old, templates=family)
    assert "表七" in openpyxl.load_workbook(old).sheetnames and "表六" not in openpyxl.load_workbook(old).sheetnames


@pytest.mark.libreoffice
def test_the_declared_rule_is_a_live_formula(district, filled, tmp_path):
    from .libreoffice import recalculate

    wrong = tmp_path / "wrong.xlsx"
    shutil.copy(filled, wrong)
    fill(wrong, {**GOOD, "合计": [5, 4325.5, 4301.0]})
    good, bad = recalculate([filled, wrong], tmp_path / "lo")
    live = {}
    for name, path in (("good", good), ("bad", bad)):
        ws = openpyxl.load_workbook(path, data_only=True)[TABLE["sheet"]]
        row = next(r for r in ws.iter_rows() if str(r[0].value).startswith("校验"))
        live[name] = [c.value for c in row[1:len(COLS) + 1]]
    assert live == {"good": ["✓", "✓", "✓"], "bad": ["✓", "✓", "✗"]}


def test_published_reports_without_the_table_import_as_before(district, tmp_path):
    """Real reports (none prints 表五, several speak of 信息处理费 in 六): with the district's table
    enabled, every official cell and the prose come out as without it; 表五 is blank."""
    from .conftest import require_shared

    shared = require_shared()
    sources = sorted((shared / "realworld").glob("*-flat.txt"))[-2:] + sorted((shared / "seeds").glob("00*.txt")) \
        + sorted((shared / "realworld").glob("hongze-2024-pdf-layout.txt"))
    assert sources
    for source in sources:
        plain = json.loads(zwgk("import", source, "-o", tmp_path / "a.xlsx", "--json", templates=None).stdout)
        mine = json.loads(zwgk("import", source, "-o", tmp_path / "b.xlsx", "--json", templates=district).stdout)
        extra = {k: v for k, v in mine["report"]["cells"].items() if k.startswith(TABLE["id"] + ".")}
        assert all(v is None for v in extra.values()), source.name
        assert bool(extra) == (mine["report"]["format"] in DECLARED["formats"]), source.name
        assert {k: v for k, v in mine["report"]["cells"].items() if k not in extra} == plain["report"]["cells"]
        assert mine["report"]["prose"] == plain["report"]["prose"], source.name
