"""The evidence pack, read back from the real PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from misuse_responder.export.pack import DSL_COPY, PackOptions, export_pack, render_pack
from misuse_responder.progress import Cancelled, CancelToken
from misuse_responder.store import Capture, CaseStore
from misuse_responder.store import models as m
from tests.export.conftest import (
    CHAIR,
    DSL,
    HEAD,
    HEAD_SUBJECT,
    PARENT,
    PUPIL_AR,
    PUPIL_PL,
    PUPIL_VI,
    PUPIL_ZH,
    STAFF,
    add_people,
    image_count,
    normalised,
    pdf_text,
    save,
    screenshot,
)
from tests.support import NUDES

SECTIONS = (
    "1. Summary",
    "2. Incident facts and classification",
    "3. Guidance given",
    "Police decision",
    "4. People involved",
    "5. Chronology",
    "6. Actions",
    "7. Evidence index",
    "8. Evidence images",
    "9. Integrity at export",
    "10. Sign-off",
)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_pack_has_every_section_the_stored_hashes_and_page_numbers(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    out = tmp_path / "pack.pdf"
    result = export_pack(store, case_id, out, PackOptions(), author=DSL)
    text = normalised(pdf_text(out))
    for section in SECTIONS:
        assert section in text, section
    flat = squeezed(text)
    items = store.case(case_id).evidence
    assert len(items) == 5
    for item in items:
        assert item.sha256 in flat
    assert "IG-12345" in text  # the action's reference number
    assert "the hash chain is intact" in text
    assert "every SHA-256 matches" in text
    # Plain words (issue 15 item 11): the hash printed in full, named as a fingerprint;
    # sources by their real titles.
    assert "Fingerprint (SHA-256)" in text
    assert "seed 0" not in text and "the school's social media policy" in text
    reader = PdfReader(out)
    assert len(reader.pages) == result.pages > 3
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {result.pages}" in (page.extract_text() or "")
    assert image_count(out) == 3  # two screenshots and a photo
    assert "OFFICIAL–SENSITIVE: contains personal data about children" in text
    # logged with the PDF's own hash
    event = m.AuditEvent.select().where(m.AuditEvent.kind == "export.pack").get()
    assert result.sha256 in event.data_json and event.case_id == case_id


def test_unicode_names_survive_and_page_one_renders(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    out = tmp_path / "pack.pdf"
    export_pack(store, case_id, out, PackOptions(), author=DSL)
    text = normalised(pdf_text(out))
    for name in (PUPIL_PL, PUPIL_VI, PUPIL_ZH, PARENT, STAFF):
        assert name in text, name
    for word in PUPIL_AR.split():  # shaped Arabic is extracted in visual order
        assert word in text
    assert "<b>not bold</b> & co" in text  # user text is never read as markup
    assert shutil.which("pdftoppm")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")],
        check=True,
        capture_output=True,
    )
    with Image.open(tmp_path / "p-1.png") as page:
        assert page.convert("L").getextrema()[0] < 50  # there is dark ink on the page


def _addressee_block(text: str) -> str:
    return text.split("To:", 1)[1].split("Prepared by", 1)[0]


def test_pack_goes_to_the_chair_when_the_head_is_the_subject(
    store: CaseStore, tmp_path: Path
) -> None:
    cid = store.create_case(HEAD_SUBJECT, "Concern about the Head", DSL).id
    store.add_person(cid, role="subject", kind="headteacher", name=HEAD, by=DSL)
    out = tmp_path / "chair.pdf"
    export_pack(store, cid, out, PackOptions(), author=DSL)
    block = _addressee_block(normalised(PdfReader(out).pages[0].extract_text() or ""))
    assert "Chair of Governors" in block
    assert CHAIR in block
    assert HEAD not in block
    # the DSL copy is the second option
    dsl = tmp_path / "dsl.pdf"
    export_pack(store, cid, dsl, PackOptions(variant=DSL_COPY), author=DSL)
    block = _addressee_block(normalised(PdfReader(dsl).pages[0].extract_text() or ""))
    assert DSL in block and HEAD not in block


def test_pack_goes_to_the_head_otherwise(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    out = tmp_path / "head.pdf"
    export_pack(store, case_id, out, PackOptions(), author=DSL)
    block = _addressee_block(normalised(PdfReader(out).pages[0].extract_text() or ""))
    assert "Head teacher" in block and HEAD in block and CHAIR not in block


def test_do_not_capture_pack_has_no_image_at_all(store: CaseStore, tmp_path: Path) -> None:
    # a screenshot was kept while the case looked like bullying; then the facts changed
    cid = store.create_case(
        {"concerns": ["bullying"], "targets": ["pupil"], "subject": "pupil"}, "Year 10 chat", DSL
    ).id
    store.add_evidence_file(
        cid, save(screenshot(), tmp_path / "s.png"), DSL, Capture("chat"), shows_child_sexual="no"
    )
    store.reassess(cid, NUDES, DSL)
    store.add_evidence_text(cid, "Described: an image was shared in the chat", DSL, Capture("note"))
    out = tmp_path / "dnc.pdf"
    export_pack(store, cid, out, PackOptions(), author=DSL)
    assert image_count(out) == 0
    with pikepdf.open(out) as pdf:  # every object in the file, not only page resources
        assert not any(
            isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream))
            and obj.get("/Subtype") == "/Image"
            for obj in pdf.objects
        )
    text = normalised(pdf_text(out))
    # the screenshot is still held, sealed: the pack must not claim no imagery was retained
    assert "No imagery was retained" not in text
    assert "held SEALED" in text and "awaiting the DSL's decision" in text
    assert "8. Evidence images" not in text


def test_redacted_copy_contains_no_party_name(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    out = tmp_path / "redacted.pdf"
    export_pack(store, case_id, out, PackOptions(redacted=True), author=DSL)
    text = normalised(pdf_text(out))
    folded = text.casefold()
    for person in store.case(case_id).people:
        if person.kind == "staff":
            assert person.name in text  # the school's own staff keep their names
            continue
        assert person.name.casefold() not in folded, person.name
        for part in person.name.split():
            assert part.casefold() not in folded, part
    assert "lukasz" not in folded  # the accent-free spelling in the chronology too
    assert "Pupil A" in text and "Parent or carer A" in text
    assert "@nasty_account" not in text
    assert image_count(out) == 0


def test_tampered_evidence_is_a_failed_line_not_a_silent_success(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    item = store.case(case_id).evidence[0]
    blob = m.Evidence.get_by_id(item.id).blob_name
    path = store.paths.blob(blob)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    out = tmp_path / "tampered.pdf"
    result = export_pack(store, case_id, out, PackOptions(), author=DSL)
    assert result.details["integrity_ok"] is False
    text = normalised(pdf_text(out))
    assert "FAILED: evidence item 1" in text
    assert "has been altered" in text
    assert "every SHA-256 matches" not in text
    assert image_count(out) == 2  # the altered picture is not drawn


def test_cancel_mid_export_leaves_no_file(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    token = CancelToken()
    calls: list[int] = []

    def progress(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 8:  # part-way through laying out the pages
            token.cancel()

    with pytest.raises(Cancelled):
        render_pack(
            store,
            case_id,
            folder / "pack.pdf",
            PackOptions(),
            author=DSL,
            progress=progress,
            cancel=token,
        )
    assert list(folder.iterdir()) == []


def test_password_encrypts_with_aes_256(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    out = tmp_path / "locked.pdf"
    export_pack(store, case_id, out, PackOptions(password="s3cret-pass"), author=DSL)
    reader = PdfReader(out)
    assert reader.is_encrypted
    encrypt = reader.trailer["/Encrypt"].get_object()
    assert encrypt["/V"] == 5 and encrypt["/R"] == 6  # AES-256
    assert reader.decrypt("wrong") == 0
    assert "1. Summary" in pdf_text(out, "s3cret-pass")


def test_people_added_later_are_redacted_too(store: CaseStore, tmp_path: Path) -> None:
    cid = store.create_case(HEAD_SUBJECT, "Second case", DSL).id
    add_people(store, cid)
    out = tmp_path / "r.pdf"
    export_pack(store, cid, out, PackOptions(redacted=True), author=DSL)
    text = normalised(pdf_text(out))
    assert PUPIL_ZH not in text and PUPIL_VI not in text
