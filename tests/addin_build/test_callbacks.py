"""The ribbon module's Chinese words: ribbon.yaml's messages as ChrW codes in ASCII VBA."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zwgk.addin_build import build, callbacks, ribbon
from zwgk.errors import ZwgkError

from .conftest import ADDIN


@given(st.text(min_size=1, max_size=80))
def test_codes_round_trip_any_text(text):
    codes = callbacks.chrw_codes(text)
    assert codes.isascii() and callbacks.from_codes(codes) == text
    assert all(len(c) == 4 for c in codes.split())          # one UTF-16 unit each, as ChrW takes


def test_every_message_the_module_uses_is_defined_and_every_definition_used():
    bas = build.read_bas(ADDIN / "vba" / "RibbonMyAddin.bas")
    source = callbacks.module_source(bas, ribbon.load_messages())
    defined = set(callbacks.messages_of(source))
    body = source.split(callbacks.message_lines(ribbon.load_messages())[-1], 1)[1]
    used = set(re.findall(r"\bMSG_[A-Z_]+\b", body))
    assert defined == used == {"MSG_TITLE", "MSG_NEED_WORKBOOK", "MSG_FAILED"}   # Option Explicit


def test_title_is_the_tab_label():
    assert ribbon.load_messages()["title"] == ribbon.load_spec()["label"] == "政务公开"


def test_marker_must_be_there_once():
    with pytest.raises(ZwgkError, match="恰有一行") as refused:
        callbacks.module_source("Option Explicit\r\n", {"title": "x"})
    assert refused.value.code == "addin.bas_marker" and refused.value.problem.params["count"] == 0


def test_a_message_too_long_for_one_vba_line_is_refused():
    with pytest.raises(ZwgkError, match="过长") as refused:
        callbacks.message_lines({"huge": "字" * 300})
    assert refused.value.problem.params == {"key": "huge", "length": 300}
