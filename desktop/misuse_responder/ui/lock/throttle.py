"""Slowing down repeated wrong passphrases: a growing wait after five failures.

Someone who has the laptop for a lunch hour could otherwise try a list of likely
passphrases by hand or with a script driving the keyboard. The first five mistakes cost
nothing (everyone mistypes); after that each wrong try doubles the wait, from 5 seconds up
to 5 minutes. The count is kept in the data folder, so closing and reopening the app does
not reset it; the right passphrase (or the recovery key) does.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from pathlib import Path

from misuse_responder.store.paths import atomic_write

FREE_TRIES = 5
FIRST_WAIT = 5.0
MAX_WAIT = 300.0
FILE_NAME = "unlock-attempts.json"

Clock = Callable[[], float]


class Throttle:
    """Counts wrong unlocks and says how long to wait before the next try."""

    def __init__(self, data_dir: Path | None, clock: Clock = time.time) -> None:
        self._path = None if data_dir is None else data_dir / FILE_NAME
        self._clock = clock
        self.failures = 0
        self._until = 0.0
        self._load()

    def _load(self) -> None:
        if self._path is None:
            return
        try:
            doc = json.loads(self._path.read_text("utf-8"))
            self.failures = max(0, int(doc["failures"]))
            self._until = float(doc["until"])
        except (OSError, ValueError, KeyError, TypeError):
            return
        # A clock set back (or a file edited) must not mean waiting for years.
        self._until = min(self._until, self._clock() + MAX_WAIT)

    def _save(self) -> None:
        if self._path is None or not self._path.parent.is_dir():
            return
        doc = {"failures": self.failures, "until": self._until}
        with contextlib.suppress(OSError):  # a full disk must not stop anyone unlocking
            atomic_write(self._path, json.dumps(doc).encode("utf-8"))

    def wait_after(self, failures: int) -> float:
        """Seconds to wait after ``failures`` wrong tries in a row."""
        if failures < FREE_TRIES:
            return 0.0
        return min(MAX_WAIT, FIRST_WAIT * 2 ** (failures - FREE_TRIES))

    def remaining(self) -> float:
        """Seconds before the next try is allowed (0: now)."""
        return max(0.0, self._until - self._clock())

    def failed(self) -> float:
        """Record a wrong try; returns the wait it now costs."""
        self.failures += 1
        wait = self.wait_after(self.failures)
        self._until = self._clock() + wait
        self._save()
        return wait

    def succeeded(self) -> None:
        self.failures = 0
        self._until = 0.0
        if self._path is not None:
            with contextlib.suppress(OSError):
                self._path.unlink(missing_ok=True)
