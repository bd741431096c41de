"""A school's counts for the trust, from a real store: by id, drafts left out, each case
once per category, and the exclusive sections summing to the case count."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from misuse_responder.export import summary
from misuse_responder.oversight.counts import school_counts
from misuse_responder.oversight.model import CLOSE_BANDS, EXCLUSIVE, SECTIONS
from misuse_responder.progress import Cancelled, CancelToken, no_progress
from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore
from tests.support import BULLYING, NUDES, PASSPHRASE, SCHOOL, Clock

DSL = "Dana Okafor"
HEAD_SUBJECT: dict[str, Any] = {
    "concerns": ["staff-conduct"],
    "targets": ["pupil"],
    "subject": "headteacher",
    "subject_identified": True,
}
TWO_CONCERNS: dict[str, Any] = {
    "concerns": ["bullying", "threats"],
    "targets": ["pupil", "staff", "pupil"],
    "subject": "pupil",
    "platform": "tiktok",
}
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
def store(isolated_data_dir: Path, clock: Clock) -> Iterator[CaseStore]:
    s, _recovery = CaseStore.create(
        isolated_data_dir, PASSPHRASE, SCHOOL, actor=DSL, kdf=FAST_KDF_FOR_TESTS, clock=clock
    )
    yield s
    s.close()


def _case(store: CaseStore, clock: Clock, facts: dict[str, Any], days: float | None) -> int:
    """An opened case, closed ``days`` after it was opened (None: left open)."""
    cid = store.create_case(facts, "A title naming Quentin", DSL).id
    store.open_case(cid, DSL)
    if days is not None:
        clock.advance(days=days)
        store.close_case(cid, DSL, "Outcome text", "Reasons text")
        clock.advance(days=-days)
    clock.advance(hours=1)
    return cid


def _done(store: CaseStore, case_id: int, step: str) -> None:
    action = next(a for a in store.case(case_id).actions if a.step_id == step)
    store.record_action(action.id, "done", DSL)


def _school(store: CaseStore, clock: Clock, *, draft: bool = True) -> None:
    clock.now = datetime(2025, 12, 31, 23, 0, tzinfo=UTC)
    _case(store, clock, BULLYING, 2)  # opened the year before: not counted
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    _case(store, clock, BULLYING, 0.5)
    _case(store, clock, BULLYING, 5)
    nudes = _case(store, clock, NUDES, None)
    _done(store, nudes, "report-to-iwf")
    _done(store, nudes, "seek-police-advice")
    head = _case(store, clock, HEAD_SUBJECT, 40)
    _done(store, head, "contact-lado")
    _case(store, clock, TWO_CONCERNS, 10)
    if draft:
        store.create_case(BULLYING, "A draft never opened", DSL)  # drafts are not counted


def test_counts_by_id(store: CaseStore, clock: Clock) -> None:
    _school(store, clock)
    cases, counts = school_counts(*YEAR)
    assert cases == 5
    assert set(counts) == set(SECTIONS)
    assert counts["concern"] == {"bullying": 3, "nude-imagery": 1, "staff-conduct": 1, "threats": 1}
    assert counts["platform"] == {"instagram": 2, "other": 2, "tiktok": 1}
    # the pupil named twice in one case counts once for it
    assert counts["affected"] == {"pupil": 5, "staff": 1}
    assert counts["status"] == {"open": 1, "closed": 4}
    assert counts["police"] == {"none": 3, "consider": 2}
    assert counts["time_to_close"] == dict.fromkeys(CLOSE_BANDS, 1)
    assert counts["classification"] == {
        "contact/aggressive": 3,
        "conduct/aggressive": 3,
        "conduct/sexual": 1,
        "content/sexual": 1,
        "contact/values": 1,
        "conduct/values": 1,
    }
    assert counts["referrals_advised"] == {
        "platform": 3,
        "report-harmful-content": 3,
        "police:consider": 2,
        "iwf": 1,
        "report-remove": 1,
        "chair": 1,
        "lado": 1,
        "posh": 1,
    }
    assert counts["referrals_made"] == {"iwf": 1, "police:consider": 1, "lado": 1}


def test_exclusive_sections_sum_to_the_cases(store: CaseStore, clock: Clock) -> None:
    _school(store, clock)
    cases, counts = school_counts(*YEAR)
    for section in EXCLUSIVE:
        assert sum(counts[section].values()) == cases, section
    for section in SECTIONS:
        assert all(0 < n <= cases for n in counts[section].values()), section
    for referral, made in counts["referrals_made"].items():
        assert made <= counts["referrals_advised"][referral]


def test_the_same_figures_as_the_governors_summary(store: CaseStore, clock: Clock) -> None:
    """Without drafts the governors' tally counts the same cases: each section holds the
    same figures, only labelled instead of by id."""
    _school(store, clock, draft=False)
    cases, counts = school_counts(*YEAR)
    tally = summary.tally(*YEAR, no_progress, CancelToken())
    assert tally.total == cases
    assert len(tally.sections) == len(SECTIONS)
    for section, counter in zip(SECTIONS, tally.sections.values(), strict=True):
        assert sorted(counts[section].values()) == sorted(counter.values()), section


def test_no_cases_and_other_periods(store: CaseStore, clock: Clock) -> None:
    assert school_counts(*YEAR) == (0, {s: {} for s in SECTIONS})
    _school(store, clock)
    cases, counts = school_counts(date(2025, 12, 31), date(2025, 12, 31))
    assert cases == 1
    assert counts["time_to_close"] == {"2-7-days": 1}
    # both dates are included: the whole of 2 March
    assert school_counts(date(2026, 3, 2), date(2026, 3, 2))[0] == 5


def test_progress_and_cancel(store: CaseStore, clock: Clock) -> None:
    _school(store, clock)
    seen: list[tuple[int, int]] = []
    school_counts(*YEAR, lambda done, total: seen.append((done, total)))
    assert seen[-1] == (5, 5)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        school_counts(*YEAR, cancel=token)
