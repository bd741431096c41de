"""A password on a PDF that must travel: AES-256 through pikepdf (qpdf).

reportlab's own encryption is RC4, which is broken; qpdf writes the PDF 2.0 AES-256
scheme (R6) that every current reader opens.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

import pikepdf

from misuse_responder.i18n import ngettext

MIN_PASSWORD = 8


class WeakPassword(ValueError):
    """The password is too short to protect a pack that leaves the school."""


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise WeakPassword(
            ngettext(
                "The password must be at least {n} character long.",
                "The password must be at least {n} characters long.",
                MIN_PASSWORD,
            ).format(n=MIN_PASSWORD)
        )


def encrypt(source: Path, dest: Path, password: str) -> None:
    """Write ``source`` to ``dest`` encrypted with AES-256; printing stays allowed."""
    check_password(password)
    owner = secrets.token_urlsafe(24)  # nobody needs to change the pack's permissions
    with pikepdf.open(source) as pdf:
        pdf.save(
            dest,
            encryption=pikepdf.Encryption(owner=owner, user=password, R=6, aes=True),
        )


def encrypt_bytes(data: bytes, password: str) -> bytes:
    """:func:`encrypt` in memory (the preview never writes a plain copy to disk)."""
    check_password(password)
    owner = secrets.token_urlsafe(24)
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner=owner, user=password, R=6, aes=True))
    return out.getvalue()
