"""The store's exceptions: each carries a message fit to show a member of staff as-is.

The GUI and the command line print ``str(exc)`` and nothing else, so every message is
translated at the point it is raised and says what happened and what to do next.
"""

from __future__ import annotations


class StoreError(Exception):
    """Anything the store refuses or cannot do; ``str()`` is the user-facing explanation."""


class WrongPassphrase(StoreError):
    """The passphrase did not unlock the key file; the database was not opened or touched."""


class WrongRecoveryKey(StoreError):
    """The recovery key did not unlock the key file; the database was not opened or touched."""


class StoreMissing(StoreError):
    """There is no store in the data folder yet (run ``init`` first)."""


class StoreExists(StoreError):
    """A store already exists where a new one was to be created."""


class StoreTooNew(StoreError):
    """The database was written by a newer version of the app; it is left untouched."""


class StoreDamaged(StoreError):
    """The key file or database is unreadable (not a wrong passphrase: damage or tampering)."""


class NotFound(StoreError):
    """No case, person, entry, action or evidence item has that id."""


class InvalidChange(StoreError):
    """The change is not allowed (e.g. closing a closed case, correcting a correction's case)."""


class EvidenceError(StoreError):
    """The evidence could not be added: empty, corrupt, unreadable, or changed while reading."""


class EvidenceRefused(EvidenceError):
    """The case's guidance says do not capture, so files and images are refused."""


class ImageQuestionRefused(EvidenceRefused):
    """An image or video was offered without the answer "no" to the question whether it shows
    a child nude, partly nude, in underwear or in a sexual way; nothing was stored."""

    def __init__(self, message: str, answer: str | None, file_name: str) -> None:
        super().__init__(message)
        self.answer = answer
        self.file_name = file_name


class EvidenceSealed(StoreError):
    """The item is sealed (the case became 'do not capture'): it is never shown or exported."""


class StoreLocked(StoreError):
    """Another copy of the app (or a writing command) has this data folder open."""


class HandoverRefused(StoreError):
    """A hand-over, address or receipt was refused: one sentence says why; nothing changed."""


class UnknownSender(HandoverRefused):
    """A valid bundle signed by a laptop this store has never received from: its fingerprint
    must be checked with the sender (read aloud) before the DSL accepts it."""

    def __init__(self, message: str, fingerprint: str, label: str) -> None:
        super().__init__(message)
        self.fingerprint = fingerprint
        self.label = label
