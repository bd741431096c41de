"""Photo metadata never travels in a pack; the evidence index says what it was (issue 9 item 6).

Before: a JPEG small enough to go in as it is was embedded byte for byte, EXIF and all
(GPS position, author, comments), and the index did not mention any of it.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image
from PIL.ExifTags import GPS, IFD, Base
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfReader

from misuse_responder.export import metadata
from misuse_responder.export.pack import DSL_COPY, PackOptions, render_pack
from misuse_responder.store import Capture, CaseStore
from tests.export.conftest import DSL, normalised, pdf_text, photo
from tests.support import BULLYING

AUTHOR = "Kasia Nowak"
COMMENT = "Behind the sports hall"
SOFTWARE = "PhoneOS 17.2"
LEAKS = (AUTHOR.encode(), COMMENT.encode(), SOFTWARE.encode(), b"Exif", b"GPS", b"PhoneMaker")


def exif_jpeg(path: Path, size: tuple[int, int] = (640, 480)) -> bytes:
    """A real JPEG with GPS, author, comments, device and time in its EXIF and a COM."""
    image = photo(*size)
    exif = Image.Exif()
    exif[Base.Make] = "PhoneMaker"
    exif[Base.Model] = "Model X"
    exif[Base.Software] = SOFTWARE
    exif[Base.Artist] = AUTHOR
    exif[Base.ImageDescription] = COMMENT
    exif[Base.DateTime] = "2026:02:27 16:41:09"
    exif.get_ifd(IFD.Exif)[Base.DateTimeOriginal] = "2026:02:27 16:41:07"
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSLatitudeRef] = "N"
    gps[GPS.GPSLatitude] = (52.0, 12.0, 18.36)
    gps[GPS.GPSLongitudeRef] = "W"
    gps[GPS.GPSLongitude] = (0.0, 7.0, 12.0)
    image.save(path, "JPEG", exif=exif, comment=b"secret comment in COM")
    return path.read_bytes()


def image_streams(path: Path) -> list[bytes]:
    out: list[bytes] = []
    for page in PdfReader(path).pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        xobjects = resources.get_object().get("/XObject")
        for ref in xobjects.get_object().values() if xobjects is not None else []:
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                out.append(obj._data)  # the stream as stored (the JPEG itself for DCTDecode)
    return out


@pytest.fixture
def photo_case(store: CaseStore, tmp_path: Path) -> tuple[int, int, bytes]:
    cid = store.create_case(BULLYING, "Photo posted", DSL).id
    store.open_case(cid, DSL)
    original = exif_jpeg(tmp_path / "IMG_0001.jpg")
    big = exif_jpeg(tmp_path / "IMG_0002.jpg", (2400, 1600))  # re-encoded on the way in
    item = store.add_evidence_file(
        cid, tmp_path / "IMG_0001.jpg", DSL, Capture("The photo"), shows_child_sexual="no"
    )
    store.add_evidence_file(
        cid, tmp_path / "IMG_0002.jpg", DSL, Capture("A big one"), shows_child_sexual="no"
    )
    assert big
    return cid, item, original


def test_the_pack_embeds_copies_without_metadata_and_lists_it(
    store: CaseStore, photo_case: tuple[int, int, bytes], tmp_path: Path
) -> None:
    cid, item, original = photo_case
    for options in (PackOptions(), PackOptions(variant=DSL_COPY)):
        out = tmp_path / "pack.pdf"
        render_pack(store, cid, out, options, author=DSL)
        streams = image_streams(out)
        assert len(streams) == 2
        for stream in streams:
            assert stream[:2] == b"\xff\xd8"  # a JPEG, drawn from the cleaned copy
            for leak in (*LEAKS, b"secret comment"):
                assert leak not in stream, leak
            Image.open(io.BytesIO(stream)).load()  # still a whole, readable picture
        text = normalised(pdf_text(out))
        assert "Metadata in the file" in text
        assert "2026:02:27 16:41:07" in text  # the capture time can matter as evidence
        assert "PhoneMaker Model X" in text
        assert SOFTWARE in text and AUTHOR in text and COMMENT in text
        assert "Location in the file (GPS)" in text and "52.20510, -0.12000" in text
    # the original in the store is untouched, its hash as recorded
    stored = b"".join(store.read_evidence(item))
    assert stored == original and b"Exif" in stored
    view = next(e for e in store.case(cid).evidence if e.id == item)
    assert hashlib.sha256(stored).hexdigest() == view.sha256


def test_the_redacted_pack_never_shows_the_location(
    store: CaseStore, photo_case: tuple[int, int, bytes], tmp_path: Path
) -> None:
    cid, _item, _original = photo_case
    store.add_person(cid, role="witness", kind="pupil", name=AUTHOR, by=DSL)
    out = tmp_path / "redacted.pdf"
    render_pack(store, cid, out, PackOptions(redacted=True), author=DSL)
    text = normalised(pdf_text(out))
    assert "Metadata in the file" in text and "PhoneMaker Model X" in text
    assert "GPS" not in text and "52.2051" not in text and "Location" not in text
    assert AUTHOR not in text  # a name in the metadata is redacted like any other
    assert image_streams(out) == []  # and no image at all in the redacted copy


def test_strip_keeps_the_picture_and_drops_only_metadata(tmp_path: Path) -> None:
    data = exif_jpeg(tmp_path / "a.jpg")
    clean = metadata.strip_jpeg(data)
    assert b"Exif" not in clean and b"secret comment" not in clean
    with Image.open(io.BytesIO(data)) as a, Image.open(io.BytesIO(clean)) as b:
        assert a.tobytes() == b.tobytes()  # the same pixels: nothing re-encoded
    assert metadata.strip_jpeg(b"not a jpeg") is None
    assert metadata.strip_jpeg(data[:100]) is None  # damaged: the caller re-encodes it


def test_png_text_chunks_are_listed(tmp_path: Path) -> None:
    info = PngInfo()
    info.add_text("Author", AUTHOR)
    info.add_text("Comment", COMMENT)
    out = io.BytesIO()
    photo(64, 64).save(out, "PNG", pnginfo=info)
    found = metadata.read(out.getvalue())
    assert found.author == AUTHOR and found.comments == [COMMENT]
    assert not metadata.read(b"")
    assert not metadata.read(b"garbage")
