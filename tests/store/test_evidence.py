"""Evidence: streamed, hashed, encrypted; bad input refused cleanly; do-not-capture refused."""

from __future__ import annotations

import hashlib
import io
import struct
import tracemalloc
import zlib
from pathlib import Path

import pytest
from PIL import Image

from misuse_responder.store import (
    Capture,
    CaseStore,
    EvidenceError,
    EvidenceRefused,
    InvalidChange,
)
from tests.support import NUDES


def _png(width: int = 40, height: int = 30) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _bomb_png() -> bytes:
    """A tiny file claiming to be a 100,000 x 100,000 image."""
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + _chunk(b"IEND", b"")
    )


def _still_healthy(store: CaseStore, case_id: int) -> None:
    report = store.verify()
    assert report.ok, report.problems
    assert report.notes == []  # no half-written blob left behind
    assert not list(store.paths.blobs.glob(".*part"))


def test_png_is_stored_and_hashed(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    data = _png()
    path = tmp_path / "shot.png"
    path.write_bytes(data)
    ev = store.add_evidence_file(
        case_id, path, "dsl", Capture("Screenshot of the comment"), shows_child_sexual="no"
    )
    item = store.case(case_id).evidence[0]
    assert item.id == ev and item.sha256 == hashlib.sha256(data).hexdigest()
    assert item.size == len(data) and item.media_type == "image/png"
    blob = store.paths.blobs / next(p.name for p in store.paths.blobs.iterdir())
    assert data not in blob.read_bytes()  # encrypted at rest
    out = tmp_path / "exported.png"
    assert store.export_evidence(ev, out) == item.sha256
    assert out.read_bytes() == data


def test_empty_file_refused(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    with pytest.raises(EvidenceError, match="empty"):
        store.add_evidence_file(case_id, empty, "dsl", shows_child_sexual="no")
    _still_healthy(store, case_id)


def test_truncated_png_refused(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    data = _png(400, 300)
    cut = tmp_path / "cut.png"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(EvidenceError, match="not a readable image"):
        store.add_evidence_file(case_id, cut, "dsl", shows_child_sexual="no")
    _still_healthy(store, case_id)
    assert store.case(case_id).evidence == ()


def test_decompression_bomb_refused(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_bomb_png())
    with pytest.raises(EvidenceError, match="decompression bomb"):
        store.add_evidence_file(case_id, bomb, "dsl", shows_child_sexual="no")
    _still_healthy(store, case_id)


def test_not_an_image_named_png_refused(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    fake = tmp_path / "photo.png"
    fake.write_bytes(b"this is not an image at all")
    with pytest.raises(EvidenceError, match="not a readable image"):
        store.add_evidence_file(case_id, fake, "dsl", shows_child_sexual="no")


def test_long_note_stored_whole(store: CaseStore, case_id: int) -> None:
    note = ("Word " * 20_000)[:100_000]
    entry = store.add_entry(case_id, note, "dsl")
    text_ev = store.add_evidence_text(case_id, note, "dsl")
    d = store.case(case_id)
    assert next(e for e in d.entries if e.id == entry).text == note
    assert next(e for e in d.evidence if e.id == text_ev).text == note
    _still_healthy(store, case_id)


def test_hostile_file_name(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    src = tmp_path / "plain.txt"
    src.write_bytes(b"contents")
    ev = store.add_evidence_file(
        case_id,
        src,
        "dsl",
        original_name="../../etc/pass\x00wd\n\x1b[31m.txt",
        shows_child_sexual="no",
    )
    item = store.case(case_id).evidence[0]
    assert item.id == ev
    assert item.original_name == "passwd[31m.txt"
    assert "/" not in item.original_name and "\x1b" not in item.original_name
    assert [p.parent for p in store.paths.blobs.iterdir()] == [store.paths.blobs]
    assert not (tmp_path / "etc").exists()
    _still_healthy(store, case_id)


def test_missing_file(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    with pytest.raises(EvidenceError, match="moved or deleted"):
        store.add_evidence_file(case_id, tmp_path / "gone.mp4", "dsl", shows_child_sexual="no")


def test_file_that_disappears_while_being_added(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\0" * (3 << 20))

    def vanish(done: int) -> None:
        if video.exists():
            video.write_bytes(b"")  # truncated under us ...
            video.unlink()  # ... then deleted

    with pytest.raises(EvidenceError, match="changed while it was being added"):
        store.add_evidence_file(case_id, video, "dsl", progress=vanish, shows_child_sexual="no")
    assert store.case(case_id).evidence == ()
    _still_healthy(store, case_id)


def test_large_file_streams_in_bounded_memory(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    big = tmp_path / "video.mp4"
    digest = hashlib.sha256()
    with big.open("wb") as out:
        for i in range(48):  # 48 MiB
            block = bytes([i]) * (1 << 20)
            digest.update(block)
            out.write(block)
    tracemalloc.start()
    try:
        ev = store.add_evidence_file(case_id, big, "dsl", shows_child_sexual="no")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, peak
    assert store.case(case_id).evidence[0].sha256 == digest.hexdigest()
    assert store.case(case_id).evidence[0].media_type == "video/mp4"
    assert store.verify().ok
    assert ev


def test_do_not_capture_case_refuses_files_and_images(store: CaseStore, tmp_path: Path) -> None:
    case = store.create_case(NUDES, "Image shared in a group chat", "Ms DSL")
    assert case.evidence_rule == "do-not-capture"
    image = tmp_path / "image.png"
    image.write_bytes(_png())
    with pytest.raises(EvidenceRefused, match="do not capture"):
        store.add_evidence_file(case.id, image, "dsl", shows_child_sexual="no")
    other = tmp_path / "notes.pdf"
    other.write_bytes(b"%PDF-1.4 anything")
    with pytest.raises(EvidenceRefused):
        store.add_evidence_file(case.id, other, "dsl", shows_child_sexual="no")
    # A description and a text note are still allowed.
    store.add_evidence_text(
        case.id,
        "Year 10 group chat, image described by the DSL",
        "dsl",
        Capture("What was seen, described without copying it"),
    )
    store.add_entry(case.id, "Image not viewed or copied. Phone kept switched off.", "dsl")
    assert [e.kind for e in store.case(case.id).evidence] == ["text"]
    assert list(store.paths.blobs.iterdir()) == []


def test_refusal_follows_reassessment(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    image = tmp_path / "image.png"
    image.write_bytes(_png())
    store.add_evidence_file(case_id, image, "dsl", shows_child_sexual="no")
    store.reassess(case_id, NUDES, "dsl")
    with pytest.raises(EvidenceRefused):
        store.add_evidence_file(case_id, image, "dsl", shows_child_sexual="no")


def test_withdrawal_is_logged_once(store: CaseStore, case_id: int) -> None:
    ev = store.add_evidence_link(case_id, "https://example.org/post/1", "dsl")
    with pytest.raises(InvalidChange, match="why"):
        store.withdraw_evidence(ev, "dsl", " ")
    store.withdraw_evidence(ev, "dsl", "Duplicate")
    with pytest.raises(InvalidChange, match="already"):
        store.withdraw_evidence(ev, "dsl", "Again")
    from misuse_responder.store import models as m

    kinds = [e.kind for e in m.AuditEvent.select().order_by(m.AuditEvent.seq)]
    assert kinds[-1] == "evidence.withdrawn"


def test_full_disk_is_a_clear_message_and_changes_nothing(
    store: CaseStore, case_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from misuse_responder.store import blobs

    source = tmp_path / "screenshot.png"
    source.write_bytes(_png())
    before = len(store.case(case_id).evidence)

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(blobs.os, "fsync", no_space)
    with pytest.raises(EvidenceError, match="not enough free space") as info:
        store.add_evidence_file(
            case_id, source, "dsl", Capture(description="comments"), shows_child_sexual="no"
        )
    assert "\n" not in str(info.value)
    monkeypatch.undo()
    assert list(store.paths.blobs.iterdir()) == []  # no partial blob left behind
    assert len(store.case(case_id).evidence) == before
    _still_healthy(store, case_id)
    # and once there is space again, the same file goes in
    store.add_evidence_file(
        case_id, source, "dsl", Capture(description="comments"), shows_child_sexual="no"
    )
    assert len(store.case(case_id).evidence) == before + 1
