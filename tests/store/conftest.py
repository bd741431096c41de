"""Fixtures for the case store: a real encrypted store in the test's data folder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore
from tests.support import BULLYING, PASSPHRASE, SCHOOL, Clock


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
