"""Template files read and checked against their schemas (`templates/schemas/`) as they are loaded.

Every YAML under `templates/` and `addin/` has a JSON Schema (Draft 2020-12, written as YAML so a
district restyling its templates can read it); `templates/schemas/index.yaml` says which schema a
file follows.  A fault is a `ZwgkError` naming the file, the line, the key path (`checks[3].level`),
what was expected and what was found (exit 2), never a traceback:

    template.invalid   a key missing, unknown, of the wrong type or value
    template.syntax    not YAML at all (line and column)
    template.missing   the file is not there

The schemas are always the installed zwgk's own (a copy of templates/ through ZWGK_TEMPLATES is
checked against what this zwgk reads, not against schemas copied along with it).  Importing
jsonschema costs more than a whole `zwgk check` (about 0.1 s), so a file whose exact bytes already
passed its exact schema is not checked again: a stamp (the hash of both) is kept in zwgk's cache
folder ($ZWGK_CACHE, else %LOCALAPPDATA%\\zwgk or ~/.cache/zwgk); without a writable cache every
process checks once per file.
"""
from __future__ import annotations

import fnmatch
import hashlib
import os
from functools import lru_cache
from pathlib import Path

import yaml

from zwgk.errors import ZwgkError
from zwgk.schema_faults import Fault, first_fault

STAMP_VERSION = b"zwgk-schemas-1"     # change when what "valid" means changes beyond the schema files
_checked: set[str] = set()             # stamps checked by this process


def load_yaml(path: Path, name: str, area: str = "templates"):
    """The data of `path`, the file `name` of `area` (templates or addin), checked against its schema."""
    data_bytes = _read_bytes(path, name)
    data = parse(data_bytes, path)
    _check(path, schema_for(area, name), data_bytes, lambda: data)
    return data


def check_file(path: Path, name: str, area: str = "templates") -> None:
    """`path` fits its schema, or its fault is raised: known from its stamp without parsing it
    when these bytes passed before (so files not otherwise read cost a hash, not a parse)."""
    schema_file = schema_for(area, name)
    if schema_file is not None:
        data_bytes = _read_bytes(path, name)
        _check(path, schema_file, data_bytes, lambda: parse(data_bytes, path))


def _check(path: Path, schema_file: Path | None, data_bytes: bytes, data) -> None:
    """Raise the first fault of the file's bytes against `schema_file`, unless these bytes passed
    before (in this process, or by a stamp kept on disk); `data()` gives the parsed data."""
    if schema_file is None:
        return
    stamp = hashlib.sha256(STAMP_VERSION + b"\0" + _schema_bytes(schema_file) + b"\0" + data_bytes).hexdigest()
    if stamp not in _checked and not _stamped(stamp):
        fault = repeated_key(data_bytes) or first_fault(data(), _schema(schema_file))
        if fault is not None:
            raise invalid(path, fault, data_bytes)
        _stamp(stamp)
    _checked.add(stamp)


def invalid(path: Path, fault: Fault, data: bytes | None = None) -> ZwgkError:
    """The error telling `fault` of the file at `path` (also for faults a loader finds itself,
    such as two buttons of one id)."""
    try:
        data = Path(path).read_bytes() if data is None else data
        line = _line(data, fault.path)
    except (OSError, yaml.YAMLError):
        line = 1
    return ZwgkError.of("template.invalid", file=path, line=line, key=fault.key, expected=fault.expected,
                        found=fault.found)


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ZwgkError.of("template.missing", file=path, name=name) from None
    except OSError as exc:
        raise ZwgkError.of("template.unreadable", file=path, name=name, reason=exc.strerror or exc) from None


def parse(data: bytes, path: Path):
    """YAML text parsed (the fast C loader when present); a syntax fault names line and column."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(data, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ZwgkError.of("template.syntax", file=path, line=mark.line + 1 if mark else 1,
                           column=mark.column + 1 if mark else 1,
                           problem=_problem_words(exc.problem or exc.context or "")) from None
    except yaml.reader.ReaderError as exc:   # GBK saved by Notepad, say: not UTF-8 text
        before = data[:exc.position]
        raise ZwgkError.of("template.syntax", file=path, line=before.count(b"\n") + 1,
                           column=len(before) - before.rfind(b"\n"),
                           problem="不是 UTF-8 编码的文字（请用“另存为”，编码选 UTF-8 保存）") from None
    except yaml.YAMLError as exc:
        raise ZwgkError.of("template.syntax", file=path, line=1, column=1, problem=_problem_words(str(exc))) from None


_PROBLEMS = {
    "mapping values are not allowed": "此处不能出现“键: 值”（冒号后的文字含冒号时请加引号，或检查缩进）",
    "could not find expected ':'": "缺少冒号“:”",
    "found character '\\t' that cannot start any token": "不能用制表符（Tab）缩进，请改用空格",
    "found undefined alias": "引用了未定义的别名（*）",
    "did not find expected key": "缩进不一致，或此处缺少键",
    "did not find expected node content": "此处缺少内容",
    "found unexpected end of stream": "文件提前结束（引号或括号未闭合）",
    "expected ',' or ']', but got": "列表 [ ] 未正确闭合",
    "expected ',' or '}', but got": "映射 { } 未正确闭合",
    "found unknown escape character": "双引号内有无效的转义字符（\\ 后的字符）",
    "found duplicate anchor": "锚点（&）重复",
}


def _problem_words(problem: str) -> str:
    """PyYAML's problem in Chinese where known; its own words otherwise."""
    for english, chinese in _PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    return problem


@lru_cache(maxsize=None)
def _index() -> dict:
    from zwgk.resources import data_dir

    folder = data_dir("templates", "schemas", own=True) / "schemas"
    return {"folder": folder, **parse((folder / "index.yaml").read_bytes(), folder / "index.yaml")}


def schema_for(area: str, name: str) -> Path | None:
    """The schema file for the file `name` (relative to its area's folder), or None when it has none."""
    index = _index()
    name = str(name).replace("\\", "/")
    for pattern, schema in (index.get(area) or {}).items():
        if fnmatch.fnmatchcase(name, pattern):
            return index["folder"] / schema
    return None


@lru_cache(maxsize=None)
def _schema_bytes(path: Path) -> bytes:
    return path.read_bytes()


@lru_cache(maxsize=None)
def _schema(path: Path) -> dict:
    return parse(_schema_bytes(path), path)


def _line(data: bytes, path: tuple) -> int:
    """The line (1-based) of the deepest node on `path` that the YAML has."""
    node = yaml.compose(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    line = node.start_mark.line + 1 if node is not None else 1
    for step in path:
        node = _child(node, step)
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def repeated_key(data: bytes) -> Fault | None:
    """A key written twice in one mapping (YAML keeps the last silently: a district's second
    `labels:` block would drop its first)."""
    root = yaml.compose(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    stack, done = [((), root)], set()
    while stack:
        path, node = stack.pop()
        if node is None or id(node) in done:
            continue
        done.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict = {}
            for key, value in node.value:
                if key.value in first:
                    return Fault(path + (key.value,), f"只出现一次的键（第 {first[key.value]} 行已有）",
                                 f"第 {key.start_mark.line + 1} 行又写了一次")
                first[key.value] = key.start_mark.line + 1
                stack.append((path + (key.value,), value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((path + (i,), item) for i, item in enumerate(node.value))
    return None


def _child(node, step):
    if isinstance(node, yaml.MappingNode):
        return next((value for key, value in node.value if key.value == str(step)), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return node.value[step]
    return None


# --- stamps: a file's bytes that passed its schema -------------------------------------------------

def cache_dir() -> Path:
    """Where stamps are kept: $ZWGK_CACHE, else the user's cache folder."""
    if os.environ.get("ZWGK_CACHE"):
        return Path(os.environ["ZWGK_CACHE"])
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "zwgk" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "zwgk"


def _stamped(stamp: str) -> bool:
    try:
        return (cache_dir() / "valid" / stamp).is_file()
    except (OSError, RuntimeError):            # RuntimeError: no home folder to find
        return False


def _stamp(stamp: str) -> None:
    """Remember a check that passed (an empty file named by the hash; never half-written)."""
    try:
        folder = cache_dir() / "valid"
        folder.mkdir(parents=True, exist_ok=True)
        os.close(os.open(folder / stamp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except (OSError, RuntimeError):           # already there, or no writable cache: checked again next time
        pass
