"""Every entity through the real encrypted file, the case life cycle, actions and due times."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from misuse_responder.guidance import FactsError
from misuse_responder.store import (
    Capture,
    CaseStore,
    ContactInfo,
    InvalidChange,
    NotFound,
    SchoolProfile,
)
from tests.store.conftest import reopen
from tests.support import BULLYING, Clock


def test_every_entity_round_trips(store: CaseStore, clock: Clock, tmp_path: Path) -> None:
    profile = SchoolProfile(
        "Ysgol Glan Môr",
        "wales",
        (
            ContactInfo("head", "Mr Huw Jones", "Headteacher", "01234 567890", "head@ysgol.cymru"),
            ContactInfo("dsl", "Ms Ffion Evans", "DSL", "01234 567891", "dsl@ysgol.cymru"),
            ContactInfo("deputy-dsl", "Mr Ola Nordmann", "Deputy DSL"),
            ContactInfo("deputy-dsl", "Ms Zoë Åberg", "Deputy DSL"),
            ContactInfo("lado", "LADO team", "", "0300 000 000", "lado@example.gov.uk"),
            ContactInfo("police-101", "Dyfed-Powys Police", "", "101"),
            ContactInfo("dpo", "Ms Data", "DPO", email="dpo@example.org"),
        ),
    )
    store.set_school(profile, "Mr Huw Jones")
    case = store.create_case(BULLYING, "Instagram comments", "Ms Ffion Evans")
    store.open_case(case.id, "Ms Ffion Evans")
    pid = store.add_person(
        case.id,
        role="target",
        kind="pupil",
        name="Łukasz Wójcik",
        by="dsl",
        year_group="Year 9",
        date_of_birth=date(2012, 5, 1),
    )
    store.add_person(case.id, role="subject", kind="pupil", name="Nguyễn Thị Mai", by="dsl")
    entry = store.add_entry(
        case.id,
        "Reported at break.",
        "dsl",
        kind="disclosure",
        occurred_at=datetime(2026, 3, 1, 18, 0, tzinfo=UTC),
    )
    correction = store.correct_entry(entry, "Reported at lunch, not break.", "dsl")
    actions = store.case(case.id).actions
    platform_step = next(a for a in actions if a.step_id == "report-to-platform")
    store.record_action(
        platform_step.id, "done", "dsl", reference="IG-123456", reference_kind="platform"
    )
    tell_parents = next(a for a in store.case(case.id).actions if a.step_id == "tell-parents")
    store.record_action(tell_parents.id, "not-applicable", "dsl", reason="Parents already know")
    shot = tmp_path / "screenshot.txt"
    shot.write_bytes(b"comment text as captured")
    captured = datetime(2026, 3, 1, 19, 30, tzinfo=UTC)
    ev = store.add_evidence_file(
        case.id,
        shot,
        "dsl",
        Capture(
            "Comment under the post",
            "https://instagram.com/p/abc",
            "@someone",
            captured,
            "school iPad 3",
        ),
        shows_child_sexual="no",
    )
    text_ev = store.add_evidence_text(case.id, "u r a loser", "dsl", Capture("Pasted DM"))
    link_ev = store.add_evidence_link(case.id, "https://instagram.com/someone", "dsl")
    store.withdraw_evidence(link_ev, "dsl", "Wrong account")
    store.remove_person(pid + 1, "dsl", "Added to the wrong case")
    store.close_case(case.id, "dsl", "Resolved in school", "Content removed; apology given")

    again = reopen(store)
    try:
        assert again.school() == profile
        d = again.case(case.id)
        assert d.status == "closed" and d.outcome == "Resolved in school"
        assert d.close_reason == "Content removed; apology given"
        assert d.reference == "MR-2026-0001"
        assert d.facts["platform"] == "instagram" and d.facts["concerns"] == ["bullying"]
        assert len(d.assessments) == 1 and d.assessments[0].guide_version == d.guide_version
        assert d.assessments[0].guidance["evidence"] == "capture"
        target, subject = d.people
        assert (target.name, target.year_group, target.date_of_birth) == (
            "Łukasz Wójcik",
            "Year 9",
            "2012-05-01",
        )
        assert subject.name == "Nguyễn Thị Mai" and subject.removed_reason
        first, second = d.entries
        assert first.text == "Reported at break." and first.corrected_by == (correction,)
        assert second.corrects == entry and first.occurred_at == datetime(
            2026, 3, 1, 18, 0, tzinfo=UTC
        )
        done = next(a for a in d.actions if a.step_id == "report-to-platform")
        assert (done.status, done.reference, done.reference_kind) == (
            "done",
            "IG-123456",
            "platform",
        )
        na = next(a for a in d.actions if a.step_id == "tell-parents")
        assert (na.status, na.reason) == ("not-applicable", "Parents already know")
        file_item, text_item, link_item = d.evidence
        assert file_item.id == ev and file_item.original_name == "screenshot.txt"
        assert file_item.captured_at == captured and file_item.device == "school iPad 3"
        assert file_item.url == "https://instagram.com/p/abc" and file_item.account == "@someone"
        assert b"".join(again.read_evidence(ev)) == b"comment text as captured"
        assert text_item.id == text_ev and text_item.text == "u r a loser"
        assert link_item.withdrawn_reason == "Wrong account"
        assert again.verify().ok
    finally:
        again.close()


def test_references_count_per_year(store: CaseStore, clock: Clock) -> None:
    refs = [store.create_case(BULLYING, f"Case {i}", "dsl").reference for i in range(3)]
    clock.now = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    refs.append(store.create_case(BULLYING, "New year", "dsl").reference)
    assert refs == ["MR-2026-0001", "MR-2026-0002", "MR-2026-0003", "MR-2027-0001"]
    assert store.case_id("mr-2026-0002") == store.list_cases().items[-2].id


def test_facts_are_validated_by_the_engine(store: CaseStore) -> None:
    with pytest.raises(FactsError, match="concern"):
        store.create_case({"concerns": ["not-a-concern"]}, "Bad", "dsl")
    with pytest.raises(FactsError):
        store.create_case({"concerns": ["bullying"], "colour": "red"}, "Bad", "dsl")
    assert store.list_cases().items == ()


def test_reassess_keeps_history_and_updates_actions(store: CaseStore, case_id: int) -> None:
    before = {a.step_id for a in store.case(case_id).actions}
    guidance = store.reassess(case_id, {**BULLYING, "concerns": ["bullying", "threats"]}, "dsl")
    d = store.case(case_id)
    assert len(d.assessments) == 2
    assert d.summary.concerns == ("bullying", "threats")
    assert set(guidance.step_ids) <= {a.step_id for a in d.actions}
    assert before <= {a.step_id for a in d.actions}
    store.reassess(case_id, BULLYING, "dsl")
    gone = set(guidance.step_ids) - before
    for action in store.case(case_id).actions:
        if action.step_id in gone:
            assert action.status == "no-longer-advised"


def test_status_life_cycle(store: CaseStore, case_id: int) -> None:
    with pytest.raises(InvalidChange):
        store.reopen_case(case_id, "dsl", "why")
    store.open_case(case_id, "dsl")
    with pytest.raises(InvalidChange):
        store.open_case(case_id, "dsl")
    with pytest.raises(InvalidChange, match="reasons"):
        store.close_case(case_id, "dsl", "No further action", "  ")
    store.close_case(case_id, "dsl", "No further action", "Not a safeguarding matter")
    with pytest.raises(InvalidChange, match="closed"):
        store.add_entry(case_id, "late note", "dsl")
    store.reopen_case(case_id, "dsl", "New messages arrived")
    d = store.case(case_id)
    assert d.status == "open" and d.outcome is None
    with pytest.raises(NotFound):
        store.case(9999)


def test_not_applicable_needs_a_reason(store: CaseStore, case_id: int) -> None:
    action = store.case(case_id).actions[0]
    with pytest.raises(InvalidChange, match="why"):
        store.record_action(action.id, "not-applicable", "dsl")


def test_follow_up_due_times(store: CaseStore, clock: Clock) -> None:
    case = store.create_case(BULLYING, "Due times", "dsl")
    actions = {a.step_id: a for a in store.case(case.id).actions}
    platform = actions["report-to-platform"]
    assert platform.due_at is None  # reporting has no deadline of its own; the reply check does
    rhc = actions["report-harmful-content"]
    assert rhc.due_at is None and rhc.due_label  # waits for the platform report
    clock.advance(hours=5)
    store.record_action(platform.id, "done", "dsl", reference="IG-1", reference_kind="platform")
    rhc = next(a for a in store.case(case.id).actions if a.step_id == "report-harmful-content")
    assert rhc.due_at == clock.now + timedelta(hours=48)


def test_lado_contact_due_in_one_working_day(store: CaseStore, clock: Clock) -> None:
    clock.now = datetime(2026, 3, 6, 15, 0, tzinfo=UTC)  # a Friday afternoon
    facts = {"concerns": ["staff-conduct"], "subject": "staff", "targets": ["pupil"]}
    case = store.create_case(facts, "Allegation about a member of staff", "Head")
    lado = [a for a in store.case(case.id).actions if a.step_id == "contact-lado"]
    assert len(lado) == 1, "the guides route a concern about staff conduct to the LADO"
    assert lado[0].due_at == datetime(2026, 3, 9, 15, 0, tzinfo=UTC)  # Monday, not Saturday
    assert lado[0].due_label == "Speak to the LADO"


def test_add_hours_working_days() -> None:
    from misuse_responder.store.actions import add_hours

    friday = datetime(2026, 3, 6, 10, 0, tzinfo=UTC)
    assert add_hours(friday, 24, True) == datetime(2026, 3, 9, 10, 0, tzinfo=UTC)
    assert add_hours(friday, 24, False) == datetime(2026, 3, 7, 10, 0, tzinfo=UTC)
    saturday = datetime(2026, 3, 7, 20, 0, tzinfo=UTC)
    assert add_hours(saturday, 24, True) == datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def test_correcting_a_missing_entry_and_line_endings(store: CaseStore, case_id: int) -> None:
    with pytest.raises(NotFound, match="entry 999"):
        store.correct_entry(999, "text", "dsl")
    entry = store.add_entry(case_id, "line one\r\nline two\rline three\x07", "dsl")
    text = next(e.text for e in store.case(case_id).entries if e.id == entry)
    assert text == "line one\nline two\nline three"
