"""The built zwgk.xlam: parts, relationships, content types, ribbon, VBA, determinism."""
from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from oletools.olevba import VBA_Parser

from zwgk.addin_build import build, callbacks, cfb, ribbon, vba
from zwgk.errors import ZwgkError

from .conftest import ADDIN

CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
UNCHANGED_STREAMS = [("VBA", "ThisWorkbook"), ("VBA", "Sheet2"), ("VBA", "Dictionary"),
                     ("VBA", "_VBA_PROJECT"), ("PROJECTwm",)]


@pytest.fixture(scope="module")
def macros(built_xlam) -> dict[str, str]:
    parser = VBA_Parser(str(built_xlam))
    try:
        return {Path(vba_name).stem: code for _f, _s, vba_name, code in parser.extract_macros()}
    finally:
        parser.close()


def test_every_xml_part_parses(built_parts):
    xml_parts = [n for n in built_parts if n.endswith((".xml", ".rels"))]
    assert ribbon.CUSTOMUI_PART in xml_parts
    for name in xml_parts:
        ET.fromstring(built_parts[name])


def test_every_relationship_resolves(built_parts):
    rels = [n for n in built_parts if n.endswith(".rels")]
    assert ribbon.CUSTOMUI_RELS in rels
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
    ui = ET.fromstring(built_parts[ribbon.CUSTOMUI_PART])
    rels = ET.fromstring(built_parts[ribbon.CUSTOMUI_RELS])
    targets = {r.get("Id"): "customUI/" + r.get("Target") for r in rels.iter(f"{REL_NS}Relationship")}
    images = [el.get("image") for el in ui.iter() if el.get("image")]
    assert len(images) == 7
    for image in images:
        assert built_parts[targets[image]].startswith(b"\x89PNG")


def test_ribbon_ids_unique_and_handlers_match(built_parts):
    ui = ET.fromstring(built_parts[ribbon.CUSTOMUI_PART])
    ids = [el.get("id") for el in ui.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    buttons = [el.get("id") for el in ui.iter(f"{{{ribbon.CUSTOMUI_NS}}}button")]
    assert buttons == list(ribbon.ribbon_handlers())


def test_every_on_action_is_a_sub_in_the_built_vba(built_parts, macros):
    ui = ET.fromstring(built_parts[ribbon.CUSTOMUI_PART])
    actions = {el.get("onAction") for el in ui.iter() if el.get("onAction")}
    assert actions == {"RibbonMyAddin.OnAction"}
    for action in actions:
        module, sub = action.split(".")
        assert re.search(rf"^Sub {sub}\(control As IRibbonControl\)", macros[module], re.MULTILINE)


def test_ribbon_module_is_the_bas_file_with_its_messages(macros):
    bas = build.read_bas(ADDIN / "vba" / "RibbonMyAddin.bas")
    expected = callbacks.module_source(bas, ribbon.load_messages())
    assert macros["RibbonMyAddin"].replace("\r\n", "\n") == expected.replace("\r\n", "\n")
    assert callbacks.messages_of(macros["RibbonMyAddin"])["MSG_NEED_WORKBOOK"] == (
        "请先打开报表工作簿（若显示“受保护的视图”，请先点“启用编辑”）")
    assert "a.on_action('\" & id & \"')" in macros["RibbonMyAddin"]


def test_xlwings_module_differs_only_in_project_name(macros, template_parts):
    before = vba.VbaProject(template_parts["xl/vbaProject.bin"]).source("xlwings")
    assert macros["xlwings"] == before.replace('"myaddin"', '"zwgk"')
    assert 'Public Const PROJECT_NAME As String = "zwgk"' in macros["xlwings"]


def test_other_streams_byte_identical(built_parts, template_parts):
    before = cfb.read_entries(template_parts["xl/vbaProject.bin"])
    after = cfb.read_entries(built_parts["xl/vbaProject.bin"])
    for path in UNCHANGED_STREAMS:
        assert cfb.find(after, *path).data == cfb.find(before, *path).data, path


def test_project_stream_differs_only_in_the_project_name(built_parts, template_parts):
    before = cfb.find(cfb.read_entries(template_parts["xl/vbaProject.bin"]), "PROJECT").data
    after = cfb.find(cfb.read_entries(built_parts["xl/vbaProject.bin"]), "PROJECT").data
    assert after == before.replace(b'Name="MyAddin"\r\n', b'Name="zwgk"\r\n')
    assert vba.VbaProject(built_parts["xl/vbaProject.bin"]).project_name() == ("zwgk", "zwgk")


def test_package_points_at_the_2010_ribbon_only(built_parts):
    rels = ET.fromstring(built_parts["_rels/.rels"])
    ui = [r for r in rels.iter(f"{REL_NS}Relationship") if "/ui/" in r.get("Type")]
    assert [(r.get("Type"), r.get("Target")) for r in ui] == [(ribbon.UI_REL, ribbon.CUSTOMUI_PART)]
    assert build.TEMPLATE_UI not in built_parts
    assert ET.fromstring(built_parts[ribbon.CUSTOMUI_PART]).tag == f"{{{ribbon.CUSTOMUI_NS}}}customUI"


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
    changed = {build.TEMPLATE_UI, "_rels/.rels", "[Content_Types].xml", "xl/workbook.xml",
               "xl/vbaProject.bin", "docProps/core.xml"}
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


# --- the guards, as olevba reads them from the built add-in ---------------------------------------
def procedures(source: str) -> dict[str, str]:
    """{name: body} of every Sub/Function in a module's source."""
    found = re.findall(r"(?ms)^((?:Public |Private )?(?:Sub|Function) (\w+)\(.*?^End (?:Sub|Function))", source)
    return {name: body for body, name in found}


def test_every_entry_point_turns_errors_into_one_message(macros):
    code = macros["RibbonMyAddin"].replace("\r\n", "\n")
    entries = {n: b for n, b in procedures(code).items() if not b.startswith("Private ")}
    assert set(entries) == {"OnAction", "RunButton"}
    for name, body in entries.items():
        assert re.search(r"(?m)^\s+On Error GoTo (\w+)$", body), name
        handler = re.search(r"(?m)^\s+On Error GoTo (\w+)$", body).group(1)
        assert re.search(rf"(?ms)^\s+Exit Sub\s*^{handler}:\s*^\s+ShowFailure\s*^End Sub", body), name
    failure = procedures(code)["ShowFailure"]
    assert failure.count("Say ") == 1 and "Err.Description" in failure
    assert "MessageBoxW Application.Hwnd, StrPtr(message), StrPtr(title)" in procedures(code)["Say"]
    assert not re.search(r"(?m)^\s+MsgBox ", code)     # ANSI only: Unicode goes through MessageBoxW


def test_protected_view_and_missing_workbook_are_guarded(macros):
    body = procedures(macros["RibbonMyAddin"].replace("\r\n", "\n"))
    ready = body["WorkbookReady"]
    assert "ActiveWorkbook Is Nothing" in ready and "InProtectedView()" in ready
    assert "Set added = Workbooks.Add" in ready and f'"{ribbon.NO_WORKBOOK_TAG}"' in macros["RibbonMyAddin"]
    assert "Say FromCodes(MSG_NEED_WORKBOOK), vbExclamation" in ready
    assert "Application.ActiveProtectedViewWindow" in body["InProtectedView"]
    assert "RunButton control.Id, control.Tag" in body["OnAction"]
    run = body["RunButton"]
    assert run.index("WorkbookReady(") < run.index("RunPython ")
    assert "ChrW(" in body["FromCodes"]


def test_vba_modules_we_write_are_ascii(built_parts):
    project = vba.VbaProject(built_parts["xl/vbaProject.bin"])
    for module in ("RibbonMyAddin", "xlwings"):
        assert project.source(module).isascii(), module
