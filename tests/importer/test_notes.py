"""Import notes and import errors are catalogue problems (templates/problems/import.yaml): a code
and its parameters, the sentence rendered from them; `zwgk import --json` prints both."""
from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from tests.conftest import require_shared
from tests.importer.helpers import LEGACY
from zwgk.cli import main
from zwgk.errors import NotAReportError, UnreadableFileError
from zwgk.importer import import_file, import_text
from zwgk.problems import LEVELS, catalogue

ROOT = Path(__file__).resolve().parents[2]
IMPORTER = ROOT / "src" / "zwgk" / "importer"
HANDMADE = ROOT / "samples" / "handmade"
KINDS = {"placed", "inferred", "blank", "loose", "unplaced", "check", "info"}
RESERVED = {"file", "sheet", "cell", "cells", "level"}       # a problem's place, never a parameter


def _import_entries():
    return {code: e for code, e in catalogue().items() if code.startswith("import.")}


def test_every_import_entry_renders_with_its_parameters():
    entries = _import_entries()
    assert len(entries) > 40
    for code, e in entries.items():
        names = e.params()
        assert e.level in LEVELS and e.title and not RESERVED & set(names), code
        sample = {n: f"<{n}>" for n in names}
        shown = e.message.format_map(sample)
        assert all(f"<{n}>" in shown + e.fix.format_map(sample) for n in names), code


def test_every_code_the_importer_names_is_in_the_catalogue():
    text = "\n".join(p.read_text(encoding="utf-8") for p in IMPORTER.glob("*.py"))
    literal = set(re.findall(r'"(import\.[a-z_]+)"', text))
    templated = re.findall(r'f"import\.([a-z_{}]+)"', text)
    assert literal and templated
    assert literal <= set(_import_entries()), literal - set(_import_entries())
    for pattern in templated:          # f"import.row_{how}": some entry fits each
        fits = re.compile("import." + re.sub(r"\{[a-z_]+\}", "[a-z]+", pattern) + "$")
        assert any(fits.match(c) for c in _import_entries()), pattern


def test_no_sentence_is_typed_in_the_importer():
    """Chinese text in the importer's code is only in comments, docstrings and patterns.
    (infer.py's reasons are left to the rule evaluator that replaces its sums: issue 13.)"""
    for path in IMPORTER.glob("*.py"):
        if path.name == "infer.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#")[0]
            for literal in re.findall(r'f?"([^"]*)"', code):
                if re.search(r"[\u4e00-\u9fff]{2}.*[，。；]", literal):
                    pytest.fail(f"{path.name}:{n}: {literal}")


def test_notes_are_rendered_from_code_and_parameters():
    realworld = require_shared() / "realworld"
    files = sorted(LEGACY.glob("*.txt")) + sorted(realworld.glob("*.txt")) + sorted(HANDMADE.glob("*.xlsx"))
    notes = [n for f in files for n in import_file(f).notes]
    assert len({n.kind for n in notes}) >= 5 and len({n.code for n in notes}) >= 10
    for note in notes:
        entry = catalogue()[note.code]
        assert note.kind in KINDS and note.code.startswith("import.")
        where = f"（工作表“{note.sheet}”{note.place}）" if note.sheet else ""
        assert note.message == entry.message.format_map(note.params) + where
        assert note.problem.location.cells == note.cells


def test_json_notes_carry_code_and_parameters(tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    assert main(["import", str(LEGACY / "004_28bf39bb901e43e5.txt"), "-o", str(out), "--json"]) == 0
    notes = json.loads(capsys.readouterr().out)["notes"]
    assert notes and all({"kind", "code", "params", "message", "cells", "table"} <= set(n) for n in notes)
    inferred = [n for n in notes if n["code"] == "import.inferred"]
    assert inferred and all(set(n["params"]) == {"where", "value", "why"} for n in inferred)
    for n in notes:
        assert n["message"] == catalogue()[n["code"]].message.format_map(n["params"])


def test_a_note_of_a_workbook_names_its_sheet_and_cells():
    from zwgk.importer.notes import Note

    note = Note.of("blank", "import.row_repeated", ("t3.new.natural",), "t3", row="（一）予以公开")
    assert note.message == "“（一）予以公开”一行出现多次且数字不一致，留空"
    note.sheet, note.place = "年报", "D5:J5"
    assert note.message.endswith("（工作表“年报”D5:J5）")
    assert note.to_dict()["params"] == {"row": "（一）予以公开"}
    with pytest.raises(LookupError):
        Note.of("blank", "import.row_repeated", ())            # its parameter missing: fails where made


def test_errors_carry_their_code(tmp_path):
    with pytest.raises(NotAReportError) as err:
        import_text("今天天气很好。\n没有任何表格。", source="散文.txt")
    assert err.value.code == "import.not_a_report" and err.value.file == "散文.txt"
    with pytest.raises(UnreadableFileError) as err:
        import_file(tmp_path)
    assert err.value.code == "import.folder" and err.value.to_dict()["location"]["file"] == str(tmp_path)
    garbage = tmp_path / "乱码.txt"
    garbage.write_bytes(bytes(range(256)) * 200)
    with pytest.raises(UnreadableFileError) as err:
        import_file(garbage)
    assert err.value.code in ("import.not_text", "import.encoding_unknown")


def test_sample_parameters_name_only_what_the_message_uses():
    """Entries ask for no parameter their message and fix do not show."""
    for code, e in _import_entries().items():
        used = {n for text in (e.message, e.fix) for _, n, _, _ in string.Formatter().parse(text) if n}
        assert set(e.params()) == used, code
