"""The evidence vault: files, pasted text and links, kept exactly as captured.

Files are streamed through SHA-256 and AES-GCM in 1 MiB chunks, so a 500 MB video
never sits in memory; the hash is of the original bytes, so anyone holding the
original can show it is the same file (NPCC principles 1 and 3). Images are opened
with Pillow first, so corrupt files and decompression bombs are refused before they
are stored. A case whose guidance is "do not capture" (nude images of children) is
refused files and images by the store itself, whatever the GUI does.
"""

from __future__ import annotations

import errno
import hashlib
import mimetypes
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from misuse_responder.i18n import _
from misuse_responder.store import audit, blobs
from misuse_responder.store import models as m
from misuse_responder.store.cases import get_row, touch
from misuse_responder.store.errors import EvidenceError, EvidenceRefused, InvalidChange, NotFound
from misuse_responder.store.text import MAX_TITLE, clean_line, clean_text, fold, safe_file_name
from misuse_responder.store.vault import Vault, iso

MAX_PIXELS = 50_000_000
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".heic")
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\0",
    b"MM\0*",
)


@dataclass(frozen=True)
class Capture:
    """Where and when an item was captured (all optional but the description)."""

    description: str = ""
    url: str | None = None
    account: str | None = None
    captured_at: datetime | None = None
    device: str | None = None


def _refuse_if_do_not_capture(case: m.Case) -> None:
    if case.evidence_rule == "do-not-capture":
        raise EvidenceRefused(
            _(
                "Files and images cannot be added to case {ref}: the guidance for it is "
                "'do not capture'. Copying, saving or sharing nude or semi-nude images of "
                "under-18s can be an offence, even for safeguarding. Write a description of "
                "what was seen instead, and leave the images with the police or IWF."
            ).format(ref=case.reference)
        )


def _writable_case(case_id: int) -> m.Case:
    case = get_row(case_id)
    if case.status == "closed":
        raise InvalidChange(_("The case is closed: reopen it to add evidence."))
    return case


def _looks_like_image(path: Path, head: bytes) -> bool:
    if path.suffix.lower() in IMAGE_EXTENSIONS:
        return True
    return head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def check_image(path: Path) -> str:
    """Open and decode the image with Pillow; return its media type or refuse it."""
    name = path.name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise Image.DecompressionBombError("too many pixels")
                if image.format == "JPEG":
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
                media = Image.MIME.get(image.format or "", "") or "application/octet-stream"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise EvidenceError(
            _(
                "{name} was refused: it claims to be an image far larger than any screenshot or "
                "photo (a 'decompression bomb' that could freeze the computer)."
            ).format(name=name)
        ) from None
    except FileNotFoundError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise EvidenceError(
            _("{name} is not a readable image (it may be damaged or cut short): {error}").format(
                name=name, error=exc
            )
        ) from None
    return media


def add_file(
    vault: Vault,
    case_id: int,
    source: Path,
    added_by: str,
    capture: Capture,
    *,
    original_name: str | None = None,
    progress: blobs.Progress | None = None,
) -> int:
    """Store a file as evidence (encrypted, hashed while streaming); returns its id."""
    _refuse_if_do_not_capture(_writable_case(case_id))
    display = safe_file_name(original_name if original_name is not None else source.name)
    vanished = _("{name} could not be read: it was moved or deleted while being added.")
    try:
        before = source.stat()
        if not source.is_file():
            raise EvidenceError(_("{name} is not a file.").format(name=display))
        if before.st_size == 0:
            raise EvidenceError(
                _("{name} is empty (0 bytes), so there is nothing to keep.").format(name=display)
            )
        with source.open("rb") as handle:
            head = handle.read(16)
        media = check_image(source) if _looks_like_image(source, head) else None
        blob_name = f"{uuid.uuid4().hex}.blob"
        part = vault.paths.blobs / f".{blob_name}.part"
        with source.open("rb") as handle:
            stored = blobs.encrypt_stream(handle, part, vault.blob_key, progress)
    except FileNotFoundError:
        raise EvidenceError(vanished.format(name=display)) from None
    except PermissionError:
        raise EvidenceError(
            _("{name} could not be read: permission denied.").format(name=display)
        ) from None
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise EvidenceError(
                _(
                    "There is not enough free space on this computer to keep {name}. Nothing "
                    "was changed: free some space (or ask IT) and add it again."
                ).format(name=display)
            ) from None
        raise EvidenceError(
            _("{name} could not be read: {error}").format(name=display, error=exc.strerror or exc)
        ) from None
    try:
        after = source.stat() if source.exists() else None
        if stored.size != before.st_size or (
            after is not None
            and (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns)
        ):
            raise EvidenceError(
                _(
                    "{name} changed while it was being added, so it was not kept. Try again once "
                    "nothing is writing to it."
                ).format(name=display)
            )
        if media is None:
            media = mimetypes.guess_type(display)[0] or "application/octet-stream"
        final = vault.paths.blob(blob_name)
        part.replace(final)
        return _record(
            vault,
            case_id,
            added_by,
            capture,
            kind="file",
            sha256=stored.sha256,
            size=stored.size,
            original_name=display,
            media_type=media,
            blob_name=blob_name,
            text=None,
            check_rule=True,
        )
    except BaseException:
        part.unlink(missing_ok=True)
        vault.paths.blob(blob_name).unlink(missing_ok=True)
        raise


def add_text(vault: Vault, case_id: int, text: str, added_by: str, capture: Capture) -> int:
    """Keep pasted text (a message, a comment) as evidence; allowed on every case."""
    text = clean_text(text, _("The pasted text"))
    _writable_case(case_id)
    data = text.encode("utf-8")
    return _record(
        vault,
        case_id,
        added_by,
        capture,
        kind="text",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        original_name=None,
        media_type="text/plain; charset=utf-8",
        blob_name=None,
        text=text,
        check_rule=False,
    )


def add_link(vault: Vault, case_id: int, url: str, added_by: str, capture: Capture) -> int:
    """Keep a link or permalink as evidence (the text of the URL is what is hashed)."""
    url = clean_line(url, _("The link"), 4000)
    _writable_case(case_id)
    data = url.encode("utf-8")
    captured = Capture(
        capture.description, url, capture.account, capture.captured_at, capture.device
    )
    return _record(
        vault,
        case_id,
        added_by,
        captured,
        kind="link",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        original_name=None,
        media_type="text/uri-list",
        blob_name=None,
        text=None,
        check_rule=False,
    )


def _record(
    vault: Vault,
    case_id: int,
    added_by: str,
    capture: Capture,
    *,
    kind: str,
    sha256: str,
    size: int,
    original_name: str | None,
    media_type: str,
    blob_name: str | None,
    text: str | None,
    check_rule: bool,
) -> int:
    added_by = clean_line(added_by, _("The name of the person adding evidence"), MAX_TITLE)
    description = clean_text(capture.description, "") if capture.description.strip() else ""
    now = vault.now()
    moment = capture.captured_at or vault.clock()
    local = moment.astimezone()
    tz = f"{local.tzname() or ''} {local.strftime('%z')}".strip()
    with vault.write():
        case = _writable_case(case_id)
        if check_rule:  # again inside the transaction: the facts may have just changed
            _refuse_if_do_not_capture(case)
        row = m.Evidence.create(
            case=case_id,
            kind=kind,
            sha256=sha256,
            size=size,
            original_name=original_name,
            media_type=media_type,
            blob_name=blob_name,
            text=text,
            url=capture.url,
            account=capture.account,
            description=description,
            captured_at=iso(moment),
            captured_tz=tz,
            added_by=added_by,
            added_at=now,
            device=capture.device,
        )
        audit.append(
            now,
            added_by,
            "evidence.added",
            case_id,
            {
                "id": row.id,
                "kind": kind,
                "sha256": sha256,
                "size": size,
                "original_name": original_name,
                "blob": blob_name,
                "url": capture.url,
                "account": capture.account,
                "captured_at": row.captured_at,
            },
        )
        searchable = " ".join(x for x in (description, text or "", capture.account or "") if x)
        if searchable:
            m.SearchText.insert(
                case_id=case_id, source=f"evidence:{row.id}", body=fold(searchable)
            ).execute()
        touch(case_id, now)
    return int(row.id)


def withdraw(vault: Vault, evidence_id: int, by: str, reason: str) -> None:
    """Withdraw an item (it stays stored and hashed; the withdrawal is logged with a reason)."""
    if not reason.strip():
        raise InvalidChange(_("Say why the evidence is being withdrawn."))
    now = vault.now()
    with vault.write():
        row = m.Evidence.get_or_none(m.Evidence.id == evidence_id)
        if row is None:
            raise NotFound(_("There is no evidence item {id}.").format(id=evidence_id))
        if row.withdrawn_at is not None:
            raise InvalidChange(_("That evidence item has already been withdrawn."))
        m.Evidence.update(withdrawn_at=now, withdrawn_by=by, withdrawn_reason=reason.strip()).where(
            m.Evidence.id == evidence_id
        ).execute()
        audit.append(
            now,
            by,
            "evidence.withdrawn",
            row.case_id,
            {"id": evidence_id, "reason": reason.strip()},
        )
        touch(row.case_id, now)


def read_file(vault: Vault, evidence_id: int) -> Iterator[bytes]:
    """The original bytes of a file item, decrypted chunk by chunk (authenticated)."""
    row = m.Evidence.get_or_none(m.Evidence.id == evidence_id)
    if row is None or row.blob_name is None:
        raise NotFound(_("There is no stored file for evidence item {id}.").format(id=evidence_id))
    path = vault.paths.blob(row.blob_name)
    try:
        yield from blobs.decrypt_chunks(path, vault.blob_key)
    except FileNotFoundError:
        raise EvidenceError(
            _("The stored file for evidence item {id} is missing.").format(id=evidence_id)
        ) from None
    except blobs.BlobCorrupt:
        raise EvidenceError(
            _("The stored file for evidence item {id} has been altered.").format(id=evidence_id)
        ) from None


def export_file(vault: Vault, evidence_id: int, dest: Path) -> str:
    """Write the original file to ``dest`` and check it against the recorded hash."""
    row = m.Evidence.get_by_id(evidence_id)
    digest = hashlib.sha256()
    with dest.open("xb") as out:
        for chunk in read_file(vault, evidence_id):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != row.sha256:
        dest.unlink()
        raise EvidenceError(
            _("Evidence item {id} does not match its recorded hash.").format(id=evidence_id)
        )
    return str(row.sha256)
