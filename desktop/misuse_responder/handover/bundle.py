"""The sealed ``.mrcase`` hand-over bundle: streamed out, strictly checked on the way in.

Layout (see docs/formats.md): an uncompressed ustar holding ``addressed-to.json`` (who may
open it, readable without a key) and ``case.age``, the age encryption to every recipient of
an inner ustar: ``manifest.json``, ``manifest.sig`` (Ed25519), ``case.json`` and
``evidence/<sha256>``. Everything is streamed in blocks, so a 500 MB video is never held in
memory; the file appears at its final name only when complete.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tarfile
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from misuse_responder.handover import tarstream
from misuse_responder.handover.address import HandoverAddress, from_public_dict
from misuse_responder.handover.errors import BundleError
from misuse_responder.handover.keys import HandoverKeys
from misuse_responder.i18n import _
from misuse_responder.progress import Cancelled, CancelToken

FORMAT = "misuse-responder-case"
VERSION = 1
SUFFIX = ".mrcase"
ADDRESSED_TO, SEALED = "addressed-to.json", "case.age"
MANIFEST, SIGNATURE, CASE = "manifest.json", "manifest.sig", "case.json"
CHUNK = 1 << 20
AGE_CHUNK, AGE_TAG, AGE_NONCE = 64 * 1024, 16, 16
MAX_MANIFEST, MAX_ADDRESSED, MAX_CASE = 4 << 20, 64 << 10, 256 << 20
_EVIDENCE = re.compile(r"evidence/[0-9a-f]{64}")
_SHA = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ManifestFields:
    """What the sending store says about the case it hands over."""

    case_uuid: str
    sender: HandoverAddress
    sender_name: str
    app_version: str
    guide_version: str
    created_at: datetime | None = None


@dataclass(frozen=True)
class EvidenceSource:
    """An evidence original streamed from wherever it is kept (the store's encrypted blobs),
    so no plain copy is ever written to disk on the way into a bundle."""

    sha256: str
    size: int
    chunks: Callable[[], Iterator[bytes]]


Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BundleInfo:
    """A written bundle: where, and its SHA-256 for the audit trail."""

    path: Path
    sha256: str
    size: int


@dataclass(frozen=True)
class VerifiedBundle:
    """A bundle whose every check passed; evidence already extracted and re-hashed."""

    case_uuid: str
    manifest: dict[str, Any]
    case_doc: dict[str, Any]
    evidence: dict[str, Path]
    sender: HandoverAddress
    sender_fingerprint: str
    sender_known: bool
    sender_name: str
    created_at: str
    bundle_sha256: str
    size: int
    checks: tuple[str, ...] = field(default=())


# ---------------------------------------------------------------- writing


def write_bundle(
    out_dir: Path,
    filename: str,
    recipients: Sequence[HandoverAddress],
    sender_keys: HandoverKeys,
    manifest_fields: ManifestFields,
    case_doc: dict[str, Any],
    evidence: Sequence[tuple[str, Path] | EvidenceSource],
    progress: Progress | None = None,
) -> BundleInfo:
    """Write ``out_dir/filename`` for every recipient, atomically; raises ``BundleError``.

    Each evidence file is re-hashed while it streams through; one that no longer matches
    its recorded SHA-256 stops the write, since a hand-over must never carry altered evidence.
    """
    if not recipients:
        raise BundleError(_("Choose at least one person to hand this case over to."))
    if sender_keys.verify_key_bytes != manifest_fields.sender.verify_key_bytes:
        raise BundleError(_("This laptop's hand-over keys do not match its address."))
    created = manifest_fields.created_at or datetime.now(UTC)
    mtime = int(created.timestamp())
    items = _evidence_items(evidence)
    case_bytes = json.dumps(case_doc, sort_keys=True, ensure_ascii=False).encode("utf-8")
    addressed = _addressed_to(recipients)
    members = [
        {"name": CASE, "sha256": hashlib.sha256(case_bytes).hexdigest(), "size": len(case_bytes)}
    ] + [
        {"name": f"evidence/{src.sha256}", "sha256": src.sha256, "size": src.size} for src in items
    ]
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "case_uuid": manifest_fields.case_uuid,
        "origin": manifest_fields.sender.to_public_dict(),
        "sender_name": manifest_fields.sender_name,
        "created_at": created.astimezone(UTC).isoformat(timespec="seconds"),
        "app_version": manifest_fields.app_version,
        "guide_version": manifest_fields.guide_version,
        "addressed_to_sha256": hashlib.sha256(addressed).hexdigest(),
        "members": members,
    }
    manifest_bytes = json.dumps(manifest, sort_keys=True, indent=1).encode("utf-8")
    signature = sender_keys.signing_key.sign(manifest_bytes)

    def inner() -> Iterator[bytes]:
        for name, data in ((MANIFEST, manifest_bytes), (SIGNATURE, signature), (CASE, case_bytes)):
            yield tarstream.header(name, len(data), mtime)
            yield data + bytes(tarstream.padding(len(data)))
        done, total = 0, sum(src.size for src in items)
        for src in items:
            yield tarstream.header(f"evidence/{src.sha256}", src.size, mtime)
            for chunk in _stream_checked(src):
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
                yield chunk
            yield bytes(tarstream.padding(src.size))
        yield bytes(tarstream.archive_end(inner_length - end_length))

    inner_length = sum(
        tarstream.member_span(n) for n in (len(manifest_bytes), len(signature), len(case_bytes))
    ) + sum(tarstream.member_span(src.size) for src in items)
    end_length = tarstream.archive_end(inner_length)
    inner_length += end_length

    dest = Path(out_dir) / filename
    with _atomic(dest) as handle:
        out = _OuterWriter(handle, mtime, inner_length)
        out.write_raw(tarstream.header(ADDRESSED_TO, len(addressed), mtime))
        out.write_raw(addressed + bytes(tarstream.padding(len(addressed))))
        reader = _GeneratorReader(inner())
        try:
            pyrage.encrypt_io(reader, out, [r.recipient for r in recipients])
        except (pyrage.EncryptError, OSError) as exc:
            # pyrage wraps what the reader raised; the reader's own error is the true one.
            if reader.error is not None:
                raise reader.error from None
            raise BundleError(_("The hand-over could not be sealed.")) from exc
        except BaseException:
            if reader.error is not None:
                raise reader.error from None
            raise
        out.finish()
        digest, size = out.digest.hexdigest(), out.count
    return BundleInfo(dest, digest, size)


def _file_chunks(path: Path) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk

    return chunks


def _evidence_items(
    evidence: Sequence[tuple[str, Path] | EvidenceSource],
) -> list[EvidenceSource]:
    items: dict[str, EvidenceSource] = {}
    for item in evidence:
        if isinstance(item, EvidenceSource):
            src = item
        else:
            sha, path = item
            try:
                size = Path(path).stat().st_size
            except OSError as exc:
                raise BundleError(_("An evidence file could not be read.")) from exc
            src = EvidenceSource(sha, size, _file_chunks(Path(path)))
        if not _SHA.fullmatch(src.sha256) or src.size < 0:
            raise BundleError(_("An evidence item has no valid SHA-256 recorded."))
        items.setdefault(src.sha256, src)
    return list(items.values())


def _stream_checked(src: EvidenceSource) -> Iterator[bytes]:
    """The source's bytes, exactly its recorded size, re-hashed; any difference stops it."""
    digest, left = hashlib.sha256(), src.size
    extra = False
    for chunk in src.chunks():
        if len(chunk) > left:
            extra = True
            chunk = chunk[:left]
        left -= len(chunk)
        digest.update(chunk)
        if chunk:
            yield chunk
        if extra:
            break
    if extra or left or digest.hexdigest() != src.sha256:
        raise BundleError(
            _("An evidence file has changed since it was recorded, so it was not handed over.")
        )


def _addressed_to(recipients: Sequence[HandoverAddress]) -> bytes:
    doc = {
        "format": "misuse-responder-addressed-to",
        "version": VERSION,
        "recipients": [
            {"fingerprint": r.fingerprint, "label": r.label, "school": r.school} for r in recipients
        ],
    }
    return json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False).encode("utf-8")


class _GeneratorReader:
    """A file-like ``read(n)`` over a generator of byte chunks, for ``pyrage.encrypt_io``."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks, self._buffer, self._pos = chunks, b"", 0
        self.error: BaseException | None = None

    def read(self, n: int = -1) -> bytes:
        while self._pos >= len(self._buffer):
            try:
                nxt = next(self._chunks, None)
            except BaseException as exc:
                self.error = exc
                raise
            if nxt is None:
                return b""
            self._buffer, self._pos = nxt, 0
        if n < 0:
            n = len(self._buffer)
        piece = self._buffer[self._pos : self._pos + n]
        self._pos += len(piece)
        return piece


class _OuterWriter:
    """Receives age output, writes the outer tar around it and hashes every byte.

    The age header has random-length stanzas, so its size is known only once it has been
    written; the payload's size follows from the age format's fixed chunking. The outer
    ``case.age`` header is written then, so the bundle is one pass and hashed as it goes.
    """

    def __init__(self, handle: BinaryIO, mtime: int, plain_length: int) -> None:
        self._handle, self._mtime, self._plain = handle, mtime, plain_length
        self.digest, self.count = hashlib.sha256(), 0
        self._pending: bytearray | None = bytearray()
        self._sealed = 0
        self._expected = 0

    def write_raw(self, data: bytes) -> None:
        self._handle.write(data)
        self.digest.update(data)
        self.count += len(data)

    def write(self, data: bytes) -> int:
        if self._pending is None:
            self._sealed += len(data)
            self.write_raw(data)
            return len(data)
        self._pending += data
        end = self._pending.find(b"\n---")
        if end >= 0:
            line_end = self._pending.find(b"\n", end + 1)
            if line_end >= 0:
                head = line_end + 1
                chunks = max(1, -(-self._plain // AGE_CHUNK))
                self._expected = head + AGE_NONCE + self._plain + AGE_TAG * chunks
                self.write_raw(tarstream.header(SEALED, self._expected, self._mtime))
                pending, self._pending = bytes(self._pending), None
                self.write(pending)
        return len(data)

    def flush(self) -> None:
        self._handle.flush()

    def finish(self) -> None:
        if self._pending is not None or self._sealed != self._expected:
            raise BundleError(_("The hand-over could not be sealed."))
        self.write_raw(bytes(tarstream.padding(self._sealed)))
        self.write_raw(bytes(tarstream.archive_end(self.count)))


@contextlib.contextmanager
def _atomic(dest: Path) -> Iterator[BinaryIO]:
    """A private temporary file beside ``dest`` that becomes ``dest`` only when complete."""
    folder = dest.parent
    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=folder)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        temp.chmod(0o600)
        temp.replace(dest)
        if os.name == "posix":
            dfd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- reading


def _damaged() -> BundleError:
    return BundleError(_("This hand-over file is damaged or incomplete, so it was not opened."))


def _oversize() -> BundleError:
    return BundleError(
        _("This hand-over file is larger than its list of contents says, so it was not opened.")
    )


def _unsafe() -> BundleError:
    return BundleError(
        _("This hand-over file holds an item with an unsafe name or type, so it was not opened.")
    )


def _unlisted() -> BundleError:
    return BundleError(
        _("This hand-over file's contents do not match its signed list, so it was not opened.")
    )


def read_addressed_to(path: Path) -> list[dict[str, str]]:
    """Who a bundle is for (fingerprint, label, school), without any key."""
    with Path(path).open("rb") as handle:
        _size, _head, doc, _raw = _read_front(handle, Path(path).stat().st_size)
    return doc


def open_bundle(
    path: Path,
    identity: HandoverKeys,
    dest: Path,
    known_senders: frozenset[str] | set[str] = frozenset(),
    *,
    progress: Callable[[int, int], None] | None = None,
    cancel: CancelToken | None = None,
) -> VerifiedBundle:
    """Decrypt, verify and extract a bundle into the private folder ``dest``.

    Returns only when every check has passed; otherwise raises ``BundleError`` with one
    sentence and removes anything it extracted. A sender not in ``known_senders`` is not
    refused here but reported (``sender_known``), so the caller can ask the DSL.
    ``progress(done, total)`` reports the sealed bytes read (a 500 MB video takes seconds);
    a ``cancel`` token stops it between chunks with ``Cancelled``, removing what it wrote.
    """
    path, dest = Path(path), Path(dest)
    dest.mkdir(mode=0o700, parents=True, exist_ok=True)
    dest.chmod(0o700)
    if any(dest.iterdir()):
        raise BundleError(_("The folder to receive the hand-over into is not empty."))
    parser = _InnerParser(dest, identity)
    try:
        return _open(path, identity, parser, known_senders, progress, cancel)
    except BaseException:
        parser.close()
        for written in parser.written:
            written.unlink(missing_ok=True)
        raise


def _read_front(handle: BinaryIO, file_size: int) -> tuple[int, Any, list[dict[str, str]], bytes]:
    """Check the outer tar's layout; return case.age's size, its header, the recipients."""
    try:
        first = tarstream.parse_header(_read_exact(handle, tarstream.BLOCK))
        if first.name != ADDRESSED_TO or not first.isreg() or first.size > MAX_ADDRESSED:
            raise _damaged()
        raw = _read_exact(handle, first.size)
        if any(_read_exact(handle, tarstream.padding(first.size))):
            raise _damaged()
        second = tarstream.parse_header(_read_exact(handle, tarstream.BLOCK))
    except tarfile.TarError as exc:
        raise _damaged() from exc
    if second.name != SEALED or not second.isreg():
        raise _damaged()
    front = 2 * tarstream.BLOCK + first.size + tarstream.padding(first.size)
    length = front + second.size + tarstream.padding(second.size)
    expected = length + tarstream.archive_end(length)
    if file_size < expected:
        raise _damaged()
    if file_size > expected:
        raise _oversize()
    try:
        doc = json.loads(raw.decode("utf-8"))
        recipients = doc["recipients"]
        if not isinstance(recipients, list) or not all(
            isinstance(r, dict) and isinstance(r.get("fingerprint"), str) for r in recipients
        ):
            raise ValueError("recipients")
    except (ValueError, KeyError, TypeError) as exc:
        raise _damaged() from exc
    return second.size, second, recipients, raw


def _read_exact(handle: BinaryIO, n: int) -> bytes:
    data = handle.read(n)
    if len(data) != n:
        raise _damaged()
    return data


class _HashingReader:
    """Reads exactly ``size`` bytes of the sealed member, hashing for the bundle's SHA-256.

    A cancel is answered with end-of-file rather than an exception: the reader is called
    from inside pyrage (Rust), which would turn a Python exception into a bare OSError; the
    cut-short stream then fails to decrypt and ``_open`` sees ``cancelled`` and says so.
    """

    REPORT_EVERY = 1 << 20  # progress once a megabyte, not once per 64 KB chunk

    def __init__(
        self,
        handle: BinaryIO,
        size: int,
        digest: Any,
        progress: Callable[[int, int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> None:
        self._handle, self._left, self._digest = handle, size, digest
        self._size, self._progress, self._cancel = size, progress, cancel
        self._reported = 0
        self.cancelled = False

    def read(self, n: int = -1) -> bytes:
        if self._cancel is not None and self._cancel.cancelled:
            self.cancelled = True
            return b""
        n = self._left if n < 0 else min(n, self._left)
        data = self._handle.read(n)
        self._left -= len(data)
        self._digest.update(data)
        done = self._size - self._left
        if self._progress is not None and (
            done - self._reported >= self.REPORT_EVERY or not self._left
        ):
            self._reported = done
            self._progress(done, self._size)
        return data


def _open(
    path: Path,
    identity: HandoverKeys,
    parser: _InnerParser,
    known_senders: frozenset[str] | set[str],
    progress: Callable[[int, int], None] | None,
    cancel: CancelToken | None,
) -> VerifiedBundle:
    file_size = path.stat().st_size
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        sealed_size, _h, recipients, raw = _read_front(handle, file_size)
        fingerprints = [r["fingerprint"] for r in recipients]
        if identity.fingerprint not in fingerprints:
            names = " and ".join(str(r.get("label", "")) for r in recipients) or "?"
            raise BundleError(
                _("This hand-over is for {names}, not for this laptop.").format(names=names)
            )
        parser.addressed_sha = hashlib.sha256(raw).hexdigest()
        handle.seek(0)
        digest.update(handle.read(_front_length(raw)))
        reader = _HashingReader(handle, sealed_size, digest, progress, cancel)
        try:
            pyrage.decrypt_io(reader, parser, [identity.identity])
        except (pyrage.DecryptError, OSError) as exc:
            if reader.cancelled:
                raise Cancelled from None
            # pyrage reports a failed chunk (altered or cut short) as a bare OSError.
            raise _damaged() from exc
        if reader.cancelled:
            raise Cancelled
        tail = handle.read()
        digest.update(tail)
        if any(tail):
            raise _damaged()
    parser.finish()
    assert parser.manifest is not None and parser.sender is not None
    fingerprint = parser.sender.fingerprint
    checks = (
        "addressed to this laptop",
        "decrypted (age)",
        "manifest signature valid (Ed25519)",
        "every member listed and present",
        "every member's SHA-256 matches",
    )
    return VerifiedBundle(
        case_uuid=str(parser.manifest["case_uuid"]),
        manifest=parser.manifest,
        case_doc=parser.case_doc,
        evidence=dict(parser.evidence),
        sender=parser.sender,
        sender_fingerprint=fingerprint,
        sender_known=fingerprint in known_senders,
        sender_name=str(parser.manifest.get("sender_name", "")),
        created_at=str(parser.manifest.get("created_at", "")),
        bundle_sha256=digest.hexdigest(),
        size=file_size,
        checks=checks,
    )


def _front_length(raw: bytes) -> int:
    return 2 * tarstream.BLOCK + len(raw) + tarstream.padding(len(raw))


class _InnerParser:
    """A push parser for the decrypted inner tar: checks as it goes, stops at the first lie.

    ``pyrage.decrypt_io`` pushes plaintext into ``write``; raising there stops decryption,
    so an oversized or forged bundle is not read to its end.
    """

    def __init__(self, dest: Path, identity: HandoverKeys) -> None:
        self.dest, self.identity = dest, identity
        self.addressed_sha = ""
        self.written: list[Path] = []
        self.evidence: dict[str, Path] = {}
        self.manifest: dict[str, Any] | None = None
        self.sender: HandoverAddress | None = None
        self.case_doc: dict[str, Any] = {}
        self._buffer = bytearray()
        self._total = 0
        self._limit = tarstream.member_span(MAX_MANIFEST) + tarstream.member_span(64)
        self._expected_total = -1
        self._listed: dict[str, dict[str, Any]] = {}
        self._seen: set[str] = set()
        self._state = "header"
        self._member = ""
        self._left = 0
        self._pad = 0
        self._memory = bytearray()
        self._file: BinaryIO | None = None
        self._digest: Any = None
        self._manifest_bytes = b""

    # file-like surface for pyrage
    def write(self, data: bytes) -> int:
        self._total += len(data)
        if self._total > self._limit:
            raise _oversize()
        # Work on a view of pyrage's buffer (no copy); only a split header block is kept.
        if self._buffer:
            view = memoryview(bytes(self._buffer) + bytes(data))
            self._buffer = bytearray()
        else:
            view = memoryview(data)
        pos = self._consume(view)
        self._buffer += view[pos:]
        return len(data)

    def flush(self) -> None:
        return None

    def _consume(self, view: memoryview) -> int:
        pos, size = 0, len(view)
        while pos < size:
            if self._state == "header":
                if size - pos < tarstream.BLOCK:
                    return pos
                block = bytes(view[pos : pos + tarstream.BLOCK])
                pos += tarstream.BLOCK
                self._start(block)
            elif self._state == "data":
                take = min(self._left, size - pos)
                piece = view[pos : pos + take]
                pos += take
                self._digest.update(piece)
                if self._file is not None:
                    self._file.write(piece)
                else:
                    self._memory += piece
                self._left -= take
                if self._left == 0:
                    self._end_member()
            elif self._state == "pad":
                take = min(self._pad, size - pos)
                if any(view[pos : pos + take]):
                    raise _damaged()
                pos += take
                self._pad -= take
                if self._pad == 0:
                    self._state = "header"
            else:  # end: only zeros may follow
                if any(view[pos:]):
                    raise _damaged()
                pos = size
        return pos

    def _start(self, block: bytes) -> None:
        if not any(block):
            if self.manifest is None:
                raise _damaged()
            self._state = "end"
            return
        try:
            info = tarstream.parse_header(block)
        except tarfile.TarError as exc:
            raise _damaged() from exc
        name = info.name
        if (
            not info.isreg()
            or name.startswith("/")
            or ".." in name.split("/")
            or "\\" in name
            or info.linkname
        ):
            raise _unsafe()
        self._member, self._left = name, info.size
        self._pad = tarstream.padding(info.size)
        self._digest, self._memory, self._file = hashlib.sha256(), bytearray(), None
        if self.manifest is None:
            wanted = MANIFEST if not self._manifest_bytes else SIGNATURE
            if name != wanted:
                raise _unlisted()
            if info.size > (MAX_MANIFEST if name == MANIFEST else 1024):
                raise _oversize()
        else:
            entry = self._listed.get(name)
            if entry is None or name in self._seen:
                raise _unlisted()
            if info.size != entry["size"]:
                raise _unlisted()
            self._seen.add(name)
            if name != CASE:
                target = self.dest / name.removeprefix("evidence/")
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
                self.written.append(target)
                self._file = os.fdopen(fd, "wb")
        self._state = "data"
        if self._left == 0:
            self._end_member()

    def _end_member(self) -> None:
        name = self._member
        if self._file is not None:
            # No fsync: this folder is a staging area the store copies into its own
            # (fsynced, encrypted) blobs; syncing each file here doubled the receive time.
            self._file.close()
            self._file = None
        if self.manifest is None:
            if name == MANIFEST:
                self._manifest_bytes = bytes(self._memory)
            else:
                self._accept_manifest(bytes(self._memory))
        else:
            entry = self._listed[name]
            if self._digest.hexdigest() != entry["sha256"]:
                raise _unlisted()
            if name == CASE:
                try:
                    doc = json.loads(self._memory.decode("utf-8"))
                except ValueError as exc:
                    raise _damaged() from exc
                if not isinstance(doc, dict):
                    raise _damaged()
                self.case_doc = doc
            else:
                sha = name.removeprefix("evidence/")
                self.evidence[sha] = self.dest / sha
        self._memory = bytearray()
        self._state = "pad" if self._pad else "header"

    def _accept_manifest(self, signature: bytes) -> None:
        try:
            manifest = json.loads(self._manifest_bytes.decode("utf-8"))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise ValueError("format")
            if manifest.get("version") != VERSION:
                raise BundleError(
                    _("This hand-over was made by a newer version of the app; update this one.")
                )
            sender = from_public_dict(manifest.get("origin"))
        except BundleError:
            raise
        except Exception as exc:
            raise _damaged() from exc
        try:
            Ed25519PublicKey.from_public_bytes(sender.verify_key_bytes).verify(
                signature, self._manifest_bytes
            )
        except (InvalidSignature, ValueError) as exc:
            raise BundleError(
                _("This hand-over file's signature is not valid, so it was not opened.")
            ) from exc
        if manifest.get("addressed_to_sha256") != self.addressed_sha:
            raise _damaged()
        members = manifest.get("members")
        if not isinstance(members, list):
            raise _damaged()
        listed: dict[str, dict[str, Any]] = {}
        for entry in members:
            if not isinstance(entry, dict):
                raise _damaged()
            name, sha, size = entry.get("name"), entry.get("sha256"), entry.get("size")
            if not isinstance(name, str) or not isinstance(sha, str) or not isinstance(size, int):
                raise _damaged()
            if name != CASE and not _EVIDENCE.fullmatch(name):
                raise _unsafe()
            if name != CASE and name != f"evidence/{sha}":
                raise _damaged()
            if name in listed or size < 0 or (name == CASE and size > MAX_CASE):
                raise _damaged()
            listed[name] = entry
        if CASE not in listed:
            raise _unlisted()
        self.manifest, self.sender, self._listed = manifest, sender, listed
        length = (
            tarstream.member_span(len(self._manifest_bytes))
            + tarstream.member_span(len(signature))
            + sum(tarstream.member_span(e["size"]) for e in listed.values())
        )
        self._limit = length + tarstream.archive_end(length)
        self._expected_total = self._limit

    def close(self) -> None:
        """Close a half-written evidence file (after a failure)."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def finish(self) -> None:
        """After decryption: everything listed was present and nothing was cut short."""
        self.close()
        if self.manifest is None or self._state != "end":
            raise _damaged()
        if self._seen != set(self._listed):
            raise _unlisted()
        if self._total != self._expected_total:
            raise _damaged()
