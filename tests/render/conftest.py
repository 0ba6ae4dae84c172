import pytest

from zwgk.synthetic import consistent_report


@pytest.fixture
def sample():
    """A filled 2021 report with a "/" cell, a blank cell and prose."""
    def make(fmt="2021"):
        report = consistent_report(fmt, seed=5, unit="八里堡街道办事处", district="二道区", year=2024,
                                   contact="张三 0431-12345678", date="2025-01-20")
        report.prose = {"overview": "2024年，八里堡街道办事处认真贯彻落实《条例》。\n全年主动公开政府信息126条。",
                        "problems": "（一）主要问题\n一是时效性有待提高。", "other": "本年度未收取信息处理费。"}
        report.cells["t3.new.business"], report.texts["t3.new.business"] = None, "/"
        report.cells["t3.new.research"] = None
        report.cells["t4.review.upheld"] = 0
        return report
    return make
