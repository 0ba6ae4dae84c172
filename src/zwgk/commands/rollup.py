"""`zwgk rollup DIR -o 区汇总.xlsx`: add up a folder of unit reports into one summary workbook.

Exit status: 0 written (units left out are listed in 报送情况, not failures), 2 bad arguments or
an output that cannot be written.
"""
from __future__ import annotations

import json
import sys

from zwgk.errors import ZwgkError


def add_arguments(p) -> None:
    p.add_argument("folder", metavar="DIR", nargs="+", help="各单位报表所在的文件夹（或若干文件）；"
                   "也可以是全市的文件夹：每区一个子文件夹（各单位报表，或该区汇总表），或各区汇总表")
    p.add_argument("-o", "--output", metavar="区汇总.xlsx", help="输出的汇总工作簿（不能是要汇总的文件之一）")
    p.add_argument("--year", type=int, help="汇总年度（默认：各报表中最多的年度）；决定报表格式")
    p.add_argument("--district", help="地区名称，如 二道区（默认：各报表中最多的所属地区）；"
                   "所属地区为其他地区的报表不计入")
    p.add_argument("--expect", metavar="units.txt", help="应报送单位名单，每行一个，用于找出未报送的单位；"
                   "汇总全市（各区文件夹或各区汇总表）时为应报送的地区名单，各区文件夹中的 units.txt 为该区的单位名单")
    p.add_argument("--include-invalid", action="store_true", help="有错误的报表也计入汇总（仍在报送情况中标出）")
    p.add_argument("--import", dest="use_importer", action="store_true",
                   help="同时导入不是 zwgk 模板的报表：单位自制的工作簿、PDF、Word（.docx/.doc）、WPS（.wps/.et）、"
                        "文本和网页（不加此项时列为“非模板报表”）")
    p.add_argument("--previous", metavar="上年汇总.xlsx", help="上年的汇总：zwgk 生成的上年汇总工作簿，或上年各单位报表所在的文件夹；"
                   "各单位明细增加“上年”“增减”列，并生成“同比”工作表")
    p.add_argument("--json", action="store_true", help="以 JSON 输出汇总结果（各文件状态、合计数）")
    p.add_argument("--workers", type=int, help="并行读取的进程数（默认：CPU 核数；文件少时不并行）")


def run(args) -> int:
    from zwgk.rollup import rollup, write_rollup

    if not args.output and not args.json:
        raise ZwgkError.of("command.rollup_needs_output")
    folder = args.folder[0] if len(args.folder) == 1 else args.folder
    result = rollup(folder, year=args.year, district=args.district, expect=args.expect,
                    include_invalid=args.include_invalid, use_importer=args.use_importer,
                    output=args.output, workers=args.workers, previous=args.previous)
    if args.output:
        write_rollup(result, args.output)
    if args.json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
    _print_summary(result, args.output)
    return 0


def _print_summary(result, output) -> None:
    from zwgk.wording import words

    line = words("rollup")["sheets"]["status"]["summary"].format(**result.counts())
    where = f"已生成 {output}：" if output else ""
    year = f" {result.year} 年度" if result.year else ""
    print(f"{where}{result.summary.unit}{year}（{result.format} 格式）。{line}", file=sys.stderr)
    if not result.counted:
        print(words("rollup")["summary"]["counted_none"], file=sys.stderr)
    for e in result.entries:
        if not e.counted and e.state != "skipped":
            print(f"  {e.label}　{e.unit or e.file}　{e.reason}", file=sys.stderr)
