"""Case-store commands for DSLs and IT: init, cases, verify, backup, restore.

The passphrase comes from a prompt, or from ``MISUSE_RESPONDER_PASSPHRASE`` for
scripts. Every failure is one line on stderr and a non-zero exit status: 1 for a
problem found (verify), 2 for a usage or input error, 3 when the store cannot be
opened or written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from misuse_responder.cli.common import (
    Fail,
    data_dir_arg,
    guarded,
    open_store,
    out,
    passphrase,
)
from misuse_responder.i18n import _, ngettext
from misuse_responder.store import (
    CaseQuery,
    CaseStore,
    StoreDamaged,
    damage,
    data_dir,
    leftovers,
    restore,
)
from misuse_responder.store.crypto import WeakPassphrase, check_passphrase_strength
from misuse_responder.store.paths import StorePaths


def register(sub: Any) -> None:
    """Add the store's sub-commands."""
    p = sub.add_parser("init", help=_("create the encrypted case store and print the recovery key"))
    p.add_argument("--school", required=True, metavar="NAME", help=_("the school's name"))
    p.add_argument(
        "--jurisdiction",
        default="england",
        choices=("england", "wales", "scotland", "northern-ireland"),
        help=_("where the school is (default: england)"),
    )
    data_dir_arg(p)
    p.set_defaults(handler=run_init)

    p = sub.add_parser("cases", help=_("list the cases"))
    p.add_argument("--status", action="append", choices=("draft", "open", "closed"))
    p.add_argument("--name", help=_("a person's name (accents optional)"))
    p.add_argument("--text", help=_("words in the title, chronology or evidence notes"))
    p.add_argument("--limit", type=int, default=50, help=_("how many to list (default 50)"))
    data_dir_arg(p)
    p.set_defaults(handler=run_cases)

    p = sub.add_parser("verify", help=_("check the audit trail and every evidence file"))
    data_dir_arg(p)
    p.set_defaults(handler=run_verify)

    p = sub.add_parser("backup", help=_("write a consistent encrypted backup to PATH"))
    p.add_argument("path", metavar="PATH", help=_("the backup file to create"))
    data_dir_arg(p)
    p.set_defaults(handler=run_backup)

    p = sub.add_parser("restore", help=_("restore a backup into an empty data folder"))
    p.add_argument("path", metavar="PATH", help=_("the backup file"))
    data_dir_arg(p)
    p.set_defaults(handler=run_restore)


def run_init(ns: argparse.Namespace) -> int:
    def body() -> int:
        root = data_dir(ns.data_dir)
        secret = passphrase(_("Choose a passphrase for the case store: "), confirm=True)
        try:
            check_passphrase_strength(secret, (ns.school,))
        except WeakPassphrase as exc:
            raise Fail(str(exc), 2) from None  # an input error: nothing was created
        store, recovery = CaseStore.create(root, secret, ns.school, jurisdiction=ns.jurisdiction)
        store.close()
        out(_("Created the encrypted case store in {path}.").format(path=root))
        out()
        out(_("RECOVERY KEY (shown only this once): print it and lock it away."))
        out(_("It opens the store if the passphrase is forgotten."))
        out()
        out(f"    {recovery}")
        out()
        return 0

    return guarded("init", body)


def run_cases(ns: argparse.Namespace) -> int:
    def body() -> int:
        with open_store(ns) as store:
            query = CaseQuery(status=tuple(ns.status or ()), name=ns.name, text=ns.text)
            page = store.list_cases(query, page_size=max(1, ns.limit), with_total=True)
            for case in page.items:
                opened = case.opened_at.astimezone().strftime("%Y-%m-%d %H:%M")
                out(f"{case.reference}\t{case.status}\t{opened}\t{case.title}")
            sys.stderr.write(
                ngettext(
                    "{shown} of {total} case", "{shown} of {total} cases", page.total or 0
                ).format(shown=len(page.items), total=page.total)
                + "\n"
            )
        return 0

    return guarded("cases", body)


def run_verify(ns: argparse.Namespace) -> int:
    def body() -> int:
        try:
            store = open_store(ns)
        except StoreDamaged as exc:
            # The key file or the database's first page: nothing can be read at all.
            found = damage.assess(None, StorePaths(data_dir(ns.data_dir)), str(exc))
            out(_("PROBLEM: {problem}").format(problem=exc))
            out(found.backup_line())
            return 1
        with store:
            try:
                result = store.verify()
            except Exception as exc:
                if not damage.is_damage(exc):
                    raise
                return _report_damage(store, exc)
            if any(problem.kind == "database" for problem in result.problems):
                detail = next(p.message for p in result.problems if p.kind == "database")
                return _report_damage(store, detail)
            report = result
            for line in leftovers.describe(leftovers.find(store.paths)):
                out(_("note: {note}").format(note=line))
        for note in report.notes:
            out(_("note: {note}").format(note=note))
        for problem in report.problems:
            out(_("PROBLEM: {problem}").format(problem=problem))
        summary = _(
            "{events} audit events, {entries} entries, {evidence} evidence items "
            "({blobs} files checked)"
        ).format(
            events=report.events,
            entries=report.entries,
            evidence=report.evidence,
            blobs=report.blobs_checked,
        )
        if report.ok:
            out(_("OK: {summary}.").format(summary=summary))
            return 0
        out(
            ngettext(
                "{count} problem found: {summary}.",
                "{count} problems found: {summary}.",
                len(report.problems),
            ).format(count=len(report.problems), summary=summary)
        )
        return 1

    return guarded("verify", body)


def _report_damage(store: CaseStore, exc: BaseException | str) -> int:
    """The damaged-database report: what can still be read, and where the last backup is."""
    report = damage.assess(store.db, store.paths, exc)
    lines = report.lines()
    out(_("PROBLEM: {problem}").format(problem=lines[0]))
    for line in lines[1:]:
        out(line)
    return 1


def run_backup(ns: argparse.Namespace) -> int:
    def body() -> int:
        target = Path(ns.path)
        with open_store(ns) as store:
            count = store.backup(target)
        out(
            ngettext(
                "Backup written to {path} ({count} file, still encrypted).",
                "Backup written to {path} ({count} files, still encrypted).",
                count,
            ).format(path=target, count=count)
        )
        return 0

    return guarded("backup", body)


def run_restore(ns: argparse.Namespace) -> int:
    def body() -> int:
        root = data_dir(ns.data_dir)
        restore(Path(ns.path), root)
        out(_("Restored into {path}. Run 'misuse-responder verify' to check it.").format(path=root))
        return 0

    return guarded("restore", body)
