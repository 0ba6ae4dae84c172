"""The built zwgk.xlam: parts, relationships, content types, ribbon, VBA, determinism."""
from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from oletools.olevba import VBA_Parser

from zwgk.addin_build import build, cfb, ribbon, vba
from zwgk.errors import ZwgkError

from .conftest import ADDIN

CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
UNCHANGED_STREAMS = [("VBA", "ThisWorkbook"), ("VBA", "Sheet2"), ("VBA", "Dictionary"),
                     ("VBA", "_VBA_PROJECT"), ("PROJECT",), ("PROJECTwm",)]


@pytest.fixture(scope="module")
def macros(built_xlam) -> dict[str, str]:
    parser = VBA_Parser(str(built_xlam))
    try:
        return {Path(vba_name).stem: code for _f, _s, vba_name, code in parser.extract_macros()}
    finally:
        parser.close()


def test_every_xml_part_parses(built_parts):
    xml_parts = [n for n in built_parts if n.endswith((".xml", ".rels"))]
    assert "customUI/customUI.xml" in xml_parts
    for name in xml_parts:
        ET.fromstring(built_parts[name])


def test_every_relationship_resolves(built_parts):
    rels = [n for n in built_parts if n.endswith(".rels")]
    assert "customUI/_rels/customUI.xml.rels" in rels
    for name in rels:
        folder = posixpath.dirname(posixpath.dirname(name))
        for rel in ET.fromstring(built_parts[name]).iter(f"{REL_NS}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(folder, rel.get("Target")))
            assert target in built_parts, f"{name}: {rel.get('Id')} -> {target}"


def test_content_types_cover_every_part(built_parts):
    types = ET.fromstring(built_parts["[Content_Types].xml"])
    defaults = {d.get("Extension").lower(): d.get("ContentType") for d in types.iter(f"{CT_NS}Default")}
    overrides = {o.get("PartName") for o in types.iter(f"{CT_NS}Override")}
    assert defaults["png"] == "image/png"
    for name in built_parts:
        if name == "[Content_Types].xml":
            continue
        assert f"/{name}" in overrides or name.rsplit(".", 1)[-1].lower() in defaults, name
    assert all(p[1:] in built_parts for p in overrides)


def test_every_button_image_resolves_to_a_png(built_parts):
    ui = ET.fromstring(built_parts["customUI/customUI.xml"])
    rels = ET.fromstring(built_parts["customUI/_rels/customUI.xml.rels"])
    targets = {r.get("Id"): "customUI/" + r.get("Target") for r in rels.iter(f"{REL_NS}Relationship")}
    images = [el.get("image") for el in ui.iter() if el.get("image")]
    assert len(images) == 7
    for image in images:
        assert built_parts[targets[image]].startswith(b"\x89PNG")


def test_ribbon_ids_unique_and_handlers_match(built_parts):
    ui = ET.fromstring(built_parts["customUI/customUI.xml"])
    ids = [el.get("id") for el in ui.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    buttons = [el.get("id") for el in ui.iter(f"{{{ribbon.CUSTOMUI_NS}}}button")]
    assert buttons == list(ribbon.ribbon_handlers())


def test_every_on_action_is_a_sub_in_the_built_vba(built_parts, macros):
    ui = ET.fromstring(built_parts["customUI/customUI.xml"])
    actions = {el.get("onAction") for el in ui.iter() if el.get("onAction")}
    assert actions == {"RibbonMyAddin.OnAction"}
    for action in actions:
        module, sub = action.split(".")
        assert re.search(rf"^Sub {sub}\(control As IRibbonControl\)", macros[module], re.MULTILINE)


def test_ribbon_module_equals_bas_file(macros):
    expected = (ADDIN / "vba" / "RibbonMyAddin.bas").read_text(encoding="ascii")
    assert macros["RibbonMyAddin"].replace("\r\n", "\n") == expected.replace("\r\n", "\n")
    assert "a.on_action('\" & control.Id & \"')" in macros["RibbonMyAddin"]


def test_xlwings_module_differs_only_in_project_name(macros, template_parts):
    before = vba.VbaProject(template_parts["xl/vbaProject.bin"]).source("xlwings")
    assert macros["xlwings"] == before.replace('"myaddin"', '"zwgk"')
    assert 'Public Const PROJECT_NAME As String = "zwgk"' in macros["xlwings"]


def test_other_streams_byte_identical(built_parts, template_parts):
    before = cfb.read_entries(template_parts["xl/vbaProject.bin"])
    after = cfb.read_entries(built_parts["xl/vbaProject.bin"])
    for path in UNCHANGED_STREAMS:
        assert cfb.find(after, *path).data == cfb.find(before, *path).data, path


def test_changed_modules_are_source_only(built_parts):
    project = vba.VbaProject(built_parts["xl/vbaProject.bin"])
    assert project.modules["RibbonMyAddin"].offset == 0
    assert project.modules["xlwings"].offset == 0
    assert cfb.find(project.entries, "VBA", "_VBA_PROJECT").data[2:4] == b"\xff\xff"


def test_no_vba_stomping(built_xlam):
    parser = VBA_Parser(str(built_xlam))
    try:
        assert parser.detect_vba_stomping() is False
    finally:
        parser.close()


def test_config_sheet_renamed(built_parts):
    workbook = built_parts["xl/workbook.xml"].decode("utf-8")
    assert 'name="_zwgk.conf"' in workbook and "myaddin" not in workbook.lower()


def test_template_parts_kept(built_parts, template_parts):
    changed = {"customUI/customUI.xml", "[Content_Types].xml", "xl/workbook.xml", "xl/vbaProject.bin",
               "docProps/core.xml"}
    for name, data in template_parts.items():
        if name not in changed:
            assert built_parts[name] == data, name


def test_two_builds_are_identical(built_xlam, tmp_path):
    again = build.build_addin(tmp_path)
    assert again.name == "zwgk.xlam"
    assert again.read_bytes() == built_xlam.read_bytes()


def test_wrong_template_is_refused_in_chinese(monkeypatch, tmp_path, template_xlam):
    other = tmp_path / "quickstart_addin_ribbon.xlam"
    shutil.copyfile(template_xlam, other)
    with other.open("ab") as f:
        f.write(b"\0")
    monkeypatch.setattr(build, "template_path", lambda: other)
    with pytest.raises(ZwgkError, match="xlwings==0.37.8"):
        build.build_addin(tmp_path / "out")
    assert not (tmp_path / "out" / "zwgk.xlam").exists()


def test_non_ascii_bas_is_refused(tmp_path):
    bas = tmp_path / "RibbonMyAddin.bas"
    bas.write_text("' 中文\n", encoding="utf-8")
    with pytest.raises(ZwgkError, match="ASCII"):
        build.read_bas(bas)



def test_no_template_author_traces(built_parts):
    assert b"absPath" not in built_parts["xl/workbook.xml"]
    core = built_parts["docProps/core.xml"]
    assert b"Felix" not in core and b"<dc:creator>zwgk</dc:creator>" in core
