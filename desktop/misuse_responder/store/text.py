"""Cleaning and folding text that staff type or that arrives with a file.

Names are stored as typed and searched through an ASCII fold, so ``lukasz`` finds
``Łukasz`` and ``odegard`` finds ``Ødegård``: NFKD strips most accents, and a small table
handles the letters that do not decompose. Scripts with no Latin form (Arabic, Chinese) are
kept as they are, lower-cased, so they still match themselves.

Evidence text (a pasted message) is kept exactly as given, byte for byte, because its
SHA-256 must match what was pasted: ``keep_text`` only checks it. Joiners are part of the
text: the zero-width non-joiner in a Persian name (``مهر‌انگیز``) and the zero-width joiner
inside an emoji sequence (👩‍👧) change what it says if removed. What can mislead a reader,
bidi overrides that reverse what follows (``invoice‮fdp.exe``) and C0/C1 control codes, is
taken out only where text is shown (``display_text``), never from what is stored.
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
    """Lower-case, accent-free form for matching (not for display); invisible format marks
    (joiners, bidi controls, soft hyphens) are dropped so they never stop a match."""
    text = text.translate(_FOLD_TABLE)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(
        " " if unicodedata.category(ch) == "Cc" else ch  # a line break still parts words
        for ch in decomposed
        if not unicodedata.combining(ch) and unicodedata.category(ch) not in ("Cf", "Cs")
    )
    return " ".join(stripped.casefold().split())


_JOINERS = frozenset("\u200c\u200d")  # zero-width non-joiner and joiner

# Embeddings, overrides and isolates: they reorder what follows them on screen.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _is_control(ch: str) -> bool:
    """C0 and C1 control codes (category Cc)."""
    return unicodedata.category(ch) == "Cc"


def _strip_controls(text: str, keep_newlines: bool) -> str:
    """Without control codes and bidi controls; joiners and other format marks stay."""
    allowed = {"\n", "\t"} if keep_newlines else set()
    return "".join(
        ch
        for ch in text
        if ch in allowed or not (_is_control(ch) or ch in BIDI_CONTROLS or _is_unusable(ch))
    )


def _is_unusable(ch: str) -> bool:
    """Lone surrogates (a broken clipboard): they cannot be written as UTF-8."""
    return unicodedata.category(ch) == "Cs"


def display_text(text: str | None) -> str:
    """Text as it may be shown or printed: without bidi overrides and C0/C1 controls.

    Line breaks and tabs stay (a Windows CR LF or a lone CR becomes a line break); every
    other character, including joiners, is shown as stored.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _strip_controls(text, True)


def clean_line(text: str, what: str, limit: int) -> str:
    """One line of text (a name, a title): NFC, no control characters, not blank.

    Of the invisible format characters only the joiners stay (ZWNJ and ZWJ change how a
    Persian name or an emoji is written); a zero-width space or soft hyphen pasted with a
    name from a web page would only make it look the same as a different name.
    """
    text = "".join(ch for ch in text if ch in _JOINERS or unicodedata.category(ch) != "Cf")
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
    """Free text staff type (a chronology entry, a description): kept as typed, joiners and
    all, minus control codes and bidi overrides; CR LF becomes a line break."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _strip_controls(text, True)
    if not cleaned.strip():
        raise InvalidChange(_("{what} cannot be empty.").format(what=what))
    _check_length(cleaned, what)
    return cleaned


def keep_text(text: str, what: str) -> str:
    """Evidence text exactly as given (its bytes are what is hashed); only checked.

    Refused when blank, too long, or holding characters that cannot be stored as UTF-8
    (a lone surrogate from a broken clipboard): changing it silently would change the hash.
    """
    if not text.strip():
        raise InvalidChange(_("{what} cannot be empty.").format(what=what))
    _check_length(text, what)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidChange(
            _(
                "{what} holds characters that cannot be stored (a broken character from the "
                "clipboard). Copy it again from the original."
            ).format(what=what)
        ) from None
    return text


def _check_length(text: str, what: str) -> None:
    if len(text) > MAX_TEXT:
        raise InvalidChange(
            _("{what} is too long ({length} characters; the limit is {limit}).").format(
                what=what, length=len(text), limit=MAX_TEXT
            )
        )


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
