"""Sealed hand-over of a case between two stores (issue 10), Qt-free and store-free.

Works on bytes, file paths and small dataclasses so the store can call it: keys, the
readable hand-over address, the encrypted ``.mrcase`` bundle and the signed receipt. The
cryptography is the age format (pyrage) and Ed25519 (cryptography); nothing is home-made.
"""

from misuse_responder.handover.errors import HandoverError

__all__ = ["HandoverError"]
