"""`zwgk addin build [-o dist]`, `zwgk addin install [--uninstall]` and `zwgk addin hint`.

`install` works on Windows only: it builds zwgk.xlam, copies it into the user's XLSTART
folder (Excel opens it at start-up; the user's XLSTART is a trusted location by default) and
records the Python interpreter in %USERPROFILE%\\.zwgk\\zwgk.conf, the file the add-in's VBA
reads (xlwings config format): `Interpreter_Win`, and for a conda interpreter `Conda Path` and
`Conda Env`.  Elsewhere it prints what it would do.  `hint` prints how to use the “发送到”
launcher (the launcher itself is ASCII only, so the Chinese comes from here).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from zwgk.atomic import atomic_path
from zwgk.errors import ZwgkError

NAME = "addin"
HELP = "构建或安装 Excel 加载项"
ADDIN_FILE = "zwgk.xlam"
LAUNCHER_NAME = "zwgk 校验报表.cmd"
INTERPRETER_KEY = "Interpreter_Win"
CONDA_PATH_KEY, CONDA_ENV_KEY = "Conda Path", "Conda Env"
# xlwings reads the file with VBA's `Input #f, key, value`: a note is a pair whose key matches no
# setting.  What a persistent interpreter would change is said where a clerk or IT would look.
UDF_SERVER_NOTE = ("# Use UDF Server",
                   "False (default): each click starts a new Python, about 0.3-1 s, always the installed "
                   "zwgk. True: one Python stays in Excel (xlwings COM server) and clicks skip the start-up, "
                   "but an updated zwgk is only seen after restarting Excel, memory stays in use, and a hung "
                   "or crashed handler affects every later click until Excel restarts.")
LAUNCHER_HINT = ("请把要校验的报表工作簿拖到本文件上，或在资源管理器中右键报表 → “发送到” → "
                 f"“{LAUNCHER_NAME[:-4]}”。每个工作簿旁会生成一份标好问题的副本，原文件不会改动。")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = sub.add_parser("build", help="构建加载项 zwgk.xlam", description="构建加载项 zwgk.xlam")
    build.add_argument("-o", "--out", default="dist", help="输出目录（默认 dist）")
    install = sub.add_parser("install", help="安装到 Excel 启动目录（仅 Windows）",
                             description="把 zwgk.xlam 复制到 Excel 的 XLSTART 目录，并写入 Python 解释器配置")
    install.add_argument("--uninstall", action="store_true", help="从 XLSTART 删除加载项")
    sub.add_parser("hint", help="说明“发送到”校验入口的用法", description="说明“发送到”校验入口的用法")


def run(args: argparse.Namespace) -> int:
    if args.action == "build":
        from zwgk.addin_build.build import build_addin

        print(f"已生成加载项：{build_addin(args.out)}")
        return 0
    if args.action == "hint":
        print(LAUNCHER_HINT)
        return 0
    return install(uninstall=args.uninstall)


@dataclass
class InstallPlan:
    """Where install puts things."""

    addin: Path
    config: Path
    interpreter: str
    sendto: Path | None = None          # the macro-free launcher in Explorer's “发送到” menu
    command: Path | None = None         # the zwgk command line the launcher runs
    python: str = ""


def install_plan(env: Mapping[str, str], executable: str) -> InstallPlan:
    """Paths for the current user, from %APPDATA% and %USERPROFILE%."""
    missing = [k for k in ("APPDATA", "USERPROFILE") if not env.get(k)]
    if missing:
        raise ZwgkError.of("addin.no_env", names="、".join(missing))
    xlstart = Path(env["APPDATA"]) / "Microsoft" / "Excel" / "XLSTART"
    config = Path(env["USERPROFILE"]) / ".zwgk" / "zwgk.conf"
    sendto = Path(env["APPDATA"]) / "Microsoft" / "Windows" / "SendTo" / LAUNCHER_NAME
    return InstallPlan(xlstart / ADDIN_FILE, config, pythonw_path(executable), sendto,
                       config.with_name("zwgk-command.txt"), executable)


def pythonw_path(executable: str) -> str:
    """The windowless interpreter beside `executable` (python.exe -> pythonw.exe) if present."""
    folder, name = os.path.split(executable)
    if name.lower() == "python.exe":
        candidate = os.path.join(folder, "pythonw.exe")
        if os.path.exists(candidate):
            return candidate
    return executable


def install(uninstall: bool = False, *, is_windows: bool | None = None,
            env: Mapping[str, str] | None = None, executable: str | None = None,
            encoding: str | None = None) -> int:
    """Install (or remove) the add-in for the current user; see the module docstring."""
    if not (sys.platform == "win32" if is_windows is None else is_windows):
        print(describe(uninstall))
        return 0
    plan = install_plan(os.environ if env is None else env, executable or sys.executable)
    if uninstall:
        return remove_addin(plan)
    copy_addin(plan.addin)
    environ = os.environ if env is None else env
    settings = interpreter_settings(plan.python, plan.interpreter, environ)
    write_config(plan.config, settings, encoding or ("mbcs" if os.name == "nt" else "utf-8"))
    install_launcher(plan, encoding or ("oem" if os.name == "nt" else "utf-8"))
    written = "，".join(f"{key} = {value}" for key, value in settings.items())
    from zwgk.addin_build.ribbon import load_messages
    print(f"已安装加载项：{plan.addin}\n已写入配置：{plan.config}（{written}）\n"
          f"已安装“发送到”菜单项：{plan.sendto}（不用宏也能校验：右键报表 → 发送到 → zwgk 校验报表）\n"
          f"请重新启动 Excel，功能区中会出现“{load_messages()['title']}”选项卡。")
    return 0


def install_launcher(plan: InstallPlan, encoding: str) -> None:
    """Copy addin/windows/zwgk-check.cmd into “发送到” and record the command it runs (read by
    the launcher's `set /p`, in the console code page)."""
    from zwgk.resources import data_dir

    source = data_dir("addin", "ribbon.yaml") / "windows" / "zwgk-check.cmd"
    plan.sendto.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, plan.sendto)
    plan.command.parent.mkdir(parents=True, exist_ok=True)
    command = f'"{plan.python}" -m zwgk.cli'
    try:
        data = command.encode(encoding)
    except UnicodeEncodeError as exc:
        raise ZwgkError.of("addin.path_not_encodable", path=plan.python) from exc
    plan.command.write_bytes(data)


def describe(uninstall: bool) -> str:
    """What install would do on Windows (printed on other systems)."""
    if uninstall:
        return ("当前系统不是 Windows，未做任何改动。在 Windows 上，本命令会删除 "
                rf"%APPDATA%\Microsoft\Excel\XLSTART\{ADDIN_FILE}。")
    return ("当前系统不是 Windows，未做任何改动。在 Windows 上，本命令会：\n"
            rf"  1. 构建 {ADDIN_FILE}，复制到 %APPDATA%\Microsoft\Excel\XLSTART\{ADDIN_FILE}；" "\n"
            rf'  2. 在 %USERPROFILE%\.zwgk\zwgk.conf 中写入 "{INTERPRETER_KEY}","<本 Python 的 pythonw.exe>"'
            f"（conda 环境另写 {CONDA_PATH_KEY}、{CONDA_ENV_KEY}）；\n"
            rf"  3. 把不用宏的校验入口 {LAUNCHER_NAME} 放进“发送到”菜单（%APPDATA%\Microsoft\Windows\SendTo）。"
            "\n本机可用 zwgk addin build 构建加载项；安装请在装有 Excel 的 Windows 电脑上执行 zwgk addin install。")


def copy_addin(target: Path) -> None:
    """Build zwgk.xlam and copy it to `target`."""
    from zwgk.addin_build.build import build_addin

    with tempfile.TemporaryDirectory() as tmp:
        built = build_addin(tmp)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(built, target)
        except PermissionError as exc:
            raise ZwgkError.of("addin.addin_in_use", target=target) from exc


def write_config(path: Path, settings: dict[str, str], encoding: str) -> None:
    """Set `settings` in `path` (the VBA reads it as ANSI), with the note on Use UDF Server;
    other lines stay, except stale conda settings (a later non-conda install drops them)."""
    lines = [f'"{key}","{value}"' for key, value in settings.items()] + ['"%s","%s"' % UDF_SERVER_NOTE]
    for key, value in settings.items():
        try:
            value.encode(encoding)
        except UnicodeEncodeError as exc:
            raise ZwgkError.of("addin.setting_not_encodable", key=key, value=value) from exc
    replaced = {INTERPRETER_KEY, CONDA_PATH_KEY, CONDA_ENV_KEY, UDF_SERVER_NOTE[0], *settings}
    kept = []
    if path.is_file():
        kept = [old for old in path.read_text(encoding=encoding).splitlines()
                if old.strip() and not any(_is_key(old, key) for key in replaced)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        Path(tmp).write_bytes("".join(f"{x}\r\n" for x in lines + kept).encode(encoding))


def interpreter_settings(executable: str, interpreter: str, env: Mapping[str, str]) -> dict[str, str]:
    """Interpreter_Win, and Conda Path / Conda Env when `executable` belongs to a conda
    environment (a `conda-meta` folder in its prefix): xlwings then runs `conda activate` first,
    so the environment's DLLs are found."""
    settings = {INTERPRETER_KEY: interpreter}
    prefix = next((p for p in Path(executable).parents[:2] if (p / "conda-meta").is_dir()), None)
    if prefix is None:
        return settings
    base, name = conda_base(prefix, env)
    if base is not None:
        settings.update({CONDA_PATH_KEY: str(base), CONDA_ENV_KEY: name})
    return settings


def conda_base(prefix: Path, env: Mapping[str, str]) -> tuple[Path | None, str]:
    """(the conda installation, the environment's name or path) for a conda prefix."""
    if (prefix / "condabin").is_dir():
        return prefix, "base"
    if prefix.parent.name.lower() == "envs" and (prefix.parent.parent / "condabin").is_dir():
        return prefix.parent.parent, prefix.name
    conda_exe = env.get("CONDA_EXE")
    if conda_exe and (Path(conda_exe).parents[1] / "condabin").is_dir():
        return Path(conda_exe).parents[1], str(prefix)
    return None, ""


def _is_key(line: str, key: str) -> bool:
    return line.strip().strip('"').split('"', 1)[0].lower() == key.lower()


def remove_addin(plan: InstallPlan) -> int:
    """Delete the installed add-in and the “发送到” launcher; the config file stays."""
    if plan.sendto is not None and plan.sendto.exists():
        plan.sendto.unlink()
        print(f"已删除“发送到”菜单项：{plan.sendto}")
    if not plan.addin.exists():
        print(f"未找到已安装的加载项：{plan.addin}")
        return 0
    try:
        plan.addin.unlink()
    except PermissionError as exc:
        raise ZwgkError.of("addin.addin_in_use_uninstall", target=plan.addin) from exc
    print(f"已删除加载项：{plan.addin}\n配置文件 {plan.config} 保留未动，如不再需要可手工删除。")
    return 0
