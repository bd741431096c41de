"""iPhone photos (HEIC): kept as evidence with the file's own hash, and shown in the pack
(issue 9, item 11). Before pillow-heif was registered, Pillow called a real HEIC damaged."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pillow_heif
from PIL import Image

from misuse_responder.export.pack import PackOptions, export_pack
from misuse_responder.store import CaseStore, heif
from tests.export.conftest import image_count, pdf_text


def iphone_photo(path: Path, width: int = 640, height: int = 480) -> Path:
    """A real HEIC file (HEVC-coded, as an iPhone writes it), photo-like so it is re-encoded."""
    image = Image.effect_noise((width, height), 60).convert("RGB")
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    photo = Image.blend(image, gradient, 0.5)
    heif_file = pillow_heif.from_pillow(photo)
    heif_file.save(path, quality=80)
    return path


def test_generated_file_is_really_heic(tmp_path: Path) -> None:
    path = iphone_photo(tmp_path / "IMG_0001.HEIC")
    head = path.read_bytes()[:16]
    assert head[4:12] == b"ftypheic"
    assert heif.looks_like_heif(head) and heif.looks_like_heif(b"", "IMG_0001.HEIC")
    assert not heif.looks_like_heif(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00")  # a video


def test_heic_is_kept_with_its_own_hash_and_shown_in_the_pack(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    path = iphone_photo(tmp_path / "IMG_0001.HEIC")
    original = path.read_bytes()
    ev = store.add_evidence_file(case_id, path, "Ms DSL", shows_child_sexual="no")
    item = next(e for e in store.case(case_id).evidence if e.id == ev)
    assert item.sha256 == hashlib.sha256(original).hexdigest()
    assert item.size == len(original)
    assert item.media_type == "image/heif"
    assert b"".join(store.read_evidence(ev)) == original
    assert store.verify().ok

    out = tmp_path / "pack.pdf"
    export_pack(store, case_id, out, PackOptions(), author="Ms DSL")
    assert image_count(out) == 1
    text = "".join(pdf_text(out).split())
    assert "IMG_0001.HEIC" in text and item.sha256[:16] in text


def test_heic_without_the_name_is_recognised_by_its_bytes(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    path = iphone_photo(tmp_path / "photo.bin", 200, 150)
    ev = store.add_evidence_file(case_id, path, "Ms DSL", shows_child_sexual="no")
    item = next(e for e in store.case(case_id).evidence if e.id == ev)
    assert item.media_type == "image/heif"


def test_damaged_heic_is_still_refused(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    import pytest

    from misuse_responder.store import EvidenceError

    path = iphone_photo(tmp_path / "cut.heic")
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(EvidenceError, match="not a readable image"):
        store.add_evidence_file(case_id, path, "Ms DSL", shows_child_sexual="no")
    with Image.open(io.BytesIO(iphone_photo(tmp_path / "ok.heic").read_bytes())) as ok:
        assert ok.size


def test_heic_metadata_does_not_reach_the_pack(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    """The pack shows a re-encoded copy: the photo's EXIF (author, device) is not embedded."""
    heif.ensure_opener()
    exif = Image.Exif()
    exif[0x013B] = "Artist-Zofia-Wisniewska"  # Artist
    exif[0x0110] = "iPhone-of-Zofia"  # Model
    path = tmp_path / "IMG_0002.HEIC"
    Image.effect_noise((320, 240), 60).convert("RGB").save(path, format="HEIF", exif=exif.tobytes())
    with Image.open(path) as opened:
        assert opened.getexif().get(0x013B) == "Artist-Zofia-Wisniewska"
    store.add_evidence_file(case_id, path, "Ms DSL", shows_child_sexual="no")
    out = tmp_path / "pack.pdf"
    export_pack(store, case_id, out, PackOptions(), author="Ms DSL")
    assert image_count(out) == 1
    raw = out.read_bytes()
    assert b"Artist-Zofia" not in raw and b"iPhone-of-Zofia" not in raw
