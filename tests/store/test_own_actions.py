"""Actions the DSL adds themselves (issue 15 item 14): kept, audited, never retired."""

from __future__ import annotations

import pytest

from misuse_responder.store import CaseStore, InvalidChange
from tests.store.conftest import reopen
from tests.support import NUDES


def test_an_own_action_is_kept_audited_and_survives_reassessment(
    store: CaseStore, case_id: int
) -> None:
    advised = len(store.case(case_id).actions)
    action_id = store.add_own_action(case_id, "  Phone the   parents  ", "Ms DSL")
    store = reopen(store)
    actions = store.case(case_id).actions
    assert len(actions) == advised + 1
    own = next(a for a in actions if a.id == action_id)
    assert own.title == "Phone the parents" and own.status == "pending"
    event = store.audit_trail(case_id)[-1]
    assert event.kind == "action.added" and event.actor == "Ms DSL"
    assert event.data == {"id": action_id, "title": "Phone the parents"}
    store.reassess(case_id, NUDES, "Ms DSL")  # other guidance: the own action stays pending
    own = next(a for a in store.case(case_id).actions if a.id == action_id)
    assert own.status == "pending"
    store.record_action(action_id, "done", "Ms DSL")
    assert next(a for a in store.case(case_id).actions if a.id == action_id).status == "done"
    second = store.add_own_action(case_id, "Meet the Head", "Ms DSL")
    assert second != action_id
    with pytest.raises(InvalidChange):
        store.add_own_action(case_id, "   ", "Ms DSL")
