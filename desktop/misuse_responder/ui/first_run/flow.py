"""First run as one widget: set up → create the store → recovery key → done."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from misuse_responder.i18n import _
from misuse_responder.ui.first_run.recovery_page import RecoveryPage
from misuse_responder.ui.first_run.setup_page import SetupPage


class FirstRunWidget(QWidget):
    """Emits ``completed(store, author)`` once the store exists and the key has been kept."""

    completed = Signal(object, str)

    def __init__(self, data_dir: Path, kdf: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._kdf = kdf
        self._store: Any = None
        self._author = ""
        self.stack = QStackedWidget()
        self.setup = SetupPage()
        self.recovery = RecoveryPage()
        self.stack.addWidget(self.setup)
        self.stack.addWidget(self.recovery)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.setup.createRequested.connect(self.create_store)
        self.recovery.continued.connect(self._finish)

    def create_store(self) -> bool:
        """Create the encrypted store and save the profile; show any problem as a message."""
        from misuse_responder.store import CaseStore, StoreError

        problem = self.setup.problem()
        if problem:
            self.setup.message.setText(problem)
            return False
        profile = self.setup.school.profile()
        author = self.setup.author.text().strip()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            store, key = CaseStore.create(
                self._data_dir,
                self.setup.passphrase.text(),
                profile.name,
                jurisdiction=profile.jurisdiction,
                actor=author,
                kdf=self._kdf,
            )
            try:
                store.set_school(profile, author)
            except StoreError:
                store.close()
                raise
        except StoreError as exc:
            self.setup.message.setText(str(exc))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.setup.passphrase.clear()
        self.setup.repeat.clear()
        self._store, self._author = store, author
        self.recovery.show_key(key, profile.name)
        self.stack.setCurrentWidget(self.recovery)
        self.recovery.confirm.setFocus()
        self.setWindowTitle(_("Recovery key"))
        return True

    def _finish(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            self.completed.emit(store, self._author)
