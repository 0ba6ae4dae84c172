"""Bad input gets one Chinese sentence and exit code 2, never a traceback."""
import json
import subprocess
import sys

import pytest


def zwgk(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "zwgk.cli", *map(str, args)], capture_output=True,
                          text=True, input=stdin)


def assert_clean_error(done, *words):
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.startswith("错误："), done.stderr
    for word in words:
        assert word in done.stderr


@pytest.mark.parametrize("data, word", [
    ({"format": "2021", "cells": [1]}, "cells"),
    ({"format": "2021", "prose": "x"}, "prose"),
    ({"format": "2021", "unit": 5}, "unit"),
    ({"format": "2021", "year": 1e300}, "年"),
    ({"format": "2021", "cells": {"t9.x.y": 1}}, "t9.x.y"),
    ({"format": "2021", "cells": {"t3.new.natural": "3"}}, "t3.new.natural"),
    ({"format": "2018"}, "2018"),
    ({"unit": "x"}, "format"),
])
def test_malformed_json_view(tmp_path, data, word):
    assert_clean_error(zwgk("new", "--from", "-", "-o", tmp_path / "r.xlsx", stdin=json.dumps(data)), word)


def test_json_file_not_utf8(tmp_path):
    path = tmp_path / "r.json"
    path.write_bytes(json.dumps({"format": "2021", "unit": "八里堡"}, ensure_ascii=False).encode("gbk"))
    for args in (("new", "--from", path, "-o", tmp_path / "r.xlsx"), ("check", path), ("render", path, "-o", "txt")):
        assert_clean_error(zwgk(*args), "r.json", "UTF-8")


def test_output_where_nothing_can_be_written(tmp_path):
    assert_clean_error(zwgk("new", "--year", "2024", "-o", "/proc/zwgk/r.xlsx"), "/proc/zwgk/r.xlsx")
    (tmp_path / "d.xlsx").mkdir()
    assert_clean_error(zwgk("new", "--year", "2024", "-o", tmp_path / "d.xlsx"), "文件夹")
    assert_clean_error(zwgk("new", "--year", "2024", "-o", tmp_path / "r.txt"), ".xlsx")


def test_a_folder_where_a_workbook_is_expected(tmp_path):
    done = zwgk("show", tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_a_year_before_the_formats(tmp_path):
    assert_clean_error(zwgk("new", "--year", "1990", "-o", tmp_path / "r.xlsx"), "1990", "2019")
