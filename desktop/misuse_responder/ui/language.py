"""The interface language on the Qt side: the system's languages passed to i18n, the locale Qt
formats with, and Qt's own words (dialog buttons, the wizard's Back/Next, the text fields'
right-click menu) through the app's catalogue, since Qt ships no Welsh translation.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from misuse_responder import i18n
from misuse_responder.i18n import _


def qt_words() -> dict[str, str]:
    """Qt's own English words (as Qt's source has them) -> the same words in our catalogue.

    Called at each look-up, so the words follow a change of language."""
    return {
        # QPlatformTheme: the standard buttons of every QMessageBox and QDialogButtonBox
        "OK": _("OK"),
        "Save": _("Save"),
        "Save All": _("Save All"),
        "Open": _("Open"),
        "&Yes": _("&Yes"),
        "Yes to &All": _("Yes to &All"),
        "&No": _("&No"),
        "N&o to All": _("N&o to All"),
        "Abort": _("Abort"),
        "Retry": _("Retry"),
        "Ignore": _("Ignore"),
        "Close": _("Close"),
        "Cancel": _("Cancel"),
        "Discard": _("Discard"),
        "Help": _("Help"),
        "Apply": _("Apply"),
        "Reset": _("Reset"),
        "Restore Defaults": _("Restore Defaults"),
        # QMessageBox
        "Show Details...": _("Show Details..."),
        "Hide Details...": _("Hide Details..."),
        # QWizard (ModernStyle on Windows and Linux)
        "< &Back": _("< &Back"),
        "&Next >": _("&Next >"),
        "&Finish": _("&Finish"),
        # QLineEdit and QWidgetTextControl: the right-click menu of text fields
        "&Undo": _("&Undo"),
        "&Redo": _("&Redo"),
        "Cu&t": _("Cu&t"),
        "&Copy": _("&Copy"),
        "&Paste": _("&Paste"),
        "Delete": _("Delete"),
        "Select All": _("Select All"),
    }


QT_CONTEXTS = frozenset(
    {"QPlatformTheme", "QMessageBox", "QWizard", "QLineEdit", "QWidgetTextControl"}
)


class CatalogueTranslator(QTranslator):
    """Answers Qt's look-ups of its own words from our catalogue; anything else (and English)
    gets None, which Qt takes as "no translation"."""

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if context not in QT_CONTEXTS or i18n.current_language() == i18n.ENGLISH:
            return None
        text = qt_words().get(source)
        return text if text is not None and text != source else None

    def isEmpty(self) -> bool:
        return False


_translator: CatalogueTranslator | None = None


def install(app: QCoreApplication) -> None:
    """At start-up: follow the system's languages until one is chosen in Settings, and let Qt's
    own words come from our catalogue."""
    global _translator
    i18n.use_system_languages(QLocale.system().uiLanguages())
    if _translator is None:
        _translator = CatalogueTranslator(app)
    app.installTranslator(_translator)
    _apply_locale()


def language_changed() -> None:
    """After ``i18n.set_language``: Qt's locale follows, and every widget is told (Qt's own
    button boxes retranslate themselves; the app's screens are rebuilt by their owners)."""
    _apply_locale()
    app = QCoreApplication.instance()
    if app is not None and _translator is not None:
        app.removeTranslator(_translator)  # each sends LanguageChange to every window
        app.installTranslator(_translator)


def _apply_locale() -> None:
    """Qt formats (the calendar's month and day names) in the interface language."""
    if i18n.current_language() == i18n.WELSH:
        QLocale.setDefault(QLocale("cy_GB"))
    else:
        QLocale.setDefault(QLocale.system())
