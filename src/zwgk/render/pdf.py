"""PDF through LibreOffice: the Word document converted by `soffice --headless` (when installed)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from zwgk.errors import ZwgkError


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, timeout: int = 180) -> bytes:
    """The PDF of a .docx, converted by LibreOffice in a private profile (safe beside a running one)."""
    exe = soffice()
    if not exe:
        raise ZwgkError("输出 PDF 需要 LibreOffice（soffice），本机未安装；可先输出 .docx 再用 Word 或 WPS 另存为 PDF")
    with tempfile.TemporaryDirectory(prefix="zwgk-pdf-") as tmp:
        tmp = Path(tmp)
        src = tmp / "report.docx"
        src.write_bytes(docx)
        cmd = [exe, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(tmp), str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ZwgkError(f"LibreOffice 转换 PDF 超过 {timeout} 秒未完成") from None
        out = tmp / "report.pdf"
        if not out.exists():
            raise ZwgkError("LibreOffice 未能把 Word 文档转换为 PDF")
        return out.read_bytes()
