"""Fixtures for the case store: a real encrypted store in the test's data folder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore

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


@pytest.fixture
def root(isolated_data_dir: Path) -> Path:
    return isolated_data_dir


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))  # a Monday


@pytest.fixture
def new_store(root: Path, clock: Clock) -> Iterator[tuple[CaseStore, str]]:
    store, recovery = CaseStore.create(
        root, PASSPHRASE, SCHOOL, actor="Ms Head", kdf=FAST_KDF_FOR_TESTS, clock=clock
    )
    yield store, recovery
    store.close()


@pytest.fixture
def store(new_store: tuple[CaseStore, str]) -> CaseStore:
    return new_store[0]


@pytest.fixture
def case_id(store: CaseStore) -> int:
    return store.create_case(BULLYING, "Comments on a Year 9 pupil's post", "Ms DSL").id


def reopen(store: CaseStore, clock: Clock | None = None) -> CaseStore:
    """Close ``store`` and open its files again from disk with the passphrase."""
    store.close()
    return CaseStore.open(store.paths.root, PASSPHRASE, clock=clock or store.clock)
