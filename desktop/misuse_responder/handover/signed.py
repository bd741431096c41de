"""Small signed JSON documents (addresses, receipts): readable text, any change detected.

The signature is Ed25519 over the canonical JSON (sorted keys, no spaces, ASCII) of every
field but ``signature``, so the file stays readable and a re-indented copy still verifies.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def canonical(doc: dict[str, Any]) -> bytes:
    """The exact bytes that are signed."""
    body = {k: v for k, v in doc.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def sign_doc(doc: dict[str, Any], key: Ed25519PrivateKey) -> bytes:
    """``doc`` plus its signature, as indented UTF-8 JSON text."""
    signature = base64.b64encode(key.sign(canonical(doc))).decode("ascii")
    return (json.dumps({**doc, "signature": signature}, indent=2, sort_keys=True) + "\n").encode()


def load_doc(data: bytes, max_size: int = 64 * 1024) -> dict[str, Any]:
    """The JSON object in ``data``; raises ``ValueError`` on anything else."""
    if len(data) > max_size:
        raise ValueError("too large")
    doc = json.loads(data.decode("utf-8"))
    if not isinstance(doc, dict):
        raise ValueError("not an object")
    return doc


def verify_doc(doc: dict[str, Any], key: Ed25519PublicKey) -> bool:
    """Whether ``doc``'s signature was made by ``key`` over exactly these fields."""
    try:
        signature = base64.b64decode(str(doc.get("signature", "")), validate=True)
        key.verify(signature, canonical(doc))
    except (InvalidSignature, ValueError):
        return False
    return True
