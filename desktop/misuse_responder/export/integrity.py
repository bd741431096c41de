"""The integrity check run at export time, and its result as the pack states it.

A pack that says "all verified" must have re-checked, then and there: the audit hash
chain (with the store's own verify functions), the chronology entries against their
audit events, and every evidence item of the case: its record against the event that
recorded it, and its content re-hashed from the stored file, so the pack quotes only
hashes that were true at export. Anything that fails is named, never hidden. A sealed
file is re-hashed too (checking its hash does not show it; its bytes are never kept for
the page), and a sealed copy the DSL deleted is reported as such, not as a failure.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field

from misuse_responder.export import metadata
from misuse_responder.i18n import _
from misuse_responder.progress import CancelToken
from misuse_responder.store import anchor, audit
from misuse_responder.store import verify as verifier
from misuse_responder.store.errors import EvidenceError, EvidenceSealed, NotFound
from misuse_responder.store.evidence import read_file, rehash
from misuse_responder.store.vault import Vault
from misuse_responder.store.views import EvidenceView

IMAGE_LIMIT = 60 * 1024 * 1024  # originals kept in memory for the page; larger are not drawn


@dataclass
class ItemCheck:
    evidence_id: int
    ok: bool
    message: str
    data: bytes | None = None  # the original bytes, when they are an image to draw
    head: bytes | None = None  # an image's first bytes, for the metadata it holds


@dataclass
class Integrity:
    audit_events: int = 0
    head_hash: str = ""  # the last audit event's hash: compare it with keys.json or a backup
    case_problems: list[str] = field(default_factory=list)
    elsewhere: int = 0
    items: dict[int, ItemCheck] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.case_problems and all(i.ok for i in self.items.values())


def check_store(vault: Vault, reference: str, anchors: anchor.Anchors | None = None) -> Integrity:
    """Database, audit chain and its head, and every recorded row (verify's own checks);
    problems about other cases are only counted. Call inside ``vault.snapshot()`` with the
    anchors read before it began (``anchor.read``), as ``pack.gather`` does."""
    report = verifier.Report()
    verifier.check_records(vault, report, anchors or anchor.read(vault))
    result = Integrity(
        audit_events=report.events, head_hash=report.head.hash if report.head else ""
    )
    store_wide = ("database", "audit", "anchor", "school")
    for problem in report.problems:
        if problem.kind in store_wide or f"({reference})" in problem.subject:
            result.case_problems.append(str(problem))
        else:
            result.elsewhere += 1
    return result


def check_item(
    vault: Vault,
    item: EvidenceView,
    recorded: dict[int, dict[str, object]],
    keep_image: bool,
    cancel: CancelToken,
) -> ItemCheck:
    """Re-hash one item from what is stored; keep the bytes if it is an image to draw."""
    event = recorded.get(item.id)
    if event is None:
        return ItemCheck(item.id, False, _("not in the audit trail"))
    if (event.get("sha256"), event.get("size")) != (item.sha256, item.size):
        return ItemCheck(item.id, False, _("its record differs from the audit trail"))
    if item.sealed:
        return _check_sealed(vault, item)
    if item.kind == "text":
        actual = hashlib.sha256((item.text or "").encode("utf-8")).hexdigest()
        return _compare(item, actual, None)
    if item.kind == "link":
        actual = hashlib.sha256((item.url or "").encode("utf-8")).hexdigest()
        return _compare(item, actual, None)
    digest = hashlib.sha256()
    buffer = io.BytesIO() if keep_image and item.size <= IMAGE_LIMIT else None
    is_image = (item.media_type or "").startswith("image/")
    head = bytearray()
    try:
        for chunk in read_file(vault, item.id):
            cancel.raise_if_cancelled()
            digest.update(chunk)
            if buffer is not None:
                buffer.write(chunk)
            if is_image and len(head) < metadata.HEAD_BYTES:
                head += chunk[: metadata.HEAD_BYTES - len(head)]
    except EvidenceSealed:  # on a do-not-capture case, not yet marked sealed: hash only
        return _check_sealed(vault, item)
    except (EvidenceError, NotFound) as exc:
        return ItemCheck(item.id, False, str(exc))
    result = _compare(item, digest.hexdigest(), buffer.getvalue() if buffer is not None else None)
    result.head = bytes(head) if is_image else None
    return result


def _check_sealed(vault: Vault, item: EvidenceView) -> ItemCheck:
    """A sealed item: never any bytes for the page, whatever the caller asked for."""
    if item.seal_decision == "deleted":
        return ItemCheck(item.id, True, _("copy deleted, hash recorded"))
    try:
        actual, _size = rehash(vault, item.id)
    except (EvidenceError, NotFound) as exc:
        return ItemCheck(item.id, False, str(exc))
    if actual != item.sha256:
        return _compare(item, actual, None)
    return ItemCheck(
        item.id,
        True,
        _("sealed file re-hashed now without being shown: matches the recorded SHA-256"),
    )


def _compare(item: EvidenceView, actual: str, data: bytes | None) -> ItemCheck:
    if actual != item.sha256:
        return ItemCheck(
            item.id,
            False,
            _("its content does not match the recorded SHA-256 (now {actual})").format(
                actual=actual
            ),
        )
    return ItemCheck(item.id, True, _("re-hashed now: matches the recorded SHA-256"), data)


def recorded_evidence() -> dict[int, dict[str, object]]:
    return {k: dict(v) for k, v in audit.events_by_kind("evidence.added").items()}
