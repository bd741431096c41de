"""The settings page (a page of the main window, not a dialog, so it locks like the rest)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _
from misuse_responder.ui.first_run.setup_page import passphrase_edit
from misuse_responder.ui.handover.address_panel import AddressPanel
from misuse_responder.ui.icons import icon
from misuse_responder.ui.settings.data_location import DataLocationPanel
from misuse_responder.ui.settings.language import LanguageBox
from misuse_responder.ui.settings.prefs import TEXT_SIZES, Prefs
from misuse_responder.ui.settings.school_form import SchoolForm
from misuse_responder.ui.style import heading, plain_label


class SettingsPage(QWidget):
    """Emits ``back`` to leave, ``prefsChanged(Prefs)`` when the lock times are saved."""

    back = Signal()
    prefsChanged = Signal(object)
    languageChanged = Signal(str)  # what to say about it: the main window rebuilds its screens

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store: Any = None
        self._author = ""
        self._prefs = Prefs()
        self._kdf: Any = None
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.back_button = QPushButton(icon("back"), _("Case list"))
        self.back_button.setAccessibleName(_("Back to the case list"))
        self.back_button.clicked.connect(self.back)
        top.addWidget(self.back_button)
        top.addWidget(heading(_("Settings")), 1)
        outer.addLayout(top)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)

        text_box = QGroupBox(_("Text size"))
        t_form = QFormLayout(text_box)
        self.text_size = QComboBox()
        for percent in TEXT_SIZES:
            self.text_size.addItem(_("{n} %").format(n=percent), percent)
        self.text_size.setAccessibleName(_("Text size"))
        self.text_size.setAccessibleDescription(
            _("Makes all the text in this app larger. 100 % is the laptop's usual size.")
        )
        self.text_size.currentIndexChanged.connect(self.save_text_size)
        t_form.addRow(_("Text size"), self.text_size)
        t_form.addRow(plain_label(_("The change is made at once, and kept for next time.")))
        layout.addWidget(text_box)

        self.language = LanguageBox()
        self.language.languageChanged.connect(self.languageChanged)
        layout.addWidget(self.language)

        school_box = QGroupBox(_("School and contacts"))
        s_layout = QVBoxLayout(school_box)
        self.school = SchoolForm()
        s_layout.addWidget(self.school)
        self.save_school = QPushButton(_("Save the school details"))
        self.save_school.setAccessibleName(_("Save the school details"))
        self.save_school.clicked.connect(self.save_profile)
        s_layout.addWidget(self.save_school)
        layout.addWidget(school_box)

        lock_box = QGroupBox(_("Locking"))
        l_form = QFormLayout(lock_box)
        self.auto_lock = QDoubleSpinBox()
        self.auto_lock.setDecimals(0)
        self.auto_lock.setRange(1, 60)
        self.auto_lock.setSuffix(_(" minutes"))
        self.auto_lock.setAccessibleName(_("Lock after this long without use"))
        self.auto_lock.setAccessibleDescription(
            _("The cases are locked and the passphrase is needed again after this time.")
        )
        self.hide_relock = QDoubleSpinBox()
        self.hide_relock.setDecimals(0)
        self.hide_relock.setRange(1, 60)
        self.hide_relock.setSuffix(_(" minutes"))
        self.hide_relock.setAccessibleName(_("Ask for the passphrase after the screen is hidden"))
        self.save_lock = QPushButton(_("Save the lock times"))
        self.save_lock.setAccessibleName(_("Save the lock times"))
        self.save_lock.clicked.connect(self.save_lock_times)
        l_form.addRow(_("Lock after this long without use"), self.auto_lock)
        l_form.addRow(_("Ask for the passphrase after the screen is hidden for"), self.hide_relock)
        l_form.addRow(self.save_lock)
        layout.addWidget(lock_box)

        handover_box = QGroupBox(_("Hand-over"))
        h_layout = QVBoxLayout(handover_box)
        self.handover = AddressPanel()
        h_layout.addWidget(self.handover)
        layout.addWidget(handover_box)

        pass_box = QGroupBox(_("Change the passphrase"))
        p_form = QFormLayout(pass_box)
        self.current = passphrase_edit(_("Current passphrase"), _("The passphrase in use now."))
        self.new = passphrase_edit(_("New passphrase"), _("At least a few words."))
        self.repeat = passphrase_edit(_("New passphrase again"), _("Type it again."))
        self.change = QPushButton(_("Change the passphrase"))
        self.change.setAccessibleName(_("Change the passphrase"))
        self.change.clicked.connect(self.change_passphrase)
        p_form.addRow(
            plain_label(
                _(
                    "Everyone who uses this laptop for cases will need the new passphrase. "
                    "The printed recovery key keeps working."
                )
            )
        )
        p_form.addRow(_("Current passphrase"), self.current)
        p_form.addRow(_("New passphrase"), self.new)
        p_form.addRow(_("New passphrase again"), self.repeat)
        p_form.addRow(self.change)
        layout.addWidget(pass_box)

        data_box = QGroupBox(_("Where the data is kept"))
        d_layout = QVBoxLayout(data_box)
        self.data_location = DataLocationPanel()
        d_layout.addWidget(self.data_location)
        layout.addWidget(data_box)
        layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.message = plain_label("")
        self.message.setAccessibleName(_("Message"))
        outer.addWidget(self.message)

    def show_settings(self, store: Any, author: str, prefs: Prefs, kdf: Any = None) -> None:
        self._store, self._author, self._prefs, self._kdf = store, author, prefs, kdf
        self.school.set_profile(store.school())
        self.auto_lock.setValue(prefs.auto_lock_minutes)
        self.hide_relock.setValue(prefs.hide_relock_minutes)
        self.text_size.blockSignals(True)
        self.text_size.setCurrentIndex(max(0, self.text_size.findData(prefs.text_size)))
        self.text_size.blockSignals(False)
        self.handover.show_store(store, author)
        self.data_location.show_folder(store.paths.root)
        self.message.setText("")

    def clear(self) -> None:
        self._store = None
        self.handover.clear()
        self.school.name.clear()
        self.school.contacts.set_contacts(())
        for edit in (self.current, self.new, self.repeat):
            edit.clear()

    def save_profile(self) -> bool:
        from misuse_responder.store import StoreError

        try:
            self._store.set_school(self.school.profile(), self._author)
        except StoreError as exc:
            self.message.setText(str(exc))
            return False
        self.message.setText(_("The school details are saved."))
        return True

    def save_lock_times(self) -> None:
        self._prefs = self._prefs.with_(
            auto_lock_minutes=self.auto_lock.value(), hide_relock_minutes=self.hide_relock.value()
        )
        self.prefsChanged.emit(self._prefs)
        self.message.setText(_("The lock times are saved."))

    def save_text_size(self) -> None:
        """Applied at once (the main window sets the app's font) and kept in the prefs."""
        percent = self.text_size.currentData()
        if not isinstance(percent, int) or percent == self._prefs.text_size:
            return
        self._prefs = self._prefs.with_(text_size=percent)
        self.prefsChanged.emit(self._prefs)
        self.message.setText(_("The text size is now {n} %.").format(n=percent))

    def change_passphrase(self) -> bool:
        from misuse_responder.store import StoreError
        from misuse_responder.store.crypto import read_key_file, unwrap_with_passphrase

        try:
            unwrap_with_passphrase(read_key_file(self._store.paths.key_file), self.current.text())
        except StoreError:
            self.message.setText(_("The current passphrase is not right."))
            return False
        if self.new.text() != self.repeat.text():
            self.message.setText(_("The two new passphrases are not the same."))
            return False
        try:
            self._store.change_passphrase(self.new.text(), actor=self._author, kdf=self._kdf)
        except StoreError as exc:
            self.message.setText(str(exc))
            return False
        for edit in (self.current, self.new, self.repeat):
            edit.clear()
        self.message.setText(_("The passphrase is changed. Use the new one from now on."))
        return True
