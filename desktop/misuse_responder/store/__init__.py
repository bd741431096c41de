"""The case store: encrypted cases, chronology, evidence vault and audit trail (Qt-free).

Start with :class:`CaseStore` (``create``, ``open``, ``open_with_recovery_key``).

Names are imported on first use (PEP 562) so that opening the app does not pay for Pillow,
backups and the rest before they are needed: start-up time is a measured requirement.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from misuse_responder.store.backup import restore
    from misuse_responder.store.crypto import FAST_KDF_FOR_TESTS, KdfParams
    from misuse_responder.store.errors import (
        EvidenceError,
        EvidenceRefused,
        EvidenceSealed,
        HandoverRefused,
        ImageQuestionRefused,
        InvalidChange,
        NotFound,
        StoreDamaged,
        StoreError,
        StoreExists,
        StoreMissing,
        StoreTooNew,
        UnknownSender,
        WrongPassphrase,
        WrongRecoveryKey,
    )
    from misuse_responder.store.evidence import Capture
    from misuse_responder.store.paths import DATA_DIR_ENV, data_dir
    from misuse_responder.store.records import ContactInfo, SchoolProfile, profile_facts
    from misuse_responder.store.search import CasePage, CaseQuery
    from misuse_responder.store.service import CaseStore

_WHERE = {
    "restore": "backup",
    "FAST_KDF_FOR_TESTS": "crypto",
    "KdfParams": "crypto",
    "EvidenceError": "errors",
    "EvidenceRefused": "errors",
    "EvidenceSealed": "errors",
    "HandoverRefused": "errors",
    "UnknownSender": "errors",
    "ImageQuestionRefused": "errors",
    "InvalidChange": "errors",
    "NotFound": "errors",
    "StoreDamaged": "errors",
    "StoreError": "errors",
    "StoreExists": "errors",
    "StoreMissing": "errors",
    "StoreTooNew": "errors",
    "WrongPassphrase": "errors",
    "WrongRecoveryKey": "errors",
    "Capture": "evidence",
    "DATA_DIR_ENV": "paths",
    "data_dir": "paths",
    "ContactInfo": "records",
    "SchoolProfile": "records",
    "profile_facts": "records",
    "CasePage": "search",
    "CaseQuery": "search",
    "CaseStore": "service",
}

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
    "EvidenceSealed",
    "HandoverRefused",
    "ImageQuestionRefused",
    "InvalidChange",
    "KdfParams",
    "NotFound",
    "SchoolProfile",
    "StoreDamaged",
    "StoreError",
    "StoreExists",
    "StoreMissing",
    "StoreTooNew",
    "UnknownSender",
    "WrongPassphrase",
    "WrongRecoveryKey",
    "data_dir",
    "profile_facts",
    "restore",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
