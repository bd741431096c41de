"""The support page offers what the engine decides (ages, who does the DSL's job)."""

from __future__ import annotations

from collections.abc import Callable

from misuse_responder.ui.wizard import IncidentWizard, PageId


def _support_ids(wizard: IncidentWizard, **facts: object) -> set[str]:
    state = wizard.ctx.state
    state.danger = False
    state.concerns = ["nude-imagery"]
    state.targets = ["pupil"]
    state.subject = "pupil"
    for key, value in facts.items():
        setattr(state, key, value)
    page = wizard.page(PageId.SUPPORT)
    page.load()
    return set(page.boxes)


def test_report_remove_only_for_a_child(make_wizard: Callable[..., IncidentWizard]) -> None:
    wizard = make_wizard()
    assert "pupil-report-remove" in _support_ids(wizard, target_age="13-15")
    # Report Remove is for under-18s: an 18-year-old sixth-former is not offered it.
    assert "pupil-report-remove" not in _support_ids(wizard, target_age="18-plus")
