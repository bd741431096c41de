"""The one translation function every user-facing string goes through, and the language choice.

gettext is used (not Qt's ``tr``) so the Qt-free core, the command line and the GUI share a
single catalogue (``locale/``, managed with ``python scripts/i18n.py``). The catalogue is looked
up at each call, never at import time, so the language can change while the app runs.

The language is, in order: the one chosen in Settings (``set_language``, kept in a small file
in the user's config folder, outside the encrypted store because it is needed before unlock);
else the system's (the GUI passes Qt's ``QLocale.system().uiLanguages()``, which Windows and
macOS fill; without it, ``LANGUAGE``/``LC_ALL``/``LC_MESSAGES``/``LANG``); else English.
"""

from __future__ import annotations

import contextlib
import gettext
import json
import os
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

DOMAIN = "misuse_responder"
_LOCALE_DIR = Path(__file__).parent / "locale"
ENGLISH = "en"
WELSH = "cy"
# Each language under its own name, the way a language list shows them (never translated).
LANGUAGES: dict[str, str] = {ENGLISH: "English", WELSH: "Cymraeg"}
SETTING_FILE = "language.json"
_ENV_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_system_languages: tuple[str, ...] | None = None  # what the GUI passed, if it did
_chosen: str | None = None  # chosen in this run (kept even if the setting could not be written)
_override: str | None = None  # one piece of work in another language (``temporary_language``)


def config_dir() -> Path:
    """The user's config folder for the app, where platformdirs puts it (without paying its
    import on every start, as guidance/guides_cache.py does for the cache folder)."""
    name = "MisuseResponder"
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / name
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / name
    return Path(os.environ.get("XDG_CONFIG_HOME", "").strip() or Path.home() / ".config") / name


def setting_path() -> Path:
    return config_dir() / SETTING_FILE


def supported(tag: str) -> str | None:
    """``en`` or ``cy`` for a language tag (``cy-GB``, ``cy_GB.UTF-8``, ``en``), else None."""
    base = tag.strip().replace("-", "_").split(".", 1)[0].split("@", 1)[0].split("_", 1)[0]
    base = base.lower()
    return base if base in LANGUAGES else None


def language_from(tags: Iterable[str]) -> str | None:
    """The first of ``tags`` (most preferred first) that the app has, or None."""
    for tag in tags:
        found = supported(tag)
        if found is not None:
            return found
    return None


def _environment_languages() -> list[str]:
    for var in _ENV_VARS:  # gettext's own order: the first one set wins
        value = os.environ.get(var, "").strip()
        if value:
            return value.split(":") if var == "LANGUAGE" else [value]
    return []


def stored_language() -> str | None:
    """The language chosen in Settings, or None (never chosen, or the file unreadable)."""
    try:
        raw = json.loads(setting_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    code = raw.get("language") if isinstance(raw, dict) else None
    return code if isinstance(code, str) and code in LANGUAGES else None


def use_system_languages(tags: Iterable[str]) -> None:
    """The GUI passes the system's interface languages (``QLocale.system().uiLanguages()``),
    most preferred first: they are followed until a language is chosen in Settings."""
    global _system_languages
    _system_languages = tuple(tags)
    _forget()


def system_language() -> str:
    tags = _system_languages if _system_languages is not None else _environment_languages()
    return language_from(tags) or ENGLISH


@cache
def current_language() -> str:
    """``en`` or ``cy``: the choice made in Settings, else the system's, else English."""
    return _override or _chosen or stored_language() or system_language()


@contextlib.contextmanager
def temporary_language(code: str) -> Iterator[None]:
    """Use ``code`` for one piece of work (a PDF asked for in Welsh) without keeping it as the
    user's choice: the language before comes back afterwards, whatever happens."""
    global _override
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    before = _override
    _override = code
    _forget()
    try:
        yield
    finally:
        _override = before
        _forget()


def set_language(code: str) -> None:
    """Choose the interface language (``en`` or ``cy``) and keep the choice for next time.

    The language changes at once; raises OSError when the choice could not be kept."""
    global _chosen
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    _chosen = code
    _forget()
    _write_setting(code)


def _write_setting(code: str) -> None:
    """Write the setting whole or not at all (a temporary file renamed over the old one)."""
    import tempfile  # only when the language is changed: not on every start

    path = setting_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".language.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"language": code}, out)
            out.flush()
            os.fsync(out.fileno())
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise


@cache
def _translations() -> gettext.NullTranslations:
    language = current_language()
    if language == ENGLISH:
        return gettext.NullTranslations()  # the messages are written in UK English
    return gettext.translation(DOMAIN, localedir=_LOCALE_DIR, languages=[language], fallback=True)


def _(message: str) -> str:
    """Translate ``message`` into the user's language (UK English when none is set)."""
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose wording depends on a count (Welsh has six forms)."""
    return _translations().ngettext(singular, plural, n)


def _forget() -> None:
    _translations.cache_clear()
    current_language.cache_clear()


def reset() -> None:
    """Forget everything decided in this run (the catalogue, the language chosen or passed by
    the GUI): the next message reads the setting and the system's language afresh."""
    global _chosen, _system_languages
    _chosen = None
    _system_languages = None
    _forget()
