"""Cleaning and folding text that staff type or that arrives with a file.

Names are stored exactly as typed and searched through an ASCII fold, so ``lukasz``
finds ``Łukasz`` and ``odegard`` finds ``Ødegård``: NFKD strips most accents, and a
small table handles the letters that do not decompose. Scripts with no Latin form
(Arabic, Chinese) are kept as they are, lower-cased, so they still match themselves.
"""

from __future__ import annotations

import unicodedata

from misuse_responder.i18n import _
from misuse_responder.store.errors import InvalidChange

# Letters NFKD leaves alone, spelt as an English keyboard would type them.
_FOLD_TABLE = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "ß": "ss",
        "ẞ": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "ŀ": "l",
        "Ŀ": "l",
        "ŋ": "n",
        "Ŋ": "n",
        "ſ": "s",
        "ŧ": "t",
        "Ŧ": "t",
    }
)

MAX_NAME = 200
MAX_TITLE = 300
MAX_TEXT = 1_000_000
MAX_FILE_NAME = 255


def fold(text: str) -> str:
    """Lower-case, accent-free form for matching (not for display)."""
    text = text.translate(_FOLD_TABLE)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def _strip_controls(text: str, keep_newlines: bool) -> str:
    allowed = {"\n", "\t"} if keep_newlines else set()
    return "".join(
        ch for ch in text if ch in allowed or not unicodedata.category(ch).startswith("C")
    )


def clean_line(text: str, what: str, limit: int) -> str:
    """One line of text (a name, a title): NFC, no control characters, not blank."""
    cleaned = " ".join(_strip_controls(unicodedata.normalize("NFC", text), False).split())
    if not cleaned:
        raise InvalidChange(_("{what} cannot be empty.").format(what=what))
    if len(cleaned) > limit:
        raise InvalidChange(
            _("{what} is too long ({length} characters; the limit is {limit}).").format(
                what=what, length=len(cleaned), limit=limit
            )
        )
    return cleaned


def clean_text(text: str, what: str) -> str:
    """Free text (a chronology entry, a pasted message): kept as typed, minus control codes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _strip_controls(unicodedata.normalize("NFC", text), True)
    if not cleaned.strip():
        raise InvalidChange(_("{what} cannot be empty.").format(what=what))
    if len(cleaned) > MAX_TEXT:
        raise InvalidChange(
            _("{what} is too long ({length} characters; the limit is {limit}).").format(
                what=what, length=len(cleaned), limit=MAX_TEXT
            )
        )
    return cleaned


def safe_file_name(name: str) -> str:
    """The original file name, for display only: no folders, no control characters.

    The stored blob is never named after it, so this is about showing it safely.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = _strip_controls(unicodedata.normalize("NFC", base), False).strip()
    base = base.lstrip(".").strip() or _("unnamed file")
    if len(base) > MAX_FILE_NAME:
        stem, dot, ext = base.rpartition(".")
        if dot and len(ext) <= 16:
            base = stem[: MAX_FILE_NAME - len(ext) - 1] + "." + ext
        else:
            base = base[:MAX_FILE_NAME]
    return base
