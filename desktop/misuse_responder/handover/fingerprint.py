"""The human fingerprint of a store's two public keys, short enough to read aloud.

Crockford's base32 alphabet has no I, L, O or U, so a 0 cannot be taken for an O, nor a 1
for an I or L; ``normalise`` maps those letters back when a person types one.
"""

from __future__ import annotations

import base64
import hashlib

_RFC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TO_CROCKFORD = str.maketrans(_RFC, _CROCKFORD)
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})
GROUPS, GROUP = 6, 4


def fingerprint(recipient: str, verify_key: bytes) -> str:
    """``7KQ2-M9XD-…``: 120 bits of SHA-256 over both public keys, in six groups of four."""
    digest = hashlib.sha256(b"misuse-responder handover v1\n" + recipient.encode() + b"\n")
    digest.update(verify_key)
    text = base64.b32encode(digest.digest()).decode("ascii").translate(_TO_CROCKFORD)
    text = text[: GROUPS * GROUP]
    return "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


def normalise(typed: str) -> str:
    """A fingerprint as a person typed it (any case, O for 0, spaces), in canonical form."""
    text = typed.upper().translate(_TYPED)
    return "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))
