"""The import graph of src/zwgk: no circle, no import from a lower layer to a higher one, and a
core that never reaches for the command line, the add-in or a spreadsheet writer.

Every `import` and `from … import` is read with `ast`, at any depth (function-local imports
included: a circle through a late import is still a circle, and an upward one is still upward).
"""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

# The layers, lowest first.  A module may import its own layer's modules and any lower layer's,
# never a higher one's.  Names are module prefixes (a package stands for all its modules).  Why
# this order:
#  - foundation: what every other module needs and that needs nothing of the format: errors and
#    the problem catalogue, finding and reading the data folders (resources, wording) and checking
#    them against their schemas, the file guards, atomic writes and the one zip writer;
#  - spec: the official format as data, read from templates, with a district's own tables;
#  - model: a Report of the spec, the findings about one, test reports (synthetic);
#  - checks and workbook: siblings that know nothing of each other (checks see a Report, not a
#    workbook; the workbook writes, reads and marks, but does not check);
#  - importer: published reports to a Report, checked and placed with the workbook's layout;
#  - rollup: many workbooks (and imports) into one;
#  - history, render, frames: siblings over reports, rollups and imports;
#  - addin_build: the .xlam from addin/ and the ribbon;
#  - commands: the CLI's commands, any of the above;
#  - the entry points: the CLI and the xlwings add-in (which shares a few helpers of commands).
LAYERS = (
    ("zwgk.errors", "zwgk.problems", "zwgk.resources", "zwgk.wording", "zwgk.schemas", "zwgk.schema_faults",
     "zwgk.guard", "zwgk.atomic", "zwgk.zips"),
    ("zwgk.spec", "zwgk.extensions", "zwgk.rules"),
    ("zwgk.model", "zwgk.findings", "zwgk.synthetic", "zwgk.kinds", "zwgk.layout"),
    ("zwgk.checks", "zwgk.workbook"),
    ("zwgk.importer",),
    ("zwgk.rollup",),
    ("zwgk.history", "zwgk.render", "zwgk.frames"),
    ("zwgk.addin_build",),
    ("zwgk.commands",),
    ("zwgk.cli", "zwgk.cli_parser", "zwgk.addin", "zwgk"),
)
# Siblings in one layer that must not import each other either.
SIBLINGS = (("zwgk.checks", "zwgk.workbook"), ("zwgk.history", "zwgk.render", "zwgk.frames"))

# Known imports against the rules, each with who removes it; the test fails when one is gone
# too, so this list only ever shrinks.
KNOWN: set = set()
# Circles known and left to the engineers of those areas (the lead removes each on merge).
KNOWN_CIRCLES = {
    # an error renders through its catalogue entry, the catalogue is a data file, and a missing
    # data folder (or a catalogue file that does not fit its schema) is an error:
    # errors -> problems -> resources / schemas -> errors, each edge past the first a late import
    frozenset({"zwgk.errors", "zwgk.problems", "zwgk.resources", "zwgk.schemas"}),
}

CORE = ("zwgk.spec", "zwgk.model", "zwgk.checks", "zwgk.importer", "zwgk.rollup")
NEVER_IN_CORE = ("zwgk.cli", "zwgk.cli_parser", "zwgk.commands", "zwgk.addin", "xlwings")
NOT_AT_MODULE_LEVEL_IN_CORE = ("openpyxl", "xlsxwriter", "xlwings", "pandas", "numpy", "docx", "pdfplumber")


@cache
def modules() -> dict[str, Path]:
    """{dotted name: file} of every module under src/zwgk (a package as its __init__)."""
    out = {}
    for path in sorted((SRC / "zwgk").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imported(module: str, node: ast.AST) -> list[str]:
    """The modules an import statement names, absolute (`from zwgk import guard` is zwgk.guard)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".")
        if modules()[module].name != "__init__.py":
            package.pop()
        package = package[:len(package) - node.level + 1]
        base = ".".join(package + ([node.module] if node.module else []))
    found = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules()]
    return found if len(found) == len(node.names) else [base, *found]


def _owner(name: str) -> str | None:
    """The module of src/zwgk that `name` is or lies in (zwgk.spec.load_spec → zwgk.spec)."""
    while name not in modules():
        if "." not in name:
            return None
        name = name.rsplit(".", 1)[0]
    return name


@cache
def imports() -> dict[str, dict[str, bool]]:
    """{module: {imported name: at module level?}} for every module, third-party names too."""
    out: dict[str, dict[str, bool]] = {}
    for module, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(n) for n in tree.body}
        found: dict[str, bool] = {}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for name in _imported(module, node):
                    found[name] = found.get(name, False) or id(node) in top
        out[module] = found
    return out


def edges() -> set[tuple[str, str]]:
    """(importer, imported) between modules of src/zwgk."""
    return {(m, owner) for m, names in imports().items() for name in names
            if (owner := _owner(name)) is not None and owner != m and name.startswith("zwgk")}


def _in(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def layer(module: str) -> int:
    """The index in LAYERS of the most specific prefix naming `module`."""
    best = max(((len(p), i) for i, group in enumerate(LAYERS) for p in group if _in(module, p)), default=None)
    assert best is not None, f"{module} is in no layer of LAYERS: add it where it belongs"
    return best[1]


def circles() -> list[frozenset[str]]:
    """The strongly connected parts of the graph with more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {m: set() for m in modules()}
    for a, b in edges():
        graph[a].add(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                out.append(frozenset(part))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_the_graph_is_read():
    assert ("zwgk.spec", "zwgk.wording") in edges()
    assert ("zwgk.workbook.reader", "zwgk.workbook.layout") in edges()
    assert ("zwgk.checks.plan", "zwgk.workbook.layout") in edges() or not KNOWN    # a late import counts


def test_no_circle():
    found = set(circles())
    assert found <= KNOWN_CIRCLES, f"circles of imports: {sorted(map(sorted, found - KNOWN_CIRCLES))}"
    assert KNOWN_CIRCLES <= found, f"gone, remove from KNOWN_CIRCLES: {sorted(map(sorted, KNOWN_CIRCLES - found))}"


def test_no_import_from_a_lower_layer_to_a_higher_one_nor_between_siblings():
    def group(module, siblings):
        return next((p for p in siblings if _in(module, p)), None)
    upward = {(a, b) for a, b in edges() if layer(a) < layer(b)}
    across = {(a, b) for a, b in edges() for siblings in SIBLINGS
              if (ga := group(a, siblings)) and (gb := group(b, siblings)) and ga != gb}
    assert upward <= KNOWN, f"imports from a lower layer to a higher one: {sorted(upward - KNOWN)}"
    assert across <= KNOWN, f"siblings importing each other: {sorted(across - KNOWN)}"
    assert KNOWN <= upward | across, f"gone, remove from KNOWN: {sorted(KNOWN - upward - across)}"


def test_the_core_never_imports_the_cli_the_addin_or_a_writer_at_load():
    for module, names in imports().items():
        if not any(_in(module, c) for c in CORE):
            continue
        for name, at_top in names.items():
            assert not any(_in(name, n) for n in NEVER_IN_CORE), f"{module} imports {name}"
            assert not (at_top and any(_in(name, n) for n in NOT_AT_MODULE_LEVEL_IN_CORE)), \
                f"{module} imports {name} when it is loaded (import it where it is used)"


def test_every_module_has_a_layer():
    for module in modules():
        layer(module)
