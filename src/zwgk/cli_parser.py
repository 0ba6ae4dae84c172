"""argparse in Chinese: usage, section titles, the help option and the errors argparse raises.

`ChineseArgumentParser` is a drop-in `argparse.ArgumentParser` (sub-command parsers inherit it);
nothing global is patched, so other programs in the same process keep argparse as it is.
"""
from __future__ import annotations

import argparse
import re
import sys

USAGE = "用法："
SECTIONS = {"positional arguments": "位置参数", "options": "选项"}
HELP = "显示本帮助并退出"
ERRORS = [   # argparse's English message (a regular expression) → the Chinese sentence
    (r"the following arguments are required: (.+)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.+)", r"无法识别的参数：\1"),
    (r"argument (.+?): invalid choice: (.+?) \(choose from (.+)\)", r"参数 \1 的取值 \2 无效，可选：\3"),
    (r"argument (.+?): invalid (int|float) value: (.+)", r"参数 \1 的取值 \3 不是数字"),
    (r"argument (.+?): invalid .+ value: (.+)", r"参数 \1 的取值 \2 无效"),
    (r"argument (.+?): expected one argument", r"参数 \1 后面缺少取值"),
    (r"argument (.+?): expected at least one argument", r"参数 \1 后面至少要有一个取值"),
    (r"argument (.+?): not allowed with argument (.+)", r"参数 \1 不能与 \2 同时使用"),
    (r"argument (.+?): ignored explicit argument (.+)", r"参数 \1 不接受取值 \2"),
    (r"one of the arguments (.+) is required", r"参数 \1 必须给出其中一个"),
    (r"ambiguous option: (.+?) could match (.+)", r"选项 \1 有歧义，可能是：\2"),
]


def translate(message: str) -> str:
    for pattern, chinese in ERRORS:
        if re.fullmatch(pattern, message, re.S):
            return re.sub(pattern, chinese, message, flags=re.S)
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    def __init__(self, *args, add_help: bool = True, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = SECTIONS["positional arguments"]
        self._optionals.title = SECTIONS["options"]
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP)

    def format_help(self) -> str:
        text = super().format_help()
        for title in SECTIONS.values():
            text = text.replace(f"\n{title}:\n", f"\n{title}：\n")
        return text

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate(message)}\n")
