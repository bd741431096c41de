"""Test data shared by the store, UI and export suites."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

PASSPHRASE = "correct horse battery staple"
SCHOOL = "St Hilda's C of E Academy"

BULLYING: dict[str, Any] = {
    "concerns": ["bullying"],
    "targets": ["pupil"],
    "subject": "pupil",
    "subject_identified": True,
    "platform": "instagram",
}
NUDES: dict[str, Any] = {"concerns": ["nude-imagery"], "targets": ["pupil"], "subject": "pupil"}


class Clock:
    """A clock the test moves by hand (for references per year and due times)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
