"""The question before any picture or video, over every concern and every way one enters.

Real panels on a real store file: the file dialog (QFileDialog mocked), a typed path, a
real drop event carrying file URLs, and a real clipboard paste. "Yes" and "Not sure" keep
nothing (no row, no blob, no temp file), record a description and move the case to the
sexual-imagery route; "No" stores the file with its fingerprint.
"""

from __future__ import annotations

import hashlib
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QCoreApplication, QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from misuse_responder.guidance import load_guides
from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore
from misuse_responder.ui.widgets.evidence_panel import EvidencePanel

AUTHOR = "Ms Teacher"
ROUTES = ("dialog", "typed", "drop", "paste")
CONCERNS = [c for c in load_guides().concerns if c != "immediate-danger"]


@pytest.fixture
def store(isolated_data_dir: Path) -> Iterator[CaseStore]:
    made, _key = CaseStore.create(
        isolated_data_dir, "correct horse battery staple", "St Hilda's", kdf=FAST_KDF_FOR_TESTS
    )
    yield made
    made.close()


def _picture(folder: Path, name: str = "shot.png") -> Path:
    path = folder / name
    Image.new("RGB", (24, 16), (10, 120, 200)).save(path)
    return path


def _paste_dirs(store: CaseStore) -> set[str]:
    """Paste folders in the system temp folder or anywhere in the data folder."""
    found = {str(p) for p in Path(tempfile.gettempdir()).glob("mr-paste-*")}
    return found | {str(p) for p in store.paths.root.rglob("mr-paste-*")}


def offer(
    qtbot: QtBot, panel: EvidencePanel, route: str, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Offer ``path`` (or, for a paste, its picture) to the panel the way a user would."""
    if route == "dialog":
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
        qtbot.mouseClick(panel.choose, Qt.MouseButton.LeftButton)
    elif route == "typed":
        panel.path.setText(str(path))
        qtbot.mouseClick(panel.add_path, Qt.MouseButton.LeftButton)
    elif route == "drop":
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        with warnings.catch_warnings():  # PySide marks the only QPoint constructor deprecated
            warnings.simplefilter("ignore", DeprecationWarning)
            enter = QDragEnterEvent(
                QPoint(5, 5),
                Qt.DropAction.CopyAction,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
        QCoreApplication.sendEvent(panel, enter)
        assert enter.isAccepted()
        drop = QDropEvent(
            QPoint(5, 5),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QCoreApplication.sendEvent(panel, drop)
        assert drop.isAccepted()
    elif route == "paste":
        QGuiApplication.clipboard().setImage(QImage(str(path)))
        qtbot.mouseClick(panel.paste, Qt.MouseButton.LeftButton)
    else:  # pragma: no cover
        raise AssertionError(route)


def make_panel(qtbot: QtBot, store: CaseStore, concern: str) -> EvidencePanel:
    case_id = store.create_case(
        {"concerns": [concern], "targets": ["pupil"], "platform": "other"}, concern, AUTHOR
    ).id
    panel = EvidencePanel(store, case_id, AUTHOR)
    qtbot.addWidget(panel)
    panel.show()
    return panel


@pytest.mark.parametrize("concern", CONCERNS)
def test_question_over_every_concern_and_route(
    qtbot: QtBot,
    store: CaseStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    concern: str,
) -> None:
    probe = make_panel(qtbot, store, concern)
    if not probe.capture_allowed:
        # Already do-not-capture: there is no way in at all, so nothing to ask.
        assert not probe.acceptDrops() and not hasattr(probe, "choose")
        return
    picture = _picture(tmp_path)
    temp_before = _paste_dirs(store)
    written: list[str] = []
    real_add_image = EvidencePanel._add_image

    def add_image(self: EvidencePanel, image: QImage, label: str) -> None:
        written.append(label)
        real_add_image(self, image, label)

    monkeypatch.setattr(EvidencePanel, "_add_image", add_image)
    for route in ROUTES:
        for answer in ("yes", "not-sure"):
            panel = make_panel(qtbot, store, concern)
            panel.description.setPlainText(f"Said to show pupil A ({route}, {answer})")
            offer(qtbot, panel, route, picture, monkeypatch)
            assert panel.pending_question(), (concern, route)
            assert "in underwear" in panel.question.text()
            assert not store.case(panel.case_id).evidence  # nothing stored before the answer
            withheld: list[object] = []
            panel.imageWithheld.connect(withheld.append)
            button = panel.answer_yes if answer == "yes" else panel.answer_not_sure
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            assert not panel.is_busy()
            detail = store.case(panel.case_id)
            assert [e for e in detail.evidence if e.kind == "file"] == [], (concern, route)
            assert detail.summary.evidence_rule == "do-not-capture"
            assert "nude-imagery" in detail.facts["concerns"]
            assert len(withheld) == 1
            assert any(f"({route}, {answer})" in e.text for e in detail.entries)
            # The panel is now description-only: no file, paste or drop route survives.
            assert not panel.capture_allowed and not panel.acceptDrops()
            assert not hasattr(panel, "choose") and not hasattr(panel, "paste")
            assert "Not added:" in panel.status.text() and "No copy was kept" in panel.status.text()
            if route == "paste":
                assert QGuiApplication.clipboard().image().isNull()
    assert not list(store.paths.blobs.iterdir())
    assert written == []  # a withheld pasted picture is never written anywhere
    assert _paste_dirs(store) == temp_before

    # "No": each route stores the file, with its fingerprint.
    panel = make_panel(qtbot, store, concern)
    for route in ROUTES:
        offer(qtbot, panel, route, picture, monkeypatch)
        assert panel.pending_question(), route
        with qtbot.waitSignal(panel.evidenceAdded, timeout=10000):
            qtbot.mouseClick(panel.answer_no, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not panel.is_busy())
    files = [e for e in store.case(panel.case_id).evidence if e.kind == "file"]
    assert len(files) == len(ROUTES) and written == ["pasted screenshot"]
    assert _paste_dirs(store) == temp_before  # the answered-"No" paste was cleaned up
    digest = hashlib.sha256(picture.read_bytes()).hexdigest()
    assert [f.sha256 for f in files[:3]] == [digest] * 3  # the pasted one is re-encoded
    assert store.case(panel.case_id).summary.evidence_rule == "capture"


def test_a_video_is_asked_about_too(
    qtbot: QtBot, store: CaseStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200)
    panel = make_panel(qtbot, store, "bullying")
    offer(qtbot, panel, "typed", video, monkeypatch)
    assert panel.pending_question()
    qtbot.mouseClick(panel.answer_not_sure, Qt.MouseButton.LeftButton)
    detail = store.case(panel.case_id)
    assert detail.evidence == () and detail.summary.evidence_rule == "do-not-capture"
    assert any("clip.mp4" in e.text for e in detail.entries)


def test_a_document_is_not_asked_about(
    qtbot: QtBot, store: CaseStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    letter = tmp_path / "letter.txt"
    letter.write_text("A letter from a parent.", encoding="utf-8")
    panel = make_panel(qtbot, store, "bullying")
    with qtbot.waitSignal(panel.evidenceAdded, timeout=10000):
        offer(qtbot, panel, "typed", letter, monkeypatch)
    assert not panel.pending_question()
    qtbot.waitUntil(lambda: not panel.is_busy())
    assert [e.original_name for e in store.case(panel.case_id).evidence] == ["letter.txt"]


def test_earlier_files_are_sealed_when_a_later_one_is_withheld(
    qtbot: QtBot, store: CaseStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = make_panel(qtbot, store, "privacy")
    first = _picture(tmp_path, "first.png")
    offer(qtbot, panel, "typed", first, monkeypatch)
    with qtbot.waitSignal(panel.evidenceAdded, timeout=10000):
        qtbot.mouseClick(panel.answer_no, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_busy())
    offer(qtbot, panel, "typed", _picture(tmp_path, "second.png"), monkeypatch)
    qtbot.mouseClick(panel.answer_yes, Qt.MouseButton.LeftButton)
    detail = store.case(panel.case_id)
    assert [(e.original_name, e.sealed) for e in detail.evidence] == [("first.png", True)]
    row = panel.items.topLevelItem(0)
    assert row is not None and "sealed" in row.text(1) and "first.png" not in row.text(1)
    assert (
        panel.sealed_note.isVisible()
        and "1 file added before this case changed is sealed" in panel.sealed_note.text()
    )
