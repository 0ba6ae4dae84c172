"""Single-file web pages (.mht, “单一网页文件”): the HTML part out of its MIME package.

Word and WPS save a report as a single-file web page, and portals often serve it named .doc;
its HTML part then goes through the HTML reader like any page.
"""
from __future__ import annotations

from zwgk.importer.decode import decode


def mht_html(data: bytes, name: str = "") -> str | None:
    """The decoded HTML of an .mht file's first text/html part; None when `data` is no such file."""
    import email
    from email import policy

    head = data[:4096].lower()
    if b"mime-version" not in head or b"multipart/related" not in head:
        return None
    message = email.message_from_bytes(data, policy=policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            try:
                return payload.decode(charset) if charset else decode(payload, name)
            except (LookupError, UnicodeDecodeError):
                return decode(payload, name)
    return None
