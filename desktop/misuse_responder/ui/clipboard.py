"""What the app put on the clipboard, so the lock can take it off again.

A member of staff copies a pupil's name or a line of the chronology, the laptop locks, and
whoever picks it up pastes the name into a browser. So the lock clears the clipboard, but
only of what came from this app: something copied from another program while the app was
in the background is the user's own and is left alone.

``ownsClipboard`` would say this directly, but not every platform answers it (Qt's
offscreen and some Wayland sessions say False even for our own copies), so the guard also
remembers each change made while one of the app's windows had the focus, and what
``copy_text`` put there.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QObject
from PySide6.QtGui import QClipboard, QGuiApplication

_guard: ClipboardGuard | None = None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ClipboardGuard(QObject):
    """Remembers the app's own clipboard contents (as hashes) and clears them on request."""

    def __init__(self, clipboard: QClipboard) -> None:
        super().__init__(clipboard)
        self._clipboard = clipboard
        self._ours: set[str] = set()
        self._image_ours = False
        clipboard.dataChanged.connect(self._changed)

    def _changed(self) -> None:
        if QGuiApplication.focusWindow() is None:
            return  # copied in another program: not ours to clear
        self.remember()

    def remember(self) -> None:
        """Count what is on the clipboard now as the app's own."""
        text = self._clipboard.text()
        if text:
            self._ours.add(_digest(text))
        mime = self._clipboard.mimeData()
        self._image_ours = bool(mime is not None and mime.hasImage())

    def is_ours(self) -> bool:
        if self._clipboard.ownsClipboard():
            return True
        text = self._clipboard.text()
        if text:
            return _digest(text) in self._ours
        mime = self._clipboard.mimeData()
        return self._image_ours and mime is not None and mime.hasImage()

    def clear_ours(self) -> bool:
        """Clear the clipboard if what is on it came from the app; True if it was cleared."""
        cleared = False
        if self.is_ours():
            self._clipboard.clear()
            cleared = True
        self._ours.clear()
        self._image_ours = False
        return cleared


def guard() -> ClipboardGuard:
    """The one guard of this application (made on first use)."""
    global _guard
    if _guard is None:
        clipboard = QGuiApplication.clipboard()
        _guard = ClipboardGuard(clipboard)
        clipboard.destroyed.connect(_forget)
    return _guard


def _forget(*_args: object) -> None:
    global _guard
    _guard = None


def copy_text(text: str) -> None:
    """Put ``text`` on the clipboard as the app's own (the lock will clear it)."""
    clipboard = QGuiApplication.clipboard()
    watcher = guard()
    clipboard.setText(text)
    watcher.remember()
