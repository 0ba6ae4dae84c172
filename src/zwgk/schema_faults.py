"""The first fault of a template against its JSON Schema, in words: where (the key path, such as
`checks[3].level`), what was expected and what was found.

jsonschema is imported only when a file must be checked (zwgk.schemas): it takes about 0.1 s.
A schema's `description` is shown as what was expected where it says more than the rule itself
(a pattern, a format, a number of keys).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

TYPES = {"string": "文本", "integer": "整数", "number": "数", "boolean": "true 或 false", "array": "列表",
         "object": "映射（键: 值）", "null": "空"}
_SIMPLE_KEY = re.compile(r"[^.\s\[\]\"]+")
_validators: dict[int, tuple] = {}       # id(schema) -> (schema, its validator)


@dataclass(frozen=True)
class Fault:
    """One fault: the path of keys and list positions to it, what was expected, what was found."""

    path: tuple
    expected: str
    found: str

    @property
    def key(self) -> str:
        return key_path(self.path)


def key_path(path) -> str:
    """checks[3].level; a key with a dot or a space in brackets: pairs["t2.x.y"]."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        elif _SIMPLE_KEY.fullmatch(str(step)):
            out += f".{step}" if out else str(step)
        else:
            out += f'["{step}"]'
    return out or "（整个文件）"


MAX_VALUES = 200_000       # a template holds a few thousand; more is aliases (*) multiplying, not text


def first_fault(data, schema: dict) -> Fault | None:
    """The fault most worth telling (jsonschema's best match), or None when `data` fits `schema`."""
    from jsonschema.exceptions import best_match

    if _too_many_values(data):
        return Fault((), f"不超过 {MAX_VALUES} 个值的文件", "更多（别名 * 层层展开后）")
    error = best_match(_validator(schema).iter_errors(data))
    return None if error is None else fault(error)


def _too_many_values(data) -> bool:
    """More than MAX_VALUES values once aliases are followed (counting stops there: never a hang)."""
    stack, seen = [data], 0
    while stack:
        seen += 1
        if seen > MAX_VALUES:
            return True
        item = stack.pop()
        stack.extend(item.values() if isinstance(item, dict) else item if isinstance(item, list) else ())
    return False


def _validator(schema: dict):
    from jsonschema import Draft202012Validator, FormatChecker

    cached = _validators.get(id(schema))
    if cached is None or cached[0] is not schema:
        Draft202012Validator.check_schema(schema)
        cached = _validators[id(schema)] = (
            schema, Draft202012Validator(schema, format_checker=FormatChecker(formats=["regex"])))
    return cached[1]


def fault(error) -> Fault:
    """A jsonschema ValidationError as a Fault."""
    path, kind, value, schema, instance = tuple(error.absolute_path), error.validator, \
        error.validator_value, error.schema, error.instance
    described = schema.get("description")
    if kind == "required":
        missing = next(k for k in value if k not in instance)
        close = _close(missing, _unknown(instance, schema))
        hint = f"（有键“{close}”，是否应为 {missing}？）" if close else ""
        return Fault(path + (missing,), "必填的键", "缺少" + hint)
    if kind == "additionalProperties":
        extra = _unknown(instance, schema)[0]
        known = list(schema.get("properties", ()))
        close = _close(extra, [k for k in known if k not in instance] or known)
        return Fault(path + (extra,), "已知的键之一：" + "、".join(known),
                     f"未知的键“{extra}”" + (f"（是否应为 {close}？）" if close else ""))
    if kind == "type":
        names = [value] if isinstance(value, str) else value
        expected = " 或 ".join(TYPES.get(n, n) for n in names)
        return Fault(path, expected + (f"：{described}" if described else ""), found(instance))
    if kind == "enum":
        return Fault(path, "以下之一：" + "、".join(show(v) for v in value), found(instance))
    return Fault(path, described or _expected(kind, value), found(instance))


def _expected(kind: str, value) -> str:
    words = {
        "const": lambda: show(value),
        "pattern": lambda: f"符合格式 {value} 的文本",
        "format": lambda: "有效的正则表达式" if value == "regex" else f"{value} 格式",
        "minimum": lambda: f"不小于 {value} 的数",
        "maximum": lambda: f"不大于 {value} 的数",
        "exclusiveMinimum": lambda: f"大于 {value} 的数",
        "minItems": lambda: f"至少 {value} 项的列表",
        "maxItems": lambda: f"至多 {value} 项的列表",
        "minLength": lambda: "非空的文本" if value == 1 else f"至少 {value} 个字符的文本",
        "maxLength": lambda: f"不超过 {value} 个字符的文本",
        "uniqueItems": lambda: "各项互不相同的列表",
        "minProperties": lambda: f"至少 {value} 个键",
        "maxProperties": lambda: f"至多 {value} 个键",
    }
    return words[kind]() if kind in words else f"符合 {kind} 规则的值"


def _unknown(instance, schema: dict) -> list[str]:
    """Keys of `instance` that `schema` does not name."""
    known = schema.get("properties", {})
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    return [k for k in instance if k not in known and not any(p.search(str(k)) for p in patterns)]


def _close(word: str, candidates) -> str | None:
    import difflib

    found = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=0.6)
    return found[0] if found else None


def show(value) -> str:
    """A value as a clerk reads it: “文字”, 3, true, 空, 列表, 映射."""
    if value is None:
        return "空"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return f"“{value if len(value) <= 40 else value[:40] + '…'}”"
    return "列表" if isinstance(value, list) else "映射" if isinstance(value, dict) else str(value)


def found(value) -> str:
    """What a value is, with itself when short: 文本“abc”, 整数 3, 列表, 空."""
    if value is None or isinstance(value, (bool, list, dict)):
        return show(value)
    kind = "整数" if isinstance(value, int) else "数" if isinstance(value, float) else "文本"
    return f"{kind}{' ' if kind != '文本' else ''}{show(value)}"
