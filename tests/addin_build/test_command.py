"""`zwgk addin build|install`: argument parsing, the non-Windows plan, install in a sandbox."""
from __future__ import annotations

import argparse

import pytest

from zwgk.commands import addin
from zwgk.errors import ZwgkError


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    addin.add_arguments(parser)
    return parser.parse_args(list(argv))


@pytest.fixture()
def windows(tmp_path):
    """A fake Windows user profile with python.exe and pythonw.exe."""
    home, appdata, py = tmp_path / "home", tmp_path / "appdata", tmp_path / "py"
    py.mkdir()
    (py / "python.exe").write_bytes(b"")
    (py / "pythonw.exe").write_bytes(b"")
    env = {"APPDATA": str(appdata), "USERPROFILE": str(home)}
    return env, str(py / "python.exe"), tmp_path


def test_parse():
    assert parse("build").out == "dist"
    assert parse("build", "-o", "x").out == "x"
    assert parse("install").uninstall is False
    assert parse("install", "--uninstall").uninstall is True


def test_build_action(tmp_path, capsys):
    assert addin.run(parse("build", "-o", str(tmp_path))) == 0
    assert (tmp_path / "zwgk.xlam").is_file()
    assert "已生成" in capsys.readouterr().out


def test_install_elsewhere_only_describes(capsys):
    assert addin.install(is_windows=False) == 0
    out = capsys.readouterr().out
    assert "不是 Windows" in out and r"XLSTART\zwgk.xlam" in out and "Interpreter_Win" in out
    assert addin.install(uninstall=True, is_windows=False) == 0


def test_install_and_uninstall_on_windows(windows, capsys):
    env, exe, root = windows
    conf = root / "home" / ".zwgk" / "zwgk.conf"
    conf.parent.mkdir(parents=True)
    conf.write_bytes(b'"Interpreter_Win","old"\r\n"PYTHONPATH","C:\\work"\r\n')
    assert addin.install(is_windows=True, env=env, executable=exe, encoding="cp936") == 0
    target = root / "appdata" / "Microsoft" / "Excel" / "XLSTART" / "zwgk.xlam"
    assert target.read_bytes()[:2] == b"PK"
    pythonw = str(root / "py" / "pythonw.exe")
    assert conf.read_bytes() == f'"Interpreter_Win","{pythonw}"\r\n"PYTHONPATH","C:\\work"\r\n'.encode()
    sendto = root / "appdata" / "Microsoft" / "Windows" / "SendTo" / addin.LAUNCHER_NAME
    assert b"--mark --copy" in sendto.read_bytes()
    assert (conf.parent / "zwgk-command.txt").read_text(encoding="utf-8") == f'"{exe}" -m zwgk.cli'
    assert addin.install(uninstall=True, is_windows=True, env=env, executable=exe) == 0
    assert not target.exists() and conf.exists() and not sendto.exists()
    assert "已删除" in capsys.readouterr().out


def test_pythonw_falls_back_to_executable(tmp_path):
    assert addin.pythonw_path(str(tmp_path / "python.exe")) == str(tmp_path / "python.exe")
    assert addin.pythonw_path("/usr/bin/python3") == "/usr/bin/python3"


def test_unencodable_interpreter_path_is_refused(tmp_path):
    with pytest.raises(ZwgkError, match="代码页"):
        addin.write_config(tmp_path / "zwgk.conf", "C:\\Users\\Zoë 😀\\pythonw.exe", "cp936")


def test_missing_environment_is_refused():
    with pytest.raises(ZwgkError, match="APPDATA"):
        addin.install_plan({"USERPROFILE": "x"}, "python.exe")


def test_through_the_zwgk_command(tmp_path):
    from zwgk.cli import main

    assert main(["addin", "build", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "zwgk.xlam").is_file()
