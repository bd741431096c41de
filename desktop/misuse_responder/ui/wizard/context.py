"""What every page shares: the vault, the author, the state, and the engine's guidance.

The route through the wizard (``next_page``) is decided here from the ``Guidance``
object alone: which pages exist for this incident is whatever the engine advised
(do-not-capture → the stop page; a platform referral → the platform page; a police
level or an outside referral → the agencies page). No rule is restated in the UI.
"""

from __future__ import annotations

from dataclasses import dataclass

from misuse_responder import labels as shared
from misuse_responder.guidance import FactsError, Guidance, IncidentFacts, assess
from misuse_responder.guidance.guide_text import shown_guides
from misuse_responder.guidance.guides import Guides, Service
from misuse_responder.guidance.jurisdictions import guides_for
from misuse_responder.store import contact_roles, profile_facts, records
from misuse_responder.store.records import ContactInfo
from misuse_responder.store.vault import Vault
from misuse_responder.ui.wizard.ids import PageId
from misuse_responder.ui.wizard.state import DANGER_CONCERN, WizardState

# Which page shows which of the engine's referral ids (presentation, not a rule).
PLATFORM_REFERRALS = ("platform", "platform-underage", "platform-impersonation")


@dataclass(frozen=True)
class Agency:
    """An outside agency the guidance names: its step (for the action) and its service."""

    key: str  # "police" or the referral id
    step_id: str
    service: Service


class WizardContext:
    def __init__(self, vault: Vault, author: str, state: WizardState) -> None:
        self.vault = vault
        self.author = author
        self.state = state
        # Who holds the DSL role and where the school is, from the school profile (read
        # afresh, also for a draft): the nation decides the guidance and its words.
        profile = records.school_profile()
        state.school = profile_facts(profile)
        state.jurisdiction = profile.jurisdiction
        self.jurisdiction = profile.jurisdiction
        self.guides: Guides = guides_for(shown_guides(), profile.jurisdiction)
        self.saved = False  # set once the review page has saved the case as open
        self._cache: tuple[tuple[object, ...], Guidance | None] | None = None

    # --- the engine -----------------------------------------------------------------------
    def guidance(self) -> Guidance | None:
        """The guidance for the facts entered so far (None until the facts are valid)."""
        key = tuple(sorted((k, str(v)) for k, v in self.state.facts_data().items()))
        if self._cache is None or self._cache[0] != key:
            try:
                result: Guidance | None = assess(self.state.facts(), self.guides)
            except FactsError:
                result = None
            self._cache = (key, result)
        return self._cache[1]

    def danger_guidance(self) -> Guidance:
        """The guidance for the one fact known on the safety page: someone is in danger."""
        facts = IncidentFacts(concerns=(DANGER_CONCERN,), jurisdiction=self.jurisdiction)
        return assess(facts, self.guides)

    def next_page(self, page: PageId) -> int:
        state = self.state
        if page == PageId.SAFETY:
            if state.danger and self.danger_guidance().police == "999":
                return PageId.DANGER
            return PageId.WHAT_HAPPENED
        if page == PageId.DANGER:
            return PageId.WHAT_HAPPENED
        g = self.guidance()
        if page == PageId.WHAT_HAPPENED:
            if g is not None and g.evidence == "do-not-capture":
                return PageId.STOP
            return PageId.STEPS
        order = [
            PageId.STOP,
            PageId.STEPS,
            PageId.PEOPLE,
            PageId.EVIDENCE,
            PageId.PLATFORM,
            PageId.AGENCIES,
            PageId.TELL,
            PageId.SUPPORT,
            PageId.REVIEW,
        ]
        if page not in order or page == PageId.REVIEW:
            return -1
        for candidate in order[order.index(page) + 1 :]:
            if candidate == PageId.PLATFORM and not self.platform_referrals():
                continue
            if candidate == PageId.AGENCIES and not self.agencies():
                continue
            return candidate
        return -1

    def route(self) -> list[PageId]:
        """The pages a walk-through takes from the start with the answers so far."""
        pages = [PageId.SAFETY]
        for _step in range(len(PageId)):
            following = self.next_page(pages[-1])
            if following == -1 or PageId(following) in pages:
                break
            pages.append(PageId(following))
        return pages

    def platform_referrals(self) -> list[str]:
        g = self.guidance()
        return [] if g is None else [r for r in g.refer_to if r in PLATFORM_REFERRALS]

    def agencies(self) -> list[Agency]:
        """Police (at the advised level) and every outside referral the guidance names."""
        g = self.guidance()
        if g is None:
            return []
        found: list[Agency] = []
        if g.police != "none":
            step_id = self.guides.routing.police[g.police]
            service = self.guides.steps[step_id].service
            if service:
                found.append(Agency("police", step_id, self.guides.services[service]))
        for ref in g.refer_to:
            if ref in PLATFORM_REFERRALS:
                continue
            step_id = self.guides.routing.refer_to[ref]
            service = self.guides.steps[step_id].service
            if service:
                found.append(Agency(ref, step_id, self.guides.services[service]))
        return found

    # --- the school -------------------------------------------------------------------------
    def contacts_for(self, escalation: str) -> list[ContactInfo]:
        return contact_roles.contacts_for(records.school_profile().contacts, escalation)

    def dsl_contacts(self) -> list[ContactInfo]:
        return self.contacts_for("dsl")

    def role(self, escalation: str, *, short: bool = False) -> str:
        """What the school's nation calls one of the engine's escalation ids."""
        return shared.escalation(escalation, self.guides, self.jurisdiction, short=short)

    def role_exists(self, role: str) -> bool:
        return shared.role_exists(self.guides, self.jurisdiction, role)

    def head_lead(self) -> str:
        """Who leads in this nation when the Head is involved (the pack's rule)."""
        return shared.head_lead(self.guides)


def describe_contact(contact: ContactInfo) -> str:
    parts = [contact.name or "", contact.title or "", contact.phone or "", contact.email or ""]
    return ", ".join(p for p in parts if p)
