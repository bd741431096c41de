"""What a handed-over case shows: only its stub (the records left on the DSL's receipt)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from misuse_responder.i18n import _
from misuse_responder.ui.timefmt import local_time

HANDED_OVER = "handed-over"


def stub_text(detail: Any) -> str:
    """One plain paragraph: where the case went, when, and the receipt that proves it."""
    removed = [c for c in detail.custody if c.kind == "removed"]
    if not removed:
        return _("{ref} was handed over; only its reference is kept here.").format(
            ref=detail.reference
        )
    last = removed[-1]
    to = ", ".join(p.label for p in last.recipients) or _("the DSL")
    return _(
        "{ref} was handed over to {to} and removed from this laptop on {when}, on their "
        "receipt (SHA-256 {sha}). Only this stub is kept here: ask the DSL for the case."
    ).format(ref=detail.reference, to=to, when=local_time(last.at), sha=last.receipt_sha256)


def show_stub(parent: QWidget, detail: Any) -> None:
    QMessageBox.information(parent, _("Handed over"), stub_text(detail))
