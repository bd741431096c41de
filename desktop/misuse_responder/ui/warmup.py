"""Warm up what unlocking needs while the first screen waits for the passphrase.

Start-up stays fast because the store and the guidance load lazily; left at that, the
first unlock pays for them after the passphrase is typed (about a tenth of a second of
imports and reading guides/, on top of the key derivation). Typing a name and a
passphrase takes seconds, so once the first screen has been painted the same work is
done here in idle time: one small slice per turn of the event loop (a zero-timeout
timer, which runs only when no input is waiting), so a key press waits for at most one
slice (40-60 ms at worst on a busy 2-core machine, bench/startup.py). It runs on the UI
thread on purpose: the same imports on a thread still stalled the UI 30-50 ms at a time
(they hold the GIL), took three times as long, and without ui/qt_workarounds.py's pins
crashed the process (PySide6 6.12's None refcount bug); and a half-imported module seen
from two threads is a failure no user should meet.

Warm-up never decides anything. A step that fails (a damaged guides file, a missing
library) is noted and skipped; unlocking then meets the same failure itself and says
the same sentence it always has (nothing here caches a failure).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

# What opening the store and showing the case list import, leaves first, so that each
# slice is one modest module rather than the whole store at once. A name missing here is
# still imported by the last store step (or by unlocking); tests/ui/test_warmup.py checks
# that after warm-up unlocking imports nothing more from the store or the guidance.
MODULES: tuple[str, ...] = (
    "msgspec",  # the guides' overlay records (guidance/jurisdictions.py): ~25 ms on its own
    "misuse_responder.guidance",  # its __init__ takes the engine, guides and facts at once
    "peewee",
    "playhouse.sqlite_ext",
    "playhouse.sqlcipher_ext",
    "playhouse.migrate",
    "cryptography.hazmat.primitives.ciphers.aead",
    "cryptography.hazmat.primitives.asymmetric.ed25519",
    "cryptography.hazmat.primitives.serialization",
    "argon2",
    "pyrage",
    "PIL.Image",
    "tarfile",
    "uuid",
    "misuse_responder.store.errors",
    "misuse_responder.store.crypto",
    "misuse_responder.store.models",
    "misuse_responder.store.db",
    "misuse_responder.store.audit",
    "misuse_responder.store.anchor",
    "misuse_responder.store.vault",
    "misuse_responder.handover.keys",
    "misuse_responder.handover.address",
    "misuse_responder.handover.bundle",
    "misuse_responder.handover.receipt",
    "misuse_responder.store.views",
    "misuse_responder.store.cases",
    "misuse_responder.store.actions",
    "misuse_responder.store.evidence",
    "misuse_responder.store.handover_views",
    "misuse_responder.store.handover_custody",
    "misuse_responder.store.handover_receive",
    "misuse_responder.store.service",
    "misuse_responder.store.damage",
    "misuse_responder.store.leftovers",
    "misuse_responder.store.drafts",
)


def _load_guides() -> None:
    from misuse_responder.guidance.guide_text import shown_guides

    shown_guides()  # cached per folder and language: the screens' own calls then cost nothing


def steps() -> list[tuple[str, Callable[[], object]]]:
    """The slices, in order: each import, then reading and checking guides/."""
    out: list[tuple[str, Callable[[], object]]] = [
        (name, lambda name=name: importlib.import_module(name)) for name in MODULES
    ]
    out.append(("guides", _load_guides))
    return out


class Warmup(QObject):
    """Runs :func:`steps` one per idle turn, starting after ``window``'s first paint."""

    finished = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._steps = steps()
        self._next = 0
        self.started = False
        self.done = False
        self.failures: list[tuple[str, str]] = []  # (step, error type): for tests and bench
        self.slices: list[tuple[str, float]] = []  # (step, seconds): the longest is the stall
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Paint and not self.started:
            self._window.removeEventFilter(self)
            self.started = True
            self._timer.start()  # after this paint has reached the screen
        return False

    def _step(self) -> None:
        if self._next >= len(self._steps) or not self._window.isVisible():
            return  # a window closed meanwhile needs nothing warmed (and may be going away)
        name, run = self._steps[self._next]
        self._next += 1
        began = time.perf_counter()
        try:
            run()
        except Exception as exc:  # unlocking meets it again and says so in its own words
            self.failures.append((name, type(exc).__name__))
        self.slices.append((name, time.perf_counter() - began))
        if self._next < len(self._steps):
            self._timer.start()
        else:
            self.done = True
            self.finished.emit()


def after_first_paint(window: QWidget) -> Warmup:
    """Warm up for ``window`` once it has been painted (owned by it)."""
    return Warmup(window)
