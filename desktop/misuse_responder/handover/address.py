"""A store's hand-over address: what a staff laptop needs to send a case to the DSL.

Saved as a small signed JSON text file (``DSL Ms Okafor.mraddr``) or pasted; it is signed
by its own Ed25519 key, so an address altered in an email or a chat cannot pass, and its
fingerprint is recomputed from the keys, so the one read aloud over the phone is the truth.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyrage import x25519

from misuse_responder.handover import signed
from misuse_responder.handover.errors import AddressError
from misuse_responder.handover.fingerprint import fingerprint
from misuse_responder.handover.keys import HandoverKeys
from misuse_responder.i18n import _

FORMAT = "misuse-responder-address"
VERSION = 1
SUFFIX = ".mraddr"
_FIELDS = {
    "format",
    "version",
    "age_recipient",
    "ed25519",
    "store_id",
    "school",
    "label",
    "fingerprint",
    "signature",
}
_MAX_TEXT = 200


@dataclass(frozen=True)
class HandoverAddress:
    """The public half of a store, with who it belongs to."""

    age_recipient: str
    verify_key_bytes: bytes
    store_id: str
    school: str
    label: str

    @classmethod
    def for_keys(
        cls, keys: HandoverKeys, store_id: str, school: str, label: str
    ) -> HandoverAddress:
        """This store's address, from its keys and the names the DSL chose."""
        return cls(keys.recipient, keys.verify_key_bytes, str(uuid.UUID(store_id)), school, label)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.age_recipient, self.verify_key_bytes)

    @property
    def verify_key(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.verify_key_bytes)

    @property
    def recipient(self) -> x25519.Recipient:
        return x25519.Recipient.from_str(self.age_recipient)

    def to_public_dict(self) -> dict[str, Any]:
        """The fields other documents (manifests) embed to name this store."""
        return {
            "age_recipient": self.age_recipient,
            "ed25519": base64.b64encode(self.verify_key_bytes).decode("ascii"),
            "store_id": self.store_id,
            "school": self.school,
            "label": self.label,
            "fingerprint": self.fingerprint,
        }

    def to_bytes(self, keys: HandoverKeys) -> bytes:
        """The ``.mraddr`` file text, signed with this store's own key."""
        if keys.verify_key_bytes != self.verify_key_bytes:
            raise AddressError(_("This address can only be signed by its own laptop's key."))
        doc = {"format": FORMAT, "version": VERSION, **self.to_public_dict()}
        return signed.sign_doc(doc, keys.signing_key)


def from_public_dict(doc: Any) -> HandoverAddress:
    """An address embedded in another signed document; raises ``ValueError`` if malformed."""
    if not isinstance(doc, dict):
        raise ValueError("not an object")
    texts = [doc.get(k) for k in ("age_recipient", "ed25519", "store_id", "school", "label")]
    if not all(isinstance(t, str) for t in texts):
        raise ValueError("field types")
    recipient, key_b64, store_id, school, label = (str(t) for t in texts)
    if len(school) > _MAX_TEXT or len(label) > _MAX_TEXT or not label.strip():
        raise ValueError("names")
    x25519.Recipient.from_str(recipient)  # raises on a bad recipient
    key = base64.b64decode(key_b64, validate=True)
    Ed25519PublicKey.from_public_bytes(key)
    if str(uuid.UUID(store_id)) != store_id:
        raise ValueError("store id")
    address = HandoverAddress(recipient, key, store_id, school, label)
    if doc.get("fingerprint") != address.fingerprint:
        raise ValueError("fingerprint")
    return address


def parse_address(data: bytes | str) -> HandoverAddress:
    """An address from its file or pasted text, strictly checked.

    Raises ``AddressError`` with one sentence: not an address, damaged, or altered.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        doc = signed.load_doc(raw.strip())
    except (ValueError, UnicodeDecodeError) as exc:
        raise AddressError(_("This is not a hand-over address from Misuse Responder.")) from exc
    if doc.get("format") != FORMAT:
        raise AddressError(_("This is not a hand-over address from Misuse Responder."))
    if doc.get("version") != VERSION:
        raise AddressError(
            _("This hand-over address was made by a newer version of the app; update this one.")
        )
    try:
        if set(doc) != _FIELDS:
            raise ValueError("fields")
        address = from_public_dict(doc)
    except Exception as exc:
        raise AddressError(_("This hand-over address is damaged; ask for it again.")) from exc
    if not signed.verify_doc(doc, address.verify_key):
        raise AddressError(
            _("This hand-over address has been altered since it was made; ask for it again.")
        )
    return address
