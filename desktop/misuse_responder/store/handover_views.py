"""Plain snapshots of the hand-over side of a store, for the GUI and the command line.

Like store/views.py: frozen values, never live rows, so a screen cannot change a record of
who handed what to whom behind the audit trail's back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

RECIPIENT, SENDER = "recipient", "sender"
SENT, RECEIVED, REMOVED = "sent", "received", "removed"


@dataclass(frozen=True)
class PeerView:
    """A laptop this store knows: one it hands cases to (recipient) or has received from."""

    fingerprint: str
    label: str
    school: str
    store_id: str
    role: str  # RECIPIENT | SENDER
    added_at: datetime
    added_by: str


@dataclass(frozen=True)
class Party:
    """One end of a hand-over, as the signed documents named it."""

    label: str
    fingerprint: str
    school: str = ""


@dataclass(frozen=True)
class CustodyView:
    """One link of a case's chain of custody across laptops.

    ``sent``: this store wrote a bundle; ``received``: this store took one in (every check
    named in ``checks`` passed); ``removed``: the case's records left this store on a
    valid receipt. ``evidence`` lists the SHA-256 of every evidence original carried.
    Custody rows received inside a bundle keep the times and names the sender recorded.
    """

    kind: str
    at: datetime
    by: str
    sender: Party
    recipients: tuple[Party, ...]
    bundle_sha256: str
    checks: tuple[str, ...]
    evidence: tuple[str, ...]
    origin_reference: str | None = None
    receipt_sha256: str | None = None


@dataclass(frozen=True)
class SentBundle:
    """A hand-over written to a folder."""

    path: Path
    sha256: str
    size: int
    recipients: tuple[Party, ...]
    evidence_count: int
    left_sealed: int  # sealed files that stay on this laptop (they never travel)


@dataclass(frozen=True)
class NewItems:
    """What accepting a bundle would add: counts of records the store does not hold yet."""

    new_case: bool
    entries: int
    evidence: int
    people: int
    actions: int
    assessments: int
    status_change: str | None  # the sender's new status, when it changed since last time

    @property
    def nothing(self) -> bool:
        return not self.new_case and not (
            self.entries
            or self.evidence
            or self.people
            or self.actions
            or self.assessments
            or self.status_change
        )


@dataclass(frozen=True)
class IncomingPreview:
    """A bundle that passed every check, decrypted into a private staging folder.

    Nothing is stored until ``CaseStore.accept_handover``; ``CaseStore.discard_handover``
    (or accepting) removes the staging folder.
    """

    path: Path
    bundle_sha256: str
    size: int
    case_uuid: str
    origin_reference: str
    title: str
    sender: Party
    sender_known: bool
    sender_name: str  # the member of staff who sent it
    created_at: datetime
    checks: tuple[str, ...]
    new: NewItems
    local_case_id: int | None  # the case already here (a later hand-over), else None
    staging: Path


@dataclass(frozen=True)
class ReceivedCase:
    """The result of accepting a bundle."""

    case_id: int
    reference: str
    origin_reference: str
    new: NewItems
    receipt_path: Path | None
    receipt_error: str | None  # why no receipt could be written beside the bundle


@dataclass(frozen=True)
class ReceiptCheck:
    """A valid receipt for a case this laptop handed over."""

    case_id: int
    reference: str
    receiver: Party
    received_at: datetime
    bundle_sha256: str
    receipt_sha256: str
    already_removed: bool


@dataclass(frozen=True)
class InboxItem:
    """One ``.mrcase`` file waiting in the inbox folder (the app never deletes it)."""

    path: Path
    size: int
    modified: datetime
    for_this_laptop: bool
    addressed_to: tuple[str, ...]  # the labels it is addressed to
    already_received: bool
    problem: str | None  # one sentence when the file cannot even be read
