"""Receiving a case on the DSL's laptop: check everything, show what is new, then merge.

``preview`` decrypts and checks a bundle into a private staging folder inside the data
folder and changes nothing in the store; ``accept`` stores it in one transaction (a kill at
any moment leaves the store as it was: evidence blobs are written before the transaction
and only count once it commits) and writes a signed receipt beside the bundle. Staging
folders left by a killed receive are removed the next time the store opens.

Both take a ``CancelToken`` so the GUI can run them on a worker (ui/handover/receive_dialog.py).
A preview cancelled while it decrypts runs to its end (the bundle reader has no cancel point)
and is then dropped; ``accept`` honours a cancel while it copies the evidence into the store,
never once its transaction has begun. ``accept``'s progress counts evidence bytes stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from misuse_responder.handover.bundle import SUFFIX, VerifiedBundle, open_bundle, read_addressed_to
from misuse_responder.handover.errors import BundleError, HandoverError
from misuse_responder.handover.receipt import SUFFIX as RECEIPT_SUFFIX
from misuse_responder.handover.receipt import write_receipt
from misuse_responder.i18n import _
from misuse_responder.progress import CancelToken
from misuse_responder.store import (
    audit,
    blobs,
    handover_custody,
    handover_doc,
    handover_keys,
    handover_merge,
)
from misuse_responder.store import models as m
from misuse_responder.store.diskfull import disk_full, is_disk_full
from misuse_responder.store.errors import HandoverRefused, StoreError, UnknownSender
from misuse_responder.store.handover_views import (
    RECEIVED,
    SENDER,
    InboxItem,
    IncomingPreview,
    ReceivedCase,
)
from misuse_responder.store.paths import StorePaths, atomic_write, ensure_private_dir, fsync_dir

if TYPE_CHECKING:
    from misuse_responder.store.vault import Vault

STAGING = "incoming"


@dataclass
class _Held:
    verified: VerifiedBundle
    checks: tuple[str, ...]


_held: dict[str, _Held] = {}  # staging folder -> what preview checked


def clean_staging(paths: StorePaths) -> None:
    """Remove staging folders whose receiving process is gone (killed mid-receive)."""
    from misuse_responder.store.leftovers import _alive

    folder = paths.root / STAGING
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        pid_text = child.name.split("-", 1)[0]
        if pid_text.isdigit() and _alive(int(pid_text)) and int(pid_text) != os.getpid():
            continue
        if str(child) in _held:
            continue
        with contextlib.suppress(OSError):
            shutil.rmtree(child) if child.is_dir() else child.unlink()


def _read_problem(exc: OSError) -> StoreError:
    if is_disk_full(exc):
        return disk_full(_("the hand-over"))
    return HandoverRefused(
        _("The hand-over file could not be read ({detail}).").format(
            detail=exc.strerror or type(exc).__name__
        )
    )


def received_bundles() -> dict[str, str]:
    """Bundle SHA-256 -> when this store received it."""
    query = handover_custody.own(RECEIVED).select(m.Custody.bundle_sha256, m.Custody.at)
    return {sha: at for sha, at in m.tuples(query)}


def preview(
    vault: Vault,
    path: Path,
    cancel: CancelToken | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IncomingPreview:
    """Decrypt and check a bundle; raises ``HandoverRefused`` with one sentence (or
    ``Cancelled``, having removed what it extracted)."""
    path = Path(path)
    if not path.is_file():
        raise HandoverRefused(
            _("The file {name} is not there (moved or deleted?).").format(name=path.name)
        )
    keys = handover_keys.keys()
    staging = ensure_private_dir(vault.paths.root / STAGING) / f"{os.getpid()}-{uuid.uuid4().hex}"
    try:
        verified = open_bundle(
            path,
            keys,
            staging,
            handover_keys.known_sender_fingerprints(),
            progress=progress,
            cancel=cancel,
        )
        checks = verified.checks + handover_doc.check(verified.case_doc, verified.case_uuid)
        _check_evidence_present(verified)
        if cancel is not None:
            cancel.raise_if_cancelled()
        when = received_bundles().get(verified.bundle_sha256)
        if when is not None:
            raise HandoverRefused(
                _("This hand-over was already received here on {when}; nothing was added.").format(
                    when=_uk(when)
                )
            )
        p = handover_merge.plan(verified.case_doc, verified.case_uuid)
        if p.local_case_id is not None and p.items().nothing and _events_held(verified):
            raise HandoverRefused(
                _(
                    "This hand-over is an older or identical copy of {ref}, already received "
                    "here; nothing was added."
                ).format(ref=m.Case.get_by_id(p.local_case_id).reference)
            )
    except BundleError as exc:
        _drop(staging)
        raise HandoverRefused(str(exc)) from None
    except OSError as exc:
        _drop(staging)
        raise _read_problem(exc) from None
    except BaseException:
        _drop(staging)
        raise
    _held[str(staging)] = _Held(verified, checks)
    case = verified.case_doc["tables"]["case"][0]
    return IncomingPreview(
        path=path,
        bundle_sha256=verified.bundle_sha256,
        size=verified.size,
        case_uuid=verified.case_uuid,
        origin_reference=str(case.get("origin_reference") or case["reference"]),
        title=str(case["title"]),
        sender=handover_keys.party(verified.sender),
        sender_known=verified.sender_known,
        sender_name=verified.sender_name,
        created_at=datetime.fromisoformat(verified.created_at),
        checks=checks,
        new=p.items(),
        local_case_id=p.local_case_id,
        staging=staging,
    )


def _uk(at: str) -> str:
    return datetime.fromisoformat(at).astimezone().strftime("%d/%m/%Y %H:%M")


def _events_held(verified: VerifiedBundle) -> bool:
    case = m.Case.get_or_none(m.Case.uuid == verified.case_uuid)
    if case is None:
        return False
    held = {
        h
        for (h,) in m.tuples(
            m.OriginEvent.select(m.OriginEvent.hash).where(m.OriginEvent.case == case.id)
        )
    }
    return all(ev["hash"] in held for ev in verified.case_doc["audit"])


def _check_evidence_present(verified: VerifiedBundle) -> None:
    """Every file the case records as kept (and not sealed) must have travelled with it."""
    for row in verified.case_doc["tables"]["evidence"]:
        travels = row["blob_name"] is not None and row["sealed_at"] is None
        if travels and str(row["sha256"]) not in verified.evidence:
            raise HandoverRefused(
                _("This hand-over lists an evidence file it does not carry, so nothing was added.")
            )


def _drop(staging: Path) -> None:
    _held.pop(str(staging), None)
    with contextlib.suppress(OSError):
        shutil.rmtree(staging)


def discard(preview_: IncomingPreview) -> None:
    _drop(preview_.staging)


def accept(
    vault: Vault,
    incoming: IncomingPreview,
    by: str,
    *,
    trust_new_sender: bool = False,
    receipt_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: CancelToken | None = None,
) -> ReceivedCase:
    """Store a previewed bundle in one transaction, then write its receipt."""
    held = _held.get(str(incoming.staging))
    if held is None or not incoming.staging.is_dir():
        raise HandoverRefused(_("Open the hand-over file again: its check has expired."))
    verified = held.verified
    fingerprint = verified.sender_fingerprint
    known = fingerprint in handover_keys.known_sender_fingerprints()
    if not known and not trust_new_sender:
        raise UnknownSender(
            _(
                "This hand-over is from a laptop this one has never received from: "
                "{label}, fingerprint {fingerprint}. Check the fingerprint with the sender "
                "before accepting it."
            ).format(label=verified.sender.label, fingerprint=fingerprint),
            fingerprint,
            verified.sender.label,
        )
    doc = verified.case_doc
    p = handover_merge.plan(doc, verified.case_uuid)
    made: list[Path] = []
    try:
        blob_names = _store_blobs(
            vault, verified, handover_merge.blobs_needed(doc, p), made, progress, cancel
        )
        if cancel is not None:
            cancel.raise_if_cancelled()  # the last moment: the transaction is not cancelled
        now = vault.now()
        with vault.write():
            if not known:
                handover_keys.add_peer(vault, verified.sender, SENDER, by)
            case_id = handover_merge.merge(vault, doc, verified.case_uuid, p, blob_names, by, now)
            me = handover_keys.address()
            row = m.Case.get_by_id(case_id)
            carried = sorted(verified.evidence)
            handover_custody.record(
                case_id,
                RECEIVED,
                now,
                by,
                handover_keys.party(verified.sender),
                [handover_keys.party(me)],
                verified.bundle_sha256,
                checks=held.checks,
                evidence=carried,
                origin_reference=row.origin_reference,
            )
            items = p.items()
            audit.append(
                now,
                by,
                "handover.received",
                case_id,
                {
                    "bundle_sha256": verified.bundle_sha256,
                    "from": fingerprint,
                    "from_label": verified.sender.label,
                    "sent_by": verified.sender_name,
                    "sent_at": verified.created_at,
                    "file": incoming.path.name,
                    "checks": list(held.checks),
                    "new_case": items.new_case,
                    "entries": items.entries,
                    "evidence": items.evidence,
                },
            )
    except BaseException as exc:
        for path in made:
            path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _read_problem(exc) from None
        raise
    _drop(incoming.staging)
    receipt_path, receipt_error = _write_receipt(
        incoming, verified, held.checks, receipt_dir or incoming.path.parent
    )
    return ReceivedCase(
        case_id=case_id,
        reference=row.reference,
        origin_reference=str(row.origin_reference or ""),
        new=items,
        receipt_path=receipt_path,
        receipt_error=receipt_error,
    )


def _store_blobs(
    vault: Vault,
    verified: VerifiedBundle,
    needed: dict[int, str],
    made: list[Path],
    progress: Callable[[int, int], None] | None = None,
    cancel: CancelToken | None = None,
) -> dict[int, str]:
    """Encrypt each staged original into its own blob, re-hashed; fsynced before commit."""
    out: dict[int, str] = {}
    total = sum(verified.evidence[sha].stat().st_size for sha in needed.values())
    before = 0

    def step(done: int) -> None:
        if cancel is not None:
            cancel.raise_if_cancelled()
        if progress is not None:
            progress(before + done, total)

    for index, sha in needed.items():
        name = f"{uuid.uuid4().hex}.blob"
        part = vault.paths.blobs / f".{name}.{os.getpid()}.part"
        made.append(part)
        with verified.evidence[sha].open("rb") as handle:
            stored = blobs.encrypt_stream(handle, part, vault.blob_key, step)
        before += stored.size
        if stored.sha256 != sha:
            raise HandoverRefused(
                _("An evidence file changed while it was being received; nothing was added.")
            )
        final = vault.paths.blob(name)
        part.replace(final)
        made.append(final)
        out[index] = name
    if out:
        fsync_dir(vault.paths.blobs)
    return out


def receipt_bytes(case_uuid: str, bundle_sha256: str, checks: tuple[str, ...], at: str) -> bytes:
    return write_receipt(
        handover_keys.keys(),
        handover_keys.address(),
        case_uuid,
        bundle_sha256,
        checks,
        datetime.fromisoformat(at),
    )


def receipt_name(bundle_name: str) -> str:
    return bundle_name.removesuffix(SUFFIX) + RECEIPT_SUFFIX


def _write_receipt(
    incoming: IncomingPreview, verified: VerifiedBundle, checks: tuple[str, ...], folder: Path
) -> tuple[Path | None, str | None]:
    data = receipt_bytes(
        verified.case_uuid, verified.bundle_sha256, checks, datetime.now(UTC).isoformat()
    )
    target = Path(folder) / receipt_name(incoming.path.name)
    try:
        atomic_write(target, data)
    except OSError as exc:
        return None, _(
            "The case was received, but its receipt could not be saved in {folder} ({detail}). "
            "Save the receipt somewhere else from the case's hand-over details."
        ).format(folder=folder, detail=exc.strerror or type(exc).__name__)
    return target, None


def latest_receipt(case_id: int) -> tuple[str, bytes]:
    """The receipt of the last bundle this store received for the case: (file name, bytes)."""
    row = (
        handover_custody.own(RECEIVED)
        .where(m.Custody.case == case_id)
        .order_by(m.Custody.id.desc())
        .first()
    )
    if row is None:
        raise HandoverRefused(_("This case was not received from another laptop."))
    case = m.Case.get_by_id(case_id)
    checks = tuple(json.loads(row.checks_json))
    data = receipt_bytes(str(case.uuid), row.bundle_sha256, checks, row.at)
    name = f"{case.origin_reference or case.reference}{RECEIPT_SUFFIX}"
    return name, data


# --------------------------------------------------------------------------- inbox

_hash_cache: dict[tuple[str, int, float], str] = {}


def _file_sha(path: Path, stat: os.stat_result, cancel: CancelToken | None = None) -> str:
    key = (str(path), stat.st_size, stat.st_mtime)
    found = _hash_cache.get(key)
    if found is None:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                digest.update(chunk)
        found = _hash_cache[key] = digest.hexdigest()
    return found


def inbox(
    folder: Path,
    progress: Callable[[int, int], None] | None = None,
    cancel: CancelToken | None = None,
) -> list[InboxItem]:
    """The ``.mrcase`` files waiting in ``folder``, newest first (read, never changed).

    Each new file is hashed (to say whether it was already received), seconds for one
    holding a video: ``progress`` counts files looked at, ``cancel`` stops between chunks."""
    folder = Path(folder)
    if not folder.is_dir():
        raise HandoverRefused(
            _("The inbox folder {path} cannot be found; choose it again in Settings.").format(
                path=folder
            )
        )
    mine = handover_keys.keys().fingerprint
    received = received_bundles()
    items: list[InboxItem] = []
    paths = [p for p in folder.iterdir() if p.suffix.lower() == SUFFIX and p.is_file()]
    for done, path in enumerate(paths):
        if progress is not None:
            progress(done, len(paths))
        try:
            stat = path.stat()
        except OSError:
            continue
        problem: str | None = None
        labels: tuple[str, ...] = ()
        for_me = already = False
        try:
            recipients = read_addressed_to(path)
            labels = tuple(str(r.get("label", "")) for r in recipients)
            for_me = any(r.get("fingerprint") == mine for r in recipients)
            already = _file_sha(path, stat, cancel) in received
        except (HandoverError, OSError, ValueError):
            problem = _("This file is damaged or is not a hand-over.")
        items.append(
            InboxItem(
                path=path,
                size=stat.st_size,
                modified=datetime.fromtimestamp(stat.st_mtime, UTC),
                for_this_laptop=for_me,
                addressed_to=labels,
                already_received=already,
                problem=problem,
            )
        )
    items.sort(key=lambda i: i.modified, reverse=True)
    return items


def doc_of(incoming: IncomingPreview) -> dict[str, Any]:
    """The checked case document behind a preview (for tests and the preview screen)."""
    held = _held.get(str(incoming.staging))
    if held is None:
        raise HandoverRefused(_("Open the hand-over file again: its check has expired."))
    return held.verified.case_doc
