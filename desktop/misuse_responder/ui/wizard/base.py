"""The base page: pages read the shared state when shown and write it when left.

``load`` fills the widgets from the state, ``save`` copies them back (on Next, on Back
and before every draft save, so nothing typed is ever lost), and ``commit`` writes to
the store when Next is pressed. ``nextId`` asks the context, which asks the engine.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
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
        outer.addWidget(self.scroller, 1)
        # Beside Next (outside the scrolled content, so always in view): what is missing.
        self.missing_note: QLabel = text_label("", bold=True)
        self.missing_note.setObjectName("missingNote")
        self.missing_note.setAccessibleName(_("What is needed before Next"))
        self.missing_note.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.missing_note.setVisible(False)
        outer.addWidget(self.missing_note)
        self.build()
        self.completeChanged.connect(self._update_missing)

    # --- for subclasses ----------------------------------------------------------------
    def build(self) -> None:
        """Create the page's widgets (once)."""

    def load(self) -> None:
        """Fill the widgets from ``self.ctx.state`` (each time the page is shown)."""

    def save(self) -> None:
        """Copy the widgets into ``self.ctx.state`` (never touches the store)."""

    def commit(self) -> None:
        """Write to the store when Next is pressed (raise ``StoreError`` to stay here)."""

    def missing(self) -> str:
        """What must still be answered before Next, as one sentence ("" when nothing)."""
        return ""

    def first_field(self) -> QWidget | None:
        """The control that takes the focus when the page opens (the first one by default)."""
        start = self.body
        widget = start.nextInFocusChain()
        for _step in range(2000):
            if widget is None or widget is start:
                return None
            if (
                self.body.isAncestorOf(widget)
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.isVisibleTo(self)
                and widget.isEnabled()
            ):
                return widget
            widget = widget.nextInFocusChain()
        return None

    def focus_first(self) -> None:
        if not self.isVisible():
            return
        target = self.first_field()
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason)
            self.scroller.ensureWidgetVisible(target)

    def setTitle(self, title: str) -> None:
        """The page's own title; the header shows it as "Step 3 of 10: title" once opened."""
        self._base_title = title
        super().setTitle(title)

    def step_title(self) -> str:
        return getattr(self, "_base_title", self.title())

    def update_progress(self) -> None:
        """ "Step 3 of 10: Your steps" in the page's header (the route follows the guidance)."""
        route = self.ctx.route()
        title = self.step_title()
        if self.page_id in route:
            title = _("Step {n} of {m}: {title}").format(
                n=route.index(self.page_id) + 1, m=len(route), title=title
            )
        super().setTitle(title)

    def _update_missing(self) -> None:
        text = self.missing()
        self.missing_note.setText(text)
        self.missing_note.setVisible(bool(text))

    # --- QWizardPage -------------------------------------------------------------------
    def initializePage(self) -> None:
        self.load()
        self.update_progress()
        self._update_missing()
        QTimer.singleShot(0, self, self.focus_first)  # after QWizard has moved its own focus

    def isComplete(self) -> bool:
        return super().isComplete() and not self.missing()

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
