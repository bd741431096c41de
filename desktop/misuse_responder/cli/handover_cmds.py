"""Hand-over commands: ``handover address``, ``recipients``, ``send``, ``receive``, ``receipt``.

The same steps as the app's hand-over screens, for IT scripts and for a laptop whose screen
is broken: a staff laptop learns the DSL's address, sends a case as a sealed ``.mrcase``
file, the DSL's laptop checks and takes it in (a first sender only once its fingerprint
has been read aloud and ``--trust-new-sender`` given), and the receipt that comes back
lets the staff laptop keep only the case's stub.

Exit statuses as for the other store commands: 0 done, 2 refused or bad input (one line on
stderr saying why), 3 the store cannot be opened or written.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from misuse_responder.cli.common import (
    Fail,
    author,
    by_arg,
    data_dir_arg,
    guarded,
    open_store,
    out,
    usage,
)
from misuse_responder.i18n import _, ngettext

if TYPE_CHECKING:
    from misuse_responder.store.handover_views import NewItems


def register(sub: Any) -> None:
    """Add ``handover`` and its sub-commands."""
    from misuse_responder.cli import _Parser

    group = sub.add_parser(
        "handover", help=_("hand a case to the DSL's laptop, take one in, act on its receipt")
    )
    actions = group.add_subparsers(dest="handover_command", metavar="ACTION", parser_class=_Parser)
    group.set_defaults(handler=lambda ns: usage(group))

    p = actions.add_parser("address", help=_("save this laptop's hand-over address (.mraddr)"))
    p.add_argument("out", metavar="OUT.mraddr", help=_("where to save the address"))
    p.add_argument(
        "--label",
        metavar="TEXT",
        help=_('the name others see for this laptop, e.g. "DSL Ms Okafor"'),
    )
    by_arg(p)
    data_dir_arg(p)
    p.set_defaults(handler=run_address)

    rec = actions.add_parser("recipients", help=_("the DSL team laptops cases are handed to"))
    rec_actions = rec.add_subparsers(
        dest="recipients_command", metavar="ACTION", parser_class=_Parser
    )
    rec.set_defaults(handler=lambda ns: usage(rec))
    p = rec_actions.add_parser("add", help=_("add a DSL team laptop from its .mraddr file"))
    p.add_argument("file", metavar="FILE.mraddr", help=_("the address file"))
    by_arg(p)
    data_dir_arg(p)
    p.set_defaults(handler=run_recipients_add)
    p = rec_actions.add_parser("list", help=_("list them: name, school, fingerprint"))
    data_dir_arg(p)
    p.set_defaults(handler=run_recipients_list)
    p = rec_actions.add_parser("remove", help=_("take a laptop off the list"))
    p.add_argument("fingerprint", metavar="FINGERPRINT", help=_("as 'recipients list' shows it"))
    by_arg(p)
    data_dir_arg(p)
    p.set_defaults(handler=run_recipients_remove)

    p = actions.add_parser("send", help=_("write a case as a sealed .mrcase file for the DSL team"))
    p.add_argument("reference", metavar="REF", help=_("the case reference, e.g. MR-2026-0001"))
    p.add_argument("folder", metavar="OUT_FOLDER", help=_("the folder to write it into"))
    by_arg(p)
    data_dir_arg(p)
    p.set_defaults(handler=run_send)

    p = actions.add_parser("receive", help=_("check a .mrcase file and take the case in"))
    p.add_argument("file", metavar="FILE", help=_("the .mrcase file"))
    p.add_argument(
        "--trust-new-sender",
        action="store_true",
        help=_("accept a laptop never received from, once its fingerprint was checked aloud"),
    )
    p.add_argument(
        "--receipt-dir",
        metavar="DIR",
        help=_("where to write the receipt (default: beside the .mrcase file)"),
    )
    by_arg(p)
    data_dir_arg(p)
    p.set_defaults(handler=run_receive)

    p = actions.add_parser(
        "receipt", help=_("check a receipt from the DSL's laptop; --remove keeps only the stub")
    )
    p.add_argument("file", metavar="FILE", help=_("the receipt file"))
    p.add_argument(
        "--remove",
        action="store_true",
        help=_("remove the case's records from this laptop, leaving its stub"),
    )
    by_arg(p)
    data_dir_arg(p)
    p.set_defaults(handler=run_receipt)


def _shown(text: object) -> str:
    """Text safe to print: a file name that is not valid UTF-8 keeps a stand-in character
    instead of failing the whole command at the last line."""
    return str(text).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _refused(exc: Exception) -> Fail:
    """A refusal (bad file, unknown reference, unknown sender) as one line, status 2."""
    return Fail(_shown(" ".join(str(exc).split())), 2)


def _read_input(name: str) -> bytes:
    """The bytes of a file the user named; any reason it cannot be read is bad input (2)."""
    path = Path(name)
    if not path.is_file():
        raise Fail(
            _("{path} is not a file that can be read (moved, deleted or a folder?).").format(
                path=_shown(path)
            ),
            2,
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise Fail(
            _("{path} cannot be read ({detail}).").format(
                path=_shown(path), detail=_shown(exc.strerror or exc)
            ),
            2,
        ) from None


def _when(at: datetime) -> str:
    """A time in the laptop's own zone, as the rest of the app shows it."""
    return at.astimezone().strftime("%d/%m/%Y %H:%M")


def run_address(ns: argparse.Namespace) -> int:
    from misuse_responder.store import HandoverRefused, InvalidChange

    def body() -> int:
        target = Path(ns.out)
        with open_store(ns, write=ns.label is not None) as store:
            try:
                if ns.label is not None:
                    store.set_handover_label(ns.label, author(ns))
                address = store.handover_address()
                data = store.handover_address_file()
            except (HandoverRefused, InvalidChange) as exc:
                raise _refused(exc) from None
        if target.is_dir():
            raise Fail(_("{path} is a folder; give a file name.").format(path=_shown(target)), 2)
        target.write_bytes(data)
        out(_("Saved the hand-over address to {path}.").format(path=_shown(target)))
        out(_("Name: {label}").format(label=address.label or _("(none yet: use --label)")))
        out(_("Fingerprint: {fp}").format(fp=address.fingerprint))
        return 0

    return guarded("handover address", body)


def run_recipients_add(ns: argparse.Namespace) -> int:
    from misuse_responder.store import HandoverRefused, InvalidChange

    def body() -> int:
        data = _read_input(ns.file)
        with open_store(ns, write=True) as store:
            try:
                peer = store.add_handover_recipient(data, author(ns))
            except (HandoverRefused, InvalidChange) as exc:
                raise _refused(exc) from None
        out(
            _("Added {label} ({school}), fingerprint {fp}.").format(
                label=peer.label, school=peer.school, fp=peer.fingerprint
            )
        )
        out(_("Check the fingerprint with its owner (read it aloud) before sending a case."))
        return 0

    return guarded("handover recipients add", body)


def run_recipients_list(ns: argparse.Namespace) -> int:
    def body() -> int:
        with open_store(ns) as store:
            peers = store.handover_recipients()
        if not peers:
            out(_("No one yet: add a DSL team laptop with 'handover recipients add FILE'."))
        for peer in peers:
            out(f"{peer.label}\t{peer.school}\t{peer.fingerprint}")
        return 0

    return guarded("handover recipients list", body)


def run_recipients_remove(ns: argparse.Namespace) -> int:
    from misuse_responder.store import NotFound

    def body() -> int:
        with open_store(ns, write=True) as store:
            try:
                store.remove_handover_recipient(ns.fingerprint, author(ns))
            except NotFound as exc:
                raise _refused(exc) from None
        out(_("Removed {fp} from the list.").format(fp=_shown(ns.fingerprint)))
        return 0

    return guarded("handover recipients remove", body)


def run_send(ns: argparse.Namespace) -> int:
    from misuse_responder.store import HandoverRefused, InvalidChange, NotFound

    def body() -> int:
        with open_store(ns, write=True) as store:
            try:
                sent = store.send_handover(store.case_id(ns.reference), Path(ns.folder), author(ns))
            except (HandoverRefused, InvalidChange, NotFound) as exc:
                raise _refused(exc) from None
        out(_("Wrote {path}").format(path=_shown(sent.path)))
        out(_("SHA-256: {sha}").format(sha=sent.sha256))
        out(
            _("For: {names}").format(
                names=", ".join(f"{r.label} ({r.fingerprint})" for r in sent.recipients)
            )
        )
        if sent.left_sealed:
            out(
                ngettext(
                    "{n} sealed file stays on this laptop; it never travels.",
                    "{n} sealed files stay on this laptop; they never travel.",
                    sent.left_sealed,
                ).format(n=sent.left_sealed)
            )
        return 0

    return guarded("handover send", body)


def run_receive(ns: argparse.Namespace) -> int:
    from misuse_responder.store import HandoverRefused, InvalidChange, NotFound

    def body() -> int:
        path = Path(ns.file)
        if not path.is_file():
            raise Fail(
                _("{path} is not a hand-over file (moved, deleted or a folder?).").format(
                    path=_shown(path)
                ),
                2,
            )
        receipt_dir = Path(ns.receipt_dir) if ns.receipt_dir else None
        if receipt_dir is not None and not receipt_dir.is_dir():
            raise Fail(
                _("The folder {path} does not exist; choose another.").format(
                    path=_shown(receipt_dir)
                ),
                2,
            )
        with open_store(ns, write=True) as store:
            try:
                incoming = store.preview_handover(path)
            except (HandoverRefused, InvalidChange, NotFound) as exc:
                raise _refused(exc) from None
            try:
                got = store.accept_handover(
                    incoming,
                    author(ns),
                    trust_new_sender=ns.trust_new_sender,
                    receipt_dir=receipt_dir,
                )
            except (HandoverRefused, InvalidChange, NotFound) as exc:
                store.discard_handover(incoming)
                raise _refused(exc) from None
        out(
            _("Received {ref} (it was {origin} on {sender}).").format(
                ref=got.reference, origin=got.origin_reference, sender=incoming.sender.label
            )
        )
        out(_added(got.new))
        if got.receipt_path is not None:
            out(
                _("Receipt: {path} (send it back to the sender).").format(
                    path=_shown(got.receipt_path)
                )
            )
        else:
            out(_("No receipt written: {why}").format(why=_shown(got.receipt_error or "")))
        return 0

    return guarded("handover receive", body)


def _added(new: NewItems) -> str:
    """What accepting added, in words: the DSL sees at once whether anything was new."""
    if new.nothing:
        return _("Added: nothing new.")
    parts = [_("a new case")] if new.new_case else []
    for count, one, many in (
        (new.entries, "{n} chronology entry", "{n} chronology entries"),
        (new.evidence, "{n} evidence item", "{n} evidence items"),
        (new.people, "{n} person", "{n} people"),
        (new.actions, "{n} action", "{n} actions"),
        (new.assessments, "{n} assessment", "{n} assessments"),
    ):
        if count:
            parts.append(ngettext(one, many, count).format(n=count))
    if new.status_change:
        parts.append(_("status now {status}").format(status=new.status_change))
    return _("Added: {what}.").format(what=", ".join(parts))


def run_receipt(ns: argparse.Namespace) -> int:
    from misuse_responder.store import HandoverRefused, InvalidChange, NotFound

    def body() -> int:
        data = _read_input(ns.file)
        with open_store(ns, write=ns.remove) as store:
            try:
                receipt = store.check_receipt(data)
                if ns.remove and not receipt.already_removed:
                    store.remove_handed_over(receipt, author(ns))
            except (HandoverRefused, InvalidChange, NotFound) as exc:
                raise _refused(exc) from None
        out(
            _("A valid receipt for {ref}: received by {label} ({fp}) on {when}.").format(
                ref=receipt.reference,
                label=receipt.receiver.label,
                fp=receipt.receiver.fingerprint,
                when=_when(receipt.received_at),
            )
        )
        if receipt.already_removed:
            out(_("Its records were already removed from this laptop; only the stub is left."))
        elif ns.remove:
            out(
                _("Removed {ref}'s records from this laptop; its stub stays.").format(
                    ref=receipt.reference
                )
            )
        else:
            out(
                _(
                    "Nothing removed. To keep only the stub here: misuse-responder handover "
                    "receipt FILE --remove"
                )
            )
        return 0

    return guarded("handover receipt", body)
