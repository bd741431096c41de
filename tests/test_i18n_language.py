"""The language choice (i18n.py): the setting, then the system's language, then English."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from misuse_responder import i18n
from misuse_responder.i18n import _, ngettext

ENV = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def compile_catalogue(folder: Path, entries: dict[object, object]) -> Path:
    """A tiny Welsh catalogue compiled into ``folder`` (a locale dir), for these tests only."""
    catalog = Catalog(locale="cy", domain=i18n.DOMAIN)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr)  # type: ignore[arg-type]
    target = folder / "cy" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    target.parent.mkdir(parents=True)
    with target.open("wb") as out:
        write_mo(out, catalog)
    return folder


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for var in ENV:
        monkeypatch.delenv(var, raising=False)
    i18n.reset()
    yield
    i18n.reset()


@pytest.fixture
def welsh_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = compile_catalogue(
        tmp_path / "locale",
        {
            "Settings": "Gosodiadau",
            ("{n} case", "{n} cases"): (
                "{n} achosion",
                "{n} achos",
                "{n} achos (dau)",
                "{n} achos (tri)",
                "{n} achos (chwech)",
                "{n} o achosion",
            ),
        },
    )
    monkeypatch.setattr(i18n, "_LOCALE_DIR", folder)


def test_english_when_nothing_says_otherwise() -> None:
    assert i18n.current_language() == "en"
    assert _("Settings") == "Settings"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "cy_GB.UTF-8"}, "cy"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LANGUAGE": "fr:cy:en", "LANG": "en_GB.UTF-8"}, "cy"),
        ({"LC_ALL": "cy_GB.UTF-8", "LANG": "en_GB.UTF-8"}, "cy"),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "cy_GB.UTF-8"}, "en"),
    ],
)
def test_without_qt_the_environment_gives_the_system_language(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert i18n.current_language() == expected


def test_the_languages_the_gui_passes_win_over_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    i18n.use_system_languages(["cy-GB", "en-GB"])
    assert i18n.current_language() == "cy"
    i18n.use_system_languages(["de-DE", "en-GB", "cy-GB"])
    assert i18n.current_language() == "en"


def test_the_choice_made_in_settings_wins_and_is_kept_for_next_time(
    monkeypatch: pytest.MonkeyPatch, welsh_catalogue: None
) -> None:
    i18n.use_system_languages(["en-GB"])
    i18n.set_language("cy")
    assert i18n.current_language() == "cy"
    assert _("Settings") == "Gosodiadau"
    assert json.loads(i18n.setting_path().read_text(encoding="utf-8")) == {"language": "cy"}
    assert list(i18n.setting_path().parent.iterdir()) == [i18n.setting_path()]  # no temp left

    i18n.reset()  # as at the next start: read from the file, over the system's English
    i18n.use_system_languages(["en-GB"])
    assert _("Settings") == "Gosodiadau"
    i18n.set_language("en")
    assert _("Settings") == "Settings"


def test_the_setting_lives_in_the_users_config_folder(tmp_path: Path) -> None:
    # conftest points XDG_CONFIG_HOME into tmp_path: outside the data folder and its store
    assert i18n.setting_path() == (
        tmp_path / "xdg" / "xdg_config_home" / "MisuseResponder" / "language.json"
    )


@pytest.mark.parametrize("content", ["", "{", '"cy"', '{"language": "fr"}', '{"language": 1}'])
def test_a_damaged_setting_is_ignored(monkeypatch: pytest.MonkeyPatch, content: str) -> None:
    i18n.setting_path().parent.mkdir(parents=True)
    i18n.setting_path().write_text(content, encoding="utf-8")
    monkeypatch.setenv("LANG", "cy_GB.UTF-8")
    assert i18n.current_language() == "cy"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="fr"):
        i18n.set_language("fr")
    assert not i18n.setting_path().exists()


def test_a_choice_that_cannot_be_written_still_applies_now(
    monkeypatch: pytest.MonkeyPatch, welsh_catalogue: None
) -> None:
    i18n.setting_path().parent.parent.mkdir(parents=True)
    i18n.setting_path().parent.write_text("", encoding="utf-8")  # a file where the folder goes
    with pytest.raises(OSError):
        i18n.set_language("cy")
    assert _("Settings") == "Gosodiadau"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0 achosion"),
        (1, "1 achos"),
        (2, "2 achos (dau)"),
        (3, "3 achos (tri)"),
        (4, "4 o achosion"),
        (6, "6 achos (chwech)"),
        (11, "11 o achosion"),
    ],
)
def test_welsh_counts_take_the_six_plural_forms(
    welsh_catalogue: None, n: int, expected: str
) -> None:
    i18n.set_language("cy")
    assert ngettext("{n} case", "{n} cases", n).format(n=n) == expected


def test_a_message_without_a_welsh_text_stays_english(welsh_catalogue: None) -> None:
    i18n.set_language("cy")
    assert _("Lock the cases now") == "Lock the cases now"
    assert ngettext("{n} day", "{n} days", 2).format(n=2) == "2 days"
