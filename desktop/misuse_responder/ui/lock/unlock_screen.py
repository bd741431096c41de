"""The unlock screen: who is working, and the passphrase, or the recovery key instead.

The name is asked every time and never filled in: on a shared laptop a name kept from the
last unlock credited a colleague's work to the wrong person in a child-protection record.
Recent names are offered as buttons and completions, so choosing one is a deliberate act.

A wrong passphrase is one clear sentence under the field, never a traceback, and
the field is cleared and focused for another try. After five wrong tries in a row each
further one costs a growing wait (ui/lock/throttle.py), counted down on the screen.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _, ngettext
from misuse_responder.ui.icons import icon
from misuse_responder.ui.lock.throttle import Clock, Throttle
from misuse_responder.ui.style import heading, plain_label
from misuse_responder.ui.widgets.basics import banner


class UnlockScreen(QWidget):
    """Emits ``unlocked(store, author, via_recovery_key)``."""

    unlocked = Signal(object, str, bool)

    def __init__(
        self, data_dir: Path, parent: QWidget | None = None, *, clock: Clock = time.time
    ) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._recovery_mode = False
        self.throttle = Throttle(data_dir, clock)
        self.wait_timer = QTimer(self)
        self.wait_timer.setInterval(1000)
        self.wait_timer.timeout.connect(self.refresh_wait)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QWidget()
        box.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 45)
        layout = QVBoxLayout(box)
        # Safety comes before paperwork: the first thing anyone sees, before the passphrase.
        self.emergency = banner(
            _(
                "Is a child in danger right now? Call 999 first, then tell your designated "
                "safeguarding lead. You do not need to unlock this app to do that."
            )
        )
        layout.addWidget(self.emergency)
        self.title = heading(_("Unlock the case records"))
        layout.addWidget(self.title)
        self.intro = plain_label(
            _(
                "Who is working now? Type your own name (or pick it below) and the passphrase "
                "your school chose for this laptop."
            )
        )
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.author = QLineEdit()
        self.author.setAccessibleName(_("Your name"))
        self.author.setAccessibleDescription(_("Recorded against everything you add to a case."))
        self.author.setPlaceholderText(_("Your name, as colleagues know you"))
        self.recent_row = QWidget()
        recent_layout = QHBoxLayout(self.recent_row)
        recent_layout.setContentsMargins(0, 0, 0, 0)
        self.recent_label = QLabel(_("Recently here:"))
        recent_layout.addWidget(self.recent_label)
        self._recent_layout = recent_layout
        self.recent_buttons: list[QPushButton] = []
        recent_layout.addStretch(1)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.passphrase.setAccessibleDescription(_("The passphrase that unlocks the cases."))
        self.recovery_key = QLineEdit()
        self.recovery_key.setAccessibleName(_("Recovery key"))
        self.recovery_key.setAccessibleDescription(
            _("The printed key, for example ABCD-EFGH-…; dashes and spaces do not matter.")
        )
        form.addRow(_("Your name"), self.author)
        form.addRow("", self.recent_row)
        self.passphrase_label = QLabel(_("Passphrase"))
        self.passphrase_label.setBuddy(self.passphrase)
        form.addRow(self.passphrase_label, self.passphrase)
        self.recovery_label = QLabel(_("Recovery key"))
        self.recovery_label.setBuddy(self.recovery_key)
        form.addRow(self.recovery_label, self.recovery_key)
        layout.addLayout(form)
        self.message = plain_label("")
        self.message.setAccessibleName(_("Unlock problem"))
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.use_recovery = QPushButton(_("Use the recovery key instead"))
        self.use_recovery.setAccessibleName(_("Use the recovery key instead"))
        self.use_recovery.setAutoDefault(False)
        self.use_recovery.clicked.connect(lambda: self.set_recovery_mode(not self._recovery_mode))
        row.addWidget(self.use_recovery)
        row.addStretch(1)
        self.unlock_button = QPushButton(icon("lock"), _("Unlock"))
        self.unlock_button.setAccessibleName(_("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        # Checklists hold nothing about any case: printable without unlocking (a governor).
        extra = QHBoxLayout()
        self.checklists_button = QPushButton(icon("print"), _("Print blank checklists…"))
        self.checklists_button.setAccessibleName(_("Print blank checklists"))
        self.checklists_button.setAccessibleDescription(
            _("Staff, DSL and governors' checklists; no case records are opened.")
        )
        self.checklists_button.setAutoDefault(False)
        self.checklists_button.clicked.connect(self.open_checklists)
        extra.addWidget(self.checklists_button)
        extra.addStretch(1)
        layout.addLayout(extra)
        self.checklists_dialog: QWidget | None = None
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addWidget(box, 3)
        centre.addStretch(1)
        outer.addLayout(centre)
        outer.addStretch(2)
        for edit in (self.author, self.passphrase, self.recovery_key):
            edit.returnPressed.connect(self.unlock)
        QWidget.setTabOrder(self.author, self.passphrase)
        QWidget.setTabOrder(self.passphrase, self.recovery_key)
        QWidget.setTabOrder(self.recovery_key, self.unlock_button)
        QWidget.setTabOrder(self.unlock_button, self.use_recovery)
        QWidget.setTabOrder(self.use_recovery, self.checklists_button)
        self.set_recovery_mode(False)
        self.refresh_wait()

    def set_recovery_mode(self, on: bool) -> None:
        self._recovery_mode = on
        self.passphrase.setVisible(not on)
        self.passphrase_label.setVisible(not on)
        self.recovery_key.setVisible(on)
        self.recovery_label.setVisible(on)
        self.use_recovery.setText(
            _("Use the passphrase instead") if on else _("Use the recovery key instead")
        )
        self.use_recovery.setAccessibleName(self.use_recovery.text())
        self.message.setText("")
        self.focus()
        if hasattr(self, "throttle"):
            self.refresh_wait()

    def open_checklists(self) -> None:
        """The blank checklists, without the store (imported now: reportlab is slow)."""
        from misuse_responder.ui.lock.blank_checklists import BlankChecklistsDialog

        dialog = BlankChecklistsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.checklists_dialog = dialog
        dialog.destroyed.connect(lambda *_a: setattr(self, "checklists_dialog", None))
        dialog.open()

    def reset(self, message: str = "", recent: Sequence[str] = ()) -> None:
        """Ready for the next unlock: secrets and the name cleared, ``recent`` names offered."""
        self.passphrase.clear()
        self.recovery_key.clear()
        self.author.clear()
        self.set_recent(recent)
        self.message.setText(message)
        self.set_recovery_mode(False)
        self.message.setText(message)
        self.refresh_wait()

    def set_recent(self, names: Sequence[str]) -> None:
        """Offer ``names`` (newest first) as one-click choices and as completions."""
        for button in self.recent_buttons:
            self._recent_layout.removeWidget(button)
            button.hide()  # gone from sight now, not at the next turn of the event loop
            button.deleteLater()
        self.recent_buttons = []
        for position, name in enumerate(names):
            button = QPushButton(name)
            button.setAutoDefault(False)
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setAccessibleName(_("I am {name}").format(name=name))
            button.clicked.connect(lambda _c=False, n=name: self.choose_author(n))
            self._recent_layout.insertWidget(1 + position, button)
            self.recent_buttons.append(button)
        self.recent_row.setVisible(bool(names))
        completer = QCompleter(list(names), self.author)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.author.setCompleter(completer)

    def choose_author(self, name: str) -> None:
        self.author.setText(name)
        (self.recovery_key if self._recovery_mode else self.passphrase).setFocus()

    def focus(self) -> None:
        target = (
            self.author
            if not self.author.text().strip()
            else (self.recovery_key if self._recovery_mode else self.passphrase)
        )
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _failure(self, exc: Exception) -> str:
        from misuse_responder.store.damage import is_damage, short_message
        from misuse_responder.store.paths import StorePaths
        from misuse_responder.ui.last_resort import sentence

        if is_damage(exc):
            return short_message(StorePaths(self._data_dir), exc)
        return sentence(exc)

    def waiting(self) -> float:
        """Seconds before another try is allowed (0 when it is allowed now)."""
        return self.throttle.remaining()

    def refresh_wait(self) -> None:
        """Show the countdown while a wait is running; allow unlocking again once it ends."""
        left = self.waiting()
        self.unlock_button.setEnabled(left <= 0)
        if left <= 0:
            self.wait_timer.stop()
            if self.message.property("waitMessage"):
                self.message.setText(_("You can try again now."))
                self.message.setProperty("waitMessage", False)
            return
        self.message.setText(
            ngettext(
                "Wrong {n} time in a row.", "Wrong {n} times in a row.", self.throttle.failures
            ).format(n=self.throttle.failures)
            + " "
            + ngettext(
                "To slow down anyone guessing, you can try again in {seconds} second.",
                "To slow down anyone guessing, you can try again in {seconds} seconds.",
                math.ceil(left),
            ).format(seconds=math.ceil(left))
        )
        self.message.setProperty("waitMessage", True)
        if not self.wait_timer.isActive():
            self.wait_timer.start()

    def unlock(self) -> bool:
        from misuse_responder.store import CaseStore, StoreError, WrongPassphrase
        from misuse_responder.store.errors import WrongRecoveryKey

        if self.waiting() > 0:
            self.refresh_wait()
            return False
        author = self.author.text().strip()
        if not author:
            self.message.setText(_("Type your name first."))
            self.author.setFocus()
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self._recovery_mode:
                store = CaseStore.open_with_recovery_key(self._data_dir, self.recovery_key.text())
            else:
                store = CaseStore.open(self._data_dir, self.passphrase.text())
        except StoreError as exc:
            self.message.setText(str(exc))
            field = self.recovery_key if self._recovery_mode else self.passphrase
            field.selectAll()
            field.setFocus()
            if isinstance(exc, WrongPassphrase | WrongRecoveryKey) and self.throttle.failed():
                self.refresh_wait()
            return False
        except ValueError as exc:  # a recovery key that does not parse
            self.message.setText(str(exc))
            return False
        except Exception as exc:  # e.g. a damaged page met while opening: one sentence
            self.message.setText(self._failure(exc))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        via_recovery = self._recovery_mode
        self.throttle.succeeded()
        self.passphrase.clear()
        self.recovery_key.clear()
        self.message.setText("")
        self.unlocked.emit(store, author, via_recovery)
        return True
