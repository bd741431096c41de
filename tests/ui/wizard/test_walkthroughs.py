"""The six incidents of the issue, end to end through the real wizard and the real store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QLineEdit, QPushButton, QWizard
from pytestqt.qtbot import QtBot

from misuse_responder.store import CaseStore
from misuse_responder.ui.widgets.evidence_panel import EvidencePanel
from misuse_responder.ui.wizard import IncidentWizard, PageId, pending_drafts
from tests.ui.wizard.conftest import (
    AUTHOR,
    CHAIR,
    DSL,
    DSL_PHONE,
    HEAD,
    MODERATOR,
    click_box,
    click_next,
    visible_text,
)
from tests.ui.wizard.helpers import answer_safety, fill_facts

MakeWizard = Callable[..., IncidentWizard]


def finish(qtbot: QtBot, wizard: IncidentWizard) -> int:
    assert wizard.currentId() == PageId.REVIEW
    with qtbot.waitSignal(wizard.caseSaved, timeout=5000) as blocker:
        qtbot.mouseClick(
            wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton
        )
    case_id = int(blocker.args[0])
    return case_id


def walk_to(qtbot: QtBot, wizard: IncidentWizard, target: PageId) -> list[int]:
    seen = [wizard.currentId()]
    while wizard.currentId() != target:
        seen.append(click_next(qtbot, wizard))
        assert len(seen) < 20
    return seen


def test_bullying_on_instagram(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore, tmp_path: Path
) -> None:
    wizard = make_wizard()
    assert answer_safety(qtbot, wizard, danger=False) == PageId.WHAT_HAPPENED
    fill_facts(
        qtbot,
        wizard,
        concerns=["bullying"],
        title="Comments on a Year 9 pupil's post",
        platform="instagram",
        subject="pupil",
        identified=True,
        summary="Pupil A showed me comments calling her names.",
    )
    assert click_next(qtbot, wizard) == PageId.STEPS
    steps = wizard.page_widget(PageId.STEPS)
    text = visible_text(wizard)
    assert "Keep the evidence before anything is blocked" in text
    assert "Police: Not needed" in steps.police.text()
    assert DSL in text
    case_id = wizard.ctx.state.case_id
    assert case_id is not None
    assert vault.case(case_id).status == "draft"

    assert click_next(qtbot, wizard) == PageId.PEOPLE
    people = wizard.page_widget(PageId.PEOPLE)
    qtbot.mouseClick(people.add_button, Qt.MouseButton.LeftButton)
    people.rows[0].name.setText("Zoë Ødegård")  # Unicode by setText
    people.rows[0].year.setText("Year 9")
    qtbot.mouseClick(people.add_button, Qt.MouseButton.LeftButton)
    people.rows[1].role.setCurrentIndex(people.rows[1].role.findData("subject"))
    qtbot.keyClicks(people.rows[1].name, "Pupil B")
    assert click_next(qtbot, wizard) == PageId.EVIDENCE

    panel = wizard.page_widget(PageId.EVIDENCE).panel
    assert isinstance(panel, EvidencePanel) and panel.capture_allowed
    shot = tmp_path / "screenshot.png"
    Image.new("RGB", (40, 20), "white").save(shot)
    panel.url.setText("https://www.instagram.com/p/abc/")
    qtbot.keyClicks(panel.account, "@nasty_account")
    panel.description.setPlainText("Comments under the post")
    qtbot.keyClicks(panel.path, str(shot))
    qtbot.mouseClick(panel.add_path, Qt.MouseButton.LeftButton)
    # A picture: the question comes first, and nothing is stored until it is answered.
    assert panel.question_box.isVisible() and not vault.case(case_id).evidence
    assert "in underwear" in panel.question.text()
    with qtbot.waitSignal(panel.evidenceAdded, timeout=10000):
        qtbot.mouseClick(panel.answer_no, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_busy())
    panel.message.setPlainText("you are so ugly nobody likes you")
    with qtbot.waitSignal(panel.evidenceAdded, timeout=5000):
        qtbot.mouseClick(panel.add_text, Qt.MouseButton.LeftButton)
    assert panel.items.topLevelItemCount() == 2
    assert "Fingerprint: " in panel.last_added.text()

    assert click_next(qtbot, wizard) == PageId.PLATFORM
    platform = wizard.page_widget(PageId.PLATFORM)
    text = visible_text(wizard)
    assert "Instagram" in text and "Which rules to cite" in text
    assert "check for a reply after 48 hours" in platform.due.text()
    qtbot.keyClicks(platform.reference, "IG-12345")
    while wizard.currentId() != PageId.REVIEW:
        click_next(qtbot, wizard)
    review = wizard.page_widget(PageId.REVIEW)
    assert "Report it to the platform" not in review.open_titles()
    case_id2 = finish(qtbot, wizard)
    assert case_id2 == case_id

    detail = vault.case(case_id)
    assert detail.status == "open"
    assert detail.facts["platform"] == "instagram"
    assert detail.facts["concerns"] == ["bullying"]
    names = {(p.role, p.name, p.year_group) for p in detail.people if p.removed_at is None}
    assert names == {("target", "Zoë Ødegård", "Year 9"), ("subject", "Pupil B", None)}
    files = [e for e in detail.evidence if e.kind == "file"]
    assert len(files) == 1 and files[0].account == "@nasty_account"
    import hashlib

    assert files[0].sha256 == hashlib.sha256(shot.read_bytes()).hexdigest()
    platform_action = next(a for a in detail.actions if a.step_id == "report-to-platform")
    assert platform_action.status == "done" and platform_action.reference == "IG-12345"
    # the check for the platform's reply falls due 48 hours after the report was recorded
    reply = next(a for a in detail.actions if a.step_id == "report-harmful-content")
    assert platform_action.done_at is not None and reply.due_at is not None
    assert reply.due_at - platform_action.done_at == timedelta(hours=48)
    assert any("Pupil A showed me" in e.text for e in detail.entries)
    assert pending_drafts(vault) == []


def _no_file_routes(panel: EvidencePanel) -> None:
    """The panel offers no way at all to attach a file or image."""
    texts = [b.text() for b in panel.findChildren(QPushButton)]
    # Withdrawing an item added by mistake is no way to attach one (issue 15 item 2).
    assert texts == ["Record description", "Withdraw selected item"], texts
    assert not panel.acceptDrops()
    assert not hasattr(panel, "choose") and not hasattr(panel, "path")
    assert all("path" not in e.accessibleName().lower() for e in panel.findChildren(QLineEdit))


def test_nude_images_shared_among_pupils(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore, tmp_path: Path, monkeypatch: object
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(  # type: ignore[attr-defined]
        QFileDialog, "getOpenFileName", lambda *a, **k: opened.append("dialog") or ("", "")
    )
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(
        qtbot,
        wizard,
        concerns=["nude-imagery"],
        title="Image shared in Year 10 group chat",
        platform="snapchat",
        subject="pupil",
        summary="A pupil said a nude photo of another pupil is going round.",
    )
    assert click_next(qtbot, wizard) == PageId.STOP
    text = visible_text(wizard)
    assert "Do not view, copy, screenshot, forward, print or delete" in text
    assert DSL in text and DSL_PHONE in text
    seen = walk_to(qtbot, wizard, PageId.EVIDENCE)
    assert PageId.STOP not in seen[1:]
    panel = wizard.page_widget(PageId.EVIDENCE).panel
    assert panel is not None and not panel.capture_allowed
    _no_file_routes(panel)
    assert "No images or files can be added" in visible_text(panel)

    # A drop and a pasted image are refused even if delivered to the widget.
    shot = tmp_path / "img.png"
    Image.new("RGB", (10, 10)).save(shot)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(shot))])
    drop = QDropEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    drop.setAccepted(False)
    panel.dropEvent(drop)
    assert not drop.isAccepted()
    QGuiApplication.clipboard().setImage(QImage(str(shot)))
    assert not panel.is_busy()

    panel.description.setPlainText("Pupil C said the picture shows Pupil D undressed.")
    with qtbot.waitSignal(panel.evidenceAdded, timeout=5000):
        qtbot.mouseClick(panel.add_description, Qt.MouseButton.LeftButton)
    # And nowhere else: every later page is walked and searched for a file route.
    while wizard.currentId() != PageId.REVIEW:
        click_next(qtbot, wizard)
        buttons = [b.text().lower() for b in wizard.currentPage().findChildren(QPushButton)]
        assert not any("file" in t or "paste" in t or "screenshot" in t for t in buttons)
    case_id = finish(qtbot, wizard)
    detail = vault.case(case_id)
    assert detail.summary.evidence_rule == "do-not-capture"
    assert [e.kind for e in detail.evidence] == ["text"]
    assert not list(vault.paths.blobs.iterdir())
    assert opened == []


def test_grooming_by_unknown_adult(qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(
        qtbot,
        wizard,
        concerns=["grooming"],
        title="Adult messaging a Year 7 pupil on Roblox",
        platform="roblox",
        subject="adult",
    )
    click_next(qtbot, wizard)
    steps_text = visible_text(wizard)
    assert "Police" in wizard.page_widget(PageId.STEPS).police.text()
    walk_to(qtbot, wizard, PageId.AGENCIES)
    agencies = wizard.page_widget(PageId.AGENCIES)
    names = [box.agency.service.name for box in agencies.boxes]
    assert any("CEOP" in n for n in names), names
    assert any("olice" in n for n in names), names
    ceop = next(b for b in agencies.boxes if b.agency.key == "ceop")
    qtbot.keyClicks(ceop.reference, "CEOP-777")
    walk_to(qtbot, wizard, PageId.REVIEW)
    case_id = finish(qtbot, wizard)
    detail = vault.case(case_id)
    ceop_action = next(a for a in detail.actions if a.step_id == ceop.agency.step_id)
    assert (ceop_action.status, ceop_action.reference, ceop_action.reference_kind) == (
        "done",
        "CEOP-777",
        "ceop",
    )
    assert "ceop" in vault.guidance(case_id)["refer_to"]
    assert steps_text


def test_head_as_subject(qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(
        qtbot,
        wizard,
        concerns=["staff-conduct"],
        title="Head teacher's messages to a pupil",
        platform="whatsapp",
        subject="headteacher",
        identified=True,
    )
    click_next(qtbot, wizard)
    steps_text = visible_text(wizard)
    assert CHAIR in steps_text and HEAD not in steps_text
    walk_to(qtbot, wizard, PageId.TELL)
    tell = wizard.page_widget(PageId.TELL)
    text = visible_text(tell)
    assert CHAIR in text and "Chair of Governors" in text
    assert HEAD not in text and "Head teacher" not in [b.title() for b in tell.boxes]
    chair = next(b for b in tell.boxes if b.escalation == "chair")
    assert list(chair.people) == [CHAIR]  # the user ticks who was told (issue 15 item 3)
    chair.people[CHAIR].setChecked(True)
    chair.how.setCurrentIndex(chair.how.findData("phone"))
    walk_to(qtbot, wizard, PageId.REVIEW)
    case_id = finish(qtbot, wizard)
    detail = vault.case(case_id)
    assert "headteacher" not in vault.guidance(case_id)["escalate_to"]
    told = [e for e in detail.entries if e.kind == "contact"]
    assert len(told) == 1 and CHAIR in told[0].text and "by phone" in told[0].text
    assert next(a for a in detail.actions if a.step_id == "tell-chair").status == "done"
    assert all(HEAD not in e.text for e in detail.entries)


def test_abuse_on_school_page(qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore) -> None:
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(
        qtbot,
        wizard,
        concerns=["harassment"],
        title="Abusive comments on the school's Facebook page",
        platform="facebook",
        targets=("school", "staff"),
        school_account=True,
    )
    click_next(qtbot, wizard)
    assert MODERATOR in visible_text(wizard)
    walk_to(qtbot, wizard, PageId.TELL)
    tell = wizard.page_widget(PageId.TELL)
    assert "moderator" in [b.escalation for b in tell.boxes]
    assert MODERATOR in visible_text(tell)
    walk_to(qtbot, wizard, PageId.REVIEW)
    case_id = finish(qtbot, wizard)
    assert "moderator" in vault.guidance(case_id)["escalate_to"]
    assert vault.case(case_id).status == "open"


def test_immediate_danger_999_first(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore
) -> None:
    wizard = make_wizard()
    assert answer_safety(qtbot, wizard, danger=True) == PageId.DANGER
    text = visible_text(wizard)
    assert "Call 999 now" in text and DSL in text and DSL_PHONE in text
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # nothing else until 999 and the DSL are done
    assert wizard.ctx.state.case_id is None and vault.list_cases().items == ()
    danger = wizard.page_widget(PageId.DANGER)
    click_box(qtbot, danger.confirm)
    assert next_button.isEnabled()
    assert click_next(qtbot, wizard) == PageId.WHAT_HAPPENED
    page = wizard.page_widget(PageId.WHAT_HAPPENED)
    assert page.danger_note.isVisible()
    qtbot.keyClicks(page.title_edit, "Pupil threatening to hurt himself")
    page.concerns["self-harm"].setChecked(True)
    click_next(qtbot, wizard)
    steps = wizard.page_widget(PageId.STEPS)
    assert "999" in steps.police.text()
    assert next(iter(steps.boxes)) == "call-999"
    walk_to(qtbot, wizard, PageId.REVIEW)
    case_id = finish(qtbot, wizard)
    detail = vault.case(case_id)
    assert "immediate-danger" in detail.facts["concerns"]
    assert vault.guidance(case_id)["police"] == "999"
    assert vault.guidance(case_id)["steps"][0]["id"] == "call-999"
    assert detail.summary.opened_by == AUTHOR


def test_review_page_saves_then_hands_over_to_the_dsl(
    qtbot: QtBot, make_wizard: MakeWizard, vault: CaseStore, tmp_path: Path
) -> None:
    import uuid as uuid_mod

    from misuse_responder.handover.address import HandoverAddress
    from misuse_responder.handover.keys import HandoverKeys

    dsl_keys = HandoverKeys.generate()  # the DSL's laptop (only one store opens per process)
    address = HandoverAddress.for_keys(dsl_keys, str(uuid_mod.uuid4()), "St Hilda's", "DSL Ms O")
    vault.add_handover_recipient(address.to_bytes(dsl_keys), "IT")
    wizard = make_wizard()
    answer_safety(qtbot, wizard, danger=False)
    fill_facts(qtbot, wizard, concerns=["bullying"], title="Unkind comments on a post")
    walk_to(qtbot, wizard, PageId.REVIEW)
    review = wizard.page_widget(PageId.REVIEW)
    qtbot.mouseClick(review.handover_button, Qt.MouseButton.LeftButton)
    case_id = wizard.ctx.state.case_id
    assert case_id is not None and vault.case(case_id).status == "open"  # saved first
    dialog = review.send_dialog
    assert dialog is not None
    dialog.folder.setText(str(tmp_path))
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)  # sent on a worker
    assert dialog.sent is not None and dialog.sent.path.parent == tmp_path
    assert dialog.sent.path.name.endswith("for DSL Ms O.mrcase")
    assert [c.kind for c in vault.case(case_id).custody] == ["sent"]
    dialog.close()
