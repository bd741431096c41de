"""The incident wizard (see ``wizard.py``) and the drafts it leaves for resuming."""

from misuse_responder.store.drafts import DraftInfo
from misuse_responder.ui.wizard.ids import PageId
from misuse_responder.ui.wizard.wizard import IncidentWizard, pending_drafts

__all__ = ["DraftInfo", "IncidentWizard", "PageId", "pending_drafts"]
