"""Evidence commands: ``evidence add``, ``evidence list`` and ``evidence decide``.

``add`` asks the same question as the app before any image, video, or document or archive
that can hold pictures is kept ("Does it show a child nude, partly nude, in underwear,
or in a sexual way?"): only ``--shows-child-sexual no`` lets one in. ``yes`` or
``not-sure`` keeps nothing: the description is recorded in the chronology and the case
moves to the sexual-imagery route, which seals any file it already holds. ``decide`` is
the DSL's choice about a sealed file: keep it sealed for the police, or delete the copy,
with a reason.

Exit statuses as for the other store commands: 0 done, 2 refused or a usage error (one
line on stderr saying why), 3 the store cannot be opened or written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

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

ANSWER_CHOICES = ("no", "yes", "not-sure")
DECISION_CHOICES = ("keep-for-police", "delete-copy")


def register(sub: Any) -> None:
    """Add ``evidence`` and its sub-commands."""
    from misuse_responder.cli import _Parser

    group = sub.add_parser(
        "evidence", help=_("add evidence to a case, list it, decide on sealed files")
    )
    actions = group.add_subparsers(dest="evidence_command", metavar="ACTION", parser_class=_Parser)
    group.set_defaults(handler=lambda ns: usage(group))

    p = actions.add_parser(
        "add", help=_("keep a file (screenshot, photo, video, document) as evidence")
    )
    p.add_argument("reference", metavar="REF", help=_("the case reference, e.g. MR-2026-0001"))
    p.add_argument("file", metavar="FILE", help=_("the file to keep"))
    p.add_argument("--description", metavar="TEXT", default="", help=_("what it shows, in words"))
    p.add_argument(
        "--shows-child-sexual",
        choices=ANSWER_CHOICES,
        help=_(
            "required for an image, video, or document that can hold pictures: does it show "
            "a child nude, partly nude, in "
            "underwear, or in a sexual way? (no / yes / not-sure)"
        ),
    )
    by_arg(p)
    data_dir_arg(p)
    p.set_defaults(handler=run_add)

    p = actions.add_parser("list", help=_("list a case's evidence items with their ids and state"))
    p.add_argument("reference", metavar="REF", help=_("the case reference, e.g. MR-2026-0001"))
    data_dir_arg(p)
    p.set_defaults(handler=run_list)

    p = actions.add_parser(
        "decide", help=_("the DSL's decision on a sealed file: keep it for the police or delete it")
    )
    p.add_argument(
        "id", metavar="ID", type=int, help=_("the evidence item's id (see 'evidence list')")
    )
    p.add_argument("decision", choices=DECISION_CHOICES)
    p.add_argument(
        "--reason", required=True, metavar="TEXT", help=_("why (kept in the audit trail)")
    )
    by_arg(p)
    data_dir_arg(p)
    p.set_defaults(handler=run_decide)


def run_add(ns: argparse.Namespace) -> int:
    from misuse_responder.store import Capture, ImageQuestionRefused, InvalidChange, NotFound
    from misuse_responder.store.errors import EvidenceError

    def body() -> int:
        path = Path(ns.file)
        answer = ns.shows_child_sexual
        if answer in ("yes", "not-sure") and not ns.description.strip():
            raise Fail(
                _(
                    "{name} is not kept. Say in words what it shows with --description (who, "
                    "what, where it was seen), without opening it again."
                ).format(name=path.name),
                2,
            )
        with open_store(ns, write=True) as store:
            try:
                case_id = store.case_id(ns.reference)
                if answer in ("yes", "not-sure"):
                    done = store.record_withheld_image(
                        case_id, ns.description, answer, author(ns), file_name=path.name
                    )
                    reference = store.case(case_id).reference
                    earlier = store.exports_before_sealing(case_id)
                else:
                    new_id = store.add_evidence_file(
                        case_id,
                        path,
                        author(ns),
                        Capture(ns.description),
                        shows_child_sexual=answer,
                    )
                    item = next(i for i in store.case(case_id).evidence if i.id == new_id)
                    reference = store.case(case_id).reference
            except ImageQuestionRefused as exc:
                hint = _(
                    "Answer with --shows-child-sexual no, yes or not-sure (with --description)."
                )
                raise Fail(f"{exc} {hint}" if exc.answer is None else str(exc), 2) from None
            except (EvidenceError, InvalidChange, NotFound) as exc:
                raise Fail(str(exc), 2) from None
        if answer in ("yes", "not-sure"):
            out(
                _(
                    "Not kept: {name}. Do not copy, save, print or forward it. Your description "
                    "is recorded in the chronology of {ref} (entry {entry})."
                ).format(name=path.name, ref=reference, entry=done.entry_id)
            )
            out(
                _(
                    "{ref} is now on the sexual-imagery route ('do not capture'): tell the DSL now."
                ).format(ref=reference)
            )
            if done.sealed:
                out(
                    ngettext(
                        "{n} file already in the case is now sealed (never shown or exported); "
                        "the DSL decides about it: misuse-responder evidence decide ID "
                        "keep-for-police|delete-copy --reason TEXT",
                        "{n} files already in the case are now sealed (never shown or exported); "
                        "the DSL decides about each: misuse-responder evidence decide ID "
                        "keep-for-police|delete-copy --reason TEXT",
                        len(done.sealed),
                    ).format(n=len(done.sealed))
                )
            for pack in earlier:
                out(
                    _(
                        "A pack saved before the files were sealed may show them: {file} "
                        "({date}, by {name}, SHA-256 {sha}). Find every copy and delete it."
                    ).format(
                        file=pack.file_name,
                        date=pack.at.astimezone().strftime("%Y-%m-%d %H:%M"),
                        name=pack.by,
                        sha=pack.sha256,
                    )
                )
            return 0
        out(
            _("Added {name} to {ref} as evidence item {id}. SHA-256: {sha}").format(
                name=path.name, ref=reference, id=new_id, sha=item.sha256
            )
        )
        return 0

    return guarded("evidence add", body)


def run_list(ns: argparse.Namespace) -> int:
    from misuse_responder.store import NotFound
    from misuse_responder.store.sealing import seal_state

    def body() -> int:
        with open_store(ns) as store:
            try:
                detail = store.case(store.case_id(ns.reference))
            except NotFound as exc:
                raise Fail(str(exc), 2) from None
        for item in detail.evidence:
            name = item.original_name or item.url or item.description or ""
            state = seal_state(item) or (_("withdrawn") if item.withdrawn_at else _("kept"))
            out(f"{item.id}\t{item.kind}\t{state}\t{item.sha256}\t{name}")
        if not detail.evidence:
            out(_("No evidence items have been recorded."))
        return 0

    return guarded("evidence list", body)


def run_decide(ns: argparse.Namespace) -> int:
    from misuse_responder.store import InvalidChange, NotFound

    def body() -> int:
        with open_store(ns, write=True) as store:
            try:
                store.decide_sealed(ns.id, ns.decision, ns.reason, author(ns))
            except (InvalidChange, NotFound) as exc:
                raise Fail(str(exc), 2) from None
        if ns.decision == "keep-for-police":
            out(_("Evidence item {id} stays sealed, kept for the police.").format(id=ns.id))
        else:
            out(
                _(
                    "The copy of evidence item {id} is deleted (its file overwritten and removed; "
                    "its SHA-256 and description are kept). Copies in earlier backups are not "
                    "touched."
                ).format(id=ns.id)
            )
        return 0

    return guarded("evidence decide", body)
