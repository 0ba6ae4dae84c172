"""The ribbon spec addin/ribbon.yaml, the generated customUI and the icons."""
from __future__ import annotations

import shutil
import struct
import zlib
from xml.etree import ElementTree as ET

import pytest
import yaml

from zwgk.addin_build import ribbon
from zwgk.errors import ZwgkError

from .conftest import ADDIN, ROOT

EXPECTED = {
    "btnNew": "new_report", "btnCheck": "check_workbook", "btnClear": "clear_marks",
    "btnImport": "import_text", "btnRollup": "rollup_folder", "btnExport": "export_report",
    "btnHelp": "show_help",
}
NS = {"ui": ribbon.CUSTOMUI_NS}


@pytest.fixture(scope="module")
def tab():
    return ribbon.load_spec()


def test_handlers_are_the_buttons(tab):
    handlers = ribbon.ribbon_handlers()
    assert handlers == EXPECTED
    assert list(handlers) == [b["id"] for b in ribbon.buttons(tab)]


def test_tab(tab):
    assert (tab["id"], tab["label"]) == ("zwgkTab", "政务公开")


def test_custom_ui_ids_are_unique_and_every_button_calls_on_action(tab):
    root = ET.fromstring(ribbon.custom_ui_xml(tab))
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    found = root.findall(".//ui:button", NS)
    assert [b.get("id") for b in found] == list(EXPECTED)
    for b in found:
        assert b.get("onAction") == ribbon.ON_ACTION
        assert b.get("image") == f"icon_{b.get('id')}"
        assert b.get("label") and b.get("screentip") and b.get("supertip")


def test_labels_are_chinese(tab):
    labels = {b["id"]: b["label"] for b in ribbon.buttons(tab)}
    assert labels == {"btnNew": "新建报表", "btnCheck": "校验", "btnClear": "清除标记",
                      "btnImport": "导入文本报告", "btnRollup": "汇总各单位",
                      "btnExport": "导出报告", "btnHelp": "帮助"}


def test_check_spec_refuses_duplicates_and_bad_handlers(tab, tmp_path):
    twice = yaml.safe_load(yaml.safe_dump({"tab": tab}, allow_unicode=True))
    twice["tab"]["groups"][1]["buttons"][0]["id"] = "btnNew"
    with pytest.raises(ZwgkError, match="btnNew") as refused:
        ribbon.check_spec(twice["tab"])
    assert refused.value.code == "addin.ribbon_bad_ids"
    bad = yaml.safe_load(yaml.safe_dump({"tab": tab}, allow_unicode=True))
    bad["tab"]["groups"][0]["buttons"][0]["handler"] = "new-report"
    with pytest.raises(ZwgkError, match="new-report") as refused:
        ribbon.check_spec(bad["tab"])
    assert refused.value.code == "addin.ribbon_bad_handler"


def png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Check a PNG's chunks and CRCs; return width, height and raw scanlines."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, size = 8, b"", None
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        assert struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0] == zlib.crc32(kind + body)
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
            assert body[8:10] == b"\x08\x06"  # 8-bit RGBA
        idat += body if kind == b"IDAT" else b""
        pos += 12 + n
    return size[0], size[1], zlib.decompress(idat)


def draw_icons_script():
    """scripts/draw_icons.py, the rasteriser that drew addin/icons/ (not part of the package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("draw_icons", ROOT / "scripts" / "draw_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ICON_NAMES = sorted(p.stem for p in (ADDIN / "icons").glob("*.png"))


def test_every_button_has_a_shipped_icon_and_every_icon_a_button(tab):
    assert sorted(b["icon"] for b in ribbon.buttons(tab)) == ICON_NAMES


@pytest.mark.parametrize("name", ICON_NAMES)
def test_icons_are_32px_rgba_with_a_visible_glyph(name):
    data = (ADDIN / "icons" / f"{name}.png").read_bytes()
    color = draw_icons_script().ICONS[name][1]
    width, height, raw = png_pixels(data)
    assert (width, height) == (32, 32) and len(raw) == 32 * (1 + 32 * 4)
    pixels = [raw[r * 129 + 1 + c * 4:r * 129 + 5 + c * 4] for r in range(32) for c in range(32)]
    white = sum(1 for p in pixels if p[:3] == b"\xff\xff\xff" and p[3] == 255)
    background = sum(1 for p in pixels if p == bytes.fromhex(color + "FF"))
    assert 30 < white < 400 and background > 300
    assert pixels[0][3] == 0  # rounded corner is transparent


def test_the_script_draws_the_shipped_icons_again(tmp_path):
    draw_icons_script().main(tmp_path)
    drawn = {p.name: p.read_bytes() for p in tmp_path.glob("*.png")}
    assert drawn == {p.name: p.read_bytes() for p in (ADDIN / "icons").glob("*.png")}


def test_unknown_glyph_is_refused():
    with pytest.raises(KeyError):
        draw_icons_script().icon_png("nope", "000000")


def test_the_built_icons_are_the_shipped_files(built_parts, tab):
    for b in ribbon.buttons(tab):
        assert built_parts[ribbon.image_part(b)] == (ADDIN / "icons" / f"{b['icon']}.png").read_bytes()


# --- the built ribbon against Office 2010's customUI schema (2009/07) --------------------------
def customui_schema():
    from pathlib import Path

    from lxml import etree

    return etree.XMLSchema(etree.parse(str(Path(__file__).with_name("customui14_subset.xsd"))))


def test_built_ribbon_validates_against_customui_2009_07(built_parts):
    from lxml import etree

    schema = customui_schema()
    doc = etree.fromstring(built_parts[ribbon.CUSTOMUI_PART])
    assert schema.validate(doc), schema.error_log
    assert doc.nsmap[None] == "http://schemas.microsoft.com/office/2009/07/customui"


@pytest.mark.parametrize("old, new", [
    (b"2009/07/customui", b"2006/01/customui"),        # Office 2007's namespace in customUI14.xml
    (b'size="large"', b'size="huge"'),
    (b'id="btnCheck"', b'id="btnNew"'),                 # ids must be unique
    (b"<button ", b"<buton "),
])
def test_the_schema_refuses_broken_ribbons(built_parts, old, new):
    from lxml import etree

    broken = built_parts[ribbon.CUSTOMUI_PART].replace(old, new, 1)
    assert broken != built_parts[ribbon.CUSTOMUI_PART]
    assert not customui_schema().validate(etree.fromstring(broken))


def test_buttons_that_need_no_workbook_are_tagged(tab):
    root = ET.fromstring(ribbon.custom_ui_xml(tab))
    tagged = {b.get("id") for b in root.findall(".//ui:button", NS) if b.get("tag") == ribbon.NO_WORKBOOK_TAG}
    assert tagged == {"btnNew", "btnImport", "btnRollup", "btnHelp"}


# --- a district's or a developer's broken ribbon.yaml: one Chinese sentence, exit 2 ----------------
@pytest.mark.parametrize("old, new, key", [
    ("          handler: new_report", "          handlr: new_report", "tab.groups[0].buttons[0].handl"),
    ("          needs_workbook: false", "          needs_workbook: 否", "tab.groups[0].buttons[0].needs_workbook"),
    ("  label: 政务公开", "  label: 政务公开\n  lable: 政务公开", "tab.lable"),
    ("        - id: btnCheck", "        - id: btnNew", "tab.groups[0].buttons[1].id"),     # an id twice
    ("          icon: sigma", "          icon: sigmaa", "tab.groups[1].buttons[1].icon"),  # no such PNG
    ("        - id: btnHelp", "        - id: btn-help", "tab.groups[3].buttons[0].id"),   # not a VBA name
])
def test_a_broken_ribbon_yaml_is_refused_in_words(tmp_path, old, new, key):
    from zwgk.errors import ZwgkError

    shutil.copytree(ADDIN / "icons", tmp_path / "icons")
    text = (ADDIN / "ribbon.yaml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "ribbon.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ZwgkError) as caught:
        ribbon.load_spec(tmp_path / "ribbon.yaml")
    error = caught.value
    assert error.code == "template.invalid" and error.exit_code == 2
    assert error.problem.params["key"].startswith(key)
    assert str(error).startswith(f"文件“{tmp_path / 'ribbon.yaml'}”：第 ") and "应为" in str(error)
