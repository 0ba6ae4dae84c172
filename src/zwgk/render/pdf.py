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
        raise ZwgkError.of("command.pdf_needs_soffice")
    with tempfile.TemporaryDirectory(prefix="zwgk-pdf-") as tmp:
        tmp = Path(tmp)
        src = tmp / "report.docx"
        src.write_bytes(docx)
        cmd = [exe, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(tmp), str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ZwgkError.of("command.pdf_timeout", seconds=timeout) from None
        out = tmp / "report.pdf"
        if not out.exists():
            raise ZwgkError.of("command.pdf_failed")
        return out.read_bytes()
