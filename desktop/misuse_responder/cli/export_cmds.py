"""Export commands: ``checklist``, ``summary`` and ``pack``.

Each writes one PDF atomically and prints its path, page count and SHA-256; ``summary
--data`` also (or only) writes the school's counts for its trust (``.mrsummary``). ``pack`` and
``summary`` open the store the same way as the store commands (``--data-dir``, the
passphrase from a prompt or ``MISUSE_RESPONDER_PASSPHRASE``); a pack's password, when
one is wanted, is read from the environment variable named by ``--password-env`` so it
never appears in the shell history or the process list.

``--jurisdiction`` and ``--language`` choose the nation whose guidance the PDF follows and
the language it is written in: by default the school profile's when a store is open (a
pack: the nation its case was assessed for), and England and English for ``checklist``,
which opens no store.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
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
from misuse_responder.export.labels import NoGuidance
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
from misuse_responder.store.vault import JURISDICTIONS

LANGUAGES = ("en", "cy")
DEFAULT_JURISDICTION = "england"
DEFAULT_LANGUAGE = "en"


def _by_arg(parser: argparse.ArgumentParser) -> None:
    by_arg(parser, _("who is exporting, for the audit trail (default: your login name)"))


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date like 2026-09-01").format(value=text)
        ) from None


def _nation_args(parser: argparse.ArgumentParser, nation: str, language: str) -> None:
    """``--jurisdiction`` and ``--language``; ``nation`` and ``language`` say their defaults."""
    parser.add_argument(
        "--jurisdiction",
        choices=JURISDICTIONS,
        default=None,
        help=_("the UK nation whose guidance the PDF follows (default: {value})").format(
            value=nation
        ),
    )
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        default=None,
        help=_("the language of the PDF: en (English) or cy (Welsh); default: {value}").format(
            value=language
        ),
    )


@contextmanager
def _in_language(code: str) -> Iterator[None]:
    """Write the PDF in ``code``; the command's own messages go back to the user's language.
    A nation guides/ has no guidance for is said in one sentence (exit 2)."""
    from misuse_responder import i18n

    try:
        with i18n.temporary_language(code):
            yield
    except NoGuidance as exc:
        raise Fail(str(exc), 2) from None


def _school_language(profile: object) -> str:
    """The school profile's language (English until the profile records one)."""
    return str(getattr(profile, "language", "") or DEFAULT_LANGUAGE)


def register(sub: Any) -> None:
    """Add the export sub-commands."""
    p = sub.add_parser("checklist", help=_("print a checklist made from the guidance (PDF)"))
    p.add_argument("kind", choices=KINDS, help=_("staff (quick card), dsl or governors"))
    p.add_argument("out", metavar="OUT.pdf", help=_("the PDF to write"))
    p.add_argument("--school", default="", help=_("the school's name for the page header"))
    _nation_args(p, DEFAULT_JURISDICTION, DEFAULT_LANGUAGE)
    p.set_defaults(handler=run_checklist)

    p = sub.add_parser("summary", help=_("the anonymised summary for governors (PDF)"))
    p.add_argument("--from", dest="start", required=True, type=_date, metavar="DATE")
    p.add_argument("--to", dest="end", required=True, type=_date, metavar="DATE")
    p.add_argument("out", metavar="OUT.pdf", nargs="?", help=_("the PDF to write"))
    p.add_argument(
        "--data",
        metavar="OUT.mrsummary",
        help=_(
            "also (or only) write the counts for the trust, signed and encrypted to the "
            "trust's address (set it with 'misuse-responder trust set-address')"
        ),
    )
    _nation_args(p, _("the school profile's"), _("the school profile's"))
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
    _nation_args(p, _("the nation the case was assessed for"), _("the school profile's"))
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
        with _in_language(ns.language or DEFAULT_LANGUAGE):
            result = render_checklist(
                ns.kind,
                Path(ns.out),
                school=ns.school,
                jurisdiction=ns.jurisdiction or DEFAULT_JURISDICTION,
            )
        _report(result)
        return 0

    return guarded("checklist", body)


def run_summary(ns: argparse.Namespace) -> int:
    def body() -> int:
        if ns.end < ns.start:
            raise Fail(_("--to is before --from."), 2)
        if not ns.out and not ns.data:
            raise Fail(_("give the PDF to write, --data OUT.mrsummary, or both."), 2)
        with open_store(ns) as store:
            trust = store.trust_address() if ns.data else None
            if ns.data and trust is None:
                raise Fail(
                    _(
                        "this laptop has no address for the trust yet: set it first with "
                        "'misuse-responder trust set-address FILE.mraddr'."
                    ),
                    2,
                )
            if ns.out:
                school = store.school()
                with _in_language(ns.language or _school_language(school)):
                    result = render_summary(
                        ns.start,
                        ns.end,
                        Path(ns.out),
                        jurisdiction=ns.jurisdiction or school.jurisdiction,
                    )
                record_export(store, result, author(ns), Path(ns.out))
                _report(result)
            if ns.data and trust is not None:
                path = store.write_trust_summary(ns.start, ns.end, Path(ns.data), author(ns))
                out(
                    _("Wrote {path} for {trust} ({fingerprint}).").format(
                        path=path, trust=trust.school or trust.label, fingerprint=trust.fingerprint
                    )
                )
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
            jurisdiction=ns.jurisdiction,  # None: the nation the case was assessed for
        )
        with open_store(ns) as store:
            try:
                case_id = store.case_id(ns.reference)
            except NotFound as exc:
                raise Fail(str(exc), 2) from None
            with _in_language(ns.language or _school_language(store.school())):
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
