"""``CaseStore``: the one object the GUI and the command line talk to.

It is an unlocked ``Vault`` plus thin methods over the service modules, so callers
never import peewee or see a live row. Every method returns plain values or frozen
views and raises ``StoreError`` subclasses (or the engine's ``FactsError``) whose
text can be shown to staff as it is. Long jobs (adding a large file, verify, backup)
take a progress callback, for the GUI to run them in a worker thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from misuse_responder.guidance import Guidance, IncidentFacts
from misuse_responder.handover.address import HandoverAddress
from misuse_responder.i18n import _
from misuse_responder.progress import CancelToken
from misuse_responder.store import (
    actions,
    backup,
    blobs,
    cases,
    discard,
    evidence,
    followups,
    handover_custody,
    handover_keys,
    handover_receive,
    handover_removal,
    handover_send,
    records,
    sealing,
    search,
    views,
)
from misuse_responder.store import verify as verifier
from misuse_responder.store.errors import NotFound, StoreError
from misuse_responder.store.evidence import Capture, ShowsChildSexual, WithheldImage
from misuse_responder.store.handover_views import (
    RECIPIENT,
    SENDER,
    CustodyView,
    InboxItem,
    IncomingPreview,
    PeerView,
    ReceiptCheck,
    ReceivedCase,
    SentBundle,
)
from misuse_responder.store.records import ContactInfo, SchoolProfile
from misuse_responder.store.sealing import undecided as undecided_sealed_items
from misuse_responder.store.search import CasePage, CaseQuery
from misuse_responder.store.vault import Vault

if TYPE_CHECKING:
    from misuse_responder.export.pack import ExportResult
    from misuse_responder.oversight.model import School

Facts = Mapping[str, Any] | IncidentFacts

__all__ = ["Capture", "CasePage", "CaseQuery", "CaseStore", "ContactInfo", "SchoolProfile"]


class CaseStore(Vault):
    """An open store. ``CaseStore.create(...)`` / ``CaseStore.open(...)`` to get one."""

    def _on_open(self) -> None:
        """When opened for writing: also seal files an older version left open on
        do-not-capture cases (see store/sealing.py)."""
        parent = getattr(super(), "_on_open", None)
        if parent is not None:
            parent()
        from peewee import DatabaseError

        # Not a reason to refuse opening: reading such a file is refused anyway.
        with contextlib.suppress(DatabaseError, OSError, StoreError):
            sealing.seal_pending(self)

    # --- school ---------------------------------------------------------------------------
    def school(self) -> SchoolProfile:
        return records.school_profile()

    def set_school(self, profile: SchoolProfile, by: str) -> None:
        records.set_school_profile(self, profile, by)

    # --- cases ------------------------------------------------------------------------------
    def create_case(self, facts: Facts, title: str, opened_by: str) -> views.CaseSummary:
        return cases.create_case(self, facts, title, opened_by)

    def reassess(self, case_id: int, facts: Facts, by: str) -> Guidance:
        return cases.reassess(self, case_id, facts, by)

    def guidance(self, case_id: int) -> dict[str, Any]:
        return cases.current_guidance(case_id)

    def open_case(self, case_id: int, by: str) -> None:
        cases.open_case(self, case_id, by)

    def close_case(self, case_id: int, by: str, outcome: str, reason: str) -> None:
        cases.close_case(self, case_id, by, outcome, reason)

    def reopen_case(self, case_id: int, by: str, reason: str) -> None:
        cases.reopen_case(self, case_id, by, reason)

    def discard_draft(self, draft_id: str | None, case_id: int | None, by: str) -> None:
        """The wizard's Discard: the draft case closed as discarded, audited (store/discard.py)."""
        discard.discard_draft(self, draft_id, case_id, by)

    def case(self, case_id: int) -> views.CaseDetail:
        return cases.detail(case_id)

    def case_id(self, reference: str) -> int:
        return cases.by_reference(reference)

    def list_cases(
        self,
        query: CaseQuery | None = None,
        page: int = 1,
        page_size: int = 50,
        with_total: bool = False,
    ) -> CasePage:
        return search.list_cases(query, page, page_size, with_total)

    # --- people, chronology, actions -----------------------------------------------------
    def add_person(
        self,
        case_id: int,
        *,
        role: str,
        kind: str,
        name: str,
        by: str,
        year_group: str | None = None,
        date_of_birth: date | None = None,
    ) -> int:
        return records.add_person(
            self,
            case_id,
            role=role,
            kind=kind,
            name=name,
            by=by,
            year_group=year_group,
            date_of_birth=date_of_birth,
        )

    def remove_person(self, person_id: int, by: str, reason: str) -> None:
        records.remove_person(self, person_id, by, reason)

    def set_person_aliases(self, person_id: int, terms: list[str], by: str) -> tuple[str, ...]:
        return records.set_person_aliases(self, person_id, terms, by)

    def add_entry(
        self,
        case_id: int,
        text: str,
        author: str,
        *,
        kind: str = "note",
        occurred_at: datetime | None = None,
    ) -> int:
        return records.add_entry(self, case_id, text, author, kind=kind, occurred_at=occurred_at)

    def correct_entry(self, entry_id: int, text: str, author: str) -> int:
        """A new entry correcting ``entry_id``; the original stays as it was."""
        from misuse_responder.store import models as m

        original = m.Entry.get_or_none(m.Entry.id == entry_id)
        if original is None:
            raise NotFound(_("There is no chronology entry {id}.").format(id=entry_id))
        return records.add_entry(
            self, original.case_id, text, author, kind="note", corrects=entry_id
        )

    def add_own_action(self, case_id: int, title: str, by: str) -> int:
        """An action the DSL adds themselves; see ``actions.add_own``."""
        return actions.add_own(self, case_id, title, by)

    def record_action(
        self,
        action_id: int,
        status: str,
        by: str,
        *,
        reason: str | None = None,
        reference: str | None = None,
        reference_kind: str | None = None,
        when: datetime | None = None,
    ) -> None:
        actions.record(
            self,
            action_id,
            status,
            by,
            reason=reason,
            reference=reference,
            reference_kind=reference_kind,
            when=when,
        )

    # --- evidence ------------------------------------------------------------------------
    def add_evidence_file(
        self,
        case_id: int,
        source: Path,
        added_by: str,
        capture: Capture | None = None,
        *,
        original_name: str | None = None,
        progress: blobs.Progress | None = None,
        shows_child_sexual: ShowsChildSexual | None = None,
    ) -> int:
        """An image or video needs ``shows_child_sexual="no"`` (else ImageQuestionRefused)."""
        return evidence.add_file(
            self,
            case_id,
            source,
            added_by,
            capture or Capture(),
            original_name=original_name,
            progress=progress,
            shows_child_sexual=shows_child_sexual,
        )

    def record_withheld_image(
        self,
        case_id: int,
        description: str,
        answer: str,
        by: str,
        *,
        file_name: str | None = None,
    ) -> WithheldImage:
        """Record a description instead of an image; the case becomes do-not-capture."""
        return evidence.record_withheld_image(
            self, case_id, description, answer, by, file_name=file_name
        )

    def decide_sealed(self, evidence_id: int, decision: str, reason: str, by: str) -> None:
        """The DSL's decision on a sealed item: "keep-for-police" or "delete-copy"."""
        evidence.decide_sealed(self, evidence_id, decision, reason, by)

    def undecided_sealed(self, case_id: int) -> tuple[views.EvidenceView, ...]:
        """Sealed items of the case still waiting for the DSL's decision."""
        return undecided_sealed_items(case_id)

    def exports_before_sealing(self, case_id: int) -> tuple[sealing.EarlierExport, ...]:
        """Unredacted packs saved before the case's files were sealed (they may show them)."""
        return sealing.exports_before_sealing(case_id)

    def add_evidence_text(
        self, case_id: int, text: str, added_by: str, capture: Capture | None = None
    ) -> int:
        return evidence.add_text(self, case_id, text, added_by, capture or Capture())

    def add_evidence_link(
        self, case_id: int, url: str, added_by: str, capture: Capture | None = None
    ) -> int:
        return evidence.add_link(self, case_id, url, added_by, capture or Capture())

    def withdraw_evidence(self, evidence_id: int, by: str, reason: str) -> None:
        evidence.withdraw(self, evidence_id, by, reason)

    def read_evidence(self, evidence_id: int) -> Iterator[bytes]:
        return evidence.read_file(self, evidence_id)

    def export_evidence(self, evidence_id: int, dest: Path) -> str:
        return evidence.export_file(self, evidence_id, dest)

    # --- integrity and backups ---------------------------------------------------------------
    # --- follow-ups and the audit trail --------------------------------------------------------
    def next_due(self, case_ids: list[int]) -> dict[int, datetime]:
        """The earliest pending follow-up of each case that has one."""
        return followups.next_due_by_case(case_ids)

    def due_follow_ups(self, until: datetime) -> list[followups.DueFollowUp]:
        """Pending follow-ups on cases not closed, due by ``until``, soonest first."""
        return followups.due_follow_ups(until)

    def audit_trail(self, case_id: int) -> list[followups.AuditRow]:
        """Every audit event recorded against the case, oldest first (read-only)."""
        return followups.audit_trail(case_id)

    def verify(self, progress: Callable[[int, int], None] | None = None) -> verifier.Report:
        return verifier.verify(self, progress)

    def backup(self, target: Path, progress: Callable[[int, int], None] | None = None) -> int:
        return backup.backup(self, target, progress)

    # --- hand-over between laptops (store/handover_*.py) ---------------------------------
    def handover_address(self) -> HandoverAddress:
        """This laptop's address (public keys, store id, school, label, fingerprint)."""
        return handover_keys.address()

    def handover_address_file(self) -> bytes:
        """The signed ``.mraddr`` text to save or copy for staff laptops."""
        return handover_keys.address_file()

    def set_handover_label(self, label: str, by: str) -> str:
        """The name others see for this laptop ("DSL Ms Okafor"); audited."""
        return handover_keys.set_label(self, label, by)

    def handover_recipients(self) -> tuple[PeerView, ...]:
        return handover_keys.peers(RECIPIENT)

    def add_handover_recipient(self, data: bytes | str, by: str) -> PeerView:
        """Add a DSL team address (file bytes or pasted text); audited."""
        return handover_keys.add_recipient(self, data, by)

    def remove_handover_recipient(self, fingerprint: str, by: str) -> None:
        handover_keys.remove_recipient(self, fingerprint, by)

    def known_senders(self) -> tuple[PeerView, ...]:
        """Laptops whose hand-overs this store has accepted."""
        return handover_keys.peers(SENDER)

    def send_handover(
        self,
        case_id: int,
        out_dir: Path,
        by: str,
        *,
        recipients: Sequence[str] | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> SentBundle:
        """Write ``MR-… for ….mrcase`` into ``out_dir`` for the recipients (default: all)."""
        return handover_send.send(
            self, case_id, out_dir, by, recipients=recipients, progress=progress, cancel=cancel
        )

    def preview_handover(
        self,
        path: Path,
        cancel: CancelToken | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> IncomingPreview:
        """Decrypt and check a bundle; nothing is stored (``accept_handover`` does that)."""
        return handover_receive.preview(self, path, cancel, progress)

    def accept_handover(
        self,
        incoming: IncomingPreview,
        by: str,
        *,
        trust_new_sender: bool = False,
        receipt_dir: Path | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> ReceivedCase:
        """Store a previewed bundle; raises ``UnknownSender`` unless the sender is known or
        ``trust_new_sender`` (the DSL checked the fingerprint). Writes the receipt."""
        return handover_receive.accept(
            self,
            incoming,
            by,
            trust_new_sender=trust_new_sender,
            receipt_dir=receipt_dir,
            progress=progress,
            cancel=cancel,
        )

    def discard_handover(self, incoming: IncomingPreview) -> None:
        handover_receive.discard(incoming)

    def handover_receipt(self, case_id: int) -> tuple[str, bytes]:
        """The receipt of the last hand-over received for the case, to save again."""
        return handover_receive.latest_receipt(case_id)

    def handover_inbox(
        self,
        folder: Path,
        progress: Callable[[int, int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> list[InboxItem]:
        return handover_receive.inbox(folder, progress, cancel)

    def handover_inbox_folder(self) -> str | None:
        """The synced folder hand-overs arrive in, if the school set one."""
        return handover_keys.inbox_folder()

    def set_handover_inbox_folder(self, folder: str | None, by: str) -> None:
        handover_keys.set_inbox_folder(self, folder, by)

    def check_receipt(self, data: bytes) -> ReceiptCheck:
        """A receipt from the DSL's laptop, checked against what this laptop sent."""
        return handover_removal.check(data)

    def remove_handed_over(self, receipt: ReceiptCheck, by: str) -> None:
        """Leave only the case's stub (needs a checked receipt)."""
        handover_removal.remove(self, receipt, by)

    def custody(self, case_id: int) -> tuple[CustodyView, ...]:
        return handover_custody.custody(case_id)

    # --- trust-wide oversight (store/oversight_trust.py) ---------------------------------
    def trust_address(self) -> HandoverAddress | None:
        """The trust's address this school's summary files are encrypted to, if set."""
        from misuse_responder.store import oversight_trust

        return oversight_trust.trust_address()

    def set_trust_address(self, data: bytes | str | None, by: str) -> HandoverAddress | None:
        """Set the trust's address from its ``.mraddr`` text (``None`` clears it); audited."""
        from misuse_responder.store import oversight_trust

        return oversight_trust.set_trust_address(self, data, by)

    def write_trust_summary(
        self,
        start: date,
        end: date,
        dest: Path,
        by: str,
        progress: Callable[[int, int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> Path:
        """Write the ``.mrsummary`` of cases opened ``start``..``end`` for the trust;
        ``OversightError`` if no trust address is set. Audited."""
        from misuse_responder.store import oversight_trust

        return oversight_trust.write_trust_summary(self, start, end, dest, by, progress, cancel)

    def trusted_schools(self) -> tuple[School, ...]:
        """The schools this trust's store confirmed before (by fingerprint)."""
        from misuse_responder.store import oversight_trust

        return oversight_trust.trusted_schools()

    def trust_report(
        self,
        paths: Sequence[Path],
        out: Path,
        by: str,
        *,
        previous: Sequence[Path] = (),
        confirmed: Collection[str] = (),
        csv_out: Path | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> ExportResult:
        """The trust's report from the schools' ``.mrsummary`` files (read with this store's
        identity); ``UnknownSchools`` lists the schools to confirm. Nothing is written when
        it raises; on success newly confirmed schools are kept as trusted. Audited."""
        from misuse_responder.store import oversight_trust

        return oversight_trust.trust_report(
            self,
            paths,
            out,
            by,
            previous=previous,
            confirmed=confirmed,
            csv_out=csv_out,
            progress=progress,
            cancel=cancel,
        )
