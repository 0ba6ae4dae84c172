"""The files meant for Windows, checked here: the real-Excel smoke run and its CI workflow.

They cannot run on Linux (no Excel); what can be checked is that they are what Windows needs:
ASCII PowerShell (read in the ANSI code page), a workflow that calls the script that exists,
and a driver that parses, presses every button of the ribbon spec and refuses to run elsewhere.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from zwgk.addin_build import ribbon

ROOT = Path(__file__).resolve().parents[2]
SCRIPT, DRIVER = ROOT / "scripts" / "excel-smoke.ps1", ROOT / "scripts" / "excel_smoke.py"


def test_powershell_script_is_ascii_with_crlf():
    data = SCRIPT.read_bytes()
    assert max(data) <= 127
    assert data.count(b"\n") == data.count(b"\r\n")
    assert b"excel_smoke.py" in data


def test_workflow_runs_the_smoke_script_on_a_windows_runner_with_excel():
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "excel.yml").read_text("utf-8"))
    job = flow["jobs"]["excel-smoke"]
    assert {"windows", "excel"} <= set(job["runs-on"])
    run = "\n".join(step.get("run", "") for step in job["steps"])
    assert r"scripts\excel-smoke.ps1" in run and "pywin32" in run


def test_driver_presses_every_button_of_the_ribbon():
    source = DRIVER.read_text("utf-8")
    ast.parse(source)
    pressed = {b["id"] for b in ribbon.buttons(ribbon.load_spec()) if f'"{b["id"]}"' in source}
    assert pressed == set(ribbon.ribbon_handlers())
    assert "RibbonMyAddin.RunButton" in source


@pytest.mark.skipif(sys.platform == "win32", reason="on Windows the driver runs for real")
def test_driver_refuses_to_run_without_windows(tmp_path):
    done = subprocess.run([sys.executable, str(DRIVER)], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 1 and "Windows with Excel only" in done.stderr
