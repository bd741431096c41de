"""Switching the interface language at run time (Settings > Language), with a tiny Welsh
catalogue compiled for these tests only: the screens are made again in Welsh, a wizard opened
afterwards is Welsh, and Qt's own button words come from our catalogue."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from misuse_responder import i18n
from misuse_responder.ui import language
from misuse_responder.ui.main_window import MainWindow
from misuse_responder.ui.settings.language import LanguageBox, welsh_reviewed

WELSH = {
    "Settings": "Gosodiadau",
    "Language": "Iaith",
    "Safety first": "Diogelwch yn gyntaf",
    "Step {n} of {m}: {title}": "Cam {n} o {m}: {title}",
    "&Next >": "&Nesaf >",
    "OK": "Iawn",
    "Close": "Cau",
    "Draft not saved": "Ni chadwyd y drafft",
    "The language is changed.": "Mae'r iaith wedi newid.",
    "Welsh text: not yet reviewed by a Welsh speaker": (
        "Testun Cymraeg: heb ei adolygu eto gan siaradwr Cymraeg"
    ),
}


@pytest.fixture
def welsh_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> Iterator[None]:
    catalog = Catalog(locale="cy", domain=i18n.DOMAIN)
    for msgid, msgstr in WELSH.items():
        catalog.add(msgid, msgstr)
    target = tmp_path / "locale" / "cy" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    target.parent.mkdir(parents=True)
    with target.open("wb") as out:
        write_mo(out, catalog)
    monkeypatch.setattr(i18n, "_LOCALE_DIR", tmp_path / "locale")
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    i18n.reset()
    language.install(qapp)
    i18n.use_system_languages(["en-GB"])
    yield
    i18n.reset()
    language.language_changed()  # English again, and Qt's locale the system's


def choose(box: LanguageBox, code: str) -> None:
    box.choice.setCurrentIndex(box.choice.findData(code))


def test_choosing_cymraeg_remakes_the_screens_and_the_next_wizard_in_welsh(
    qtbot: QtBot, unlocked: MainWindow, welsh_catalogue: None
) -> None:
    window = unlocked
    window.show_settings()
    box = window.settings.language
    assert box.choice.currentText() == "English"
    assert [box.choice.itemText(i) for i in range(box.choice.count())] == ["English", "Cymraeg"]
    assert box.title() == "Language"
    assert window.settings_action.text() == "Settings"
    old_page = window.settings

    choose(box, "cy")

    assert window.settings is not old_page  # made again, in Welsh
    assert window.stack.currentWidget() is window.settings
    assert window.settings.language.title() == "Iaith"
    assert window.settings.language.choice.currentText() == "Cymraeg"
    assert window.settings.message.text() == "Mae'r iaith wedi newid."
    assert window.settings.language.review.text() == (
        "Testun Cymraeg: heb ei adolygu eto gan siaradwr Cymraeg"
    )
    assert window.settings_action.text() == "Gosodiadau"
    assert [a.text() for a in window.toolbar.actions()].count("Gosodiadau") == 1
    assert json.loads(i18n.setting_path().read_text(encoding="utf-8")) == {"language": "cy"}
    assert QLocale().language() == QLocale.Language.Welsh

    wizard = window.new_incident()
    qtbot.waitExposed(wizard)
    assert wizard.currentPage().title() == "Cam 1 o 8: Diogelwch yn gyntaf"
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Nesaf >"
    wizard._draft_not_saved(OSError(28, "No space left on device"))
    warning = wizard.draft_warning
    assert warning.windowTitle() == "Ni chadwyd y drafft"
    assert [b.text() for b in warning.buttons()] == ["Iawn"]  # Qt's own word, from ours
    wizard.close()

    window.show_settings()
    choose(window.settings.language, "en")
    assert window.settings.language.title() == "Language"
    assert window.settings_action.text() == "Settings"
    assert QLocale().language() != QLocale.Language.Welsh


def test_a_wizard_opened_before_the_change_is_english_one_opened_after_is_welsh(
    qtbot: QtBot, unlocked: MainWindow, welsh_catalogue: None
) -> None:
    before = unlocked.new_incident()
    qtbot.waitExposed(before)
    assert before.currentPage().title() == "Step 1 of 8: Safety first"
    i18n.set_language("cy")
    language.language_changed()
    before.close()
    after = unlocked.new_incident()
    qtbot.waitExposed(after)
    assert after.currentPage().title() == "Cam 1 o 8: Diogelwch yn gyntaf"
    after.close()


def test_standard_buttons_of_any_dialog_follow_the_language(
    qtbot: QtBot, welsh_catalogue: None
) -> None:
    english = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    qtbot.addWidget(english)
    assert english.button(QDialogButtonBox.StandardButton.Close).text() == "Close"
    i18n.set_language("cy")
    language.language_changed()
    box = QMessageBox(QMessageBox.Icon.Warning, "", "", QMessageBox.StandardButton.Ok)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Ok).text() == "Iawn"
    # one made before the change is told (LanguageChange) and retranslates itself
    qtbot.waitUntil(lambda: english.button(QDialogButtonBox.StandardButton.Close).text() == "Cau")
    # a word our catalogue has no Welsh for stays Qt's English
    box.setStandardButtons(QMessageBox.StandardButton.Retry)
    assert box.button(QMessageBox.StandardButton.Retry).text() == "Retry"


def test_the_welsh_review_status_is_read_from_the_guides(tmp_path: Path) -> None:
    assert welsh_reviewed() is False  # guides/meta.yaml: welsh: {reviewed: false}
    (tmp_path / "meta.yaml").write_text("welsh:\n  reviewed: true\n", encoding="utf-8")
    assert welsh_reviewed(tmp_path) is True
    (tmp_path / "meta.yaml").write_text("edition: x\n", encoding="utf-8")
    assert welsh_reviewed(tmp_path) is False
    assert welsh_reviewed(tmp_path / "missing") is False


def test_a_choice_that_cannot_be_kept_still_applies_and_says_so(
    qtbot: QtBot, unlocked: MainWindow, welsh_catalogue: None
) -> None:
    i18n.setting_path().parent.parent.mkdir(parents=True, exist_ok=True)
    i18n.setting_path().parent.write_text("", encoding="utf-8")  # a file where the folder goes
    unlocked.show_settings()
    choose(unlocked.settings.language, "cy")
    assert unlocked.settings_action.text() == "Gosodiadau"
    assert unlocked.settings.message.text().startswith(
        "The language is changed for now, but could not be kept for next time ("
    )
