"""Every template file is checked against its schema when loaded (zwgk.schemas, templates/schemas/).

Each file of templates/ is copied (ZWGK_TEMPLATES), one key mutated (a required key misspelled, a
wrong type, an unknown key where the schema is strict), and the command that loads it is run: it
must stop with exit 2 and one Chinese sentence naming the file, the line and the key, never a
traceback.  The shipped files all pass.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from zwgk import schemas
from zwgk.errors import ZwgkError
from zwgk.schema_faults import first_fault

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
SAMPLE = ROOT / "samples" / "district" / "东站街道-2024.xlsx"
TEXT_REPORT = ROOT / "samples" / "legacy" / "000_7f6376809d30ba6a.txt"

# command (run in tmp_path, {sample} etc. filled in) -> the template files it loads
COMMANDS = {
    "check": ["check", "{sample}"],
    "new2019": ["new", "--format", "2019", "-o", "new.xlsx"],
    "import": ["import", "{text}", "-o", "imported.xlsx"],
    "rollup": ["rollup", "{folder}", "-o", "rollup.xlsx", "--workers", "1"],
    "history": ["history", "-o", "history.xlsx", "{sample}"],
    "render": ["render", "{sample}", "-o", "report.docx"],
    "error": ["check", "no-such-report.xlsx"],          # any refusal renders a problem: the catalogue
}

# (file, command, text, replaced by, what the error must name)
MUTATIONS = [
    ("format/2021.yaml", "check", "    sheet: 表三", "    shet: 表三", "tables[1].she"),
    ("format/2021.yaml", "check", "first_year: 2021", "first_year: 二〇二一", "first_year"),
    ("format/2021.yaml", "check", "{id: natural, label: 自然人}", "{id: natural, label: 自然人, knid: count}", "knid"),
    ("format/2019.yaml", "new2019", 'format: "2019"', 'fromat: "2019"', "format"),
    ("format/2019.yaml", "new2019", "    layout: matrix", "    layout: [matrix]", "tables[1].layout"),
    ("format/2019.yaml", "new2019", "last_year: 2020", "last_yaer: 2020", "last_yaer"),
    ("checks.yaml", "check", "    kind: sum", "    knid: sum", "checks[0].kind"),
    ("checks.yaml", "check", "at_least: 100000", "at_least: 十万", "at_least"),
    ("checks.yaml", "check", "    needs_previous: true", "    needs_previuos: true", "needs_previuos"),
    ("variants.yaml", "check", "blank_marks:", "blank_mark:", "blank_mark"),
    ("variants.yaml", "check", 'blank_marks: ["/",', 'blank_marks: "/"\nnot_this: ["/",', "blank_marks"),
    ("variants.yaml", "check", "labels:", "label_variants: {}\nlabels:", "label_variants"),
    ("workbook.yaml", "check", "  status_ok: 全部相符", "  status_okk: 全部相符", "info.status_ok"),
    ("workbook.yaml", "check", "unit_head: 金额单位", "unit_head: [金额单位]", "unit_head"),
    ("workbook.yaml", "check", "{id: unit, label: 单位名称,", "{id: unit, lable: 单位名称,", "info.fields[0].lab"),
    ("importer.yaml", "import", "  side_columns:", "  side_column:", "workbook.side_columns"),
    ("importer.yaml", "import", "signoff_unit: '(?:", "signoff_unit: '((?:", "signoff_unit"),
    ("importer.yaml", "import", "kinds: {count:", "kinds: {cuont:", "kinds.c"),
    ("rollup.yaml", "rollup", "  marker: 本报告由", "  makrer: 本报告由", "summary.marker"),
    ("rollup.yaml", "rollup", "  passed: {label: 通过, counted: true}", "  passed: {label: 通过, counted: 是}",
     "states.passed.counted"),
    ("rollup.yaml", "rollup", "{id: new, cells: [t3.new.total]}", "{id: new, cell: [t3.new.total]}", "figures[0].cell"),
    ("years.yaml", "history", "\n  same:\n", "\n  sam:\n", "correspondence.sam"),
    ("years.yaml", "history", "checks_widths: [14, 6, 14, 22, 90]", "checks_widths: [14, 6, 宽, 22, 90]",
     "history.checks_widths[2]"),
    ("years.yaml", "history", "{label: 上年结转申请, cells:", "{label: 上年结转申请, cels:", "history.figures[1].cel"),
    ("render/word.yaml", "render", "\npage:", "\npgae:", "pgae"),
    ("render/word.yaml", "render", "border_pt: 0.5", "border_pt: 细", "border_pt"),
    ("render/word.yaml", "render", "  body:    {font: body, size: 16", "  body:    {font: body, szie: 16",
     "styles.body.szie"),
    ("problems/general.yaml", "error", "  title: 其他问题", "  titel: 其他问题", "message.tit"),
    ("problems/general.yaml", "error", "  level: error", "  level: [error]", "message.level"),
    ("problems/general.yaml", "error", '  fix: ""', '  fixes: ""', "message.fixes"),
    ("problems/template.yaml", "error", '  message: "第 {line} 行', '  mesage: "第 {line} 行', "invalid.mes"),
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    """A cache folder of this test module's own: every check below runs for real."""
    return tmp_path_factory.mktemp("zwgk-cache")


def run_zwgk(command: str, templates: Path, cwd: Path, cache: Path) -> subprocess.CompletedProcess:
    folder = cwd / "units"
    folder.mkdir(exist_ok=True)
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    args = [a.format(sample=SAMPLE, text=TEXT_REPORT, folder=folder) for a in COMMANDS[command]]
    env = {**os.environ, "ZWGK_TEMPLATES": str(templates), "ZWGK_CACHE": str(cache)}
    return subprocess.run([sys.executable, "-m", "zwgk.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def mutated_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    text = (copy / name).read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{name} no longer holds {old!r}: update this test"
    (copy / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


@pytest.mark.parametrize("name, command, old, new, key", MUTATIONS,
                         ids=[f"{m[0]}:{m[4]}" for m in MUTATIONS])
def test_a_mutated_template_is_refused_by_the_command_that_loads_it(tmp_path, cache, name, command, old, new, key):
    templates = mutated_copy(tmp_path, name, old, new)
    done = run_zwgk(command, templates, tmp_path, cache)
    said = done.stdout + done.stderr
    assert done.returncode == 2, said
    assert "Traceback" not in said
    assert f"文件“{templates / name}”" in said and key in said and "第 " in said, said
    assert "应为" in said and "实为" in said, said


@pytest.mark.parametrize("command", ["check", "new2019", "import", "rollup", "history", "render"])
def test_the_commands_run_with_an_unchanged_copy(tmp_path, cache, command):
    """The mutation tests fail for the mutation, not for the copy or the command."""
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    done = run_zwgk(command, copy, tmp_path, cache)
    assert done.returncode in (0, 1), done.stdout + done.stderr       # 1: the sample's own findings


def test_a_yaml_syntax_fault_names_line_and_column(tmp_path, cache):
    templates = mutated_copy(tmp_path, "checks.yaml", "    kind: sum\n", "    kind: [sum\n")
    done = run_zwgk("check", templates, tmp_path, cache)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "checks.yaml" in done.stderr and "不是有效的 YAML" in done.stderr
    assert "行第" in done.stderr and "列" in done.stderr


def test_a_missing_template_is_named(tmp_path, cache):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "variants.yaml").unlink()
    done = run_zwgk("check", templates, tmp_path, cache)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "找不到模板文件 variants.yaml" in done.stderr


# --- the shipped files and the schemas themselves ------------------------------------------------

def shipped_yaml() -> list[tuple[str, str, Path]]:
    found = [("templates", p.relative_to(TEMPLATES).as_posix(), p) for p in sorted(TEMPLATES.rglob("*.yaml"))
             if "schemas" not in p.relative_to(TEMPLATES).parts]
    return found + [("addin", p.relative_to(ROOT / "addin").as_posix(), p)
                    for p in sorted((ROOT / "addin").rglob("*.yaml"))]


@pytest.mark.parametrize("area, name, path", shipped_yaml(), ids=[f"{a}/{n}" for a, n, _ in shipped_yaml()])
def test_every_shipped_template_has_a_schema_and_fits_it(area, name, path):
    schema_file = schemas.schema_for(area, name)
    assert schema_file is not None, f"{area}/{name} has no schema in templates/schemas/index.yaml"
    schema = yaml.safe_load(schema_file.read_text(encoding="utf-8"))
    assert first_fault(yaml.safe_load(path.read_text(encoding="utf-8")), schema) is None


@pytest.mark.parametrize("path", sorted((TEMPLATES / "schemas").glob("*.schema.yaml")), ids=lambda p: p.name)
def test_schemas_are_draft_2020_12_and_listed(path):
    from jsonschema import Draft202012Validator

    schema = yaml.safe_load(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    index = yaml.safe_load((TEMPLATES / "schemas" / "index.yaml").read_text(encoding="utf-8"))
    assert path.name in [s for area in index.values() for s in area.values()]


def test_a_file_that_passed_is_not_checked_again_and_a_changed_one_is(tmp_path, monkeypatch):
    """The stamp cache: same bytes, no second check (jsonschema not needed); other bytes, checked."""
    monkeypatch.setenv("ZWGK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(schemas, "_checked", set())          # as in a new process
    path = tmp_path / "variants.yaml"
    shutil.copy(TEMPLATES / "variants.yaml", path)
    schemas.load_yaml(path, "variants.yaml")
    assert len(list((tmp_path / "cache" / "valid").iterdir())) == 1
    path.write_text(path.read_text(encoding="utf-8") + "\nunknown_key: 1\n", encoding="utf-8")
    with pytest.raises(ZwgkError) as caught:
        schemas.load_yaml(path, "variants.yaml")
    assert caught.value.code == "template.invalid" and caught.value.exit_code == 2
    assert caught.value.problem.params["key"] == "unknown_key"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert caught.value.problem.params["line"] == lines.index("unknown_key: 1") + 1


def test_a_copy_made_before_the_catalogue_existed_still_tells_its_faults(tmp_path, cache):
    """An older copy of templates/ has no problems/: zwgk's own catalogue files serve."""
    templates = mutated_copy(tmp_path, "checks.yaml", "    kind: sum", "    kind: summ")
    shutil.rmtree(templates / "problems")
    done = run_zwgk("check", templates, tmp_path, cache)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "checks[0].kind" in done.stderr and "“summ”" in done.stderr


def test_a_template_saved_in_gbk_is_told_to_be_saved_as_utf8(tmp_path, cache):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    text = (templates / "variants.yaml").read_text(encoding="utf-8")
    (templates / "variants.yaml").write_bytes(text.encode("gb18030"))       # Notepad's “ANSI” on Chinese Windows
    done = run_zwgk("check", templates, tmp_path, cache)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "variants.yaml" in done.stderr and "UTF-8" in done.stderr


def test_a_style_folders_word_yaml_is_checked_too(tmp_path, cache):
    style = tmp_path / "style"
    style.mkdir()
    (style / "word.yaml").write_text("fonts:\n  body: [仿宋]\nstyles:\n  body: {font: body, size: 大}\n",
                                     encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "zwgk.cli", "render", str(SAMPLE), "-o", "r.docx", "--style",
                           str(style)], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "ZWGK_CACHE": str(cache)})
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"文件“{style / 'word.yaml'}”：第 4 行 styles.body.size" in done.stderr
    assert not (tmp_path / "r.docx").exists()


def test_a_new_process_skips_jsonschema_for_bytes_that_passed(tmp_path):
    """The whole point of the stamps: `zwgk check` does not pay jsonschema's import every time."""
    probe = ("import sys; from pathlib import Path; from zwgk.schemas import load_yaml; "
             f"load_yaml(Path({str(TEMPLATES / 'checks.yaml')!r}), 'checks.yaml'); print('jsonschema' in sys.modules)")
    env = {**os.environ, "ZWGK_CACHE": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120)
            for _ in range(2)]
    assert [r.stdout.strip() for r in runs] == ["True", "False"], [r.stderr for r in runs]


def test_a_key_written_twice_is_refused_not_silently_dropped(tmp_path, monkeypatch):
    monkeypatch.setenv("ZWGK_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "variants.yaml"
    path.write_text((TEMPLATES / "variants.yaml").read_text(encoding="utf-8") + "labels:\n  社会团体: 社会公益组织\n",
                    encoding="utf-8")
    with pytest.raises(ZwgkError) as caught:
        schemas.load_yaml(path, "variants.yaml")
    said = str(caught.value)
    assert caught.value.code == "template.invalid" and "labels" in said and "又写了一次" in said


def test_aliases_multiplying_into_millions_of_values_are_refused_quickly(tmp_path, monkeypatch):
    """A YAML “billion laughs”: refused in well under a second instead of validated for hours."""
    monkeypatch.setenv("ZWGK_CACHE", str(tmp_path / "cache"))
    lines = ["labels: {}", "blank_marks: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"k{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, 9)]
    path = tmp_path / "variants.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(ZwgkError) as caught:
        schemas.load_yaml(path, "variants.yaml")
    assert time.perf_counter() - started < 5
    assert caught.value.code == "template.invalid" and "别名" in str(caught.value)
