"""The committed samples are what their generator makes today (they never go stale)."""
import importlib.util

from .conftest import ROOT


def test_district_samples_are_current(tmp_path):
    spec = importlib.util.spec_from_file_location("make_district", ROOT / "samples" / "make_district.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path / "district")
    committed = ROOT / "samples" / "district"
    made = {p.name: p.read_bytes() for p in (tmp_path / "district").iterdir()}
    assert made == {p.name: p.read_bytes() for p in committed.iterdir()}, \
        "samples/district 已过时：请运行 python samples/make_district.py"
