"""The one translation function every user-facing string goes through.

gettext is used (not Qt's ``tr``) so the Qt-free core, the command line and the
GUI share a single catalogue. The catalogue is looked up on first call, never at
import time, so a Welsh interface can be chosen after start-up.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

DOMAIN = "misuse_responder"
_LOCALE_DIR = Path(__file__).parent / "locale"


@cache
def _translations() -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=_LOCALE_DIR, fallback=True)


def _(message: str) -> str:
    """Translate ``message`` into the user's language (UK English when none is set)."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose wording depends on a count."""
    return _translations().ngettext(singular, plural, n)


def reset() -> None:
    """Forget the cached catalogue, so a change of language takes effect."""
    _translations.cache_clear()
