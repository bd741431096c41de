"""The signed receipt the DSL's laptop writes after a hand-over passed every check.

The sender's app removes a case from the staff laptop only on a valid receipt, so a receipt
is checked against the addresses this laptop actually handed over to (never a key carried in
the receipt itself) and against the bundles it actually sent.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from misuse_responder.handover import signed
from misuse_responder.handover.address import HandoverAddress
from misuse_responder.handover.errors import ReceiptError
from misuse_responder.handover.keys import HandoverKeys
from misuse_responder.i18n import _

FORMAT = "misuse-responder-receipt"
VERSION = 1
SUFFIX = ".mrreceipt"
_FIELDS = {
    "format",
    "version",
    "case_uuid",
    "bundle_sha256",
    "receiver_store_id",
    "receiver_fingerprint",
    "received_at",
    "checks",
    "signature",
}


@dataclass(frozen=True)
class Receipt:
    """A verified receipt: which bundle of which case reached which store, and when."""

    case_uuid: str
    bundle_sha256: str
    receiver: HandoverAddress
    received_at: str
    checks: tuple[str, ...]


def write_receipt(
    keys: HandoverKeys,
    receiver: HandoverAddress,
    case_uuid: str,
    bundle_sha256: str,
    checks: Sequence[str],
    received_at: datetime | None = None,
) -> bytes:
    """The receipt file's bytes, signed by the receiving store."""
    if keys.verify_key_bytes != receiver.verify_key_bytes:
        raise ReceiptError(_("This laptop's hand-over keys do not match its address."))
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "case_uuid": str(uuid.UUID(case_uuid)),
        "bundle_sha256": bundle_sha256,
        "receiver_store_id": receiver.store_id,
        "receiver_fingerprint": receiver.fingerprint,
        "received_at": (received_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        "checks": list(checks),
    }
    return signed.sign_doc(doc, keys.signing_key)


def read_receipt(
    data: bytes,
    recipients: Sequence[HandoverAddress],
    sent: Collection[tuple[str, str]],
) -> Receipt:
    """A receipt checked against ``recipients`` and the ``(case_uuid, bundle_sha256)`` sent.

    Raises ``ReceiptError`` with one sentence: not a receipt, damaged, from a laptop this one
    never handed over to, signed by the wrong key, or for a case never sent from here.
    """
    try:
        doc = signed.load_doc(data.strip())
    except (ValueError, UnicodeDecodeError) as exc:
        raise ReceiptError(_("This is not a hand-over receipt from Misuse Responder.")) from exc
    if doc.get("format") != FORMAT:
        raise ReceiptError(_("This is not a hand-over receipt from Misuse Responder."))
    if doc.get("version") != VERSION:
        raise ReceiptError(
            _("This receipt was made by a newer version of the app; update this one.")
        )
    checks = doc.get("checks")
    texts = [doc.get(k) for k in _FIELDS - {"format", "version", "checks"}]
    if (
        set(doc) != _FIELDS
        or not all(isinstance(t, str) for t in texts)
        or not isinstance(checks, list)
        or not all(isinstance(c, str) for c in checks)
    ):
        raise ReceiptError(_("This receipt is damaged."))
    by_fingerprint = {r.fingerprint: r for r in recipients}
    receiver = by_fingerprint.get(str(doc["receiver_fingerprint"]))
    if receiver is None or receiver.store_id != doc["receiver_store_id"]:
        raise ReceiptError(
            _("This receipt is from a laptop this one has never handed a case over to.")
        )
    if not signed.verify_doc(doc, receiver.verify_key):
        raise ReceiptError(
            _("This receipt is not signed by the laptop it names, so it cannot be trusted.")
        )
    key = (str(doc["case_uuid"]), str(doc["bundle_sha256"]))
    if key not in sent:
        raise ReceiptError(_("This receipt is for a case that was never sent from this laptop."))
    return Receipt(key[0], key[1], receiver, str(doc["received_at"]), tuple(checks))
