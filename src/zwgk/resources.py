"""Where zwgk's data folders are: `templates/` (the spec and layouts), `addin/` (the add-in
sources) and `samples/`.  This module is the one place that finds them.

A built install (wheel, `pip install --prefix`, `--user`, a zipapp) carries them as package data
under `zwgk/_data/<name>/` (pyproject maps the repository's top-level folders there), read through
`importlib.resources`; data inside a zip is copied once per process into a temporary folder, since
Jinja2 and the add-in build want real files.  A checkout or an editable install reads the folders
beside `src/`.  $ZWGK_TEMPLATES overrides `templates/`.
"""
from __future__ import annotations

import atexit
import importlib.resources
import os
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from zwgk.errors import ZwgkError

DATA_PACKAGE = "_data"
FOLDERS = ("templates", "addin", "samples")
_CHECKOUT = Path(__file__).resolve().parents[2]


def data_dir(name: str, marker: str, own: bool = False) -> Path:
    """The folder `name` (one of FOLDERS) that holds `marker`, wherever zwgk was installed (with
    `own`, zwgk's own copy even when $ZWGK_TEMPLATES names another)."""
    if name == "templates" and os.environ.get("ZWGK_TEMPLATES") and not own:
        return Path(os.environ["ZWGK_TEMPLATES"])
    for folder in (_packaged(name), _CHECKOUT / name):
        if folder is not None and (folder / marker).exists():
            return folder
    if name == "templates":         # the problem catalogue is in there too: it cannot tell this one
        raise FileNotFoundError(2, "找不到 zwgk 的数据目录 templates/，请重新安装 zwgk", f"zwgk/{DATA_PACKAGE}/{name}")
    raise ZwgkError.of("read.no_data_folder", name=name, package=DATA_PACKAGE)


@lru_cache(maxsize=None)
def _packaged(name: str) -> Path | None:
    """zwgk/_data/<name> of the installed package as a real folder, or None if not packaged."""
    found = importlib.resources.files("zwgk").joinpath(DATA_PACKAGE, name)
    if not found.is_dir():
        return None
    if isinstance(found, Path):
        return found
    return _copied_out(found, name)


def _copied_out(tree, name: str) -> Path:
    """A copy of a Traversable tree (e.g. inside a zipapp) in a folder removed at exit."""
    root = Path(tempfile.mkdtemp(prefix="zwgk-data-"))
    atexit.register(shutil.rmtree, root, True)
    _copy(tree, root / name)
    return root / name


def _copy(tree, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for item in tree.iterdir():
        if item.is_dir():
            _copy(item, target / item.name)
        else:
            (target / item.name).write_bytes(item.read_bytes())
