"""No cell id and no label of the official tables is typed in src/: they come from the spec
(templates/format/*.yaml), so a district's templates change them without a line of code.

Every string constant of src/zwgk is read with `ast` (an f-string as its text with each
`{…}` standing for a word: f"t3.{row}.{col}" is the id pattern "t3.x.x"); docstrings, and the
doctests in them, may name ids and labels to explain.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

SRC = Path(__file__).resolve().parents[1] / "src" / "zwgk"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
CELL_ID = re.compile(r"\bt[2-4]\.[a-z_]+\.[a-z_]+")
SHORTEST = 4        # a label this long or longer is a label wherever it stands; a shorter one
                    # ("总计", "其他") only when it is the whole string

# Modules still being converted by other branches (the lead shrinks this list on merge).
BEING_CONVERTED: tuple[str, ...] = ()      # every area converted: none left out
ALLOWED: dict[str, set[str]] = {}   # module: strings allowed there, with the reason beside each


def official_labels() -> set[str]:
    """Every label, caption and title of the official tables, from templates/format/*.yaml."""
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("label", "caption", "title", "notice_title") and isinstance(value, str):
                    found.add(value.strip())
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    for path in sorted((TEMPLATES / "format").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return {label for label in found if label}


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}


def strings(tree: ast.AST):
    """(line, text) of every string constant outside docstrings; an f-string as one text."""
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
            yield node.lineno, "".join(v.value if isinstance(v, ast.Constant) else "x" for v in node.values)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node.lineno, node.value


def typed(labels: set[str]) -> list[str]:
    out = []
    long = sorted((label for label in labels if len(label) >= SHORTEST), key=len, reverse=True)
    within = re.compile("|".join(map(re.escape, long)))
    for path in sorted(SRC.rglob("*.py")):
        module = path.relative_to(SRC).as_posix()
        if module.startswith(BEING_CONVERTED):
            continue
        for line, text in strings(ast.parse(path.read_text(encoding="utf-8"))):
            if text in ALLOWED.get(module, ()):
                continue
            found = CELL_ID.findall(text) + within.findall(text) + ([text.strip()] if text.strip() in labels else [])
            if found:
                out.append(f"{module}:{line}: {found} in {text[:60]!r}")
    return out


def test_no_cell_id_or_official_label_is_typed_in_src():
    assert typed(official_labels()) == []


def test_the_scan_finds_what_it_looks_for(tmp_path):
    labels = official_labels()
    assert {"总计", "自然人", "行政复议"} <= labels
    tree = ast.parse('"""t3.new.natural in a docstring"""\nA = f"t3.{row}.{col}"\nB = "（三）不予公开"\n'
                     'C = "总计"\nD = "其他说明"\n')
    found = dict(strings(tree))
    assert found == {2: "t3.x.x", 3: "（三）不予公开", 4: "总计", 5: "其他说明"}
    assert CELL_ID.search(found[2]) and "（三）不予公开" in labels
