"""Settings: the school profile and contacts, the lock times, and the passphrase."""

from misuse_responder.ui.settings.page import SettingsPage

__all__ = ["SettingsPage"]
