"""zwgk's data ships inside the package (zwgk/_data/…), so any install finds it.

The real thing: `pip install --prefix` of this checkout into a temporary folder (no network:
--no-deps --no-build-isolation), then the add-in is built by that install's zwgk, from a folder
outside the checkout; and the same install zipped as a zipapp still reads its spec.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipapp
import zipfile
from pathlib import Path

import pytest
from setuptools import find_packages

ROOT = Path(__file__).resolve().parents[2]


def test_every_subpackage_of_src_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    found = set(find_packages(ROOT / "src"))
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages in pyproject.toml"
    assert {p for p in listed if p.startswith("zwgk._data.")} == {
        "zwgk._data.templates", "zwgk._data.addin", "zwgk._data.samples"}


@pytest.fixture(scope="module")
def prefix_site(tmp_path_factory) -> Path:
    source, prefix = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("prefix")
    for name in ("src", "templates", "addin", "samples"):      # build outside the checkout
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    # --ignore-installed: without it pip would uninstall the developer's own (editable) zwgk
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                    "--no-index", "--ignore-installed", "--prefix", str(prefix), str(source)],
                   check=True, capture_output=True, cwd=source)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(prefix), "platbase": str(prefix)}))
    assert (site / "zwgk" / "_data" / "templates" / "format" / "2021.yaml").is_file()
    return site


def run_python(code: str, path: Path, cwd: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(path)}
    env.pop("ZWGK_TEMPLATES", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_prefix_install_builds_the_addin(prefix_site, tmp_path):
    out = run_python(
        "import zwgk, zwgk.resources as r; from zwgk.addin_build.build import build_addin;"
        "print(zwgk.__file__); print(r.data_dir('addin', 'ribbon.yaml')); print(build_addin('dist'))",
        prefix_site, tmp_path)
    module, addin, built = out.splitlines()
    assert Path(module).is_relative_to(prefix_site)
    assert Path(addin) == prefix_site / "zwgk" / "_data" / "addin"
    assert zipfile.ZipFile(tmp_path / "dist" / "zwgk.xlam").testzip() is None
    assert Path(built) == Path("dist/zwgk.xlam")


def test_prefix_install_runs_the_zwgk_command(prefix_site, tmp_path):
    out = run_python("import sys; from zwgk.cli import main; sys.argv = ['zwgk', 'new', '-o', 'r.xlsx'];"
                     "sys.exit(main())", prefix_site, tmp_path)
    assert (tmp_path / "r.xlsx").is_file(), out


def test_zipapp_reads_its_spec_and_layouts(prefix_site, tmp_path):
    app = tmp_path / "zwgk.pyz"
    zipapp.create_archive(prefix_site, app, main="zwgk.cli:main", filter=lambda p: p.parts[0] == "zwgk")
    out = run_python(
        "import zwgk, zwgk.spec as s, zwgk.render.templates as t; print(zwgk.__file__);"
        "print(len(s.load_spec('2021').cells)); print(t.template('txt').filename)", app, tmp_path)
    module, cells, layout = out.splitlines()
    assert module.startswith(str(app)) and cells == "200"
    assert Path(layout).name == "report.txt.j2" and not Path(layout).exists()  # copied out, removed at exit
