"""The fonts every export uses, registered once, and marking CJK runs for the fallback font.

reportlab's built-in fonts show neither Ł nor Vietnamese, Arabic or Chinese, and it has
no per-glyph fallback, so DejaVu Sans (Latin, Vietnamese, Arabic) is the body font and
runs of CJK characters are wrapped in the Droid Sans Fallback font explicitly.
Arabic is shaped (joined, right to left) by reportlab through uharfbuzz when a style has
``shaping=1``; python-bidi must not also be installed, or it is reversed a second time.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import reportlab.rl_config

# ASCII85 makes image streams 25 % larger and builds about 3x slower (spike.md §5).
reportlab.rl_config.useA85 = 0

BODY = "MRSans"
BOLD = "MRSans-Bold"
CJK = "MRCJK"

_FILES = {
    BODY: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
}
_lock = threading.Lock()
_registered = False
_cjk_registered = False


def fonts_dir() -> Path:
    """resources/fonts: the installed copy beside the package, or the source tree's."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "resources" / "fonts"
    if installed.is_dir():
        return installed
    return here.parent.parent / "resources" / "fonts"


def register() -> None:
    """Register the fonts with reportlab (idempotent, thread-safe)."""
    global _registered
    with _lock:
        if _registered:
            return
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        folder = fonts_dir()
        for name in (BODY, BOLD):
            pdfmetrics.registerFont(TTFont(name, str(folder / _FILES[name])))
        pdfmetrics.registerFontFamily(BODY, normal=BODY, bold=BOLD, italic=BODY, boldItalic=BOLD)
        _registered = True


def register_cjk() -> None:
    """Register the 4 MB CJK fallback font, only once some text needs it."""
    global _cjk_registered
    register()
    with _lock:
        if _cjk_registered:
            return
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont(CJK, str(fonts_dir() / _FILES[CJK])))
        for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
            addMapping(CJK, bold, italic, CJK)
        _cjk_registered = True


_CJK_RANGES = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK punctuation
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),  # bopomofo
    (0x3130, 0x318F),  # hangul compatibility jamo
    (0x31A0, 0x31FF),
    (0x3200, 0x4DBF),  # enclosed, compatibility, extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xA960, 0xA97F),
    (0xAC00, 0xD7AF),  # hangul syllables
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),  # full-width forms
    (0x20000, 0x3134F),  # extensions B-G
)


def _char_class(ranges: tuple[tuple[int, int], ...]) -> re.Pattern[str]:
    """One compiled character class for the ranges: checked per paragraph, so it must be fast."""
    parts = "".join(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in ranges)
    return re.compile(f"[{parts}]")


_CJK = _char_class(_CJK_RANGES)


def is_cjk(ch: str) -> bool:
    return _CJK.match(ch) is not None


def split_runs(text: str) -> list[tuple[bool, str]]:
    """``text`` as consecutive runs, each marked True when it is CJK."""
    if not has_cjk(text):
        return [(False, text)] if text else []
    runs: list[tuple[bool, str]] = []
    for ch in text:
        cjk = is_cjk(ch)
        if runs and (runs[-1][0] == cjk or ch.isspace()):
            runs[-1] = (runs[-1][0], runs[-1][1] + ch)
        else:
            runs.append((cjk, ch))
    return runs


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


_COMPLEX_RANGES = (
    (0x0590, 0x08FF),  # Hebrew, Arabic, Syriac, Thaana, NKo, Arabic supplements
    (0x0900, 0x0DFF),  # Indic scripts
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0xFB1D, 0xFDFF),  # Hebrew and Arabic presentation forms A
    (0xFE70, 0xFEFF),  # Arabic presentation forms B
)


_COMPLEX = _char_class(_COMPLEX_RANGES)


def needs_shaping(text: str) -> bool:
    """Whether ``text`` has a script that must be shaped (joined, reordered) to be readable.

    Shaping is switched on only for such text: harfbuzz would otherwise also apply Latin
    ligatures (ﬀ, ﬆ), which read fine on paper but break copying and searching the PDF.
    """
    return _COMPLEX.search(text) is not None
