"""What the store-using commands share: the data folder option, opening the store, and
turning every failure into one line on stderr with an exit status (no tracebacks).

Exit statuses: 1 a problem found (verify, an export whose integrity check failed), 2 a usage
or input error, 3 the store cannot be opened or written, 4 a failure nothing expected (still one
sentence: cli/__init__.py), 130 interrupted.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from misuse_responder.i18n import _

if TYPE_CHECKING:
    from misuse_responder.store import CaseStore

PASSPHRASE_ENV = "MISUSE_RESPONDER_PASSPHRASE"
RECOVERY_ENV = "MISUSE_RESPONDER_RECOVERY_KEY"


class Fail(Exception):
    """A failure to report as one line, with its exit status."""

    def __init__(self, message: str, code: int = 3) -> None:
        super().__init__(message)
        self.code = code


def data_dir_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_(
            "the store's folder (default: the per-user data folder, or $MISUSE_RESPONDER_DATA_DIR)"
        ),
    )


def by_arg(parser: argparse.ArgumentParser, help_text: str | None = None) -> None:
    """``--by NAME``: who is doing this, for the audit trail (``author`` reads it)."""
    parser.add_argument(
        "--by",
        metavar="NAME",
        help=help_text or _("who is doing this, for the audit trail (default: your login name)"),
    )


def author(ns: argparse.Namespace) -> str:
    return str(ns.by or getpass.getuser() or _("unknown"))


def usage(parser: argparse.ArgumentParser) -> int:
    """A command group run without its sub-command: its help, exit status 2."""
    parser.print_help()
    return 2


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def read_json(path: str) -> Any:
    """A JSON file (or ``-`` for standard input) as data; a bad file is ``Fail`` (status 2)."""
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:  # noqa: PTH123 - plain text read
                text = handle.read()
    except FileNotFoundError:
        raise Fail(_("no such file: {path}").format(path=path), 2) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise Fail(_("cannot read {path}: {error}").format(path=path, error=exc), 2) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise Fail(
            _("not valid JSON: {error} (line {line}, column {col})").format(
                error=exc.msg, line=exc.lineno, col=exc.colno
            ),
            2,
        ) from None


def err(command: str, message: str) -> None:
    sys.stderr.write(f"misuse-responder {command}: {message}\n")


def passphrase(prompt: str, confirm: bool = False) -> str:
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise Fail(
            _("no passphrase: type it at a prompt, or set {env} for scripts.").format(
                env=PASSPHRASE_ENV
            ),
            2,
        )
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Type it again: ")) != first:
        raise Fail(_("the two passphrases differ; nothing was created."), 2)
    return first


def open_store(ns: argparse.Namespace, *, write: bool = False) -> CaseStore:
    """Open the store. Reading commands (``write=False``: list, verify, backup, exports,
    which add only their own audit event) work while the app has it open; commands that
    change cases (``write=True``) refuse then: "Misuse Responder is already open on this
    laptop" (store/instance_lock.py)."""
    from misuse_responder.store import CaseStore, data_dir, leftovers

    root = data_dir(ns.data_dir)
    leftovers.use_journal(root)  # a pack or backup killed mid-write is found next start
    recovery = os.environ.get(RECOVERY_ENV)
    if recovery and not os.environ.get(PASSPHRASE_ENV):
        return CaseStore.open_with_recovery_key(root, recovery, shared=not write)
    return CaseStore.open(root, passphrase(_("Passphrase: ")), shared=not write)


def guarded(command: str, body: Callable[[], int]) -> int:
    from misuse_responder.store import StoreError, WrongPassphrase

    try:
        return body()
    except Fail as exc:
        err(command, str(exc))
        return exc.code
    except WrongPassphrase as exc:
        err(command, str(exc))
        return 3
    except StoreError as exc:
        err(command, str(exc))
        return 3
    except OSError as exc:
        err(command, plain_os_error(exc))
        return 3
    except KeyboardInterrupt:
        err(command, _("interrupted"))
        return 130
    except Exception as exc:
        sentence = plain_failure(exc)
        if sentence is None:
            raise  # the last-resort handler in cli/__init__.py still turns it into a sentence
        err(command, sentence)
        return 3


def plain_os_error(exc: OSError) -> str:
    """An operating-system error as one sentence; a full disk is always named as such."""
    from misuse_responder.store.diskfull import is_disk_full

    if is_disk_full(exc):
        return _(
            "the disk is full, so nothing was written. Free some space (or choose another "
            "drive) and try again."
        )
    portable = _portable_folder_refused(exc)
    if portable is not None:
        from misuse_responder.store.paths import unusable_sentence

        return unusable_sentence(portable, exc)
    detail = exc.strerror or str(exc)
    return f"{exc.filename}: {detail}" if exc.filename else detail


def _portable_folder_refused(exc: OSError) -> Path | None:
    """The portable data folder, when ``exc`` is a refused write inside it (a locked or
    read-only USB stick): that has its own sentence, saying what to do."""
    import errno

    from misuse_responder.store.paths import portable_data_dir

    if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS) or not exc.filename:
        return None
    portable = portable_data_dir()
    if portable is None:
        return None
    target = Path(os.fsdecode(exc.filename)).absolute()
    inside = target == portable.absolute() or portable.absolute() in target.parents
    return portable if inside else None


def plain_failure(exc: BaseException) -> str | None:
    """The sentence for a failure that is not the store's own (damage, full disk), or None."""
    from misuse_responder.store.damage import is_damage
    from misuse_responder.store.diskfull import is_disk_full

    if is_disk_full(exc):
        return _(
            "the disk is full, so nothing was written. Free some space (or choose another "
            "drive) and try again."
        )
    if is_damage(exc):
        return _(
            "the case database is damaged ({detail}). Run 'misuse-responder verify' to see "
            "what can still be read and where the last backup is."
        ).format(detail=" ".join(str(exc).split())[:120])
    return None
