"""A store's hand-over key pair: age X25519 for receiving, Ed25519 for signing.

The secret form is a small JSON document so the store can keep it inside its encrypted
database and never on disk in the clear; the public parts go into the hand-over address.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyrage import x25519

from misuse_responder.handover.errors import HandoverError
from misuse_responder.handover.fingerprint import fingerprint
from misuse_responder.i18n import _

_VERSION = 1


@dataclass(frozen=True)
class HandoverKeys:
    """The private keys of one store (never leave the encrypted store)."""

    identity: x25519.Identity
    signing_key: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> HandoverKeys:
        """Fresh keys for a new (or migrated) store."""
        return cls(x25519.Identity.generate(), Ed25519PrivateKey.generate())

    def to_secret_bytes(self) -> bytes:
        """The private keys as bytes for the encrypted database (treat like a password)."""
        raw = self.signing_key.private_bytes_raw()
        doc = {
            "version": _VERSION,
            "age_identity": str(self.identity),
            "ed25519": base64.b64encode(raw).decode("ascii"),
        }
        return json.dumps(doc, sort_keys=True).encode("utf-8")

    @classmethod
    def from_secret_bytes(cls, data: bytes) -> HandoverKeys:
        """Keys saved by ``to_secret_bytes``; a damaged value raises ``HandoverError``."""
        try:
            doc = json.loads(data.decode("utf-8"))
            if not isinstance(doc, dict) or doc.get("version") != _VERSION:
                raise ValueError("version")
            identity = x25519.Identity.from_str(str(doc["age_identity"]))
            raw = base64.b64decode(str(doc["ed25519"]), validate=True)
            signing = Ed25519PrivateKey.from_private_bytes(raw)
        except Exception as exc:
            raise HandoverError(_("This laptop's hand-over keys are damaged.")) from exc
        return cls(identity, signing)

    @property
    def recipient(self) -> str:
        """The public age recipient (``age1…``) others encrypt to."""
        return str(self.identity.to_public())

    @property
    def verify_key(self) -> Ed25519PublicKey:
        return self.signing_key.public_key()

    @property
    def verify_key_bytes(self) -> bytes:
        return self.verify_key.public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def fingerprint(self) -> str:
        """The human fingerprint of the public keys (read aloud to check an address)."""
        return fingerprint(self.recipient, self.verify_key_bytes)

    def age_identity_text(self) -> str:
        """The identity in the age tool's key-file format, for an emergency ``age -d -i``."""
        return f"# public key: {self.recipient}\n{self.identity}\n"
