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
    note = '"%s","%s"\r\n' % addin.UDF_SERVER_NOTE
    assert conf.read_bytes() == (f'"Interpreter_Win","{pythonw}"\r\n' + note + '"PYTHONPATH","C:\\work"\r\n').encode()
    sendto = root / "appdata" / "Microsoft" / "Windows" / "SendTo" / addin.LAUNCHER_NAME
    assert b"--mark --copy" in sendto.read_bytes()
    assert (conf.parent / "zwgk-command.txt").read_text(encoding="cp936") == f'"{exe}" -m zwgk.cli'
    assert addin.install(uninstall=True, is_windows=True, env=env, executable=exe) == 0
    assert not target.exists() and conf.exists() and not sendto.exists()
    assert "已删除" in capsys.readouterr().out


def test_pythonw_falls_back_to_executable(tmp_path):
    assert addin.pythonw_path(str(tmp_path / "python.exe")) == str(tmp_path / "python.exe")
    assert addin.pythonw_path("/usr/bin/python3") == "/usr/bin/python3"


def test_unencodable_interpreter_path_is_refused(tmp_path):
    with pytest.raises(ZwgkError, match="代码页"):
        addin.write_config(tmp_path / "zwgk.conf", {"Interpreter_Win": "C:\\Users\\Zoë 😀\\pythonw.exe"}, "cp936")


def test_missing_environment_is_refused():
    with pytest.raises(ZwgkError, match="APPDATA"):
        addin.install_plan({"USERPROFILE": "x"}, "python.exe")


def test_through_the_zwgk_command(tmp_path):
    from zwgk.cli import main

    assert main(["addin", "build", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "zwgk.xlam").is_file()


def conda_tree(root, env_name=None):
    """A conda installation on disk: condabin/, conda-meta/, and an environment under envs/."""
    (root / "condabin").mkdir(parents=True)
    (root / "conda-meta").mkdir()
    (root / "python.exe").write_bytes(b"")
    if env_name is None:
        return root / "python.exe"
    env = root / "envs" / env_name
    (env / "conda-meta").mkdir(parents=True)
    (env / "python.exe").write_bytes(b"")
    return env / "python.exe"


def test_conda_base_gets_conda_path_and_env(tmp_path):
    exe = conda_tree(tmp_path / "Miniconda3")
    settings = addin.interpreter_settings(str(exe), str(exe), {})
    assert settings == {"Interpreter_Win": str(exe), "Conda Path": str(tmp_path / "Miniconda3"), "Conda Env": "base"}


def test_conda_environment_gets_its_name(tmp_path):
    exe = conda_tree(tmp_path / "Miniconda3", "zwgk")
    settings = addin.interpreter_settings(str(exe), str(exe), {})
    assert (settings["Conda Path"], settings["Conda Env"]) == (str(tmp_path / "Miniconda3"), "zwgk")


def test_conda_environment_elsewhere_is_named_by_path(tmp_path):
    conda_tree(tmp_path / "Miniconda3")
    env = tmp_path / "projects" / "env"
    (env / "conda-meta").mkdir(parents=True)
    exe = env / "python.exe"
    exe.write_bytes(b"")
    conda_exe = {"CONDA_EXE": str(tmp_path / "Miniconda3" / "Scripts" / "conda.exe")}
    settings = addin.interpreter_settings(str(exe), str(exe), conda_exe)
    assert (settings["Conda Path"], settings["Conda Env"]) == (str(tmp_path / "Miniconda3"), str(env))


def test_plain_python_gets_no_conda_settings_and_stale_ones_go(windows):
    env, exe, root = windows
    assert addin.interpreter_settings(exe, exe, {}) == {"Interpreter_Win": exe}
    conf = root / "zwgk.conf"
    conf.write_bytes(b'"Conda Path","C:\\old"\r\n"Conda Env","x"\r\n"Use UDF Server","True"\r\n')
    addin.write_config(conf, {"Interpreter_Win": exe}, "cp936")
    text = conf.read_bytes().decode("cp936")
    assert "Conda" not in text and '"Use UDF Server","True"' in text   # the clerk's own choice stays


def test_install_in_a_conda_environment_writes_the_conda_keys(tmp_path, capsys):
    exe = conda_tree(tmp_path / "Miniconda3", "zwgk")
    (exe.parent / "pythonw.exe").write_bytes(b"")
    env = {"APPDATA": str(tmp_path / "appdata"), "USERPROFILE": str(tmp_path / "home")}
    assert addin.install(is_windows=True, env=env, executable=str(exe), encoding="cp936") == 0
    text = (tmp_path / "home" / ".zwgk" / "zwgk.conf").read_text(encoding="cp936")
    assert f'"Conda Path","{tmp_path / "Miniconda3"}"' in text and '"Conda Env","zwgk"' in text
    assert "Conda Env = zwgk" in capsys.readouterr().out


def test_hint_prints_the_launcher_use(capsys):
    assert addin.run(parse("hint")) == 0
    assert "发送到" in capsys.readouterr().out


def test_launchers_are_ascii_without_code_page_switches():
    from zwgk.resources import data_dir

    launchers = sorted((data_dir("addin", "ribbon.yaml") / "windows").glob("*.cmd"))
    assert launchers
    for path in launchers:
        data = path.read_bytes()
        assert max(data) <= 127, path.name
        assert b"chcp" not in data.lower() and data.count(b"\n") == data.count(b"\r\n"), path.name
