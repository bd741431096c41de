"""Issue 15 item 11 in the case view: the guidance explains its short words."""

from __future__ import annotations

from typing import Any

from misuse_responder.ui.main_window import MainWindow


def test_case_guidance_spells_out_acronyms_and_explains_them_on_hover(
    unlocked: MainWindow, seeded: dict[str, Any]
) -> None:
    unlocked.open_case(seeded["ids"]["nudes"])  # nude images: the DSL, CEOP or the IWF
    tab = unlocked.case_view.summary
    text = tab.guidance_label.text() + "\n" + tab.steps_label.text()
    assert "DSL (designated safeguarding lead)" in text or "designated safeguarding lead" in text
    assert text.count("(designated safeguarding lead)") <= 1
    hover = tab.guidance_label.toolTip() + tab.steps_label.toolTip()
    assert "DSL: The designated safeguarding lead" in hover
