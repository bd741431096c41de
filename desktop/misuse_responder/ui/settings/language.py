"""Settings' Language section: English or Cymraeg, applied at once, with the Welsh text's review
status (``welsh: {reviewed: ...}`` in guides/meta.yaml)."""

from __future__ import annotations

from pathlib import Path

import yaml
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QWidget

from misuse_responder import i18n
from misuse_responder.i18n import _
from misuse_responder.ui.style import plain_label


def welsh_reviewed(guides_dir: Path | None = None) -> bool:
    """Whether a Welsh speaker has reviewed the Welsh text (guides/meta.yaml); not, when the
    file does not say so or cannot be read."""
    from misuse_responder.guidance.guides import default_guides_dir

    try:
        raw = yaml.safe_load(
            (guides_dir or default_guides_dir()).joinpath("meta.yaml").read_text(encoding="utf-8")
        )
    except (OSError, yaml.YAMLError):
        return False
    welsh = raw.get("welsh") if isinstance(raw, dict) else None
    return isinstance(welsh, dict) and welsh.get("reviewed") is True


class LanguageBox(QGroupBox):
    """Emits ``languageChanged(str)`` once the language is changed (``i18n.set_language``),
    with the sentence to show about it, in the new language."""

    languageChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Language"), parent)
        form = QFormLayout(self)
        self.choice = QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.choice.addItem(name, code)  # each under its own name: English, Cymraeg
        self.choice.setAccessibleName(_("Language"))
        self.choice.setAccessibleDescription(_("The language of this app's words."))
        self.choice.setCurrentIndex(max(0, self.choice.findData(i18n.current_language())))
        self.choice.currentIndexChanged.connect(self._chosen)
        form.addRow(_("Language"), self.choice)
        self.review = plain_label(
            _("Welsh text: reviewed by a Welsh speaker")
            if welsh_reviewed()
            else _("Welsh text: not yet reviewed by a Welsh speaker")
        )
        self.review.setAccessibleName(_("Welsh text"))
        form.addRow(self.review)
        form.addRow(
            plain_label(
                _(
                    "The change is made at once and kept for next time. A window already "
                    "open, such as an incident being recorded, changes when it is next opened."
                )
            )
        )

    def _chosen(self) -> None:
        code = self.choice.currentData()
        if not isinstance(code, str) or code == i18n.current_language():
            return
        try:
            i18n.set_language(code)
        except OSError as exc:
            said = _(
                "The language is changed for now, but could not be kept for next time ({detail})."
            ).format(detail=exc.strerror or exc)
        else:
            said = _("The language is changed.")
        self.languageChanged.emit(said)
