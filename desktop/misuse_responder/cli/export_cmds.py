"""Export commands: ``checklist``, ``summary`` and ``pack``.

Each writes one PDF atomically and prints its path, page count and SHA-256. ``pack`` and
``summary`` open the store the same way as the store commands (``--data-dir``, the
passphrase from a prompt or ``MISUSE_RESPONDER_PASSPHRASE``); a pack's password, when
one is wanted, is read from the environment variable named by ``--password-env`` so it
never appears in the shell history or the process list.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
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
)
from misuse_responder.export.checklists import KINDS, render_checklist
from misuse_responder.export.encrypt import WeakPassword
from misuse_responder.export.pack import (
    DSL_COPY,
    ExportResult,
    PackOptions,
    export_pack,
    record_export,
)
from misuse_responder.export.summary import render_summary
from misuse_responder.i18n import _, ngettext
from misuse_responder.store import NotFound


def _by_arg(parser: argparse.ArgumentParser) -> None:
    by_arg(parser, _("who is exporting, for the audit trail (default: your login name)"))


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date like 2026-09-01").format(value=text)
        ) from None


def register(sub: Any) -> None:
    """Add the export sub-commands."""
    p = sub.add_parser("checklist", help=_("print a checklist made from the guidance (PDF)"))
    p.add_argument("kind", choices=KINDS, help=_("staff (quick card), dsl or governors"))
    p.add_argument("out", metavar="OUT.pdf", help=_("the PDF to write"))
    p.add_argument("--school", default="", help=_("the school's name for the page header"))
    p.set_defaults(handler=run_checklist)

    p = sub.add_parser("summary", help=_("the anonymised summary for governors (PDF)"))
    p.add_argument("--from", dest="start", required=True, type=_date, metavar="DATE")
    p.add_argument("--to", dest="end", required=True, type=_date, metavar="DATE")
    p.add_argument("out", metavar="OUT.pdf", help=_("the PDF to write"))
    _by_arg(p)
    data_dir_arg(p)
    p.set_defaults(handler=run_summary)

    p = sub.add_parser("pack", help=_("the evidence pack for one case (PDF)"))
    p.add_argument(
        "reference", metavar="REFERENCE", help=_("the case reference, e.g. MR-2026-0001")
    )
    p.add_argument("out", metavar="OUT.pdf", help=_("the PDF to write"))
    p.add_argument("--redacted", action="store_true", help=_("replace names with roles"))
    p.add_argument("--dsl-copy", action="store_true", help=_("the DSL's copy instead"))
    p.add_argument(
        "--password-env",
        metavar="VAR",
        help=_("encrypt the PDF (AES-256) with the password held in environment variable VAR"),
    )
    _by_arg(p)
    data_dir_arg(p)
    p.set_defaults(handler=run_pack)


def _report(result: ExportResult) -> None:
    out(
        ngettext(
            "Wrote {path} ({pages} page). SHA-256: {sha}",
            "Wrote {path} ({pages} pages). SHA-256: {sha}",
            result.pages,
        ).format(path=result.path, pages=result.pages, sha=result.sha256)
    )


def run_checklist(ns: argparse.Namespace) -> int:
    def body() -> int:
        _report(render_checklist(ns.kind, Path(ns.out), school=ns.school))
        return 0

    return guarded("checklist", body)


def run_summary(ns: argparse.Namespace) -> int:
    def body() -> int:
        if ns.end < ns.start:
            raise Fail(_("--to is before --from."), 2)
        with open_store(ns) as store:
            result = render_summary(ns.start, ns.end, Path(ns.out))
            record_export(store, result, author(ns), Path(ns.out))
        _report(result)
        return 0

    return guarded("summary", body)


def run_pack(ns: argparse.Namespace) -> int:
    def body() -> int:
        password = None
        if ns.password_env:
            password = os.environ.get(ns.password_env)
            if not password:
                raise Fail(
                    _("the environment variable {var} is not set.").format(var=ns.password_env), 2
                )
        options = PackOptions(
            variant=DSL_COPY if ns.dsl_copy else "addressed",
            redacted=ns.redacted,
            password=password,
        )
        with open_store(ns) as store:
            try:
                case_id = store.case_id(ns.reference)
            except NotFound as exc:
                raise Fail(str(exc), 2) from None
            try:
                result = export_pack(store, case_id, Path(ns.out), options, author=author(ns))
            except WeakPassword as exc:
                raise Fail(str(exc), 2) from None
        _report(result)
        if not result.details.get("integrity_ok", True):
            out(_("WARNING: the integrity check failed; the pack says what failed."))
            return 1
        return 0

    return guarded("pack", body)
