"""One list of contact roles (issue 12 item 4): the editor offers exactly what the store keeps,
and the wizard's contact cards use the same escalation-to-contact table as the pack."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from misuse_responder.export.addressee import DSL_COPY, addressee
from misuse_responder.export.pack import recipient_for
from misuse_responder.guidance import load_guides
from misuse_responder.guidance.jurisdictions import (
    available,
    guides_for,
    role_available,
    role_label,
)
from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore, SchoolProfile
from misuse_responder.store.contact_roles import CONTACT_ROLES, contacts_for
from misuse_responder.ui.settings.contacts_editor import ContactsEditor
from misuse_responder.ui.settings.school_form import SchoolForm
from tests.support import PASSPHRASE, SCHOOL


def test_every_row_the_editor_offers_is_kept_by_the_store(
    qtbot: QtBot, isolated_data_dir: Path
) -> None:
    editor = ContactsEditor()
    qtbot.addWidget(editor)
    rows = editor._rows
    assert list(dict.fromkeys(r.role for r in rows)) == list(CONTACT_ROLES)
    for n, row in enumerate(rows):
        row.name.setText(f"Person {n}")
        row.phone.setText(f"0161 496 00{n:02d}")
    contacts = editor.contacts()
    assert len(contacts) == len(rows)
    store, _key = CaseStore.create(
        isolated_data_dir, PASSPHRASE, SCHOOL, actor="Ms Head", kdf=FAST_KDF_FOR_TESTS
    )
    try:
        store.set_school(SchoolProfile(SCHOOL, "england", contacts), "Ms Head")
        kept = store.school().contacts
    finally:
        store.close()
    assert kept == contacts
    again = ContactsEditor()
    qtbot.addWidget(again)
    again.set_contacts(kept)
    assert again.contacts() == contacts


def test_the_pack_is_addressed_to_the_person_the_wizard_shows_for_that_role() -> None:
    from misuse_responder.store import ContactInfo

    school = SchoolProfile(
        SCHOOL,
        "england",
        (
            ContactInfo("head", "Helen Head"),
            ContactInfo("dsl", "Dana Lead"),
            ContactInfo("deputy-dsl", "Dev Deputy"),
            ContactInfo("chair", "Charles Chair"),
        ),
    )
    seen = set()
    for escalate in (["chair", "lado"], ["dsl"], ["deputy-dsl", "headteacher"], ["headteacher"]):
        for variant in ("addressed", DSL_COPY):
            to = recipient_for({"escalate_to": escalate}, school, variant)
            who = addressee(escalate, variant)
            assert to.name == contacts_for(school.contacts, who)[0].name
            seen.add(to.name)
    assert seen == {"Helen Head", "Dana Lead", "Dev Deputy", "Charles Chair"}
    assert contacts_for(school.contacts, "lado") == []


NATIONS = available(load_guides())


@pytest.mark.parametrize("nation", NATIONS)
def test_settings_name_the_roles_as_the_chosen_nation_does(qtbot: QtBot, nation: str) -> None:
    from misuse_responder.store import ContactInfo

    form = SchoolForm()
    qtbot.addWidget(form)
    form.set_profile(SchoolProfile(SCHOOL, "england", (ContactInfo("lado", "Lee Lado"),)))
    form.jurisdiction.setCurrentIndex(form.jurisdiction.findData(nation))
    g = guides_for(load_guides(), nation)
    rows = {row.role: row for row in form.contacts._rows}
    for role in ("dsl", "chair", "head"):
        assert rows[role].label.text() == role_label(g, nation, role)
    lado = rows["lado"]
    assert lado.label.isHidden() == (not role_available(g, nation, "lado"))
    assert lado.name.isHidden() == lado.label.isHidden()
    lead = role_label(g, nation, "dsl", short=True)
    assert form.head_is_dsl.text().endswith(f"is also {lead}")
    assert role_label(g, nation, "deputy-dsl", short=True) in form.deputy_note.text()
    # A hidden row keeps what it holds: nothing saved is lost by choosing another nation.
    assert ContactInfo("lado", "Lee Lado") in form.profile().contacts
