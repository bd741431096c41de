"""Sealing: a case that becomes do-not-capture seals the files it already holds (issue 14, 1).

The reverse order a new user tries: a bullying case, a screenshot added, then the facts
changed to nude imagery. The screenshot is sealed in the same transaction, never read
out again, and the DSL decides, with a reason, to keep it sealed for the police or to
delete the copy (securely; hash and description kept). ``verify`` knows the difference.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from misuse_responder.store import (
    Capture,
    CaseStore,
    EvidenceSealed,
    InvalidChange,
    NotFound,
    sealing,
)
from misuse_responder.store import models as m
from misuse_responder.store.evidence import rehash
from tests.support import BULLYING, NUDES

NUDES_TOO = {**BULLYING, "concerns": ["bullying", "nude-imagery"]}


def _png(path: Path) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 200, 30)).save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


def _events(kind: str) -> list[dict[str, object]]:
    return [
        json.loads(e.data_json)
        for e in m.AuditEvent.select().where(m.AuditEvent.kind == kind).order_by(m.AuditEvent.seq)
    ]


@pytest.fixture
def held(store: CaseStore, case_id: int, tmp_path: Path) -> dict[str, int]:
    """A bullying case with a screenshot, a video, a PDF, a text and a link."""
    shot = store.add_evidence_file(
        case_id,
        _png(tmp_path / "shot.png"),
        "Ms DSL",
        Capture("Screenshot"),
        shows_child_sexual="no",
    )
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
    video = store.add_evidence_file(case_id, clip, "Ms DSL", shows_child_sexual="no")
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.4 letter")
    doc = store.add_evidence_file(case_id, pdf, "Ms DSL", shows_child_sexual="no")
    text = store.add_evidence_text(case_id, "you are weird", "Ms DSL")
    link = store.add_evidence_link(case_id, "https://example.org/x", "Ms DSL")
    return {"shot": shot, "video": video, "doc": doc, "text": text, "link": link}


def test_reassessing_to_nude_imagery_seals_every_file_at_once(
    store: CaseStore, case_id: int, held: dict[str, int], tmp_path: Path
) -> None:
    assert store.undecided_sealed(case_id) == ()
    store.reassess(case_id, NUDES_TOO, "Ms DSL")
    items = {i.id: i for i in store.case(case_id).evidence}
    files = (held["shot"], held["video"], held["doc"])
    assert all(items[i].sealed for i in files)
    assert not items[held["text"]].sealed and not items[held["link"]].sealed
    assert [e.id for e in store.undecided_sealed(case_id)] == list(files)
    sealed = _events("evidence.sealed")
    assert [e["id"] for e in sealed] == list(files)
    assessed = m.AuditEvent.select().where(m.AuditEvent.kind == "case.assessed").count()
    assert {e["assessment"] for e in sealed} == {assessed}  # the latest assessment
    state = sealing.seal_state(items[held["shot"]])
    assert state == "sealed — not shown (awaiting the DSL's decision)"
    assert sealing.seal_state(items[held["text"]]) is None
    for ev in files:
        with pytest.raises(EvidenceSealed, match="sealed"):
            store.read_evidence(ev)  # refused at once, before any byte is decrypted
        dest = tmp_path / f"out-{ev}"
        with pytest.raises(EvidenceSealed):
            store.export_evidence(ev, dest)
        assert not dest.exists()
    # the store can still check a sealed file's hash without showing it
    assert rehash(store, held["shot"])[0] == items[held["shot"]].sha256
    assert store.verify().ok


def test_sealing_is_one_way(store: CaseStore, case_id: int, held: dict[str, int]) -> None:
    store.reassess(case_id, NUDES_TOO, "Ms DSL")
    store.reassess(case_id, BULLYING, "Ms DSL")  # ticked by mistake? still sealed
    assert store.case(case_id).summary.evidence_rule == "capture"
    with pytest.raises(EvidenceSealed):
        store.read_evidence(held["shot"])
    store.reassess(case_id, NUDES, "Ms DSL")
    assert len(_events("evidence.sealed")) == 3  # not sealed twice


def test_keep_for_police_then_delete_copy(
    store: CaseStore, case_id: int, held: dict[str, int], tmp_path: Path
) -> None:
    store.reassess(case_id, NUDES, "Ms DSL")
    shot = held["shot"]
    with pytest.raises(InvalidChange, match="reason"):
        store.decide_sealed(shot, "keep-for-police", "  ", "Ms DSL")
    with pytest.raises(InvalidChange, match="unknown value"):
        store.decide_sealed(shot, "view", "want to look", "Ms DSL")
    with pytest.raises(InvalidChange, match="not sealed"):
        store.decide_sealed(held["text"], "delete-copy", "tidy", "Ms DSL")
    with pytest.raises(NotFound):
        store.decide_sealed(9999, "delete-copy", "tidy", "Ms DSL")

    store.decide_sealed(shot, "keep-for-police", "PC Khan asked us to hold it", "Ms DSL")
    item = next(i for i in store.case(case_id).evidence if i.id == shot)
    assert item.seal_decision == "keep-for-police" and item.seal_decided_by == "Ms DSL"
    assert sealing.seal_state(item) == (
        "sealed — not shown (kept sealed for the police: PC Khan asked us to hold it)"
    )
    with pytest.raises(InvalidChange, match="already kept"):
        store.decide_sealed(shot, "keep-for-police", "again", "Ms DSL")
    with pytest.raises(EvidenceSealed):
        store.read_evidence(shot)
    assert [e.id for e in store.undecided_sealed(case_id)] == [held["video"], held["doc"]]

    blob = store.paths.blob(m.Evidence.get_by_id(shot).blob_name)
    assert blob.exists()
    store.decide_sealed(shot, "delete-copy", "Police have their own copy", "Ms DSL")
    assert not blob.exists()
    row = m.Evidence.get_by_id(shot)
    assert row.blob_name is None and row.seal_decision == "deleted"
    item = next(i for i in store.case(case_id).evidence if i.id == shot)
    assert item.sha256 and item.size and item.description == "Screenshot"
    assert sealing.seal_state(item) == (
        "sealed — not shown (copy deleted on 2 March 2026 by Ms DSL: Police have their own copy)"
    )
    with pytest.raises(InvalidChange, match="already been deleted"):
        store.decide_sealed(shot, "delete-copy", "again", "Ms DSL")
    with pytest.raises((EvidenceSealed, NotFound)):
        store.read_evidence(shot)
    decisions = _events("evidence.seal-decided")
    assert [(d["id"], d["decision"], d["reason"]) for d in decisions] == [
        (shot, "keep-for-police", "PC Khan asked us to hold it"),
        (shot, "delete-copy", "Police have their own copy"),
    ]
    report = store.verify()
    assert report.ok, report.problems
    assert report.notes == []
    assert report.blobs_checked == 2  # the video and the PDF; the deleted copy is expected gone
    # a backup of a store with a deleted copy still works, and holds no trace of that file
    count = store.backup(tmp_path / "backup.zip")
    assert count == 2 + 2  # key file, database, two blobs


def test_delete_overwrites_the_file_before_removing_it(
    store: CaseStore, case_id: int, held: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    store.reassess(case_id, NUDES, "Ms DSL")
    blob = store.paths.blob(m.Evidence.get_by_id(held["video"]).blob_name)
    original = blob.read_bytes()
    seen: list[bytes] = []
    real_unlink = Path.unlink

    def spy(self: Path, missing_ok: bool = False) -> None:
        if self == blob:
            seen.append(self.read_bytes())
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", spy)
    store.decide_sealed(held["video"], "delete-copy", "Not needed", "Ms DSL")
    assert len(seen) == 1 and len(seen[0]) == len(original) and seen[0] != original


def test_a_decision_that_cannot_wipe_the_file_is_not_recorded(
    store: CaseStore, case_id: int, held: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    store.reassess(case_id, NUDES, "Ms DSL")

    def fail(path: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(sealing, "secure_erase", fail)
    with pytest.raises(PermissionError):
        store.decide_sealed(held["shot"], "delete-copy", "Not needed", "Ms DSL")
    assert m.Evidence.get_by_id(held["shot"]).seal_decision is None
    assert _events("evidence.seal-decided") == []


def test_verify_catches_a_removed_seal_and_a_copy_left_behind(
    store: CaseStore, case_id: int, held: dict[str, int]
) -> None:
    store.reassess(case_id, NUDES, "Ms DSL")
    m.Evidence.update(sealed_at=None).where(m.Evidence.id == held["doc"]).execute()
    problems = [str(p) for p in store.verify().problems]
    assert any("seal has been removed" in p for p in problems), problems

    blob = store.paths.blob(m.Evidence.get_by_id(held["shot"]).blob_name)
    saved = blob.read_bytes()
    store.decide_sealed(held["shot"], "delete-copy", "Not needed", "Ms DSL")
    blob.write_bytes(saved)  # as if the wipe had been interrupted, or the file put back
    problems = [str(p) for p in store.verify().problems]
    assert any("still there" in p for p in problems), problems
    store.decide_sealed(held["shot"], "delete-copy", "Finishing the deletion", "Ms DSL")
    assert not blob.exists()
    assert [e["id"] for e in _events("evidence.copy-wiped")] == [held["shot"]]
    problems = [str(p) for p in store.verify().problems]
    assert not any("still there" in p for p in problems)


def test_decisions_work_on_a_closed_case(
    store: CaseStore, case_id: int, held: dict[str, int]
) -> None:
    store.reassess(case_id, NUDES, "Ms DSL")
    store.close_case(case_id, "Ms DSL", "Referred to police", "Police took the case")
    store.decide_sealed(held["shot"], "delete-copy", "Police have it", "Ms DSL")
    assert m.Evidence.get_by_id(held["shot"]).seal_decision == "deleted"


def test_sealing_and_the_assessment_are_one_transaction(
    store: CaseStore, case_id: int, held: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """If sealing fails, the do-not-capture assessment is not stored either (never one
    without the other: no moment where the case says do-not-capture and a file is readable)."""

    def broken(*args: object) -> list[int]:
        raise OSError("disk error")

    monkeypatch.setattr(sealing, "seal_case", broken)
    with pytest.raises(OSError):
        store.reassess(case_id, NUDES, "Ms DSL")
    assert store.case(case_id).summary.evidence_rule == "capture"
    assert len(store.case(case_id).assessments) == 1
    monkeypatch.undo()
    store.reassess(case_id, NUDES, "Ms DSL")
    assert len(store.undecided_sealed(case_id)) == 3


def test_a_withheld_record_is_all_or_nothing(
    store: CaseStore, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from misuse_responder.store import cases

    def broken(*args: object) -> None:
        raise OSError("disk error")

    monkeypatch.setattr(cases, "reassess", broken)
    with pytest.raises(OSError):
        store.record_withheld_image(case_id, "A photo of a pupil", "yes", "Ms DSL")
    detail = store.case(case_id)
    assert detail.entries == () and detail.summary.evidence_rule == "capture"
    assert _events("evidence.withheld") == []


def test_files_an_older_version_left_open_are_never_read_and_sealed_on_open(
    store: CaseStore, case_id: int, held: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from misuse_responder.store.vault import Vault
    from tests.store.conftest import reopen

    # as a version before sealing left it: re-assessed to do-not-capture, files not sealed
    monkeypatch.setattr(sealing, "seal_case", lambda *args: [])
    store.reassess(case_id, NUDES, "Ms DSL")
    monkeypatch.undo()
    assert not any(i.sealed for i in store.case(case_id).evidence)
    with pytest.raises(EvidenceSealed):  # never read out all the same
        store.read_evidence(held["shot"])
    if not hasattr(Vault, "_on_open"):
        pytest.skip("needs the writing instance's open hook (Vault._on_open)")
    again = reopen(store)
    try:
        assert [e.id for e in again.undecided_sealed(case_id)] == [
            held["shot"],
            held["video"],
            held["doc"],
        ]
        actors = {row.actor for row in again.audit_trail(case_id) if row.kind == "evidence.sealed"}
        assert actors == {sealing.APP_ACTOR}
        assert again.verify().ok
    finally:
        again.close()
