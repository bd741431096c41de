"""Trust-wide oversight commands: ``trust set-address``, ``trust show`` and ``trust-report``.

A school's laptop learns where its summaries go (``trust set-address``: the trust's
``.mraddr``) and writes them with ``summary --data``. The trust's oversight lead merges the
files into one report (``trust-report``), with the trust's own store or, for a trust that has
none, with an age key file (``--identity``). A school never seen before is listed with its
fingerprint and the report is refused until the lead has checked it and given ``--confirm``:
a file any laptop could make must not slip into the board's figures unseen.

Exit statuses as for the other store commands: 0 done, 1 schools to confirm (listed on
stderr), 2 refused or bad input (one sentence saying why), 3 the store cannot be opened.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from misuse_responder.cli.common import (
    Fail,
    author,
    by_arg,
    data_dir_arg,
    err,
    guarded,
    open_store,
    out,
    usage,
)
from misuse_responder.i18n import _, ngettext

if TYPE_CHECKING:
    from pyrage import x25519

    from misuse_responder.export.pack import ExportResult
    from misuse_responder.handover.address import HandoverAddress
    from misuse_responder.oversight.model import School


def register(sub: Any) -> None:
    """Add ``trust`` (with its sub-commands) and ``trust-report``."""
    from misuse_responder.cli import _Parser

    group = sub.add_parser(
        "trust", help=_("where this school's summaries for its trust go; the trust's schools")
    )
    actions = group.add_subparsers(dest="trust_command", metavar="ACTION", parser_class=_Parser)
    group.set_defaults(handler=lambda ns: usage(group))

    p = actions.add_parser(
        "set-address", help=_("encrypt this school's summaries to the trust's address (.mraddr)")
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("file", metavar="FILE.mraddr", nargs="?", help=_("the trust's address"))
    which.add_argument(
        "--clear", action="store_true", help=_("forget the trust's address (no more summaries)")
    )
    by_arg(p)
    data_dir_arg(p)
    p.set_defaults(handler=run_set_address)

    p = actions.add_parser(
        "show", help=_("the trust's address this school uses, and the schools this trust knows")
    )
    data_dir_arg(p)
    p.set_defaults(handler=run_show)

    p = sub.add_parser(
        "trust-report",
        help=_("merge schools' summary files (.mrsummary) into the trust's report (PDF)"),
    )
    p.add_argument("files", metavar="FILE", nargs="+", help=_("the schools' .mrsummary files"))
    p.add_argument("out", metavar="OUT.pdf", help=_("the PDF to write"))
    p.add_argument("--csv", metavar="OUT.csv", help=_("also write the figures as a CSV file"))
    p.add_argument(
        "--previous",
        metavar="FILE",
        nargs="+",
        default=[],
        help=_("the previous period's files, for the change columns (give options last)"),
    )
    p.add_argument(
        "--confirm",
        metavar="FINGERPRINT",
        action="append",
        default=[],
        help=_("include a new school, once its fingerprint was checked with the school"),
    )
    p.add_argument(
        "--identity",
        metavar="KEYFILE",
        help=_("without a store: the trust's age key file (as saved from the trust's store)"),
    )
    p.add_argument(
        "--known",
        metavar="FINGERPRINT",
        nargs="+",
        default=[],
        help=_("with --identity: the schools already checked before"),
    )
    p.add_argument(
        "--trust-name", metavar="NAME", default="", help=_("with --identity: the trust's name")
    )
    by_arg(p, _("who is making the report, for the audit trail (default: your login name)"))
    data_dir_arg(p)
    p.set_defaults(handler=run_trust_report)


def _shown(text: object) -> str:
    """Text safe to print (a file name that is not valid UTF-8 keeps a stand-in)."""
    return str(text).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _sentence(exc: Exception) -> str:
    return _shown(" ".join(str(exc).split()))


def _read_input(name: str) -> bytes:
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


def _refusals() -> tuple[type[Exception], ...]:
    """The failures that are a refusal of the input (one sentence, status 2)."""
    from misuse_responder.handover.errors import HandoverError
    from misuse_responder.oversight.errors import OversightError
    from misuse_responder.store import HandoverRefused, InvalidChange

    return (OversightError, HandoverError, HandoverRefused, InvalidChange)


def _who(address: HandoverAddress) -> str:
    """An address as "label (school)", without saying the same name twice."""
    if not address.label or address.label == address.school:
        return address.school or address.label
    return f"{address.label} ({address.school})" if address.school else address.label


def run_set_address(ns: argparse.Namespace) -> int:
    def body() -> int:
        data = None if ns.clear else _read_input(ns.file)
        with open_store(ns, write=True) as store:
            try:
                address = store.set_trust_address(data, author(ns))
            except _refusals() as exc:
                raise Fail(_sentence(exc), 2) from None
        if address is None:
            out(_("This school no longer has a trust address; no summaries can be written."))
            return 0
        out(
            _("Summaries will be encrypted to {trust}, fingerprint {fp}.").format(
                trust=_who(address), fp=address.fingerprint
            )
        )
        out(_("Check the fingerprint with the trust's oversight lead (read it aloud)."))
        return 0

    return guarded("trust set-address", body)


def run_show(ns: argparse.Namespace) -> int:
    def body() -> int:
        with open_store(ns) as store:
            address = store.trust_address()
            schools = store.trusted_schools()
            own = store.handover_address()
        if address is None:
            out(_("Trust address: none (set one with 'trust set-address FILE.mraddr')."))
        else:
            out(
                _("Trust address: {trust}, fingerprint {fp}").format(
                    trust=_who(address), fp=address.fingerprint
                )
            )
        out(
            _(
                "This laptop's own fingerprint: {fp} (on the trust's laptop, the one schools "
                "check; its address file: 'handover address OUT.mraddr')."
            ).format(fp=own.fingerprint)
        )
        if not schools:
            out(_("Schools confirmed for reports made on this laptop: none yet."))
        else:
            out(
                ngettext(
                    "{n} school confirmed for reports made on this laptop:",
                    "{n} schools confirmed for reports made on this laptop:",
                    len(schools),
                ).format(n=len(schools))
            )
            for school in schools:
                out(f"{_shown(school.name)}\t{school.fingerprint}")
        return 0

    return guarded("trust show", body)


def _identity(name: str) -> x25519.Identity:
    """The age identity in a key file (``# public key: …`` lines, then ``AGE-SECRET-KEY-…``)."""
    from pyrage import x25519

    try:
        text = _read_input(name).decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    keys = [
        line.strip() for line in text.splitlines() if line.strip().startswith("AGE-SECRET-KEY-")
    ]
    if len(keys) == 1:
        try:
            return x25519.Identity.from_str(keys[0])
        except Exception:
            pass
    raise Fail(
        _("{path} is not an age key file with one trust key in it.").format(path=_shown(name)), 2
    )


def _unknown(schools: Sequence[School]) -> int:
    """List the schools to check, and how to include them: exit status 1."""
    err(
        "trust-report",
        ngettext(
            "{n} school is not known to this trust yet. Check its fingerprint with the school "
            "(read it aloud), then run the command again with --confirm FINGERPRINT. "
            "No report was written.",
            "{n} schools are not known to this trust yet. Check each fingerprint with its "
            "school (read it aloud), then run the command again with --confirm FINGERPRINT for "
            "each. No report was written.",
            len(schools),
        ).format(n=len(schools)),
    )
    for school in schools:
        sys.stderr.write(f"  {_shown(school.name)}  {school.fingerprint}\n")
    return 1


def _without_store(ns: argparse.Namespace, paths: list[Path], previous: list[Path]) -> ExportResult:
    """The same steps as ``CaseStore.trust_report``, with a key file and ``--known``."""
    from misuse_responder.export.trust_report import render_trust_report
    from misuse_responder.oversight.assemble import assemble

    made = assemble(
        paths,
        _identity(ns.identity),
        None,
        previous=previous,
        known=ns.known,
        confirmed=ns.confirm,
    )
    return render_trust_report(
        made.report,
        Path(ns.out),
        csv_out=Path(ns.csv) if ns.csv else None,
        trust_name=ns.trust_name,
    )


def _check_paths(ns: argparse.Namespace) -> tuple[list[Path], list[Path]]:
    """Every input a file, and no output over an input or a folder: said before any work."""
    paths = [Path(f) for f in ns.files]
    previous = [Path(f) for f in ns.previous]
    for path in (*paths, *previous):
        if not path.is_file():
            raise Fail(
                _("{path} is not a file that can be read (moved, deleted or a folder?).").format(
                    path=_shown(path)
                ),
                2,
            )
    outputs = [Path(ns.out)] + ([Path(ns.csv)] if ns.csv else [])
    inputs = {p.resolve() for p in (*paths, *previous)}
    for target in outputs:
        if target.is_dir():
            raise Fail(_("{path} is a folder; give a file name.").format(path=_shown(target)), 2)
        if target.resolve() in inputs:
            raise Fail(
                _("{path} is one of the summary files; choose another name.").format(
                    path=_shown(target)
                ),
                2,
            )
    if ns.known and not ns.identity:
        raise Fail(_("--known goes with --identity; a store keeps its own list."), 2)
    return paths, previous


def run_trust_report(ns: argparse.Namespace) -> int:
    from misuse_responder.oversight.errors import UnknownSchools

    def body() -> int:
        paths, previous = _check_paths(ns)
        try:
            if ns.identity:
                result = _without_store(ns, paths, previous)
            else:
                with open_store(ns) as store:
                    result = store.trust_report(
                        paths,
                        Path(ns.out),
                        author(ns),
                        previous=previous,
                        confirmed=ns.confirm,
                        csv_out=Path(ns.csv) if ns.csv else None,
                    )
        except UnknownSchools as exc:
            return _unknown(exc.schools)
        except _refusals() as exc:
            raise Fail(_sentence(exc), 2) from None
        out(
            ngettext(
                "Wrote {path} ({pages} page). SHA-256: {sha}",
                "Wrote {path} ({pages} pages). SHA-256: {sha}",
                result.pages,
            ).format(path=_shown(result.path), pages=result.pages, sha=result.sha256)
        )
        if ns.csv:
            out(_("Wrote {path}").format(path=_shown(ns.csv)))
        return 0

    return guarded("trust-report", body)
