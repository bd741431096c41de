"""Dates in words in the interface language (Qt-free): Babel's CLDR data, never ``strftime``'s
``%B``/``%b``/``%A``, which are always English (or the C library's locale, not the app's).

Numeric dates (``02/12/2026 18:44``, ui/timefmt.py) read the same in English and Welsh and
stay as they are. Babel is imported on first use, so starting the app does not pay for it.
"""

from __future__ import annotations

from datetime import date, datetime

from misuse_responder import i18n

# CLDR locale per interface language: UK English ("4 December 2026"), Welsh ("4 Rhagfyr 2026")
BABEL_LOCALES = {i18n.ENGLISH: "en_GB", i18n.WELSH: "cy"}


def babel_locale(language: str | None = None) -> str:
    return BABEL_LOCALES.get(language or i18n.current_language(), "en_GB")


def format_date(value: date, pattern: str = "d MMMM y", language: str | None = None) -> str:
    """``value`` by a CLDR ``pattern`` (``d MMMM y``: 4 December 2026) or a width
    (``short``, ``medium``, ``long``, ``full``), in the interface language."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, pattern, locale=babel_locale(language))


def format_datetime(
    value: datetime, pattern: str = "d MMMM y, HH:mm", language: str | None = None
) -> str:
    """``value`` in this computer's local time (as ui/timefmt.py shows times; a naive value is
    taken as local already) by a CLDR pattern or width, in the interface language."""
    from babel.dates import format_datetime as babel_format_datetime

    local = value.astimezone() if value.tzinfo is not None else value
    return babel_format_datetime(local, pattern, tzinfo=local.tzinfo, locale=babel_locale(language))


def long_date(value: date | datetime) -> str:
    """A day in words, as on a letter: 4 December 2026 (local day for a moment in time)."""
    if isinstance(value, datetime):
        value = (value.astimezone() if value.tzinfo is not None else value).date()
    return format_date(value, "d MMMM y")
