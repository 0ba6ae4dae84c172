"""`zwgk import`: published reports (text, Word, web page) and units' own workbooks to report workbooks.

    zwgk import report.txt [-o report.xlsx] [--format auto|2019|2021] [--json]
    zwgk import 手工表.xlsx [-o 报表.xlsx]     # .xlsx/.xlsm/.xls/.ods in the official layout (默认写 手工表-导入.xlsx)
    zwgk import 文件夹 -o 输出文件夹        # every report in the folder; one bad file never stops the rest
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from zwgk.errors import ZwgkError

SUFFIXES = {".txt", ".text", ".md", ".tsv", ".csv", ".docx", ".html", ".htm", ".shtml",
            ".xlsx", ".xlsm", ".xls", ".ods"}
SUFFIXES |= {".pdf", ".doc", ".wps", ".rtf", ".et"}      # PDF; old Word and WPS through LibreOffice


def add_arguments(p) -> None:
    p.add_argument("source", metavar="REPORT", help="已发布的报告（.txt 任意编码、.docx、.html、.pdf；.doc、.wps、.et 需 LibreOffice）、单位自制的报表工作簿"
                                                    "（.xlsx、.xls、.ods），或一个文件夹")
    p.add_argument("-o", "--output", metavar="OUT", help="输出工作簿（文件夹导入时为输出文件夹）；默认与输入同名 .xlsx（输入是工作簿时为“名称-导入.xlsx”）")
    p.add_argument("--format", choices=["auto", "2019", "2021"], default="auto",
                   help="报表格式；auto 按年度和表格标签判断（默认）")
    p.add_argument("--json", action="store_true", help="输出导入结果数据（报表 JSON 与导入说明），而非文字报告")


def run(args) -> int:
    source = Path(args.source)
    if source.is_dir():
        return _run_folder(source, Path(args.output) if args.output else source, args)
    out = Path(args.output) if args.output else source.with_name(output_name(source))
    if out.is_dir():
        out = out / output_name(source)
    if out.suffix.lower() != ".xlsx":       # the workbook written is .xlsx: another name would not open
        raise ZwgkError.of("command.import_needs_xlsx", file=out)
    try:
        result = import_one(source, out, args.format)
    except (ZwgkError, KeyboardInterrupt):
        raise
    except Exception as exc:              # never a traceback: say what failed, in one sentence
        raise ZwgkError.of("command.import_failed", file=source, kind=type(exc).__name__, detail=exc) from None
    _print(result, out, args.json)
    return 0


def output_name(source: Path) -> str:
    """x.txt -> x.xlsx; a workbook x.xlsx -> x-导入.xlsx (never the input itself)."""
    from zwgk.wording import words
    from zwgk.importer.workbook import SUFFIXES as WORKBOOKS

    tail = words("importer")["workbook"]["output_suffix"] if source.suffix.lower() in WORKBOOKS else ""
    return f"{source.stem}{tail}.xlsx"


def _is_input(path: Path) -> bool:
    """A report file of a folder: not hidden, not an Excel lock file, not a zwgk backup or an
    earlier import's output (x-导入.xlsx)."""
    from zwgk.atomic import is_backup
    from zwgk.wording import words

    return (path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith((".", "~$"))
            and not is_backup(path) and not path.stem.endswith(words("importer")["workbook"]["output_suffix"]))


def import_one(source: Path, out: Path, fmt: str):
    """Import one file and write its workbook (inferred cells marked); returns the ImportResult."""
    from zwgk.importer import import_file
    from zwgk.workbook.writer import write_report

    if os.path.realpath(out) == os.path.realpath(source):     # realpath: a symlink loop is no error here
        raise ZwgkError.of("command.import_onto_input", file=out)
    result = import_file(source, format=fmt)
    from zwgk.commands import keep_existing

    keep_existing(out)                      # a workbook the clerk may have filled by hand
    write_report(result.report, out, notes=result.workbook_notes)
    return result


def _print(result, out: Path, as_json: bool) -> None:
    from zwgk.importer.summary import render

    if as_json:
        data = result.to_dict()
        data["workbook"] = str(out)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    else:
        print(render(result))
        print(f"已写入：{out}")


def _run_folder(folder: Path, outdir: Path, args) -> int:
    """Import every report file of a folder; failures are listed, the rest still imported."""
    files = sorted(p for p in folder.iterdir() if _is_input(p))
    if not files:
        raise ZwgkError.of("command.nothing_to_import", file=folder)
    outdir.mkdir(parents=True, exist_ok=True)
    done, failed, results = 0, [], []
    stems = [p.stem for p in files]
    for path in files:
        name = output_name(path)
        out = outdir / (name if stems.count(path.stem) == 1 else f"{path.stem}-{path.suffix.lstrip('.')}.xlsx")
        try:
            result = import_one(path, out, args.format)
        except ZwgkError as exc:
            failed.append((path, str(exc)))
            continue
        except Exception as exc:          # one bad file never stops the rest
            failed.append((path, f"文件“{path}”：导入失败（{type(exc).__name__}: {exc}）"))
            continue
        done += 1
        results.append((path, out, result))
        if not args.json:
            filled = sum(v is not None for v in result.report.cells.values())
            print(f"✓ {path.name} → {out.name}：读入 {result.placed}，推得 {len(result.inferred)}，"
                  f"共填 {filled}/{len(result.report.cells)}")
    if args.json:
        data = [{**r.to_dict(), "workbook": str(o)} for _, o, r in results]
        data += [{"source": str(p), "error": msg} for p, msg in failed]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    else:
        for path, msg in failed:
            print(f"✗ {path.name}：{msg}", file=sys.stderr)
        print(f"完成：{done} 个导入，{len(failed)} 个失败；输出在 {outdir}")
    return 0 if not failed else 1
