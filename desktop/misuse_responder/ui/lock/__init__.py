"""Locking: the unlock screen, the idle timer that locks, and the hide screen."""

from misuse_responder.ui.lock.hide_screen import HideScreen
from misuse_responder.ui.lock.idle import IdleWatcher
from misuse_responder.ui.lock.unlock_screen import UnlockScreen

__all__ = ["HideScreen", "IdleWatcher", "UnlockScreen"]
