"""The evidence vault: files, pasted text and links, kept exactly as captured.

Files are streamed through SHA-256 and AES-GCM in 1 MiB chunks, so a 500 MB video
never sits in memory; the hash is of the original bytes, so anyone holding the
original can show it is the same file (NPCC principles 1 and 3). Images are opened
with Pillow first, so corrupt files and decompression bombs are refused before they
are stored. A case whose guidance is "do not capture" (nude images of children) is
refused files and images by the store itself, whatever the GUI does.

Before any image or video is kept, under any concern, whoever adds it must answer "no"
to one question: does it show a child nude, partly nude, in underwear or in a sexual
way? Anything else (including no answer) refuses the file before a byte is written;
the description is recorded instead and the case moves to the sexual-imagery route,
which seals any file already held (store/sealing.py). Sealed files are never read out.
"""

from __future__ import annotations

import errno
import hashlib
import mimetypes
import os
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from PIL import Image, UnidentifiedImageError

from misuse_responder.i18n import _
from misuse_responder.store import audit, blobs, heif, sealing
from misuse_responder.store import models as m
from misuse_responder.store.cases import get_row, touch
from misuse_responder.store.errors import (
    EvidenceError,
    EvidenceRefused,
    EvidenceSealed,
    ImageQuestionRefused,
    InvalidChange,
    NotFound,
)
from misuse_responder.store.paths import fsync_dir
from misuse_responder.store.text import (
    MAX_TITLE,
    clean_line,
    clean_text,
    fold,
    keep_text,
    safe_file_name,
)
from misuse_responder.store.vault import Vault, iso

MAX_PIXELS = 50_000_000
IMAGE_EXTENSIONS = (
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".bmp",
    ".tif",
    ".tiff",
    *heif.HEIF_EXTENSIONS,
)
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\0",
    b"MM\0*",
)
VIDEO_EXTENSIONS = (
    ".mp4",
    ".m4v",
    ".mov",
    ".qt",
    ".3gp",
    ".3g2",
    ".webm",
    ".mkv",
    ".avi",
    ".wmv",
    ".asf",
    ".flv",
    ".mpg",
    ".mpeg",
    ".mts",
    ".m2ts",
    ".ts",
    ".ogv",
    ".heif",
    ".avif",
)
_VIDEO_MAGIC = (
    b"\x1a\x45\xdf\xa3",  # Matroska / WebM
    b"FLV",
    b"\x00\x00\x01\xba",  # MPEG programme stream
    b"\x00\x00\x01\xb3",  # MPEG video
    b"\x30\x26\xb2\x75",  # ASF / WMV
    b"OggS",
)
# Documents and archives that can hold pictures (a screenshot pasted into Word, a PDF of a
# chat, a zip of photos): asked about like an image, since what they hold is not looked at.
CONTAINER_EXTENSIONS = (
    ".pdf",
    ".doc",
    ".docx",
    ".docm",
    ".dot",
    ".dotx",
    ".odt",
    ".ods",
    ".odp",
    ".odg",
    ".ppt",
    ".pptx",
    ".pps",
    ".ppsx",
    ".xls",
    ".xlsx",
    ".rtf",
    ".pages",
    ".key",
    ".numbers",
    ".epub",
    ".zip",
    ".7z",
    ".rar",
    ".tar",
    ".gz",
    ".tgz",
    ".eml",
    ".msg",
    ".mht",
    ".mhtml",
    ".htm",
    ".html",
    ".svg",
)
_CONTAINER_MAGIC = (
    b"%PDF",
    b"PK\x03\x04",  # zip: .docx, .xlsx, .pptx, .odt, .epub, archives
    b"\xd0\xcf\x11\xe0",  # OLE: .doc, .xls, .ppt, .msg
    b"Rar!",
    b"7z\xbc\xaf",
    b"\x1f\x8b",  # gzip
    b"{\\rtf",
)
ShowsChildSexual = Literal["no", "yes", "not-sure"]
ANSWERS: tuple[ShowsChildSexual, ...] = ("no", "yes", "not-sure")
WITHHELD_ANSWERS = ("yes", "not-sure")


def image_question() -> str:
    """The one question asked before any image or video is kept (the same words everywhere)."""
    return _("Does it show a child nude, partly nude, in underwear, or in a sexual way?")


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
    if heif.looks_like_heif(head):
        return True
    return head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def _looks_like_video(names: tuple[str, ...], head: bytes) -> bool:
    for name in names:
        suffix = Path(name).suffix.lower()
        guessed = mimetypes.guess_type(name)[0] or ""
        if suffix in VIDEO_EXTENSIONS or guessed.startswith(("video/", "image/")):
            return True
    if head[4:8] == b"ftyp":  # MP4, MOV, 3GP, HEIC/HEIF/AVIF stills and sequences
        return True
    return head.startswith(_VIDEO_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"AVI ")


def _is_visual(path: Path, head: bytes, original_name: str | None) -> bool:
    names = (path.name,) if original_name is None else (path.name, original_name)
    images = any(_looks_like_image(Path(n), head) for n in names)
    containers = any(Path(n).suffix.lower() in CONTAINER_EXTENSIONS for n in names)
    return (
        images or containers or head.startswith(_CONTAINER_MAGIC) or _looks_like_video(names, head)
    )


def needs_image_question(path: Path, original_name: str | None = None) -> bool:
    """Whether ``path`` is an image or video, or a document or archive that can hold
    pictures, so the question must be asked before adding it (by its name or by its first
    bytes; an unreadable file counts as one: ask). Plain text, CSV and the like are not."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return True
    return _is_visual(path, head, original_name)


def _check_answer(answer: str | None, visual: bool, display: str) -> None:
    """Refuse a file unless the question was answered "no" (before anything is written)."""
    if answer is not None and answer not in ANSWERS:
        raise InvalidChange(
            _("The answer must be one of: {allowed}.").format(allowed=", ".join(ANSWERS))
        )
    if answer in WITHHELD_ANSWERS:
        raise ImageQuestionRefused(
            _(
                "{name} was not kept: it may show a child nude, partly nude, in underwear or in "
                "a sexual way. Do not copy, save, print or forward it. Write a description of "
                "what it shows instead; the case goes to the DSL on the sexual-imagery route."
            ).format(name=display),
            answer,
            display,
        )
    if visual and answer != "no":
        raise ImageQuestionRefused(
            _(
                "{name} was not added. Before any picture, video, or document or archive that can "
                "hold pictures is kept, answer this: {question} If the answer is yes, or you are "
                "not sure, do not add it: write a description instead."
            ).format(name=display, question=image_question()),
            answer,
            display,
        )


def check_image(path: Path) -> str:
    """Open and decode the image with Pillow; return its media type or refuse it."""
    name = path.name
    try:
        with path.open("rb") as handle:
            if heif.looks_like_heif(handle.read(16), name):
                heif.ensure_opener()  # an iPhone photo: Pillow needs the plugin
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
    shows_child_sexual: ShowsChildSexual | None = None,
) -> int:
    """Store a file as evidence (encrypted, hashed while streaming); returns its id.

    An image or video is refused (``ImageQuestionRefused``) unless ``shows_child_sexual``
    is "no"; "yes" or "not-sure" refuses any file."""
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
        _check_answer(shows_child_sexual, _is_visual(source, head, original_name), display)
        media = check_image(source) if _looks_like_image(source, head) else None
        blob_name = f"{uuid.uuid4().hex}.blob"
        # The pid tells the next start whether a leftover's writer is gone (store/leftovers.py).
        part = vault.paths.blobs / f".{blob_name}.{os.getpid()}.part"
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
        fsync_dir(final.parent)  # the rename is on disk before the row naming it commits
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
            answer=shows_child_sexual,
        )
    except BaseException:
        part.unlink(missing_ok=True)
        vault.paths.blob(blob_name).unlink(missing_ok=True)
        raise


def add_text(vault: Vault, case_id: int, text: str, added_by: str, capture: Capture) -> int:
    """Keep pasted text (a message, a comment) as evidence; allowed on every case."""
    text = keep_text(text, _("The pasted text"))  # exactly as pasted: its bytes are hashed
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
    answer: str | None = None,
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
                **({"shows_child_sexual": answer} if answer is not None else {}),
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
    """The original bytes of a file item, decrypted chunk by chunk (authenticated).

    A sealed item is never read out: ``EvidenceSealed`` is raised at once, whatever asks."""
    row = m.Evidence.get_or_none(m.Evidence.id == evidence_id)
    if row is None or row.blob_name is None:
        raise NotFound(_("There is no stored file for evidence item {id}.").format(id=evidence_id))
    if row.sealed_at is not None or _case_rule(row.case_id) == "do-not-capture":
        raise EvidenceSealed(_sealed_message(evidence_id))
    return _decrypted(vault, row)


def _case_rule(case_id: int) -> str:
    """The case's evidence rule: a file on a do-not-capture case is never read out, even
    one a store opened read-only has not sealed yet (kept by an older version)."""
    case = m.Case.get_or_none(m.Case.id == case_id)
    return str(case.evidence_rule) if case is not None else ""


def _sealed_message(evidence_id: int) -> str:
    return _(
        "Evidence item {id} is sealed: the case is now 'do not capture', so the file is never "
        "shown, opened or exported. The DSL decides whether it is kept sealed for the police "
        "or the copy is deleted."
    ).format(id=evidence_id)


def _decrypted(vault: Vault, row: m.Evidence) -> Iterator[bytes]:
    evidence_id = row.id
    path = vault.paths.blob(str(row.blob_name))
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
    row = m.Evidence.get_or_none(m.Evidence.id == evidence_id)
    if row is None:
        raise NotFound(_("There is no evidence item {id}.").format(id=evidence_id))
    if row.sealed_at is not None or _case_rule(row.case_id) == "do-not-capture":
        raise EvidenceSealed(_sealed_message(evidence_id))
    digest = hashlib.sha256()
    # the owner's only (0600): an exported original is as private as the store it left
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        for chunk in read_file(vault, evidence_id):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != row.sha256:
        dest.unlink()
        raise EvidenceError(
            _("Evidence item {id} does not match its recorded hash.").format(id=evidence_id)
        )
    return str(row.sha256)


def rehash(vault: Vault, evidence_id: int) -> tuple[str, int]:
    """SHA-256 and size of a file item's stored bytes, sealed or not (nothing is returned
    but the hash: checking a sealed file's integrity does not show it)."""
    row = m.Evidence.get_or_none(m.Evidence.id == evidence_id)
    if row is None or row.blob_name is None:
        raise NotFound(_("There is no stored file for evidence item {id}.").format(id=evidence_id))
    digest = hashlib.sha256()
    size = 0
    for chunk in _decrypted(vault, row):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


@dataclass(frozen=True)
class WithheldImage:
    """What ``record_withheld_image`` did."""

    entry_id: int  # the chronology entry holding the description
    sealed: tuple[int, ...]  # file items sealed by the switch to do-not-capture
    evidence_rule: str
    added_concern: bool  # False when nude-imagery was already one of the concerns


def record_withheld_image(
    vault: Vault,
    case_id: int,
    description: str,
    answer: str,
    by: str,
    *,
    file_name: str | None = None,
) -> WithheldImage:
    """An image that may show a child sexually was not kept: record the description in the
    chronology, log it, and move the case to the sexual-imagery route (one transaction).

    The description goes in the chronology (append-only, dated, authored, hashed in the
    audit chain), not the evidence vault: the vault holds items exactly as captured, and a
    description is not a captured item."""
    import json

    from misuse_responder.store import cases, records

    if answer not in WITHHELD_ANSWERS:
        raise InvalidChange(
            _(
                "A description is recorded instead of a file only when the answer is yes or "
                "not sure."
            )
        )
    text = clean_text(description, _("The description of what the image or video shows"))
    by = clean_line(by, _("The name of the person recording it"), MAX_TITLE)
    name = safe_file_name(file_name) if file_name else None
    said = _("yes") if answer == "yes" else _("not sure")
    intro = _(
        'An image or video was offered as evidence and NOT kept (asked: "{question}"; '
        "answer: {answer})."
    ).format(question=image_question(), answer=said)
    if name:
        intro += " " + _("File name: {name}.").format(name=name)
    entry_text = intro + "\n" + _("Description: {text}").format(text=text)
    with vault.write():
        case = _writable_case(case_id)
        entry_id = records.add_entry(vault, case_id, entry_text, by, kind="note")
        audit.append(
            vault.now(),
            by,
            "evidence.withheld",
            case_id,
            {"case": case_id, "answer": answer, "file_name": name, "entry": entry_id},
        )
        facts: dict[str, Any] = json.loads(case.facts_json)
        concerns = list(facts.get("concerns", []))
        added = "nude-imagery" not in concerns
        if added:
            concerns.append("nude-imagery")
        targets = list(facts.get("targets", []))
        if "pupil" not in targets:
            targets.append("pupil")  # the picture shows a child
        facts = {**facts, "concerns": concerns, "targets": targets}
        before = {
            i
            for (i,) in m.tuples(
                m.Evidence.select(m.Evidence.id).where(
                    (m.Evidence.case == case_id) & m.Evidence.sealed_at.is_null(False)
                )
            )
        }
        guidance = cases.reassess(vault, case_id, facts, by)
        after = {
            i
            for (i,) in m.tuples(
                m.Evidence.select(m.Evidence.id).where(
                    (m.Evidence.case == case_id) & m.Evidence.sealed_at.is_null(False)
                )
            )
        }
    return WithheldImage(entry_id, tuple(sorted(after - before)), guidance.evidence, added)


def decide_sealed(vault: Vault, evidence_id: int, decision: str, reason: str, by: str) -> None:
    """The DSL's decision on a sealed item (see store/sealing.py)."""
    sealing.decide(vault, evidence_id, decision, reason, by)
