"""Report → xlsx → Report is the identity, for random reports of both formats."""
import json
import subprocess
import sys

from hypothesis import HealthCheck, given, settings

from zwgk.model import Report
from zwgk.workbook.reader import read_report
from zwgk.workbook.writer import write_report

from .strategies import reports


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(report=reports())
def test_roundtrip_identity(tmp_path, report):
    path = write_report(report, tmp_path / "r.xlsx")
    assert read_report(path).to_dict() == report.to_dict()


def test_blank_is_not_zero(tmp_path):
    report = Report.blank("2021")
    report.cells["t3.new.natural"] = 0
    report.texts["t3.new.business"] = "/"
    back = read_report(write_report(report, tmp_path / "r.xlsx"))
    assert back.cells["t3.new.natural"] == 0
    assert back.cells["t3.new.business"] is None and back.texts["t3.new.business"] == "/"
    assert back.cells["t3.new.research"] is None and "t3.new.research" not in back.texts


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "zwgk.cli", *map(str, args)], capture_output=True,
                          text=True, input=stdin)


def test_cli_new_show_and_from_json_are_inverse(tmp_path):
    out = tmp_path / "a.xlsx"
    done = run_cli("new", "--format", "2019", "--unit", "八里堡街道办事处", "--district", "二道区",
                   "--year", "2020", "-o", out)
    assert done.returncode == 0, done.stderr
    shown = json.loads(run_cli("show", out, "--json").stdout)
    assert shown["format"] == "2019" and shown["unit"] == "八里堡街道办事处" and shown["year"] == 2020
    assert len(shown["cells"]) == 198 and set(shown["cells"].values()) == {None}
    shown["cells"]["t3.new.natural"] = 5
    shown["cells"]["t2.license.change"] = -2
    again = tmp_path / "b.xlsx"
    assert run_cli("new", "--from", "-", "-o", again, stdin=json.dumps(shown)).returncode == 0
    assert json.loads(run_cli("show", again, "--json").stdout) == shown


def test_year_picks_format(tmp_path):
    assert run_cli("new", "--year", "2020", "-o", tmp_path / "a.xlsx").returncode == 0
    assert read_report(tmp_path / "a.xlsx").format == "2019"
    assert run_cli("new", "--year", "2024", "-o", tmp_path / "b.xlsx").returncode == 0
    assert read_report(tmp_path / "b.xlsx").format == "2021"
