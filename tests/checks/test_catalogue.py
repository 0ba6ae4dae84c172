"""A catalogue of broken workbooks, one or more per check and level, each with its exact findings.

Every report is written with write_report and read back with read_report, so the checks see what
a real workbook holds.  A finding is compared as (check, level, cells, left, right, diff).
"""
from __future__ import annotations

import pytest

from zwgk import check
from zwgk.workbook.layout import workbook_layout

from .helpers import consistent, copy, roundtrip, seeds, small

ORGS = ["natural", "business", "research", "nonprofit", "legal", "other_org"]
OUTCOMES_2021 = (["granted", "partial"] + [f"withheld_{i}" for i in range(1, 9)]
                 + [f"unable_{i}" for i in range(1, 4)] + [f"rejected_{i}" for i in range(1, 6)]
                 + [f"other_{i}" for i in range(1, 4)])
OUTCOMES_2019 = OUTCOMES_2021[:-3] + ["other"]


def row(r: str) -> tuple[str, ...]:
    return (f"t3.{r}.total",) + tuple(f"t3.{r}.{c}" for c in ORGS)


def col(c: str, fmt: str = "2021") -> tuple[str, ...]:
    outcomes = OUTCOMES_2021 if fmt == "2021" else OUTCOMES_2019
    return (f"t3.total.{c}",) + tuple(f"t3.{r}.{c}" for r in outcomes)


def balance(c: str) -> tuple[str, ...]:
    return (f"t3.new.{c}", f"t3.carried_in.{c}", f"t3.total.{c}", f"t3.carried_out.{c}")


def sig(findings):
    return [(f.check, f.level, f.cells, f.left, f.right, f.diff) for f in findings]


def seed002():
    """Seed 002's numbers, built here so these tests need no shared material."""
    return small()


@pytest.fixture
def rt(tmp_path):
    """Round trip through a real workbook."""
    counter = iter(range(1000))
    return lambda report: None if report is None else roundtrip(report, tmp_path, f"r{next(counter)}")


# --- 勾稽关系 within one report ---------------------------------------------------------------
def test_row_total_message_as_the_clerk_reads_it(rt):
    found = check(rt(copy(seed002(), t3__new__total=7)))
    assert sig(found) == [
        ("t3-row-total", "error", row("new"), 7, 6, 1),
        ("t3-balance", "error", balance("total"), 7, 6, 1),
    ]
    assert found[0].message == "表三 一、本年新收 总计应为 6（各列之和），实填 7，相差 1"
    assert found[0].addresses[0] == "表三!J5"
    assert found[0].level_label == "错误"
    layout = workbook_layout("2021")
    for f in found:
        assert f.addresses == tuple("!".join(layout.where(c)) for c in f.cells)


def test_outcome_total(rt):
    found = check(rt(copy(seed002(), t3__granted__natural=3)))
    assert sig(found) == [
        ("t3-row-total", "error", row("granted"), 2, 3, -1),
        ("t3-outcome-total", "error", col("natural"), 6, 7, -1),
    ]
    assert found[1].message == "表三 “自然人”列 （七）总计应为 7（（一）至（六）之和），实填 6，相差 1"


def test_balance(rt):
    found = check(rt(copy(seed002(), t3__carried_out__natural=1, t3__carried_out__total=1)))
    assert sig(found) == [
        ("t3-balance", "error", balance("natural"), 6, 7, -1),
        ("t3-balance", "error", balance("total"), 6, 7, -1),
    ]
    assert found[0].message == ("表三 “自然人”列 第一项加第二项之和为 6，第三项（七）总计加第四项之和为 7，"
                                "应相等，相差 1")


def test_t4_total(rt):
    found = check(rt(copy(seed002(), t4__review__upheld=1)))
    cells = tuple(f"t4.review.{c}" for c in ("total", "upheld", "corrected", "other", "pending"))
    assert sig(found) == [("t4-total", "error", cells, 0, 1, -1)]
    assert found[0].message == "表四 行政复议 总计应为 1（各项结果之和），实填 0，相差 1"
    assert found[0].addresses[0] == "表四!E5"


def test_2019_single_other_row(rt):
    base = consistent("2019")
    found = check(rt(copy(base, t3__other__legal=base.cells["t3.other.legal"] + 2)))
    t, o = base.cells["t3.other.total"], base.cells["t3.total.legal"]
    assert sig(found) == [
        ("t3-row-total", "error", row("other"), t, t + 2, -2),
        ("t3-outcome-total", "error", col("legal", "2019"), o, o + 2, -2),
    ]


def test_consistent_reports_of_both_formats_pass(rt):
    for fmt in ("2021", "2019"):
        assert check(rt(consistent(fmt))) == []


# --- domain ---------------------------------------------------------------------------------
def test_domain_numbers(rt):
    report = copy(consistent("2021"), t2__license__decisions=-3, t2__penalty__decisions=2.5,
                  t2__fees__amount=-1.25)
    found = check(rt(report))
    assert sig(found) == [
        ("domain", "error", ("t2.license.decisions",), -3, None, None),
        ("domain", "error", ("t2.penalty.decisions",), 2.5, None, None),
        ("domain", "error", ("t2.fees.amount",), -1.25, None, None),
    ]
    assert [f.message for f in found] == [
        "表二 行政许可 本年处理决定数量 应为大于或等于 0 的整数，实填“-3”",
        "表二 行政处罚 本年处理决定数量 应为大于或等于 0 的整数，实填“2.5”",
        "表二 行政事业性收费 本年收费金额（单位：万元） 应为大于或等于 0 的数，实填“-1.25”",
    ]


def test_signed_change_may_be_negative(rt):
    assert check(rt(copy(consistent("2019"), t2__license__change=-5))) == []


def test_text_in_a_number_cell_is_a_domain_error_and_blocks_its_rules(rt):
    report = copy(consistent("2021"), t3__granted__legal=None)
    report.texts["t3.granted.legal"] = "约10"
    found = check(rt(report))
    assert sig(found) == [("domain", "error", ("t3.granted.legal",), None, None, None)]
    assert found[0].extra["blocked"] == [{"check": "t3-row-total", "each": ["row", "granted"]},
                                         {"check": "t3-outcome-total", "each": ["col", "legal"]}]
    assert found[0].message == ("表三 （一）予以公开 法律服务机构 应为大于或等于 0 的整数，实填“约10”，"
                                "无法校验（一）予以公开的行合计、“法律服务机构”列的（七）总计")


def test_formula_in_an_input_cell_is_a_domain_error(tmp_path):
    import openpyxl

    from zwgk.workbook.reader import read_report
    from zwgk.workbook.writer import write_report

    path = write_report(consistent("2021"), tmp_path / "f.xlsx")
    book = openpyxl.load_workbook(path)
    book["表四"]["A5"] = "=1+1"                    # t4.review.upheld
    book.save(path)
    found = check(read_report(path))
    assert sig(found) == [("domain", "error", ("t4.review.upheld",), None, None, None)]
    assert found[0].message == ("表四 行政复议 结果维持 填的是公式“=1+1”，应直接填写大于或等于 0 的整数，"
                                "无法校验行政复议的总计")


# --- blank ----------------------------------------------------------------------------------
def test_blank_stops_rules_and_says_so(rt):
    found = check(rt(copy(consistent("2021"), t3__partial__research=None)))
    assert sig(found) == [("blank", "warning", ("t3.partial.research",), None, None, None)]
    assert found[0].level_label == "警告"
    assert found[0].extra["blocked"] == [{"check": "t3-row-total", "each": ["row", "partial"]},
                                         {"check": "t3-outcome-total", "each": ["col", "research"]}]
    assert found[0].message == ("表三 （二）部分公开 科研机构 未填写，"
                                "无法校验（二）部分公开的行合计、“科研机构”列的（七）总计")


def test_dash_is_a_blank_with_its_text(rt):
    report = copy(consistent("2021"), t2__fees__amount=None)
    report.texts["t2.fees.amount"] = "/"
    found = check(rt(report))
    assert sig(found) == [("blank", "warning", ("t2.fees.amount",), None, None, None)]
    assert found[0].extra == {"blocked": [], "text": "/"}
    assert found[0].message == "表二 行政事业性收费 本年收费金额（单位：万元） 填“/”，按空白处理，未发生请填 0"


def test_blank_total_is_not_zero(rt):
    # all parts are 0 but the total is blank: the rule must not pass as if blank were 0
    report = copy(seed002(), t4__suit_direct__total=None)
    found = check(rt(report))
    assert sig(found) == [("blank", "warning", ("t4.suit_direct.total",), None, None, None)]
    assert found[0].extra["blocked"] == [{"check": "t4-total", "each": ["row", "suit_direct"]}]


def test_small_is_seed_002():
    assert small().cells == seeds()["002_940e26fdc8c2d394.txt"].cells


def test_seeds_have_no_errors():
    for name, report in seeds().items():
        found = check(report)
        assert not [f for f in found if f.is_error], name
        blanks = [cid for cid, v in report.cells.items() if v is None]
        assert [f.cells for f in found] == [(cid,) for cid in blanks], name
        assert {f.check for f in found} <= {"blank"}, name
    assert len(check(seeds()["004_28bf39bb901e43e5.txt"])) == 164


# --- plausibility -----------------------------------------------------------------------------
def test_fee_unit(rt):
    found = check(rt(copy(consistent("2021"), t2__fees__amount=316441)))
    assert sig(found) == [("fee-unit", "warning", ("t2.fees.amount",), 316441, 100000, None)]
    assert found[0].message == ("表二 行政事业性收费 本年收费金额（单位：万元） 填 316441 万元，即 3164410000 元，"
                                "可能把“元”误填为“万元”，请核对单位")
    assert check(rt(copy(consistent("2021"), t2__fees__amount=99999.5))) == []


def test_fee_unit_follows_a_named_unit(rt):
    report = copy(consistent("2019"), t2__procurement__amount=251000)
    report.units["t2.procurement.amount"] = "元"
    assert check(rt(report)) == []
    report.units["t2.procurement.amount"] = "万元"
    assert sig(check(rt(report))) == [
        ("fee-unit", "warning", ("t2.procurement.amount",), 251000, 100000, None)]


def test_narrative(rt):
    report = copy(seed002())
    report.prose = {"overview": "2023年，共收到政府信息公开申请8件，全部按时答复。",
                    "other": "本年度发生行政复议0件，行政诉讼2起。"}
    found = check(rt(report))
    assert sig(found) == [
        ("narrative", "warning", ("t3.new.total",), 8, 6, 2),
        ("narrative", "warning", ("t4.suit_direct.total", "t4.suit_after_review.total"), 2, 0, 2),
    ]
    assert found[0].message == "文字部分称本年新收政府信息公开申请 8 件，而表三 一、本年新收 总计 为 6"
    report.prose = {"overview": "共收到政府信息公开申请6件；行政复议0件，行政诉讼0件。"}
    assert check(rt(report)) == []


def test_regulation_power(rt):
    report = copy(consistent("2021", unit="某某镇人民政府"), t2__regulation__issued=2)
    found = check(rt(report))
    assert sig(found) == [("regulation-power", "warning", ("t2.regulation.issued",), 2, None, None)]
    assert found[0].message == "表二 规章 本年制发件数 填 2：某某镇人民政府无权制定规章，请核对是否误填"
    report.unit = "长春市人民政府"
    assert check(rt(report)) == []


# --- across years -------------------------------------------------------------------------------
def last_year_of(report, fmt: str | None = None):
    """Last year's report that agrees with `report` on every cross-year identity."""
    prev = consistent(fmt or report.format, year=report.year - 1)
    for c in ORGS + ["total"]:
        carried = prev.cells[f"t3.carried_out.{c}"]
        prev.cells[f"t3.carried_out.{c}"] = report.cells[f"t3.carried_in.{c}"]
        prev.cells[f"t3.new.{c}"] += report.cells[f"t3.carried_in.{c}"] - carried
    if prev.format == "2021" and report.format == "2021":
        for r in ("regulation", "normative"):
            cells = {k: report.cells[f"t2.{r}.{k}"] for k in ("in_force", "issued", "repealed")}
            prev.cells[f"t2.{r}.in_force"] = cells["in_force"] - cells["issued"] + cells["repealed"]
    if prev.format == "2019" and report.format == "2019":
        for r in ("license", "other_service", "penalty", "enforcement", "fees"):
            prev.cells[f"t2.{r}.change"] = report.cells[f"t2.{r}.prev_items"] - prev.cells[f"t2.{r}.prev_items"]
    return prev


@pytest.mark.parametrize("fmt,prev_fmt", [("2021", "2021"), ("2021", "2019"), ("2019", "2019")])
def test_agreeing_years_pass(rt, fmt, prev_fmt):
    report = consistent(fmt)
    assert check(rt(report), rt(last_year_of(report, prev_fmt))) == []


@pytest.mark.parametrize("prev_fmt", ["2021", "2019"])
def test_carry_over(rt, prev_fmt):
    report = consistent("2021")
    prev = last_year_of(report, prev_fmt)
    prev.cells["t3.carried_out.nonprofit"] += 2
    prev.cells["t3.new.nonprofit"] += 2
    this = report.cells["t3.carried_in.nonprofit"]
    found = check(rt(report), rt(prev))
    assert sig(found) == [("carry-over", "error", ("t3.carried_in.nonprofit",), this, this + 2, -2)]
    assert found[0].extra["previous_cells"] == ["t3.carried_out.nonprofit"]
    assert found[0].message == (f"表三 “社会公益组织”列 上年结转应等于上年报告的结转下年度继续办理 {this + 2}，"
                                f"实填 {this}，相差 2")


def test_in_force_chain(rt):
    report = consistent("2021")
    prev = last_year_of(report)
    prev.cells["t2.normative.in_force"] -= 2
    found = check(rt(report), rt(prev))
    cells = ("t2.normative.in_force", "t2.normative.issued", "t2.normative.repealed")
    assert sig(found) == [("in-force-chain", "warning", cells, 10, 8, 2)]


def test_items_chain_2019(rt):
    report = consistent("2019")
    prev = last_year_of(report)
    prev.cells["t2.fees.change"] += 2
    found = check(rt(report), rt(prev))
    assert sig(found) == [("items-chain", "warning", ("t2.fees.prev_items",), 3, 5, -2)]
    assert found[0].extra["previous_cells"] == ["t2.fees.prev_items", "t2.fees.change"]


def test_no_chain_across_formats(rt):
    # in_force (2021) and prev_items (2019) have no counterpart last year: only carry-over applies
    report = consistent("2021")
    prev = last_year_of(report, "2019")
    found = check(rt(report), rt(prev))
    assert found == []


def test_blank_in_last_years_report(rt):
    report = consistent("2021")
    prev = last_year_of(report)
    prev.cells["t3.carried_out.legal"] = None
    found = check(rt(report), rt(prev))
    # last year's own rules are not this report's findings; only the stopped carry-over is
    assert sig(found) == [("blank", "warning", ("t3.carried_in.legal",), None, None, None)]
    assert found[0].extra["previous_cells"] == ["t3.carried_out.legal"]
    assert found[0].message == "上年报告表三 四、结转下年度 法律服务机构 未填写，无法校验“法律服务机构”列的上年结转"


@pytest.mark.parametrize("sentence,says,stated", [
    # wording met in published reports (text from PDFs keeps spaces around numbers)
    ("2024 年，全市共受理政府信息公开申请 3119 件，答复均在法定期限内。", "本年新收政府信息公开申请", 3119),
    ("全年办理政府信息公开申请218件。", "本年新收政府信息公开申请", 218),
    ("2024 年矿工路街道收到政府信息公开申请 0 条。", "本年新收政府信息公开申请", 0),
    ("2023年全区接收通过邮寄、网络提交的各类政府信息公开申请共计81件，涉及自然人80件。",
     "本年新收政府信息公开申请", 81),
    ("2023 年我街道未收到政府信息公开申请。", "本年新收政府信息公开申请", 0),
    ("因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。", "行政复议", 2),
    ("因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。", "行政诉讼", 7),
    ("政府信息公开行政复议 351\n件，其中结果维持 300 件。", "行政复议", 351),
    ("2023 年我街道未有行政诉讼情况。", "行政诉讼", 0),
])
def test_narrative_reads_published_wording(sentence, says, stated):
    report = consistent("2021")
    for cid in ("t3.new.total", "t4.review.total", "t4.suit_direct.total"):
        report.cells[cid] = 9999                     # no statement above says 9999
    report.cells["t4.suit_after_review.total"] = 0
    report.prose = {"overview": sentence}
    found = [(f.extra["quote"], f.left) for f in check(report) if f.check == "narrative" and says in f.message]
    assert [s for _, s in found] == [stated]


@pytest.mark.parametrize("sentence", [
    "办理上年结转政府信息公开申请2件。",                          # carried in, not new
    "全年未发生因依申请公开被行政复议纠错的情况。",                  # no corrections, not no reviews
    "四、政府信息公开行政复议、行政诉讼情况",
])
def test_narrative_leaves_other_wording_alone(sentence):
    report = consistent("2021")
    report.prose = {"overview": sentence}
    assert [f for f in check(report) if f.check == "narrative"] == []
