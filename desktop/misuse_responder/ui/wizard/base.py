"""The base page: pages read the shared state when shown and write it when left.

``load`` fills the widgets from the state, ``save`` copies them back (on Next, on Back
and before every draft save, so nothing typed is ever lost), and ``commit`` writes to
the store when Next is pressed. ``nextId`` asks the context, which asks the engine.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget, QWizardPage

from misuse_responder.i18n import _
from misuse_responder.store.errors import StoreError
from misuse_responder.ui.widgets.basics import text_label
from misuse_responder.ui.wizard.context import WizardContext
from misuse_responder.ui.wizard.ids import PageId


class BasePage(QWizardPage):
    page_id: PageId

    def __init__(self, ctx: WizardContext, page_id: PageId) -> None:
        super().__init__()
        self.ctx = ctx
        self.page_id = page_id
        self.setObjectName(f"page-{page_id.name.lower()}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroller.setAccessibleName(_("Page content"))
        self.body = QWidget()
        self.content = QVBoxLayout(self.body)
        self.error: QLabel = text_label("", bold=True)
        self.error.setAccessibleName(_("Problem"))
        self.error.setVisible(False)
        self.content.addWidget(self.error)
        self.scroller.setWidget(self.body)
        outer.addWidget(self.scroller)
        self.build()

    # --- for subclasses ----------------------------------------------------------------
    def build(self) -> None:
        """Create the page's widgets (once)."""

    def load(self) -> None:
        """Fill the widgets from ``self.ctx.state`` (each time the page is shown)."""

    def save(self) -> None:
        """Copy the widgets into ``self.ctx.state`` (never touches the store)."""

    def commit(self) -> None:
        """Write to the store when Next is pressed (raise ``StoreError`` to stay here)."""

    # --- QWizardPage -------------------------------------------------------------------
    def initializePage(self) -> None:
        self.load()

    def cleanupPage(self) -> None:
        # Back: keep what was typed (the default would reset the fields).
        self.save()

    def validatePage(self) -> bool:
        self.save()
        try:
            self.commit()
        except (StoreError, ValueError) as exc:
            self.show_error(str(exc))
            return False
        self.show_error("")
        return True

    def show_error(self, message: str) -> None:
        """Show a problem in the page itself (read out by screen readers, nothing lost)."""
        self.error.setText(message)
        self.error.setVisible(bool(message))
        if message:
            self.scroller.ensureWidgetVisible(self.error)

    def nextId(self) -> int:
        return self.ctx.next_page(self.page_id)
