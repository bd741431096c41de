"""User text into reportlab Paragraph markup, safely.

Paragraph text is a small XML language: a name such as ``<b>`` or ``A & B`` typed by a
member of staff must be shown exactly as typed, never interpreted. Every piece of user
text goes through :func:`para` (or :func:`esc` for one line); CJK runs are wrapped in the
fallback font as they are escaped, because the escape is the last point where the runs
are still known.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from misuse_responder.export.fonts import CJK, needs_shaping, register_cjk, split_runs
from misuse_responder.store.text import display_text

THIN_SPACE = "\u2009"


def esc(text: str | None, shaped: bool | None = None) -> str:
    """One piece of user text as Paragraph markup: escaped, CJK runs in the fallback font.

    In a shaped paragraph (one with Arabic, say) reportlab shapes each word with the font
    of its first character, so a CJK run touching other letters ("(李雷)") would come out
    as empty boxes; there the run is set off by thin spaces so that it is a word of its own.
    """
    text = display_text(text)  # no bidi overrides or control codes on paper (store/text.py)
    if not text:
        return ""
    if shaped is None:
        shaped = needs_shaping(text)
    runs = split_runs(text)
    out: list[str] = []
    for index, (cjk, run) in enumerate(runs):
        safe = escape(run, {'"': "&quot;"})
        if not cjk:
            out.append(safe)
            continue
        register_cjk()
        before = (
            THIN_SPACE if shaped and index > 0 and not runs[index - 1][1][-1:].isspace() else ""
        )
        after = THIN_SPACE if shaped and index + 1 < len(runs) and not run[-1:].isspace() else ""
        out.append(f'{before}<font face="{CJK}">{safe}</font>{after}')
    return "".join(out)


def para(text: str | None) -> str:
    """Multi-line user text: escaped, with line breaks kept."""
    if not text:
        return ""
    shaped = needs_shaping(text)
    lines = text.replace("\r\n", "\n").split("\n")
    return "<br/>".join(esc(line, shaped) for line in lines)
