"""Case-store commands for DSLs and IT: init, cases, verify, backup, restore.

The passphrase comes from a prompt, or from ``MISUSE_RESPONDER_PASSPHRASE`` for
scripts. Every failure is one line on stderr and a non-zero exit status: 1 for a
problem found (verify), 2 for a usage or input error, 3 when the store cannot be
opened or written.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from misuse_responder.i18n import _
from misuse_responder.store import (
    CaseQuery,
    CaseStore,
    StoreError,
    WrongPassphrase,
    data_dir,
    restore,
)

PASSPHRASE_ENV = "MISUSE_RESPONDER_PASSPHRASE"
RECOVERY_ENV = "MISUSE_RESPONDER_RECOVERY_KEY"


class _Fail(Exception):
    def __init__(self, message: str, code: int = 3) -> None:
        super().__init__(message)
        self.code = code


def _data_dir_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_(
            "the store's folder (default: the per-user data folder, or $MISUSE_RESPONDER_DATA_DIR)"
        ),
    )


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
    _data_dir_arg(p)
    p.set_defaults(handler=run_init)

    p = sub.add_parser("cases", help=_("list the cases"))
    p.add_argument("--status", action="append", choices=("draft", "open", "closed"))
    p.add_argument("--name", help=_("a person's name (accents optional)"))
    p.add_argument("--text", help=_("words in the title, chronology or evidence notes"))
    p.add_argument("--limit", type=int, default=50, help=_("how many to list (default 50)"))
    _data_dir_arg(p)
    p.set_defaults(handler=run_cases)

    p = sub.add_parser("verify", help=_("check the audit trail and every evidence file"))
    _data_dir_arg(p)
    p.set_defaults(handler=run_verify)

    p = sub.add_parser("backup", help=_("write a consistent encrypted backup to PATH"))
    p.add_argument("path", metavar="PATH", help=_("the backup file to create"))
    _data_dir_arg(p)
    p.set_defaults(handler=run_backup)

    p = sub.add_parser("restore", help=_("restore a backup into an empty data folder"))
    p.add_argument("path", metavar="PATH", help=_("the backup file"))
    _data_dir_arg(p)
    p.set_defaults(handler=run_restore)


def _out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def _err(command: str, message: str) -> None:
    sys.stderr.write(f"misuse-responder {command}: {message}\n")


def _passphrase(prompt: str, confirm: bool = False) -> str:
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise _Fail(
            _("no passphrase: type it at a prompt, or set {env} for scripts.").format(
                env=PASSPHRASE_ENV
            ),
            2,
        )
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Type it again: ")) != first:
        raise _Fail(_("the two passphrases differ; nothing was created."), 2)
    return first


def _open(ns: argparse.Namespace) -> CaseStore:
    root = data_dir(ns.data_dir)
    recovery = os.environ.get(RECOVERY_ENV)
    if recovery and not os.environ.get(PASSPHRASE_ENV):
        return CaseStore.open_with_recovery_key(root, recovery)
    return CaseStore.open(root, _passphrase(_("Passphrase: ")))


def _guarded(command: str, body: Callable[[], int]) -> int:
    try:
        return body()
    except _Fail as exc:
        _err(command, str(exc))
        return exc.code
    except WrongPassphrase as exc:
        _err(command, str(exc))
        return 3
    except StoreError as exc:
        _err(command, str(exc))
        return 3
    except OSError as exc:
        _err(command, str(exc.strerror or exc))
        return 3
    except KeyboardInterrupt:
        _err(command, _("interrupted"))
        return 130


def run_init(ns: argparse.Namespace) -> int:
    def body() -> int:
        root = data_dir(ns.data_dir)
        passphrase = _passphrase(_("Choose a passphrase for the case store: "), confirm=True)
        store, recovery = CaseStore.create(
            root, passphrase, ns.school, jurisdiction=ns.jurisdiction
        )
        store.close()
        _out(_("Created the encrypted case store in {path}.").format(path=root))
        _out()
        _out(_("RECOVERY KEY (shown only this once): print it and lock it away."))
        _out(_("It opens the store if the passphrase is forgotten."))
        _out()
        _out(f"    {recovery}")
        _out()
        return 0

    return _guarded("init", body)


def run_cases(ns: argparse.Namespace) -> int:
    def body() -> int:
        with _open(ns) as store:
            query = CaseQuery(status=tuple(ns.status or ()), name=ns.name, text=ns.text)
            page = store.list_cases(query, page_size=max(1, ns.limit), with_total=True)
            for case in page.items:
                opened = case.opened_at.astimezone().strftime("%Y-%m-%d %H:%M")
                _out(f"{case.reference}\t{case.status}\t{opened}\t{case.title}")
            sys.stderr.write(
                _("{shown} of {total} cases").format(shown=len(page.items), total=page.total) + "\n"
            )
        return 0

    return _guarded("cases", body)


def run_verify(ns: argparse.Namespace) -> int:
    def body() -> int:
        with _open(ns) as store:
            report = store.verify()
        for note in report.notes:
            _out(_("note: {note}").format(note=note))
        for problem in report.problems:
            _out(_("PROBLEM: {problem}").format(problem=problem))
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
            _out(_("OK: {summary}.").format(summary=summary))
            return 0
        _out(
            _("{count} problem(s) found: {summary}.").format(
                count=len(report.problems), summary=summary
            )
        )
        return 1

    return _guarded("verify", body)


def run_backup(ns: argparse.Namespace) -> int:
    def body() -> int:
        target = Path(ns.path)
        with _open(ns) as store:
            count = store.backup(target)
        _out(
            _("Backup written to {path} ({count} files, still encrypted).").format(
                path=target, count=count
            )
        )
        return 0

    return _guarded("backup", body)


def run_restore(ns: argparse.Namespace) -> int:
    def body() -> int:
        root = data_dir(ns.data_dir)
        restore(Path(ns.path), root)
        _out(
            _("Restored into {path}. Run 'misuse-responder verify' to check it.").format(path=root)
        )
        return 0

    return _guarded("restore", body)
