"""The command line: ``misuse-responder`` with no arguments (or ``gui``) starts the app.

Each group of sub-commands lives in its own module with a ``register`` function, so
the command line stays a thin face over the core, like the GUI. Exit status 4 means a
failure nothing expected; it is still reported as one sentence, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from misuse_responder import __version__
from misuse_responder.i18n import _


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: {message}\n")
        raise SystemExit(2)


class _Version(argparse.Action):
    """``--version``: the app's version and the guide's (a support call needs both)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        parser.exit(print_version())


def print_version() -> int:
    """Print the version line; 0, or 1 when the guide cannot be loaded."""
    line, ok = version_line()
    sys.stdout.write(line + "\n")
    return 0 if ok else 1


def version_line() -> tuple[str, bool]:
    """``misuse-responder 0.1.0 (guide 2026.11+1a2b3c4d5e6f)``, and whether the guide loads.

    The guide version is the one every assessment and export prints, so it is read the same
    way: by loading and checking guides/ (a broken guide says so here, and exits 1).
    """
    from misuse_responder.guidance.guides import GuideError, load_guides

    try:
        guide, ok = load_guides().version, True
    except GuideError as exc:
        guide, ok = _("cannot be used: {error}").format(error=exc), False
    line = _("misuse-responder {app} (guide {guide})").format(app=__version__, guide=guide)
    return line, ok


def build_parser() -> argparse.ArgumentParser:
    # The command groups are imported here, not at the top: the app (no command, or `gui`)
    # starts through this module, and must not wait for reportlab and the store to load.
    from misuse_responder.cli import (
        assess_cmd,
        case_cmds,
        evidence_cmds,
        export_cmds,
        handover_cmds,
        store_cmds,
        trust_cmds,
    )

    parser = _Parser(
        prog="misuse-responder",
        description=_("Guidance and case records for online misuse incidents in schools."),
    )
    parser.add_argument(
        "--version", action=_Version, help=_("show the app's version and the guide's, then exit")
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.add_parser("gui", help=_("open the app (the same as no command)"))
    assess_cmd.register(sub)
    store_cmds.register(sub)
    case_cmds.register(sub)
    export_cmds.register(sub)
    evidence_cmds.register(sub)
    handover_cmds.register(sub)
    trust_cmds.register(sub)
    return parser


def _ensure_std_streams() -> None:
    """A windowed frozen app (Windows, macOS) starts with no stdout or stderr: ``None``.

    Every ``sys.stderr.write`` would then raise, and a usage error or the last resort's
    sentence would become a crash. Writing into the null device loses nothing there is
    anyone to read; the log (``diagnostics``) keeps what IT needs.
    """
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, Path(os.devnull).open("w", encoding="utf-8"))  # noqa: SIM115


def main(argv: Sequence[str] | None = None) -> int:
    _ensure_std_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--version"]:  # answered before the command groups load: it is quick
        return print_version()
    gui = not args or (args[0].startswith("-") and args[0] not in ("-h", "--help", "--version"))
    if gui or args[0] == "gui":
        from misuse_responder.ui.app import run  # Qt is loaded only for the GUI

        return run(args if gui else args[1:])
    parser = build_parser()
    ns = parser.parse_args(args)
    if ns.command is None:
        parser.print_help()
        return 0
    try:
        code: int = ns.handler(ns)
    except BrokenPipeError:  # e.g. piped into `head`: not an error worth a traceback
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last resort: a user never sees a traceback
        return _last_resort(ns.command, exc, getattr(ns, "data_dir", None))
    return code


def _last_resort(command: str, exc: Exception, data_dir_option: str | None = None) -> int:
    """One sentence for a failure nothing else caught; details only with MISUSE_RESPONDER_DEBUG.

    Every command already turns the failures it expects into a sentence (cli/common.py).
    This catches the rest, so a user sees what happened and what to do, not Python's insides.
    IT gets the same safe line as from the app (type and place, no message) in the data
    folder's log, when that folder exists (a failure never creates one).
    """
    from misuse_responder import diagnostics
    from misuse_responder.cli.common import plain_failure
    from misuse_responder.store.paths import data_dir

    try:  # the last resort must not fail itself: without a log the sentence still goes out
        root = data_dir(data_dir_option)
        if root.is_dir() and diagnostics.setup_log(root) is not None:
            diagnostics.log_unexpected(exc, f"{command}: unexpected failure")
    except Exception:
        pass

    sentence = plain_failure(exc) or _(
        "something unexpected went wrong ({kind}: {detail}). Nothing more was changed. "
        "Try again; if it happens again, tell IT what you were doing."
    ).format(kind=type(exc).__name__, detail=" ".join(str(exc).split())[:160])
    sys.stderr.write(f"misuse-responder {command}: {sentence}\n")
    if os.environ.get("MISUSE_RESPONDER_DEBUG"):
        traceback.print_exception(exc, file=sys.stderr)
    return 4
