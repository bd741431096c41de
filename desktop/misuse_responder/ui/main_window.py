"""The main window: which screen shows (first run, unlock, cases, a case, settings, hidden),
and the locking rules that apply to all of them.

The open store lives here and only here. Locking closes it and wipes every widget that
showed case data; hiding covers every window of the app with a neutral screen.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from misuse_responder.i18n import _, ngettext
from misuse_responder.ui import clipboard, screen_fit, text_size, warmup, workers
from misuse_responder.ui.case_list import CaseListPage
from misuse_responder.ui.icons import icon
from misuse_responder.ui.lock import HideScreen, IdleWatcher, UnlockScreen
from misuse_responder.ui.settings.prefs import Prefs, load_prefs, save_prefs, with_window_size
from misuse_responder.ui.style import plain_label

if TYPE_CHECKING:
    from misuse_responder.ui.case_view import CaseView
    from misuse_responder.ui.settings.page import SettingsPage

HIDE_KEY = Qt.Key.Key_F12
LOCK_KEY = "Ctrl+L"
MINUTE_MS = 60_000


class MainWindow(QMainWindow):
    def __init__(self, data_dir: Path, *, kdf: Any = None, parent: QWidget | None = None) -> None:
        prefs = load_prefs(data_dir)
        text_size.apply_text_size(prefs.text_size)  # before any widget is made
        super().__init__(parent)
        self.data_dir = data_dir
        self.kdf = kdf
        self.prefs: Prefs = prefs
        screen_fit.use_size_book(self)  # windows remember their size per screen, in prefs
        self.store: Any = None
        self.author = ""
        self.wizard: Any = None
        self._hidden = False
        self._before_hide: QWidget | None = None
        self._hidden_windows: list[QWidget] = []
        self.setWindowTitle(_("Misuse Responder"))
        self.setAcceptDrops(True)  # a .mrcase file dropped here opens the receive dialog
        clipboard.guard()  # from the start: the lock clears what the app copied

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.first_run: Any = None
        self.unlock_screen = UnlockScreen(data_dir)
        self.unlock_screen.unlocked.connect(self._unlocked)
        self.home = self._build_home()
        self._case_view: CaseView | None = None
        self._settings: SettingsPage | None = None
        self.hide_screen = HideScreen()
        self.hide_screen.unhideRequested.connect(self.unhide)
        for page in (
            self.unlock_screen,
            self.home,
            self.hide_screen,
        ):
            self.stack.addWidget(page)

        self.toolbar = self._build_toolbar()
        self.hide_shortcut = QShortcut(QKeySequence(HIDE_KEY), self)
        self.hide_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.hide_shortcut.activated.connect(self.hide_everything)

        self.idle = IdleWatcher(self._lock_ms(), self)
        self.idle.idle.connect(self._idle_lock)
        self.relock_timer = QTimer(self)
        self.relock_timer.setSingleShot(True)
        self.relock_timer.timeout.connect(
            lambda: self.lock(_("Locked while the screen was hidden."))
        )

        if (data_dir / "keys.json").exists():
            self.unlock_screen.reset(recent=self.prefs.recent_authors)
            self._show_page(self.unlock_screen)
        else:
            self._start_first_run()
        self._fit_to_screen()
        self.warmup = warmup.after_first_paint(self)  # what unlocking needs, in idle time

    # --- building (the case view and settings are made on first use: faster start) -----
    @property
    def case_view(self) -> CaseView:
        if self._case_view is None:
            from misuse_responder.ui.case_view.view import CaseView

            self._case_view = CaseView()
            self._case_view.back.connect(self.show_home)
            self.stack.addWidget(self._case_view)
        return self._case_view

    @property
    def settings(self) -> SettingsPage:
        if self._settings is None:
            from misuse_responder.ui.settings.page import SettingsPage as Page

            self._settings = Page()
            self._settings.back.connect(self.show_home)
            self._settings.prefsChanged.connect(self._prefs_changed)
            self._settings.languageChanged.connect(self.apply_language)
            self.stack.addWidget(self._settings)
        return self._settings

    # --- toolbar -----------------------------------------------------------------------
    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(_("Main actions"))
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.setAccessibleName(_("Main actions"))
        self.new_action = self._action(
            bar, "new", _("New incident"), _("Start recording a new incident, step by step.")
        )
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(lambda: self.new_incident())
        self.export_action = self._action(
            bar,
            "export",
            _("Export…"),
            _("Print checklists or the anonymised yearly summary for governors."),
        )
        self.export_action.triggered.connect(self.export)
        self.receive_action = self._action(
            bar,
            "open",
            _("Receive a hand-over…"),
            _("Open a case file (.mrcase) handed over from a staff laptop."),
        )
        self.receive_action.triggered.connect(lambda: self.receive_handover())
        self.inbox_action = self._action(
            bar,
            "open",
            _("Inbox…"),
            _("The hand-over files waiting in the folder the school syncs."),
        )
        self.inbox_action.triggered.connect(lambda: self.show_inbox())
        self.receipt_action = self._action(
            bar,
            "open",
            _("Read a receipt…"),
            _("Read the DSL's receipt (.mrreceipt) and remove the case it proves arrived."),
        )
        self.receipt_action.triggered.connect(lambda: self.read_receipt())
        self.settings_action = self._action(
            bar, "settings", _("Settings"), _("The school's details, lock times and passphrase.")
        )
        self.settings_action.triggered.connect(self.show_settings)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

        bar.addWidget(spacer)
        self.lock_action = self._action(
            bar,
            "lock",
            _("Lock ({key})").format(key=LOCK_KEY),
            _("Lock the cases now; the passphrase is needed to go on."),
        )
        self.lock_action.setShortcut(QKeySequence(LOCK_KEY))
        # From every window of the app, the wizard included (it is a separate window).
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(lambda: self.lock())
        self.hide_action = self._action(
            bar,
            "hide",
            _("Hide screen (F12)"),
            _("Cover the screen at once with a blank page, for when someone walks past."),
        )
        self.hide_action.triggered.connect(self.hide_everything)
        self.addToolBar(bar)
        return bar

    def _action(self, bar: QToolBar, icon_name: str, text: str, description: str) -> QAction:
        action = QAction(icon(icon_name), text, self)
        action.setToolTip(description)
        bar.addAction(action)
        button = bar.widgetForAction(action)
        if isinstance(button, QToolButton):
            button.setAccessibleName(text.rstrip("…"))
            button.setAccessibleDescription(description)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return action

    def _build_home(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.notice = QFrame()
        self.notice.setObjectName("warningBanner")
        n_layout = QHBoxLayout(self.notice)
        self.notice_text = plain_label("")
        self.notice_text.setAccessibleName(_("Notice"))
        n_layout.addWidget(self.notice_text, 1)
        self.dismiss_button = QPushButton(_("Not now"))
        self.dismiss_button.setAccessibleName(_("Dismiss this notice"))
        self.dismiss_button.clicked.connect(self.notice.hide)
        n_layout.addWidget(self.dismiss_button)
        self.notice.hide()
        layout.addWidget(self.notice)
        self.case_list = CaseListPage()
        self.case_list.openCase.connect(self.open_case)
        self.case_list.continueDraft.connect(lambda draft_id: self.new_incident(draft_id=draft_id))
        self.case_list.startIncident.connect(lambda: self.new_incident())
        layout.addWidget(self.case_list, 1)
        return page

    def _fit_to_screen(self) -> None:
        screen_fit.fit_window(self, QSize(1280, 720), name="main")

    # --- window sizes per screen (screen_fit.SizeBook) -------------------------------------
    def remembered_size(self, key: str) -> tuple[int, int] | None:
        return self.prefs.window_sizes.get(key)

    def remember_size(self, key: str, size: tuple[int, int]) -> None:
        if self.prefs.window_sizes.get(key) == size:
            return
        self.prefs = with_window_size(self.prefs, key, size)
        save_prefs(self.data_dir, self.prefs)

    def _show_page(self, page: QWidget) -> None:
        if self._hidden:
            self._before_hide = page
            return
        self.stack.setCurrentWidget(page)
        unlocked_page = page in (self.home, self._case_view, self._settings)
        for action in (
            self.new_action,
            self.export_action,
            self.receive_action,
            self.receipt_action,
            self.inbox_action,
            self.settings_action,
            self.lock_action,
        ):
            action.setEnabled(unlocked_page and self.store is not None)
        self.toolbar.setVisible(page is not self.hide_screen)
        if page is self.unlock_screen:
            self.unlock_screen.focus()

    # --- first run and unlocking -----------------------------------------------------------
    def _start_first_run(self) -> None:
        from misuse_responder.ui.first_run import FirstRunWidget

        self.first_run = FirstRunWidget(self.data_dir, self.kdf)
        self.first_run.completed.connect(self._unlocked)
        self.stack.addWidget(self.first_run)
        self._show_page(self.first_run)
        self.first_run.setup.focus_first()

    def _unlocked(self, store: Any, author: str, via_recovery: bool = False) -> None:
        try:
            self._show_unlocked(store, author, via_recovery)
        except Exception as exc:
            from misuse_responder.store.damage import is_damage, short_message

            if not is_damage(exc):
                raise  # the last resort (ui/last_resort.py) makes it a sentence
            # A damaged page met on the first screen: back to the unlock screen, saying so.
            self.case_list.clear()
            store.close()
            self.store = None
            self.unlock_screen.reset(short_message(store.paths, exc), self.prefs.recent_authors)
            self._show_page(self.unlock_screen)

    def _show_unlocked(self, store: Any, author: str, via_recovery: bool) -> None:
        self.store, self.author = store, author
        self._clean_leftovers(store)
        if self.first_run is not None:
            self.stack.removeWidget(self.first_run)
            self.first_run.deleteLater()
            self.first_run = None
        self.prefs = self.prefs.with_author(author)
        save_prefs(self.data_dir, self.prefs)
        self.setWindowTitle(_("Misuse Responder: {school}").format(school=store.school().name))
        self.case_list.set_store(store)
        self.show_home()
        self.notice.hide()
        if via_recovery:
            self._notice(
                _(
                    "You opened the cases with the recovery key. Set a new passphrase in "
                    "Settings now, so the old one can no longer be used."
                )
            )
        self.idle.set_timeout_ms(self._lock_ms())
        self.idle.start()
        self.case_list.focus_first()

    def _clean_leftovers(self, store: Any) -> None:
        """Remove what killed writes left (partial evidence files, backup copies, unfinished
        packs) and note new temporary files from now on; never stops the app opening."""
        from misuse_responder.store import leftovers

        leftovers.use_journal(store.paths.root)
        with contextlib.suppress(Exception):
            leftovers.clean(store.paths)

    def _lock_ms(self) -> int:
        return int(self.prefs.auto_lock_minutes * MINUTE_MS)

    def _prefs_changed(self, prefs: Prefs) -> None:
        self.prefs = prefs.with_(
            recent_authors=self.prefs.recent_authors,
            window_sizes=self.prefs.window_sizes,  # the page's copy may be older
        )
        save_prefs(self.data_dir, self.prefs)
        self.idle.set_timeout_ms(self._lock_ms())
        if text_size.apply_text_size(self.prefs.text_size):
            screen_fit.fit_window(self, self.size())  # larger text: still within the screen

    def apply_language(self, said: str = "") -> None:
        """After a change of language in Settings: this window's screens are made again in it
        (the wizard and dialogs already open keep theirs until closed), Settings shown again
        with ``said``."""
        from misuse_responder.ui import language

        language.language_changed()
        self.removeToolBar(self.toolbar)
        for action in self.toolbar.actions():
            action.deleteLater()  # their shortcuts (Ctrl+L) must not stay in two places
        self.toolbar.deleteLater()
        self.toolbar = self._build_toolbar()
        old = [self.home, self.unlock_screen, self.hide_screen, self._case_view, self._settings]
        self.unlock_screen = UnlockScreen(self.data_dir)
        self.unlock_screen.unlocked.connect(self._unlocked)
        self.unlock_screen.reset(recent=self.prefs.recent_authors)
        self.home = self._build_home()
        self.hide_screen = HideScreen()
        self.hide_screen.unhideRequested.connect(self.unhide)
        for page in (self.unlock_screen, self.home, self.hide_screen):
            self.stack.addWidget(page)
        self._case_view = self._settings = None  # made again when next opened
        for page in old:
            if page is not None:
                self.stack.removeWidget(page)
                page.deleteLater()
        if self.store is None:
            self.setWindowTitle(_("Misuse Responder"))
            self._show_page(self.unlock_screen)
            return
        self.setWindowTitle(_("Misuse Responder: {school}").format(school=self.store.school().name))
        self.case_list.set_store(self.store)
        self.show_settings()
        self.settings.message.setText(said)

    def set_idle_timeout_ms(self, ms: int) -> None:
        """For tests and the benchmark: a lock time shorter than the settings allow."""
        self.idle.set_timeout_ms(ms)

    def _notice(self, text: str) -> None:
        self.notice_text.setText(text)
        self.notice.show()

    # --- screens -------------------------------------------------------------------------
    def show_home(self) -> None:
        if self.store is None:
            return
        self.case_list.refresh()
        self._show_page(self.home)

    def open_case(self, case_id: int) -> None:
        if self.store is None:
            return
        from misuse_responder.ui.case_view import stub

        detail = self.store.case(case_id)
        if detail.status == stub.HANDED_OVER:  # only its stub is left on this laptop
            stub.show_stub(self, detail)
            return
        self.case_view.show_case(self.store, self.author, case_id)
        self._show_page(self.case_view)
        self.case_view.tabs.setFocus()

    def show_settings(self) -> None:
        if self.store is None:
            return
        self.settings.show_settings(self.store, self.author, self.prefs, self.kdf)
        self._show_page(self.settings)

    def export(self) -> None:
        """Checklists and the yearly summary (no case): the export dialog with case_id None."""
        from misuse_responder.ui.case_view.view import open_export_dialog

        if self.store is not None:
            open_export_dialog(self, self.store, self.author, None)

    def receive_handover(self, path: Path | None = None) -> Any:
        """The receive dialog (a file dropped on the window comes here too); the case list
        and an open case are refreshed when it closes."""
        from misuse_responder.ui.handover.receive_dialog import ReceiveDialog

        if self.store is None or self.stack.currentWidget() not in (
            self.home,
            self._case_view,
            self._settings,
        ):
            return None
        dialog = ReceiveDialog(self.store, self.author, path, self)
        dialog.finished.connect(lambda _r: self._after_receive(dialog))
        dialog.open()
        if path is None:
            dialog.choose_file()
        return dialog

    def show_inbox(self) -> Any:
        """The inbox list; the file chosen there opens in the receive dialog."""
        from misuse_responder.ui.handover.inbox_dialog import InboxDialog

        if self.store is None:
            return None
        dialog = InboxDialog(self.store, self.author, self)
        dialog.accepted.connect(
            lambda: self.receive_handover(dialog.opened) if dialog.opened else None
        )
        dialog.open()
        return dialog

    def read_receipt(self, path: Path | None = None) -> Any:
        """The receipt dialog; the case list is refreshed when a case has been removed."""
        from misuse_responder.ui.handover.receipt_dialog import ReceiptDialog

        if self.store is None:
            return None
        dialog = ReceiptDialog(self.store, self.author, path, self)
        dialog.finished.connect(lambda _r: self.case_list.refresh() if self.store else None)
        dialog.open()
        if path is None:
            dialog.choose_file()
        return dialog

    def _after_receive(self, dialog: Any) -> None:
        if self.store is None or dialog.received is None:
            return
        self.case_list.refresh()
        if self._case_view is not None and self._case_view.case_id == dialog.received.case_id:
            self._case_view.reload()

    @staticmethod
    def _dropped_bundle(event: Any) -> Path | None:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and url.toLocalFile().lower().endswith(".mrcase"):
                return Path(url.toLocalFile())
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.store is not None and self._dropped_bundle(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_bundle(event)
        if self.store is None or path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.receive_handover(path)

    def new_incident(self, draft_id: str | None = None) -> Any:
        """Open the incident wizard (or resume a draft); returns it, or None."""
        if self.store is None:
            return None
        if self.wizard is not None and self.wizard.isVisible():
            self.wizard.raise_()
            self.wizard.activateWindow()
            return self.wizard
        # Imported on first use (start-up stays fast); a plain import, so the freezer ships it.
        from misuse_responder.ui.wizard import IncidentWizard

        if draft_id is None:
            wizard = IncidentWizard(self.store, self.author, self)
        else:
            wizard = IncidentWizard(self.store, self.author, self, draft_id=draft_id)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        if hasattr(wizard, "caseSaved"):
            wizard.caseSaved.connect(self._case_saved)
        wizard.destroyed.connect(self._wizard_gone)
        self.wizard = wizard
        wizard.show()
        return wizard

    def _wizard_gone(self, *_args: object) -> None:
        """The wizard closed: a draft it kept must show in the list at once ("Continue")."""
        self.wizard = None
        if self.store is not None and self.stack.currentWidget() is self.home:
            self.case_list.refresh()

    def _case_saved(self, case: Any) -> None:
        case_id = case if isinstance(case, int) else getattr(case, "id", None)
        self.case_list.refresh()
        if isinstance(case_id, int):
            self.open_case(case_id)

    # --- locking and hiding ----------------------------------------------------------------
    def _other_windows(self) -> list[QWidget]:
        found = [
            w
            for w in QApplication.topLevelWidgets()
            if w is not self and (w.isVisible() or w in self._hidden_windows)
        ]
        return found

    def _hidden_lock(self) -> None:
        self.lock(_("Locked while the screen was hidden."))

    def _idle_lock(self) -> None:
        minutes = self.prefs.auto_lock_minutes
        self.lock(
            ngettext(
                "Locked after {n:g} minute without use.",
                "Locked after {n:g} minutes without use.",
                round(minutes),
            ).format(n=minutes)
        )

    def lock(self, message: str = "") -> None:
        """Save and close any open incident, stop background work, wipe case data from every
        widget and what the app put on the clipboard, close the store.

        Locking always happens; what it could not do cleanly (a draft that could not be
        kept, a file whose adding it stopped) is said on the unlock screen."""
        if self.store is None:
            return
        self.idle.stop()
        notes = [message] if message else []
        windows = self._other_windows()
        for window in windows:
            saver = getattr(window, "save_draft", None)
            if callable(saver):
                try:
                    saver()
                except Exception as exc:  # lock even if the draft cannot be saved, and say so
                    notes.append(self._draft_lost(exc))
        notes += self._stop_workers()
        for window in windows:
            window.close()
        if clipboard.guard().clear_ours():
            notes.append(_("What you had copied from the case records was cleared."))
        self._hidden_windows = []
        self.wizard = None
        self.case_list.clear()
        if self._case_view is not None:
            self._case_view.clear()
        if self._settings is not None:
            self._settings.clear()
        self.notice.hide()
        self.store.close()
        self.store = None
        from misuse_responder.store import leftovers

        leftovers.use_journal(None)
        self.setWindowTitle(_("Misuse Responder"))
        self.unlock_screen.reset(" ".join(notes), self.prefs.recent_authors)
        self._show_page(self.unlock_screen)

    @staticmethod
    def _draft_lost(exc: Exception) -> str:
        from misuse_responder.store.diskfull import is_disk_full

        reason = _("the disk is full") if is_disk_full(exc) else " ".join(str(exc).split())[:120]
        return _(
            "The incident you were recording could not be kept as a draft ({reason}), so what "
            "was typed in it since it was last saved is lost."
        ).format(reason=reason)

    @staticmethod
    def _stop_workers() -> list[str]:
        """Cancel background jobs (an evidence file being added, an export being drawn) and
        wait for them, so nothing goes on writing behind the locked screen."""
        notes = []
        for worker in workers.stop_all():
            if worker.outcome == "cancelled" and worker.description:
                notes.append(
                    _("Locking stopped {what}: it was not kept, so add it again.").format(
                        what=worker.description
                    )
                )
            elif worker.is_running():
                notes.append(
                    _("{what} was still running when the app locked.").format(
                        what=worker.description or _("A background task")
                    )
                )
        return notes

    def is_locked(self) -> bool:
        return self.store is None

    def is_hidden(self) -> bool:
        return self._hidden

    def hide_everything(self) -> None:
        """Cover the app at once: every window hidden, a neutral page, a neutral title."""
        if self._hidden:
            return
        self._hidden_windows = [w for w in self._other_windows() if w.isVisible()]
        for window in self._hidden_windows:
            window.hide()
        self._before_hide = self.stack.currentWidget()
        self.stack.setCurrentWidget(self.hide_screen)
        self.toolbar.hide()
        self._title_before_hide = self.windowTitle()
        self.setWindowTitle(" ")
        self._hidden = True
        self.hide_screen.focus()
        if self.store is not None:
            self.relock_timer.start(int(self.prefs.hide_relock_minutes * MINUTE_MS))

    def set_hide_relock_ms(self, ms: int) -> None:
        """For tests: how long the screen can stay hidden before the passphrase is needed."""
        self.prefs = self.prefs.with_(hide_relock_minutes=ms / MINUTE_MS)

    def unhide(self) -> None:
        if not self._hidden:
            return
        self.relock_timer.stop()
        self._hidden = False
        self.setWindowTitle(
            self._title_before_hide if self.store is not None else _("Misuse Responder")
        )
        self._show_page(self._before_hide or self.unlock_screen)
        for window in self._hidden_windows:
            window.show()
        self._hidden_windows = []

    def closeEvent(self, event: QCloseEvent) -> None:
        self.lock()
        self.idle.detach()
        super().closeEvent(event)
