"""The problem catalogue (templates/problems/): every entry complete and renderable, every code
raised in src/ in it with the parameters its message names, README's table generated from it,
and errors under --json given as data (code, parameters, location)."""
from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

from zwgk.addin_build import ribbon
from zwgk.cli import main
from zwgk.errors import ZwgkError
from zwgk.problems import LEVELS, catalogue, problem, readme_with_catalogue, told
from zwgk.synthetic import consistent_report
from zwgk.workbook.layout import workbook_layout
from zwgk.workbook.writer import write_report

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "zwgk"
CODE = re.compile(r"^[a-z]+\.[a-z][a-z0-9_.-]*$")      # check.t3-row-total, check.domain.unit
PLACE = {"file", "sheet", "cell", "cells", "level"}      # problem()'s own keywords, never parameters
# the areas whose codes this branch raises (the checks', importer's and rollup's are their own)
AREAS = ("report", "read", "write", "command", "addin")
# modules whose errors are all raised by code: no ZwgkError("a sentence") may come back
CODED_MODULES = sorted(p.name for p in (SRC).iterdir() if p.suffix == ".py" or (p / "__init__.py").exists())
ERRORS = {"ZwgkError", "NotAReportError", "UnreadableFileError", "FileBusyError"}


def _sources(names=None):
    for name in names or [""]:
        path = SRC / name
        yield from [path] if path.is_file() else sorted(path.rglob("*.py"))


def _coded_calls():
    """(file, line, code, keywords or None when **params are passed) of every call by code in src/:
    `X.of("area.key", …)`, `refuse(path, "area.key", …)`, `problem("area.key", …)`."""
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            args = node.args[1:2] if name == "refuse" else node.args[:1]
            if name not in ("of", "refuse", "problem") or not args:
                continue
            keys = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
            if name == "of" and len(node.args) > 1:          # Finding.of(code, params, table=…, …)
                given = node.args[1]
                keys = {k.value for k in given.keys} if isinstance(given, ast.Dict) and None not in given.keys \
                    and all(isinstance(k, ast.Constant) for k in given.keys) else None
            for code in _constants(args[0]):
                yield path.relative_to(ROOT), node.lineno, code, keys


def _constants(node) -> list[str]:
    """The codes a code argument can be: a literal, or either side of `"a.b" if … else "a.c"`."""
    if isinstance(node, ast.IfExp):
        return _constants(node.body) + _constants(node.orelse)
    return [node.value] if isinstance(node, ast.Constant) and CODE.match(str(node.value)) else []


def test_every_entry_is_complete_and_renders_with_sample_parameters():
    assert catalogue()
    for code, entry in catalogue().items():
        assert CODE.match(code), code
        assert entry.level in LEVELS and entry.title.strip() and entry.message.strip(), code
        params = entry.params()
        assert not PLACE & set(params), f"{code}: {PLACE & set(params)} is where a problem is, not a parameter"
        made = problem(code, **{p: f"«{p}»" for p in params})
        for p in params:
            assert f"«{p}»" in made.message + made.fix, (code, p)
        assert "{" not in made.message.replace("{{", "") or "{{" in entry.message, code
        assert made.to_dict()["code"] == code and made.severity == entry.level


def test_a_missing_parameter_fails_where_the_problem_is_made():
    code = next(c for c, e in catalogue().items() if e.params())
    with pytest.raises(LookupError, match=code):
        problem(code)
    with pytest.raises(LookupError, match="no.such"):
        problem("no.such")


def test_codes_are_unique_within_each_catalogue_file():
    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader, node):
        keys = [loader.construct_object(k) for k, _ in node.value]
        repeated = {k for k in keys if keys.count(k) > 1}
        assert not repeated, f"{node.start_mark}: {repeated} given twice"
        return loader.construct_mapping(node)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    for path in sorted((ROOT / "templates" / "problems").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Strict)
        for key, entry in data.items():
            assert set(entry) <= {"level", "title", "message", "fix"}, (path.name, key)
            assert {"level", "title", "message"} <= set(entry), (path.name, key)


def test_every_code_raised_in_src_is_in_the_catalogue_with_the_parameters_it_names():
    calls = list(_coded_calls())
    assert len(calls) > 100
    for where, line, code, keys in calls:
        assert code in catalogue(), f"{where}:{line}: {code} is not in templates/problems/"
        if keys is not None:
            wanted = set(catalogue()[code].params())
            assert wanted <= keys, f"{where}:{line}: {code} needs {wanted - keys}"
            assert keys - PLACE <= wanted, f"{where}:{line}: {code} does not use {keys - PLACE - wanted}"


def test_every_entry_of_these_areas_is_raised_somewhere():
    used = {code for *_, code, _ in _coded_calls()}
    unused = [c for c in catalogue() if c.split(".")[0] in AREAS and c not in used]
    assert not unused, f"entries no code raises: {unused}"


@pytest.mark.parametrize("module", CODED_MODULES)
def test_no_error_is_raised_as_a_bare_sentence(module):
    for path in _sources([module]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ERRORS:
                raise AssertionError(f"{path.relative_to(ROOT)}:{node.lineno}: a sentence, not a code: "
                                     "raise it by catalogue code (ZwgkError.of)")


def test_readme_lists_every_code_as_the_catalogue_says():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_with_catalogue(text) == text, "run: python -m zwgk.problems --readme README.md"
    assert all(f"`{code}`" in text for code in catalogue())


def test_a_sentence_error_still_works_and_keeps_its_place():
    error = ZwgkError("示例", file="a.xlsx", sheet="表三", cell="B5")
    assert error.code == "general.message" and str(error) == "文件“a.xlsx”工作表“表三”单元格 B5：示例"
    assert told(error.problem) == str(error)                 # no fix line when there is none


def test_a_problem_is_told_with_how_to_fix_it():
    found = problem("read.bad_number", file="a.xlsx", sheet="表三", cell="C7", value="inf")
    assert told(found).splitlines() == ["文件“a.xlsx”工作表“表三”单元格 C7：单元格中的数值无效（inf，不是有限的数）",
                                        "怎么办：改为一个数，或留空"]


# --- the command line -------------------------------------------------------------------------
def test_an_error_under_json_prints_its_code_and_parameters(tmp_path, capsys):
    source = tmp_path / "r.json"
    source.write_text(json.dumps({"format": "2021", "year": "明年"}, ensure_ascii=False), encoding="utf-8")
    assert main(["check", str(source), "--json"]) == 2
    out, err = capsys.readouterr()
    error = json.loads(out)["error"]
    assert error["code"] == "report.year_not_integer" and error["level"] == "error"
    assert error["params"] == {"source": "r.json", "value": "明年"}
    assert error["message"] == "r.json 中年度 “明年” 不是整数年份" and error["fix"]
    assert err.splitlines() == [f"错误：{error['message']}", f"怎么办：{error['fix']}"]


def test_an_error_under_json_names_file_sheet_and_cell(tmp_path, capsys):
    path = write_report(consistent_report("2021", 3), tmp_path / "r.xlsx")
    table = workbook_layout("2021").tables["t3"]
    box = next(b for b in table.boxes if b.role == "head")
    book = openpyxl.load_workbook(path)
    book[table.name].cell(box.r1 + 1, box.c1 + 1).value = "改过的栏目"
    book.save(path)
    assert main(["show", str(path), "--json"]) == 2
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["code"] == "read.labels_changed"
    assert error["params"] == {"expected": box.text, "found": "改过的栏目"}
    assert error["location"]["file"] == path.name and error["location"]["sheet"] == table.name
    assert re.fullmatch(r"[A-Z]+[0-9]+", error["location"]["cell"])


def test_without_json_the_error_is_on_stderr_only(tmp_path, capsys):
    assert main(["show", str(tmp_path / "没有.xlsx")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.splitlines() == [f"错误：文件“{tmp_path / '没有.xlsx'}”：文件不存在",
                                              "怎么办：" + catalogue()["read.missing"].fix]


def test_a_bad_ribbon_yaml_is_refused_in_words(tmp_path):
    """A district restyling addin/ribbon.yaml meets a sentence naming the button, not a traceback."""
    addin = tmp_path / "addin"
    shutil.copytree(ROOT / "addin", addin)
    spec = yaml.safe_load((addin / "ribbon.yaml").read_text(encoding="utf-8"))
    button = spec["tab"]["groups"][0]["buttons"][0]
    button["icon"] = "unicorn"
    (addin / "ribbon.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ZwgkError) as refused:
        ribbon.load_spec(addin / "ribbon.yaml")
    assert refused.value.code == "template.invalid" and "unicorn" in str(refused.value)
    del button["handler"]
    (addin / "ribbon.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ZwgkError, match=r"buttons\[0\]\.handler") as refused:
        ribbon.load_spec(addin / "ribbon.yaml")
    assert refused.value.code == "template.invalid" and refused.value.problem.params["key"].endswith("handler")
