"""What the pack says about sealed evidence: exactly what is held, and in what state.

A case that became "do not capture" after files were added holds those files sealed
(store/sealing.py). The pack never embeds one, and it must never claim that no imagery
was retained while a sealed copy is still held: the reader (the Head, the police) needs
to know what exists and who decided what about it.
"""

from __future__ import annotations

from collections.abc import Sequence

from misuse_responder.i18n import _, ngettext
from misuse_responder.store.sealing import DELETED, seal_state
from misuse_responder.store.views import EvidenceView

__all__ = ["all_ok_line", "integrity_line", "notice", "seal_state"]


def notice(items: Sequence[EvidenceView]) -> str:
    """The evidence index's opening paragraph on a do-not-capture case."""
    sealed = [i for i in items if i.sealed]
    held = [i for i in sealed if i.seal_decision != DELETED]
    why = _(
        "The guidance for this case is 'do not capture': it involves nude or semi-nude images "
        "of someone under 18, which it can be an offence to copy, save, print or share, even "
        "for a school record. No image of the case appears anywhere in this pack."
    )
    if held:
        return (
            why
            + " "
            + ngettext(
                "{held} file added before the guidance changed is held SEALED in the school's "
                "encrypted store: never shown, opened or exported. It is listed below with its "
                "state and SHA-256.",
                "{held} files added before the guidance changed are held SEALED in the school's "
                "encrypted store: never shown, opened or exported. Each is listed below with its "
                "state and SHA-256.",
                len(held),
            ).format(held=len(held))
        )
    if sealed:
        return (
            why
            + " "
            + _(
                "{n} file(s) added before the guidance changed were sealed and their copies "
                "deleted on the DSL's decision; their SHA-256 hashes and descriptions are kept "
                "and listed below. No imagery is retained."
            ).format(n=len(sealed))
        )
    return (
        _("No imagery was retained for this case.")
        + " "
        + why
        + " "
        + _("Staff recorded descriptions instead.")
    )


def integrity_line(n: int, item: EvidenceView, message: str) -> str:
    """One line of the integrity section for a sealed item (``message``: the check's own)."""
    return _("Evidence item {n} (SHA-256 {sha}): {state}; {check}.").format(
        n=n, sha=item.sha256, state=seal_state(item) or "", check=message
    )


def all_ok_line(items: Sequence[EvidenceView], checked: int) -> str:
    """The integrity section's summary when every check passed."""
    deleted = sum(1 for i in items if i.sealed and i.seal_decision == DELETED)
    if not deleted:
        return ngettext(
            "Evidence: the {n} item re-hashed at export; its SHA-256 matches.",
            "Evidence: all {n} items re-hashed at export; every SHA-256 matches.",
            checked,
        ).format(n=checked)
    line = ngettext(
        "{d} sealed copy deleted on the DSL's decision: copy deleted, hash recorded.",
        "{d} sealed copies deleted on the DSL's decision: copies deleted, hashes recorded.",
        deleted,
    ).format(d=deleted)
    if checked > deleted:
        line = (
            ngettext(
                "Evidence: {n} item re-hashed at export; its SHA-256 matches.",
                "Evidence: {n} items re-hashed at export; every SHA-256 matches.",
                checked - deleted,
            ).format(n=checked - deleted)
            + " "
            + line
        )
    return line
