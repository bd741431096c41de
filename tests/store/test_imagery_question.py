"""The question asked before any image or video is kept, under every concern (issue 14 item 1).

"Does it show a child nude, partly nude, in underwear, or in a sexual way?" Anything but
"no" (including no answer) refuses the file with nothing written; a description is
recorded instead and the case moves to the sexual-imagery route (do not capture).
"""

from __future__ import annotations

import io
import json
from dataclasses import fields
from pathlib import Path

import pytest
from PIL import Image

from misuse_responder.guidance import IncidentFacts
from misuse_responder.guidance.vocabulary import CONCERNS
from misuse_responder.store import (
    Capture,
    CaseStore,
    ContactInfo,
    EvidenceRefused,
    ImageQuestionRefused,
    InvalidChange,
    SchoolProfile,
    profile_facts,
)
from misuse_responder.store import models as m
from misuse_responder.store.evidence import image_question, needs_image_question
from tests.support import BULLYING, NUDES


def _png(path: Path) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


def _nothing_written(store: CaseStore, case_id: int, events_before: int) -> None:
    assert store.case(case_id).evidence == ()
    assert list(store.paths.blobs.iterdir()) == []  # no blob, no .part
    assert m.AuditEvent.select().count() == events_before


def _facts(concern: str) -> dict[str, object]:
    return {"concerns": [concern], "targets": ["pupil"], "subject": "pupil"}


@pytest.mark.parametrize("concern", CONCERNS)
def test_every_concern_refuses_an_image_not_answered_no(
    store: CaseStore, concern: str, tmp_path: Path
) -> None:
    image = _png(tmp_path / "photo.png")
    for answer in (None, "yes", "not-sure"):
        case = store.create_case(_facts(concern), f"{concern} {answer}", "Ms DSL")
        events = m.AuditEvent.select().count()
        with pytest.raises(EvidenceRefused) as info:
            store.add_evidence_file(case.id, image, "Ms DSL", shows_child_sexual=answer)  # type: ignore[arg-type]
        message = str(info.value)
        assert "\n" not in message
        if case.evidence_rule == "capture":
            assert isinstance(info.value, ImageQuestionRefused)
            assert info.value.answer == answer
            if answer is None:
                assert image_question() in message
        _nothing_written(store, case.id, events)
        if case.evidence_rule == "capture":
            done = store.record_withheld_image(
                case.id,
                "A photo of a Year 9 pupil in a changing room, described by the pupil who saw it",
                answer or "not-sure",
                "Ms DSL",
                file_name="photo.png",
            )
            assert done.evidence_rule == "do-not-capture" and done.added_concern
        after = store.case(case.id)
        assert after.summary.evidence_rule == "do-not-capture"
        if case.evidence_rule == "capture":
            assert "nude-imagery" in after.summary.concerns
            assert "pupil" in after.facts["targets"]
            entry = after.entries[-1]
            assert entry.kind == "note" and "NOT kept" in entry.text
            assert "changing room" in entry.text and "photo.png" in entry.text
        # and the case now refuses every file, whatever the answer
        with pytest.raises(EvidenceRefused, match="do not capture"):
            store.add_evidence_file(case.id, image, "Ms DSL", shows_child_sexual="no")
    assert list(store.paths.blobs.iterdir()) == []
    assert store.verify().ok


@pytest.mark.parametrize("concern", CONCERNS)
def test_every_concern_keeps_an_image_answered_no_when_capture_is_allowed(
    store: CaseStore, concern: str, tmp_path: Path
) -> None:
    image = _png(tmp_path / "shot.png")
    case = store.create_case(_facts(concern), concern, "Ms DSL")
    if case.evidence_rule == "do-not-capture":
        with pytest.raises(EvidenceRefused, match="do not capture"):
            store.add_evidence_file(case.id, image, "Ms DSL", shows_child_sexual="no")
        return
    ev = store.add_evidence_file(case.id, image, "Ms DSL", Capture("chat"), shows_child_sexual="no")
    item = store.case(case.id).evidence[0]
    assert item.id == ev and not item.sealed
    event = next(
        json.loads(e.data_json)
        for e in m.AuditEvent.select().where(m.AuditEvent.kind == "evidence.added")
    )
    assert event["shows_child_sexual"] == "no"
    assert b"".join(store.read_evidence(ev)) == image.read_bytes()


def _mp4_head() -> bytes:
    return b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("clip.mp4", _mp4_head()),
        ("clip.bin", _mp4_head()),  # MP4 by its first bytes, whatever the name
        ("clip.mov", b"\x00\x00\x00\x14ftypqt  " + b"\x00" * 100),
        ("clip.webm", b"\x1a\x45\xdf\xa3" + b"\x00" * 100),
        ("clip.avi", b"RIFF\x00\x00\x00\x00AVI LIST" + b"\x00" * 100),
        ("photo.heic", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100),
        ("anim.gif", b"GIF89a" + b"\x00" * 100),
        ("note.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),  # a PNG named .txt
    ],
)
def test_videos_and_disguised_images_are_asked_about(
    store: CaseStore, case_id: int, tmp_path: Path, name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert needs_image_question(path)
    events = m.AuditEvent.select().count()
    with pytest.raises(ImageQuestionRefused):
        store.add_evidence_file(case_id, path, "Ms DSL")
    _nothing_written(store, case_id, events)


def test_original_name_counts_too(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    path = tmp_path / "upload.tmp"
    path.write_bytes(b"not recognisable content at all")
    assert needs_image_question(path, "IMG_0001.MOV")
    with pytest.raises(ImageQuestionRefused):
        store.add_evidence_file(case_id, path, "Ms DSL", original_name="IMG_0001.MOV")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("chat.pdf", b"%PDF-1.4 a chat printed to PDF"),
        ("screenshots.docx", b"PK\x03\x04 word document"),
        ("upload.bin", b"PK\x03\x04 a zip by its first bytes"),
        ("old.doc", b"\xd0\xcf\x11\xe0 an old Word file"),
        ("photos.zip", b"anything"),
        ("saved.html", b"<img src='data:image/png;base64,...'>"),
    ],
)
def test_documents_and_archives_that_can_hold_pictures_are_asked_about(
    store: CaseStore, case_id: int, tmp_path: Path, name: str, data: bytes
) -> None:
    """A screenshot pasted into Word or a zip of photos is still a picture of a child."""
    path = tmp_path / name
    path.write_bytes(data)
    assert needs_image_question(path)
    events = m.AuditEvent.select().count()
    with pytest.raises(ImageQuestionRefused):
        store.add_evidence_file(case_id, path, "Ms DSL")
    _nothing_written(store, case_id, events)
    store.add_evidence_file(case_id, path, "Ms DSL", shows_child_sexual="no")


def test_plain_text_needs_no_answer_but_yes_refuses_any_file(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    notes = tmp_path / "export.csv"
    notes.write_bytes(b"time,user,message\n09:01,jo,you are weird\n")
    assert not needs_image_question(notes)
    store.add_evidence_file(case_id, notes, "Ms DSL")
    for answer in ("yes", "not-sure"):
        with pytest.raises(ImageQuestionRefused, match="not kept"):
            store.add_evidence_file(case_id, notes, "Ms DSL", shows_child_sexual=answer)  # type: ignore[arg-type]
    with pytest.raises(InvalidChange):
        store.add_evidence_file(case_id, notes, "Ms DSL", shows_child_sexual="maybe")  # type: ignore[arg-type]
    assert len(store.case(case_id).evidence) == 1


def test_pasted_text_and_links_are_never_images(store: CaseStore, case_id: int) -> None:
    """Text is kept as text in the database (no blob), so it can never hold a picture."""
    store.add_evidence_text(case_id, "\x89PNG\r\n you are weird", "Ms DSL")
    store.add_evidence_link(case_id, "https://example.org/p/1.jpg", "Ms DSL")
    store.reassess(case_id, NUDES, "Ms DSL")
    items = store.case(case_id).evidence
    assert [i.kind for i in items] == ["text", "link"]
    assert not any(i.sealed for i in items)
    assert list(store.paths.blobs.iterdir()) == []


def test_withheld_record_checks_its_input(store: CaseStore, case_id: int) -> None:
    with pytest.raises(InvalidChange, match="empty"):
        store.record_withheld_image(case_id, "  ", "yes", "Ms DSL")
    with pytest.raises(InvalidChange):
        store.record_withheld_image(case_id, "A photo", "no", "Ms DSL")
    assert store.case(case_id).summary.evidence_rule == "capture"
    store.close_case(case_id, "Ms DSL", "Resolved", "Apologies made")
    with pytest.raises(InvalidChange, match="closed"):
        store.record_withheld_image(case_id, "A photo", "yes", "Ms DSL")


def test_withheld_on_a_case_that_already_holds_an_image_seals_it(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    ev = store.add_evidence_file(
        case_id, _png(tmp_path / "a.png"), "Ms DSL", shows_child_sexual="no"
    )
    done = store.record_withheld_image(case_id, "Second photo: a pupil in underwear", "yes", "DSL")
    assert done.sealed == (ev,)
    kinds = [e.kind for e in m.AuditEvent.select().order_by(m.AuditEvent.seq)]
    assert kinds[-4:] == ["entry.added", "evidence.withheld", "case.assessed", "evidence.sealed"]
    again = store.record_withheld_image(case_id, "A third one", "not-sure", "DSL")
    assert again.sealed == () and not again.added_concern


def test_school_roles_are_stored_logged_and_turned_into_facts(store: CaseStore) -> None:
    profile = SchoolProfile(
        "Little Hinton Primary",
        "england",
        (ContactInfo("head", "Mrs Ada Price"), ContactInfo("deputy-dsl", " ")),
        head_is_dsl=True,
    )
    store.set_school(profile, "Mrs Ada Price")
    assert store.school().head_is_dsl is True
    assert profile_facts(store.school()) == {"head_is_dsl": True, "has_deputy_dsl": False}
    event = m.AuditEvent.select().order_by(m.AuditEvent.seq.desc()).first()
    assert event.kind == "school.updated" and json.loads(event.data_json)["head_is_dsl"] is True
    if "head_is_dsl" in {f.name for f in fields(IncidentFacts)}:  # the contract knows the roles
        case = store.create_case(BULLYING, "Filled from the profile", "Mrs Ada Price")
        facts = store.case(case.id).facts
        assert facts["head_is_dsl"] is True and facts["has_deputy_dsl"] is False
        given = store.create_case({**BULLYING, "head_is_dsl": False}, "Given", "Mrs Ada Price")
        assert store.case(given.id).facts["head_is_dsl"] is False  # what the caller said wins
    named = SchoolProfile(
        "Little Hinton Primary",
        "england",
        (ContactInfo("head", "Mrs Ada Price"), ContactInfo("deputy-dsl", "Mr Ben Ode")),
    )
    store.set_school(named, "Mrs Ada Price")
    assert store.school().head_is_dsl is False
    assert profile_facts(store.school()) == {"head_is_dsl": False, "has_deputy_dsl": True}


def test_bullying_fixture_is_capture() -> None:
    """The reverse-order tests rely on the plain bullying facts allowing capture."""
    from misuse_responder.guidance import assess_data

    assert assess_data(BULLYING).evidence == "capture"
