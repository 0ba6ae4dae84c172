"""`zwgk demo`: the main job on the bundled samples, written into one output folder.

    out/模板/    blank official workbooks, 2021 and 2019 formats
    out/示例/    a filled report made from samples/json/
    out/导入/    published reports (samples/legacy: text, Word, HTML; samples/pdf: PDF) and units' own
                 workbooks (samples/handmade: .xlsx, .xls, .ods) imported into workbooks
    out/校验/    each imported workbook checked, a marked copy with a 校验结果 sheet
    out/汇总/    samples/district rolled up into one summary workbook (published reports read too)
    out/发布/    the filled report rendered as Word, HTML, text and Markdown
    out/加载项/  the Excel add-in zwgk.xlam

Progress goes to stderr; a short summary of what was written goes to stdout, and the JSON view
of the filled report to a file beside its workbook (out/示例/*.json).
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from zwgk.errors import ZwgkError
from zwgk.resources import data_dir
from zwgk.spec import FORMATS

LEGACY_SUFFIXES = (".txt", ".docx", ".html", ".htm")


def _sources(samples: Path) -> list[Path]:
    """What the demo imports: every published report of samples/legacy, the seeds printed to PDF,
    and units' own workbooks (every .xlsx layout, one .xls and one .ods saved by LibreOffice)."""
    legacy = sorted(p for p in (samples / "legacy").iterdir() if p.suffix.lower() in LEGACY_SUFFIXES)
    pdfs = sorted((samples / "pdf").glob("seed-*.pdf"))
    made = samples / "handmade"
    workbooks = sorted(made.glob("*.xlsx")) + sorted(made.glob("*.xls"))[:1] + sorted(made.glob("*.ods"))[:1]
    return legacy + pdfs + workbooks


def add_arguments(p) -> None:
    p.add_argument("-o", "--output", default="out", metavar="DIR", help="输出目录（默认 out/）")
    p.add_argument("--samples", default=None, metavar="DIR", help="样例目录（默认仓库中的 samples/）")


def run(args) -> int:
    out = Path(args.output)
    samples = Path(args.samples) if args.samples else data_dir("samples", "json")
    if not samples.is_dir():
        raise ZwgkError.of("command.demo_no_samples", file=samples)
    done = {"模板与示例": _templates_and_example(out, samples)}
    imported, failures = _import_and_check(out, _sources(samples))
    done["导入与校验"] = imported
    done["汇总"] = _rollup(out, samples / "district")
    done["发布"] = _publish(out, out / "示例")
    done["加载项"] = _addin(out)
    print(f"zwgk demo 已完成，输出在 {out}/" + (f"（{failures} 个样例导入失败）" if failures else "") + "：")
    for title, line in done.items():
        print(f"  {title}：{line}")
    return 1 if failures else 0


def _templates_and_example(out: Path, samples: Path) -> str:
    from zwgk.model import Report
    from zwgk.workbook.reader import read_report
    from zwgk.workbook.writer import write_report

    _step("模板与示例")
    for fmt in FORMATS:
        _say(f"  空白模板：{write_report(Report.blank(fmt), out / '模板' / f'空白模板-{fmt}格式.xlsx')}")
    examples = []
    for source in sorted((samples / "json").glob("*.json")):
        report = Report.from_json(source.read_text(encoding="utf-8"), source=str(source))
        example = write_report(report, out / "示例" / f"{source.stem}.xlsx")
        view = example.with_suffix(".json")
        view.write_text(read_report(example).to_json() + "\n", encoding="utf-8")
        examples.append(example)
        _say(f"  示例报表：{example}（JSON 数据：{view.name}）")
    return (f"{len(FORMATS)} 个空白模板在 {out / '模板'}/；{len(examples)} 份示例报表及其 JSON 数据在 "
            f"{out / '示例'}/")


def _import_and_check(out: Path, sources: list[Path]) -> tuple[str, int]:
    from zwgk.checks import check, summary
    from zwgk.importer import import_file
    from zwgk.workbook.marker import default_summary, mark
    from zwgk.workbook.writer import write_report

    _step("导入已发布的报告（文本、Word、网页、PDF）和各单位自制的工作簿，并校验")
    failures = done = 0
    for source in sources:
        target = out / "导入" / f"{source.stem}{source.suffix.replace('.', '-')}.xlsx"
        try:
            result = import_file(source)
            write_report(result.report, target, notes=result.workbook_notes)
        except ZwgkError as exc:
            failures += 1
            _say(f"  ✗ {source.name}：{exc}")
            continue
        findings = check(result.report)
        counts = summary(findings)
        checked = out / "校验" / f"{target.stem}（已校验）.xlsx"
        checked.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, checked)
        mark(checked, findings, default_summary(findings, target.name), keep_backup=False)
        filled = sum(v is not None for v in result.report.cells.values())
        _say(f"  ✓ {source.name} → {target.name}：{result.report.unit}{result.report.year or ''}，"
             f"填 {filled}/{len(result.report.cells)}（推得 {len(result.inferred)}），"
             f"错误 {counts['errors']}，警告 {counts['warnings']}")
        done += 1
    return (f"{done} 份已发布的报告和自制工作簿导入为工作簿（{out / '导入'}/），"
            f"标出问题的副本在 {out / '校验'}/"), failures


def _rollup(out: Path, district: Path) -> str:
    from zwgk.rollup import rollup, write_rollup

    _step(f"汇总各单位（{district}）")
    target = out / "汇总" / "区汇总.xlsx"
    result = rollup(district, expect=district / "units.txt", use_importer=True, output=target, progress=False)
    write_rollup(result, target)
    states: dict[str, int] = {}
    for entry in result.to_dict()["entries"]:
        states[entry["label"]] = states.get(entry["label"], 0) + 1
    states_line = "，".join(f"{k} {v}" for k, v in states.items())
    _say(f"  汇总表：{target}")
    _say("  报送情况：" + states_line)
    return f"{target}（{states_line}）"


def _publish(out: Path, examples: Path) -> str:
    from zwgk.render import render
    from zwgk.workbook.reader import read_report

    _step("发布")
    written = []
    for example in sorted(examples.glob("*.xlsx")):
        report = read_report(example)
        for suffix in (".docx", ".html", ".txt", ".md"):
            written.append(render(report, out / "发布" / (example.stem + suffix)))
            _say(f"  {written[-1]}")
    return f"{len(written)} 个文件（Word、网页、文本、Markdown）在 {out / '发布'}/"


def _addin(out: Path) -> str:
    from zwgk.addin_build.build import build_addin

    _step("Excel 加载项")
    path = build_addin(out / "加载项")
    _say(f"  {path}")
    return str(path)


def _step(title: str) -> None:
    _say(f"\n== {title}")


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
