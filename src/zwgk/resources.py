"""Where zwgk's data folders are: `templates/` (the spec and layouts) and `addin/` (the add-in sources).

In a checkout (and an editable install) they sit beside `src/`; a regular install puts copies
under `<prefix>/share/zwgk/` (pyproject's data-files).  $ZWGK_TEMPLATES overrides `templates/`.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from zwgk.errors import ZwgkError

_CHECKOUT = Path(__file__).resolve().parents[2]


def data_dir(name: str, marker: str) -> Path:
    """The folder `name` ("templates" or "addin") that holds `marker`, wherever zwgk was installed."""
    if name == "templates" and os.environ.get("ZWGK_TEMPLATES"):
        return Path(os.environ["ZWGK_TEMPLATES"])
    for root in (_CHECKOUT, Path(sys.prefix) / "share" / "zwgk", Path(sys.base_prefix) / "share" / "zwgk"):
        if (root / name / marker).exists():
            return root / name
    raise ZwgkError(f"找不到 zwgk 的数据目录 {name}/（应在源代码目录或 {sys.prefix}/share/zwgk/ 下），"
                    "请重新安装 zwgk")
