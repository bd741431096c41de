"""What is due, per case and across cases, and a case's audit trail, as plain values."""

from __future__ import annotations

from datetime import timedelta

from misuse_responder.store import CaseStore
from tests.support import BULLYING, Clock


def test_due_follow_ups_follow_the_platform_report(store: CaseStore, clock: Clock) -> None:
    a = store.create_case(BULLYING, "Reported", "dsl")
    b = store.create_case(BULLYING, "Not yet reported", "dsl")
    closed = store.create_case(BULLYING, "Closed", "dsl")
    for case in (a, closed):
        report = next(x for x in store.case(case.id).actions if x.step_id == "report-to-platform")
        store.record_action(report.id, "done", "dsl", reference="IG-1", reference_kind="platform")
    store.close_case(closed.id, "dsl", "Removed", "The platform removed the post.")
    reported_at = clock.now

    assert store.next_due([a.id, b.id]) == {a.id: reported_at + timedelta(hours=48)}
    assert store.due_follow_ups(reported_at + timedelta(hours=47)) == []
    clock.advance(hours=49)
    due = store.due_follow_ups(clock.now)
    assert [(d.case_id, d.reference) for d in due] == [(a.id, a.reference)]  # closed ones drop out
    assert due[0].label.startswith("Check the platform's reply")
    assert due[0].due_at == reported_at + timedelta(hours=48)


def test_audit_trail_of_a_case_in_order(store: CaseStore) -> None:
    case = store.create_case(BULLYING, "Trail", "dsl")
    store.add_entry(case.id, "Spoke to the pupil.", "dsl")
    store.open_case(case.id, "dsl")
    trail = store.audit_trail(case.id)
    seqs = [row.seq for row in trail]
    assert seqs == sorted(seqs) and len(trail) >= 3
    kinds = [row.kind for row in trail]
    assert kinds[0].startswith("case") and any("entry" in k for k in kinds)
    assert all(row.actor == "dsl" for row in trail)
