"""Build `zwgk.xlam` from the xlwings ribbon add-in template.

Steps: check the template's sha256 against `addin/template.sha256`; put in the ribbon
(customUI14.xml, 2009/07) from `addin/ribbon.yaml` and its icons `addin/icons/*.png`; replace the VBA module
RibbonMyAddin by `addin/vba/RibbonMyAddin.bas` (with the messages of ribbon.yaml), set
PROJECT_NAME to "zwgk" in the xlwings module and name the VBA project zwgk; rename the config
sheet to `_zwgk.conf`; write the zip deterministically.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import re
from pathlib import Path

from zwgk.addin_build import callbacks, package, ribbon
from zwgk.addin_build.vba import VbaProject
from zwgk.errors import ZwgkError

OUTPUT_NAME = "zwgk.xlam"
VBA_PART = "xl/vbaProject.bin"
RIBBON_MODULE = "RibbonMyAddin"
PROJECT_NAME_OLD = 'Public Const PROJECT_NAME As String = "myaddin"'
PROJECT_NAME_NEW = 'Public Const PROJECT_NAME As String = "zwgk"'
SHEET_OLD, SHEET_NEW = 'name="_myaddin.conf"', 'name="_zwgk.conf"'
VBA_PROJECT_NAME = "zwgk"
TEMPLATE_UI = "customUI/customUI.xml"


def build_addin(out_dir: str | Path = "dist") -> Path:
    """Write `<out_dir>/zwgk.xlam` and return its path; equal inputs give equal bytes."""
    addin = ribbon.addin_dir()
    parts = package.read_parts(checked_template(addin))
    spec = addin / "ribbon.yaml"
    parts = build_parts(parts, ribbon.load_spec(spec), addin / "vba", ribbon.load_messages(spec))
    return package.write_parts(parts, Path(out_dir) / OUTPUT_NAME)


def template_path() -> Path:
    """quickstart_addin_ribbon.xlam inside the installed xlwings package."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        raise ZwgkError.of("addin.no_xlwings", pin=expected_template(ribbon.addin_dir())[1])
    return Path(list(spec.submodule_search_locations)[0]) / "quickstart_addin_ribbon.xlam"


def expected_template(addin: Path) -> tuple[str, str]:
    """(sha256, pinned requirement) recorded in addin/template.sha256."""
    for line in (addin / "template.sha256").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, pin, _name = line.split()
            return digest, pin
    raise ZwgkError.of("addin.no_template_digest")


def checked_template(addin: Path) -> Path:
    """The template path, after checking that it is the exact file the build was made for."""
    digest, pin = expected_template(addin)
    path = template_path()
    actual = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    if actual != digest:
        raise ZwgkError.of("addin.template_mismatch", pin=pin, version=_xlwings_version(), name=path.name,
                           digest=actual or "（文件不存在）")
    return path


def _xlwings_version() -> str:
    try:
        return importlib.metadata.version("xlwings")
    except importlib.metadata.PackageNotFoundError:
        return "（未安装）"


def build_parts(parts: dict[str, bytes], tab: dict, vba_dir: Path,
                messages: dict[str, str]) -> dict[str, bytes]:
    """The template's parts with ribbon, icons, VBA and config sheet name replaced."""
    parts = dict(parts)
    del parts[TEMPLATE_UI]
    parts["_rels/.rels"] = package.replace_once(
        parts["_rels/.rels"], f'Type="{ribbon.UI_REL}" Target="{TEMPLATE_UI}"',
        f'Type="{ribbon.UI_REL}" Target="{ribbon.CUSTOMUI_PART}"', "_rels/.rels")
    parts[ribbon.CUSTOMUI_PART] = ribbon.custom_ui_xml(tab)
    parts[ribbon.CUSTOMUI_RELS] = ribbon.custom_ui_rels(tab)
    parts.update(ribbon.icon_parts(tab))
    parts["[Content_Types].xml"] = package.add_default_type(
        parts["[Content_Types].xml"], "png", "image/png")
    parts["xl/workbook.xml"] = package.replace_once(
        parts["xl/workbook.xml"], SHEET_OLD, SHEET_NEW, "xl/workbook.xml")
    parts["xl/workbook.xml"] = drop_abs_path(parts["xl/workbook.xml"])
    parts["docProps/core.xml"] = set_authors(parts["docProps/core.xml"], "zwgk")
    parts[VBA_PART] = build_vba(parts[VBA_PART], vba_dir, messages)
    return parts


def drop_abs_path(workbook_xml: bytes) -> bytes:
    """Remove the template author's folder (x15ac:absPath), which Excel recomputes on save."""
    return re.sub(rb"<mc:AlternateContent[^>]*><mc:Choice[^>]*><x15ac:absPath[^>]*/></mc:Choice>"
                  rb"</mc:AlternateContent>", b"", workbook_xml)


def set_authors(core_xml: bytes, author: str) -> bytes:
    """dc:creator and cp:lastModifiedBy become ours."""
    for tag in (b"dc:creator", b"cp:lastModifiedBy"):
        core_xml = re.sub(rb"<%s>[^<]*</%s>" % (tag, tag), b"<%s>%s</%s>" % (tag, author.encode(), tag),
                          core_xml)
    return core_xml


def build_vba(template_bin: bytes, vba_dir: Path, messages: dict[str, str]) -> bytes:
    """vbaProject.bin named zwgk, with our RibbonMyAddin module and PROJECT_NAME = "zwgk"."""
    project = VbaProject(template_bin)
    project.set_project_name(VBA_PROJECT_NAME)
    bas = read_bas(vba_dir / f"{RIBBON_MODULE}.bas")
    project.set_source(RIBBON_MODULE, callbacks.module_source(bas, messages))
    xlwings = project.source("xlwings")
    if xlwings.count(PROJECT_NAME_OLD) != 1:
        raise ZwgkError.of("addin.no_project_name")
    project.set_source("xlwings", xlwings.replace(PROJECT_NAME_OLD, PROJECT_NAME_NEW))
    return project.to_bytes()


def read_bas(path: Path) -> str:
    """A .bas file as VBA stores it: ASCII only, CRLF line ends."""
    data = path.read_bytes()
    if not data.isascii():
        raise ZwgkError.of("addin.bas_not_ascii", file=path, name=path.name)
    text = data.decode("ascii").replace("\r\n", "\n")
    return text.replace("\n", "\r\n")
