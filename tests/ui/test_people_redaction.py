"""The people tab keeps a person's other names for the redacted pack and previews it."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from misuse_responder.store import CaseStore
from misuse_responder.ui.case_view.people_tab import PeopleTab
from tests.export.conftest import DSL, STAFF, store
from tests.support import BULLYING

__all__ = ["store"]


def test_other_names_are_saved_and_the_preview_hides_them(qtbot: QtBot, store: CaseStore) -> None:
    cid = store.create_case(BULLYING, "Posts about Zofia Wiśniewska", DSL).id
    store.open_case(cid, DSL)
    zofia = store.add_person(cid, role="target", kind="pupil", name="Zofia Wiśniewska", by=DSL)
    store.add_person(cid, role="witness", kind="staff", name=STAFF, by=DSL)
    store.add_entry(cid, "Zosia told Mr Tom Baxter about zofia_wisniewska2011", DSL)
    tab = PeopleTab()
    qtbot.addWidget(tab)
    changed: list[bool] = []
    tab.changed.connect(lambda: changed.append(True))
    tab.show_case(store, DSL, store.case(cid))
    assert not tab.terms.isEnabled()
    tab.table.selectRow(0)
    assert tab.terms.isEnabled()
    preview = tab.preview.text()
    assert "Pupil A" in preview and "zofia_wisniewska2011" not in preview
    assert "Zosia told" in preview  # not hidden yet: nobody has said it is her name
    tab.terms.setPlainText("Zosia\n\n@zosia_w\n")
    preview = tab.preview.text()
    assert "Zosia told" not in preview and "Pupil A told Mr Tom Baxter" in preview
    assert "Zosia, @zosia_w" in preview  # the terms, as they will be matched
    assert tab.save_aliases() and changed
    person = next(p for p in store.case(cid).people if p.id == zofia)
    assert person.aliases == ("Zosia", "@zosia_w")
    tab.show_case(store, DSL, store.case(cid))  # refreshed: the selection and terms stay
    assert tab.terms.toPlainText() == "Zosia\n@zosia_w"
    tab.table.selectRow(1)
    assert "Staff keep their names" in tab.preview.text()
