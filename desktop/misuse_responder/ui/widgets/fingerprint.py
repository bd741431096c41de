"""Evidence fingerprints in plain words: a short form to read, the full SHA-256 on hover.

Staff need to know that an item has a fingerprint that proves it is unchanged, not the
64 characters of its SHA-256; the full hash stays one hover away (and in full in PDFs).
"""

from __future__ import annotations

from misuse_responder.i18n import _

SHORT = 12  # enough to tell two items apart by eye


def short(sha256: str) -> str:
    """The first few characters, marked as shortened."""
    return f"{sha256[:SHORT]}…" if len(sha256) > SHORT else sha256


def tooltip(sha256: str) -> str:
    """The hover text: the full SHA-256 and what it is for."""
    return _(
        "Fingerprint (SHA-256): {sha}\nIt proves the item has not changed since it was stored."
    ).format(sha=sha256)
