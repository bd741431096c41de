"""The case view: one existing case in tabs (summary, people, chronology, actions,
evidence, audit trail). ``CaseView`` is imported on first use, so the case list can use
``case_view.queries`` without loading every tab at start-up."""

from __future__ import annotations

from typing import Any

__all__ = ["CaseView"]


def __getattr__(name: str) -> Any:
    if name == "CaseView":
        from misuse_responder.ui.case_view.view import CaseView

        return CaseView
    raise AttributeError(name)
