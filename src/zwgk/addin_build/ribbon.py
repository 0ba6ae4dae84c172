"""The ribbon spec `addin/ribbon.yaml`: load, check, and turn into customUI parts.

`ribbon_handlers()` gives {button id: handler name}; `zwgk.addin` dispatches on it.
"""
from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import quoteattr

ON_ACTION = "RibbonMyAddin.OnAction"
# Office 2010's ribbon (MS-CUSTOMUI2): the 2009/07 namespace, in customUI/customUI14.xml, reached
# from the package's _rels/.rels by the 2007 extensibility relationship (the 2006/01 namespace
# pairs with the 2006 relationship and customUI.xml, Office 2007's).
CUSTOMUI_NS = "http://schemas.microsoft.com/office/2009/07/customui"
CUSTOMUI_PART = "customUI/customUI14.xml"
CUSTOMUI_RELS = "customUI/_rels/customUI14.xml.rels"
UI_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
NO_WORKBOOK_TAG = "noworkbook"      # RibbonMyAddin.bas: such a button gets a workbook added
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def addin_dir() -> Path:
    """The add-in sources `addin/` (zwgk.resources: packaged as zwgk/_data/addin, or the checkout)."""
    from zwgk.resources import data_dir

    return data_dir("addin", "ribbon.yaml")


def load_spec(path: Path | None = None) -> dict:
    """The checked ribbon spec (the `tab` mapping): its schema, then ids unique, icons present."""
    path = path or addin_dir() / "ribbon.yaml"
    tab = _read(path)["tab"]
    _check_ids_and_icons(tab, path)
    check_spec(tab)
    return tab


def _check_ids_and_icons(tab: dict, path: Path) -> None:
    """A repeated id or an icon with no PNG, as the error naming the key (zwgk.schemas.invalid)."""
    from zwgk.schema_faults import Fault, key_path
    from zwgk.schemas import invalid

    seen: dict[str, str] = {}
    for keys, item in _places(tab):
        if item["id"] in seen:
            raise invalid(path, Fault(keys + ("id",), f"与 {seen[item['id']]} 不同的编号", f"重复的“{item['id']}”"))
        seen[item["id"]] = key_path(keys + ("id",))
        if "icon" in item and not (icons_dir(path) / f"{item['icon']}.png").is_file():
            raise invalid(path, Fault(keys + ("icon",), "icons/ 中已有的图标名（不含 .png）",
                                      f"“{item['icon']}”（没有 icons/{item['icon']}.png）"))


def _places(tab: dict):
    """(key path, mapping) of the tab, each group and each button, in ribbon order."""
    yield ("tab",), tab
    for g, group in enumerate(tab["groups"]):
        yield ("tab", "groups", g), group
        for b, button in enumerate(group["buttons"]):
            yield ("tab", "groups", g, "buttons", b), button


def icons_dir(ribbon_yaml: Path | None = None) -> Path:
    """addin/icons/: the ribbon's PNG icons, beside ribbon.yaml."""
    return (ribbon_yaml or addin_dir() / "ribbon.yaml").parent / "icons"


def load_messages(path: Path | None = None) -> dict[str, str]:
    """The VBA's own words (`messages`), with the message boxes' title (the tab's label)."""
    data = _read(path)
    return {"title": data["tab"]["label"], **data["messages"]}


def _read(path: Path | None) -> dict:
    """ribbon.yaml, checked against templates/schemas/ribbon.schema.yaml (zwgk.schemas)."""
    from zwgk.schemas import load_yaml

    return load_yaml(path or addin_dir() / "ribbon.yaml", "ribbon.yaml", area="addin")


def buttons(tab: dict) -> list[dict]:
    """All buttons of the tab, in ribbon order."""
    return [b for g in tab["groups"] for b in g["buttons"]]


def ribbon_handlers(path: Path | None = None) -> dict[str, str]:
    """{button id: name of the function in zwgk.addin that handles it}."""
    return {b["id"]: b["handler"] for b in buttons(load_spec(path))}


def check_spec(tab: dict) -> None:
    """Refuse, in words (ZwgkError), ids that are not unique ASCII names and incomplete buttons."""
    from zwgk.errors import ZwgkError

    ids = [tab["id"]] + [g["id"] for g in tab["groups"]] + [b["id"] for b in buttons(tab)]
    bad = [i for i in ids if not _ID.match(str(i))]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if bad or dupes:
        raise ZwgkError.of("addin.ribbon_bad_ids", bad="、".join(map(str, bad)) or "（无）",
                           repeated="、".join(dupes) or "（无）")
    for b in buttons(tab):
        missing = [k for k in ("label", "screentip", "supertip", "handler", "icon") if not b.get(k)]
        if missing:
            raise ZwgkError.of("addin.ribbon_button_incomplete", button=b["id"], keys="、".join(missing))
        if not isinstance(b.get("needs_workbook", True), bool):
            raise ZwgkError.of("addin.ribbon_needs_workbook", button=b["id"])
        if not str(b["handler"]).isidentifier():
            raise ZwgkError.of("addin.ribbon_bad_handler", button=b["id"], handler=b["handler"])


def image_id(button: dict) -> str:
    """Relationship id of a button's icon (also its `image` attribute)."""
    return f"icon_{button['id']}"


def image_part(button: dict) -> str:
    return f"customUI/images/{button['id']}.png"


def custom_ui_xml(tab: dict) -> bytes:
    """customUI/customUI14.xml for the tab."""
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             f'<customUI xmlns="{CUSTOMUI_NS}">', "  <ribbon>", "    <tabs>",
             f"      <tab id={quoteattr(tab['id'])} label={quoteattr(tab['label'])}>"]
    for group in tab["groups"]:
        lines.append(f"        <group id={quoteattr(group['id'])} label={quoteattr(group['label'])}>")
        lines += [f"          {_button_xml(b)}" for b in group["buttons"]]
        lines.append("        </group>")
    lines += ["      </tab>", "    </tabs>", "  </ribbon>", "</customUI>", ""]
    return "\n".join(lines).encode("utf-8")


def _button_xml(b: dict) -> str:
    attrs = {"id": b["id"], "label": b["label"], "size": "large", "onAction": ON_ACTION,
             "image": image_id(b), "screentip": b["screentip"], "supertip": b["supertip"]}
    if b.get("needs_workbook", True) is False:
        attrs["tag"] = NO_WORKBOOK_TAG
    return "<button " + " ".join(f"{k}={quoteattr(str(v))}" for k, v in attrs.items()) + " />"


def custom_ui_rels(tab: dict) -> bytes:
    """customUI/_rels/customUI14.xml.rels: one image relationship per button."""
    rels = "".join(
        f'<Relationship Id="{image_id(b)}" Type="{IMAGE_REL}" '
        f'Target="images/{b["id"]}.png" />' for b in buttons(tab))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="{REL_NS}">{rels}</Relationships>').encode("utf-8")


def icon_parts(tab: dict, folder: Path | None = None) -> dict[str, bytes]:
    """{part name: PNG} for every button, from addin/icons/<icon>.png."""
    folder = folder or icons_dir()
    return {image_part(b): (folder / f"{b['icon']}.png").read_bytes() for b in buttons(tab)}
