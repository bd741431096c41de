"""The case store: encrypted cases, chronology, evidence vault and audit trail (Qt-free).

Start with :class:`CaseStore` (``create``, ``open``, ``open_with_recovery_key``).
"""

from misuse_responder.store.backup import restore
from misuse_responder.store.crypto import FAST_KDF_FOR_TESTS, KdfParams
from misuse_responder.store.errors import (
    EvidenceError,
    EvidenceRefused,
    InvalidChange,
    NotFound,
    StoreDamaged,
    StoreError,
    StoreExists,
    StoreMissing,
    StoreTooNew,
    WrongPassphrase,
    WrongRecoveryKey,
)
from misuse_responder.store.evidence import Capture
from misuse_responder.store.paths import DATA_DIR_ENV, data_dir
from misuse_responder.store.records import ContactInfo, SchoolProfile
from misuse_responder.store.search import CasePage, CaseQuery
from misuse_responder.store.service import CaseStore

__all__ = [
    "DATA_DIR_ENV",
    "FAST_KDF_FOR_TESTS",
    "Capture",
    "CasePage",
    "CaseQuery",
    "CaseStore",
    "ContactInfo",
    "EvidenceError",
    "EvidenceRefused",
    "InvalidChange",
    "KdfParams",
    "NotFound",
    "SchoolProfile",
    "StoreDamaged",
    "StoreError",
    "StoreExists",
    "StoreMissing",
    "StoreTooNew",
    "WrongPassphrase",
    "WrongRecoveryKey",
    "data_dir",
    "restore",
]
