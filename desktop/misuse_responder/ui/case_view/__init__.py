"""The case view: one existing case in tabs (summary, people, chronology, actions,
evidence, audit trail)."""

from misuse_responder.ui.case_view.view import CaseView

__all__ = ["CaseView"]
