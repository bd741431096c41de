"""Sending a case: one sealed ``.mrcase`` file for the DSL team, recorded in the custody chain.

Evidence originals stream straight out of the store's encrypted blobs into the bundle (no
plain copy on disk), each re-hashed on the way. Sealed files (a case that became "do not
capture") never travel: their records do, saying the file stayed here. The send is an audit
event with the bundle's SHA-256, made only once the file is complete at its final name; if
recording it fails, the file is removed, so a bundle never exists that this laptop did not
record sending.

``progress`` and ``cancel`` let the GUI run a send on a worker (ui/handover/send_dialog.py):
progress counts evidence bytes streamed; a cancel is honoured between chunks, before the
send is recorded, and leaves nothing at the final name (the bundle is written atomically).
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from misuse_responder import __version__
from misuse_responder.handover.bundle import SUFFIX, EvidenceSource, ManifestFields, write_bundle
from misuse_responder.handover.errors import BundleError
from misuse_responder.handover.fingerprint import normalise
from misuse_responder.i18n import _
from misuse_responder.progress import CancelToken
from misuse_responder.store import audit, blobs, handover_custody, handover_doc, handover_keys
from misuse_responder.store import models as m
from misuse_responder.store.cases import get_row
from misuse_responder.store.errors import HandoverRefused
from misuse_responder.store.handover_views import RECIPIENT, SENT, Party, SentBundle
from misuse_responder.store.text import clean_line

if TYPE_CHECKING:
    from misuse_responder.store.vault import Vault

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def file_name(reference: str, recipients: Sequence[Party]) -> str:
    """``MR-2026-0007 for DSL Ms Okafor.mrcase`` (``for DSL`` when sent to several)."""
    who = recipients[0].label if len(recipients) == 1 else _("DSL")
    name = f"{reference} " + _("for {who}").format(who=who)
    name = _UNSAFE.sub("-", name).strip(" .")[:150]
    return name + SUFFIX


STALE_PART_SECONDS = 3600  # no send takes an hour; a younger one may be another's, running


def remove_stale_parts(out_dir: Path) -> int:
    """Remove half-written bundles (``.<name>.mrcase.*.part``) over an hour old from ``out_dir``.

    A send killed outright (power cut, kill -9) leaves its hidden temporary file behind; it
    is never at a ``.mrcase`` name, so nobody can mistake it for a hand-over, but it holds
    sealed bytes nobody will use. The hour keeps a send still running on another laptop
    into the same synced folder safe. Returns how many were removed.
    """
    cutoff = time.time() - STALE_PART_SECONDS
    removed = 0
    for path in out_dir.glob(f".*{SUFFIX}.*.part"):
        with contextlib.suppress(OSError):
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed


def _free(out_dir: Path, name: str) -> str:
    if not (out_dir / name).exists():
        return name
    stem = name.removesuffix(SUFFIX)
    n = 2
    while (out_dir / f"{stem} ({n}){SUFFIX}").exists():
        n += 1
    return f"{stem} ({n}){SUFFIX}"


def _sources(vault: Vault, case_id: int) -> tuple[list[EvidenceSource], int]:
    out: list[EvidenceSource] = []
    sealed = 0
    for sha, size, blob_name, sealed_at in m.tuples(
        m.Evidence.select(
            m.Evidence.sha256, m.Evidence.size, m.Evidence.blob_name, m.Evidence.sealed_at
        )
        .where(m.Evidence.case == case_id)
        .order_by(m.Evidence.id)
    ):
        if blob_name is None:
            continue
        if sealed_at is not None:
            sealed += 1
            continue
        path = vault.paths.blob(str(blob_name))

        def chunks(path: Path = path) -> Iterator[bytes]:
            try:
                yield from blobs.decrypt_chunks(path, vault.blob_key)
            except (blobs.BlobCorrupt, OSError) as exc:
                raise BundleError(
                    _(
                        "A stored evidence file is damaged or missing, so the case was not "
                        "handed over. Run 'misuse-responder verify' to see which."
                    )
                ) from exc

        out.append(EvidenceSource(str(sha), int(size), chunks))
    return out, sealed


def send(
    vault: Vault,
    case_id: int,
    out_dir: Path,
    by: str,
    *,
    recipients: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: CancelToken | None = None,
) -> SentBundle:
    """Write the case for the chosen recipients (fingerprints; None: every recipient)."""
    by = clean_line(by, _("The name of the person handing the case over"), 200)
    row = get_row(case_id)
    if row.status == "handed-over":
        raise HandoverRefused(
            _("{ref} has already left this laptop; only its stub is here.").format(
                ref=row.reference
            )
        )
    everyone = handover_keys.peer_addresses(RECIPIENT)
    if recipients is None:
        chosen = everyone
    else:
        wanted = {normalise(f) for f in recipients}
        chosen = [a for a in everyone if normalise(a.fingerprint) in wanted]
    if not chosen:
        raise HandoverRefused(
            _(
                "No one to hand over to: add the DSL's hand-over address in Settings "
                "(or with 'misuse-responder handover recipients add') first."
            )
        )
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise HandoverRefused(
            _("The folder {path} does not exist; choose another.").format(path=out_dir)
        )
    remove_stale_parts(out_dir)
    keys = handover_keys.keys()
    me = handover_keys.address()
    store_id = handover_keys.store_id()
    doc = handover_doc.build(case_id, store_id)
    sources, sealed = _sources(vault, case_id)
    parties = tuple(handover_keys.party(a) for a in chosen)
    name = _free(out_dir, file_name(row.reference, parties))
    if cancel is not None:
        cancel.raise_if_cancelled()
    try:
        info = write_bundle(
            out_dir,
            name,
            chosen,
            keys,
            ManifestFields(
                case_uuid=str(row.uuid),
                sender=me,
                sender_name=by,
                app_version=__version__,
                guide_version=str(row.guide_version),
                created_at=vault.clock(),
            ),
            doc,
            sources,
            _checked(progress, cancel),
        )
    except BundleError as exc:
        raise HandoverRefused(str(exc)) from None
    try:
        now = vault.now()
        with vault.write():
            handover_custody.record(
                case_id,
                SENT,
                now,
                by,
                handover_keys.party(me),
                parties,
                info.sha256,
                evidence=[s.sha256 for s in sources],
                origin_reference=row.origin_reference,
            )
            audit.append(
                now,
                by,
                "handover.sent",
                case_id,
                {
                    "bundle_sha256": info.sha256,
                    "size": info.size,
                    "file": info.path.name,
                    "to": [p.fingerprint for p in parties],
                    "evidence": len(sources),
                    "left_sealed": sealed,
                },
            )
    except BaseException:
        info.path.unlink(missing_ok=True)
        raise
    return SentBundle(info.path, info.sha256, info.size, parties, len(sources), sealed)


def _checked(
    progress: Callable[[int, int], None] | None, cancel: CancelToken | None
) -> Callable[[int, int], None] | None:
    """Progress that also stops the write when cancelled (``Cancelled`` propagates out of
    ``write_bundle``, which removes its temporary file)."""
    if cancel is None:
        return progress

    def step(done: int, total: int) -> None:
        cancel.raise_if_cancelled()
        if progress is not None:
            progress(done, total)

    return step


def sent_pairs() -> set[tuple[str, str]]:
    """``(case uuid, bundle SHA-256)`` of every bundle this store sent."""
    query = handover_custody.own(SENT).join(m.Case).select(m.Case.uuid, m.Custody.bundle_sha256)
    return {(str(u), str(s)) for u, s in m.tuples(query)}
