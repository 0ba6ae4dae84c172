"""The prose of a published report: its parts (一、五、六), its opening paragraph and its sign-off.

`part_text` cleans a part's text as cut from the original (artefacts such as `[bookmark: _GoBack]`
and page footers dropped, lines a PDF broke mid-sentence joined); `opening` is the paragraph
between the title and 一、总体情况, without web-page furniture; `split_signoff` takes the unit and
date lines under the last part (水塔街办事处 / 2024年1月22日) off its text.
"""
from __future__ import annotations

import re
from zwgk.wording import words
from zwgk.importer.text import strip_artefacts

_DATE = re.compile(r"[\s　]*(?:(?:20\d\d|二[〇零○]\S\S)\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
                   r"(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?|20\d\d[-/.]\d{1,2}[-/.]\d{1,2})[\s　]*")
_TITLE = re.compile(r"(?:政府|政务)?\s*信\s*息\s*公\s*开\s*(?:工作)?\s*(?:20\d\d\s*年度?)?\s*(?:工作)?\s*年度?\s*报\s*告")
_BEFORE_TITLE = re.compile(r"^[^，。,；;《》（(]{0,80}?" + _TITLE.pattern + r"\s*")
_SENTENCE_END = "。！？；：…”」!?;:"
_FIELD = re.compile(r"^\S{1,6}\s*[:：\t]")           # 名称：…, 发布机构\t… (page fields)
_PUNCT = re.compile(r"[。，,；;：:、！？]")


def part_text(body: str, wrapped: bool = True) -> str:
    """A part's text: artefacts dropped, lines trimmed, empty lines dropped, and, in text whose
    lines a PDF broke (`wrapped`: not a Word document or a web page), broken lines joined."""
    lines = [ln.strip() for ln in strip_artefacts(body.replace("\r", "")).split("\n")]
    text = "\n".join(_join_wrapped(lines) if wrapped else [ln for ln in lines if ln])
    return text.lstrip("：: ").strip()


def _join_wrapped(lines: list[str]) -> list[str]:
    """A PDF breaks a paragraph at the page width (~30 characters): a line that reaches it and
    does not end a sentence runs on into the next one (a short line, such as a subheading or a
    title, stands alone).  Lines of text that was not broken so are kept as they are."""
    width = _wrap_width(lines)
    out: list[str] = []
    runs_on = False
    for line in lines:
        if not line:                        # an empty line ends a paragraph
            runs_on = False
            continue
        if runs_on and not _starts_item(line):
            out[-1] += line
        else:
            out.append(line)
        runs_on = (width is not None and _printed(line) >= width - 4 and line[-1] not in _SENTENCE_END
                   and not _FIELD.match(line))
    return out


def _wrap_width(lines: list[str]) -> float | None:
    """The width the lines were broken at, when they look broken: several lines of about the
    same printed width, and short (a PDF page holds about 30 characters a line); else None."""
    widths = [_printed(ln) for ln in lines if _printed(ln) >= 12]
    near = {w: sum(abs(n - w) <= 3 for n in widths) for w in widths}
    width = max(near, key=lambda w: (near[w], w), default=None)
    return width if width is not None and width <= 50 and near[width] >= 3 else None


def _printed(line: str) -> float:
    """A line's printed width in characters: digits, Latin letters and spaces take half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in line)


def _starts_item(line: str) -> bool:
    return bool(re.match(r"[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．]", line))


def opening(head: str) -> str:
    """The opening paragraph(s) in the text before 一、总体情况 (the title and page furniture
    before it dropped), or ''."""
    lines = [_drop_furniture(ln.strip()) for ln in strip_artefacts(head.replace("\r", "")).split("\n")]
    paragraphs = [_drop_furniture(_BEFORE_TITLE.sub("", p, count=1)) for p in _join_wrapped(lines)]
    start = next((i for i, p in enumerate(paragraphs) if _is_prose(p)), None)
    return "" if start is None else part_text("\n".join(paragraphs[start:]))


def _is_prose(line: str) -> bool:
    """A line of running text: long enough, with a comma or a full stop, not a `名称：值` field."""
    return len(line) >= 15 and bool(re.search(r"[，。,]", line)) and not _FIELD.match(line)


def _drop_furniture(text: str, at_end: bool = False) -> str:
    """`text` without the page furniture printed before it (来源：…, 微信 微博), or, `at_end`,
    after it (…情况。 附件下载)."""
    edge = r"(?<![^\s。；！？”）])" if at_end else ""     # at the end: after a space or a full stop only
    patterns = [re.compile(edge + r"\s*(?:" + p + r")\s*" + ("$" if at_end else "")) for p in words("importer")["furniture"]]
    changed = True
    while changed and text:
        changed = False
        for pattern in patterns:
            m = pattern.search(text) if at_end else pattern.match(text)
            if m and m.end() > m.start():
                text, changed = (text[:m.start()] if at_end else text[m.end():]), True
    return text


def split_signoff(text: str, unit: str) -> tuple[str, str]:
    """(the part's text, the sign-off lines under it) — the sign-off being the last lines when
    they are a date and the unit's name (or a line ending like one: 办事处, 人民政府, 局…)."""
    text = _drop_furniture(text, at_end=True).rstrip()
    lines = text.split("\n")
    org = re.compile(words("importer")["signoff_unit"])
    tail: list[str] = []
    while lines and len(tail) < 4:
        line = lines[-1].strip()
        is_date = bool(_DATE.fullmatch(line))
        is_unit = line == unit or (len(line) <= 30 and not _PUNCT.search(line) and bool(org.search(line)))
        if not (is_date or is_unit):
            break
        tail.insert(0, line)
        lines.pop()
    if not any(_DATE.fullmatch(ln) or ln == unit for ln in tail):
        return text, ""
    return "\n".join(lines), "\n".join(tail)
