"""The `zwgk` command: a thin dispatcher over `zwgk.commands.*`.

Each sub-command lives in its own module under `zwgk/commands/` and exposes
`NAME`, `HELP`, `add_arguments(parser)` and `run(args) -> int`.  Modules are
imported only when their command runs, so `zwgk show` never pays for pandas.
"""
from __future__ import annotations

import importlib
import os
import sys

from zwgk.cli_parser import ChineseArgumentParser
from zwgk.errors import ZwgkError
from zwgk.problems import told

# name -> (module, one-line help).  Add a command by adding a line here.
COMMANDS: dict[str, tuple[str, str]] = {
    "new": ("zwgk.commands.new", "新建报表工作簿（空白模板或由 JSON 生成）"),
    "show": ("zwgk.commands.show", "读取报表工作簿，输出数据（--json）"),
    "check": ("zwgk.commands.check", "校验报表的勾稽关系，可在工作簿中标出问题（--mark）"),
    "import": ("zwgk.commands.imports", "把已发布的报告（文本、Word、网页、PDF）或单位自制的表格导入为工作簿"),
    "rollup": ("zwgk.commands.rollup", "把一个文件夹中各单位的报表汇总为一个工作簿"),
    "history": ("zwgk.commands.history", "把一个单位历年的报告排成历年对比工作簿（含跨年度校验和趋势图）"),
    "export": ("zwgk.commands.export", "把报表中的全部数字导出为数据表（.csv、.parquet、.xlsx），供分析用"),
    "render": ("zwgk.commands.render", "把报表输出为文本、Word 或网页"),
    "addin": ("zwgk.commands.addin", "构建或安装 Excel 加载项"),
    "demo": ("zwgk.commands.demo", "在自带样例上运行全部功能，输出到 out/"),
}


def build_parser(only: str | None = None) -> ChineseArgumentParser:
    parser = ChineseArgumentParser(prog="zwgk", description="政府信息公开工作年度报告工具")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if only is None or name == only:
            importlib.import_module(module).add_arguments(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    _tolerant_streams()
    argv = sys.argv[1:] if argv is None else argv
    name = argv[0] if argv and argv[0] in COMMANDS else None
    parser = build_parser(only=name)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    module = importlib.import_module(COMMANDS[args.command][0])
    try:
        return module.run(args) or 0
    except ZwgkError as exc:
        return _tell(exc, as_json=getattr(args, "json", False))
    except BrokenPipeError:           # `zwgk show … | head`: the reader has gone, so be quiet
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:            # a path the system refuses: one sentence, never a traceback
        where = f"文件“{exc.filename}”：" if exc.filename else ""
        print(f"错误：{where}无法读写（{exc.strerror or exc}）", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 — never a traceback on screen
        return _unforeseen(exc)


def _tell(exc: ZwgkError, as_json: bool) -> int:
    """The error from its problem: the sentence, then how to fix it; under --json also the problem
    as data on stdout ({"error": {code, params, location, …}}), for programs."""
    if as_json:
        import json

        sys.stdout.write(json.dumps({"error": exc.to_dict()}, ensure_ascii=False, indent=1) + "\n")
    print(f"错误：{told(exc.problem)}", file=sys.stderr)
    return exc.exit_code


def _tolerant_streams() -> None:
    """A console that cannot show a character (PYTHONIOENCODING=ascii, cp936 and ✓) gets a "?"."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):  # a replaced or closed stream
            pass


def _unforeseen(exc: BaseException) -> int:
    """Anything no reader foresaw: one sentence on screen, the traceback in a log file."""
    log = _write_log(exc)
    where = f"，详细信息已写入 {log}，请把它发给维护人员" if log else ""
    print(f"错误：zwgk 遇到意外情况（{type(exc).__name__}），本次操作未完成{where}", file=sys.stderr)
    return 2


def _write_log(exc: BaseException) -> str | None:
    import tempfile
    import time
    import traceback

    text = "".join(traceback.format_exception(exc))
    for folder in (os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), tempfile.gettempdir()):
        try:
            path = os.path.join(folder, "zwgk", f"错误-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as out:
                out.write(f"zwgk {' '.join(sys.argv[1:])}\n{text}")
            return path
        except OSError:
            continue
    return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
