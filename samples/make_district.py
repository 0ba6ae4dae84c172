"""Make samples/district/: one district's folder of unit reports, as a 政务公开办 receives them.

Mostly good reports, plus every kind of trouble the rollup must report: check errors, blanks,
another year, the old format, a duplicate unit, the same report sent again under another
spelling of the unit's name, an old zwgk backup, a unit of another district, a published report
(read with --import), an Excel owner file, a non-report workbook and a truncated file.
`units.txt` names the units expected, one of which never reported.

    python samples/make_district.py        # rewrites samples/district/ (deterministic)
"""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from zwgk.render import render
from zwgk.synthetic import consistent_report
from zwgk.workbook.writer import write_report

HERE = Path(__file__).resolve().parent / "district"
DISTRICT, YEAR = "二道区", 2024
GOOD = {  # file name as sent by e-mail -> unit
    "八里堡街道办事处2024年报.xlsx": "八里堡街道办事处",
    "东站街道-2024.xlsx": "东站街道办事处",
    "远达街道 年报（最终版）.xlsx": "远达街道办事处",
    "英俊镇2024.xlsx": "英俊镇人民政府",
    "劝农山镇政府信息公开年报.xlsx": "劝农山镇人民政府",
}


def main(folder: Path = HERE) -> None:
    global HERE
    HERE = folder
    shutil.rmtree(HERE, ignore_errors=True)
    HERE.mkdir(parents=True)
    for seed, (name, unit) in enumerate(GOOD.items(), start=1):
        write(name, consistent_report("2021", seed, unit=unit, district=DISTRICT, year=YEAR))
    broken = consistent_report("2021", 11, unit="荣光街道办事处", district=DISTRICT, year=YEAR)
    broken.cells["t3.new.natural"] += 2                      # 一+二 ≠ 三+四, row total off
    write("荣光街道2024.xlsx", broken)
    blanks = consistent_report("2021", 12, unit="吉林街道办事处", district=DISTRICT, year=YEAR)
    for cid in ("t4.review.upheld", "t4.review.total", "t2.fees.amount"):
        blanks.cells[cid] = None
    write("吉林街道2024.xlsx", blanks)
    write("长青街道_2023.xlsx", consistent_report("2021", 13, unit="长青街道办事处", district=DISTRICT, year=2023))
    write("泉眼镇2024（旧表）.xlsx", consistent_report("2019", 14, unit="泉眼镇人民政府", district=DISTRICT, year=YEAR))
    write("英俊镇2024(1).xlsx", consistent_report("2021", 15, unit="英俊镇人民政府", district=DISTRICT, year=YEAR))
    write("八里堡街道2024（盖章版）.xlsx",
          consistent_report("2021", 1, unit="二道区八里堡街道办事处（盖章）", district=DISTRICT, year=YEAR))
    write("八里堡街道办事处2024年报.bak.xlsx",        # zwgk's backup from an older version: never counted
          consistent_report("2021", 21, unit="八里堡街道办事处", district=DISTRICT, year=YEAR))
    write("永长街道2024.xlsx", consistent_report("2021", 16, unit="永长街道办事处", district="南关区", year=YEAR))
    render(consistent_report("2021", 17, unit="东盛街道办事处", district=DISTRICT, year=YEAR),
           HERE / "东盛街道2024年报.docx")
    (HERE / "~$八里堡街道办事处2024年报.xlsx").write_bytes(b"\x0czwgk-clerk" + b"\x00" * 150)
    (HERE / "损坏的文件.xlsx").write_bytes((HERE / "东站街道-2024.xlsx").read_bytes()[:3000])
    write_other_workbook(HERE / "通讯录.xlsx")
    (HERE / "units.txt").write_text("\n".join(
        [*GOOD.values(), "荣光街道办事处", "吉林街道办事处", "长青街道办事处", "泉眼镇人民政府", "东盛街道办事处"]) + "\n",
        encoding="utf-8")


def write(name: str, report) -> None:
    write_report(report, HERE / name)


def write_other_workbook(path: Path) -> None:
    """A workbook that is not a report (an address list), written without zwgk."""
    buf = io.BytesIO()
    import xlsxwriter

    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    book.set_properties({"created": __import__("datetime").datetime(2024, 1, 1)})
    sheet = book.add_worksheet("通讯录")
    for r, row in enumerate([("单位", "联系人", "电话"), ("东站街道办事处", "李四", "0431-0000000")]):
        sheet.write_row(r, 0, row)
    book.close()
    path.write_bytes(buf.getvalue())
    assert zipfile.is_zipfile(path)


if __name__ == "__main__":
    main()
