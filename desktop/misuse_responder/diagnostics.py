"""A note for IT when something goes wrong, that never holds a name or a word of a case.

A frozen windowed app has no console: without this an unexpected error, or a crash in C
code, would vanish. So the app keeps a small rotating log in ``logs/`` inside its data
folder, and a ``faulthandler`` trace beside it. The log is read by IT, maybe sent on, so it
holds only what cannot identify anyone: error *types*, error codes, and where in our code
it happened (module:function:line). Never an exception's message: a SQLite error, an
``OSError`` or a ``ValueError`` can quote a pupil's name, pasted text or a file path.

Qt-free: the GUI (``ui/last_resort.py``) and the command line share it.
"""

from __future__ import annotations

import contextlib
import errno
import faulthandler
import io
import logging
import os
import re
import sys
import threading
import traceback
from pathlib import Path, PurePosixPath
from typing import Any

from misuse_responder import __version__

LOG_DIR_NAME = "logs"
LOG_NAME = "misuse-responder.log"
CRASH_NAME = "crash.txt"
LOG_BYTES = 256 * 1024
LOG_BACKUPS = 3
CRASH_BYTES = 1024 * 1024
DEBUG_ENV = "MISUSE_RESPONDER_DEBUG"
_PACKAGE = "misuse_responder"
_SQLITE_CODE = re.compile(r"^SQLITE_[A-Z_]+$")

log = logging.getLogger(_PACKAGE)
_state: dict[str, Any] = {"dir": None, "handler": None, "crash_file": None, "thread_hook": None}


def _rotating_handler(path: Path) -> logging.Handler:
    """The real log file: ``logging.handlers`` is imported only now (it brings socket and
    pickle, about 14 ms of start-up), when there is a first line to write."""
    import logging.handlers

    class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
        """A rotating log whose every file (the first, and each a rollover starts) is 0600.

        ``RotatingFileHandler`` opens its files with ``open()``, so their mode would follow
        the umask; the log is about safeguarding cases, so only the laptop's user may read it.
        """

        def _open(self) -> io.TextIOWrapper:
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
            fd = os.open(self.baseFilename, flags, 0o600)
            if os.name == "posix":
                os.fchmod(fd, 0o600)  # a file left by an older version under a looser umask
            return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)

        def handleError(self, record: logging.LogRecord) -> None:
            """A log that cannot be written (a full disk, a rollover blocked on Windows) must
            not print on a command's stderr: the failure stays one sentence."""

    handler = PrivateRotatingFileHandler(
        path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
    )
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(message)s"))
    return handler


class _LazyLog(logging.Handler):
    """Stands in for the log file until its first line, so a start writes nothing and a
    day without errors leaves no file; the first line of each run says which version."""

    def __init__(self, path: Path) -> None:
        super().__init__(logging.INFO)
        self.path = path
        self.real: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.real is None:
                self.real = _rotating_handler(self.path)
                frozen = "frozen" if getattr(sys, "frozen", False) else "source"
                self.real.handle(
                    log.makeRecord(
                        log.name,
                        logging.INFO,
                        __file__,
                        0,
                        "this run: version %s, %s, Python %s",
                        (__version__, frozen, sys.version.split()[0]),
                        None,
                    )
                )
            self.real.handle(record)
        except Exception:  # never let the note for IT become a failure of its own
            pass

    def close(self) -> None:
        if self.real is not None:
            self.real.close()
        super().close()


class SafeFormatter(logging.Formatter):
    """Writes a record's own line, and for an exception only ``describe``: no traceback,
    whose last line is the exception's message."""

    def formatException(self, ei: Any) -> str:
        exc = ei[1] if isinstance(ei, tuple) else None
        return "  " + describe(exc) if isinstance(exc, BaseException) else ""

    def formatStack(self, stack_info: str) -> str:
        return ""


def _type_name(exc: BaseException) -> str:
    kind = type(exc)
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


def _codes(exc: BaseException) -> list[str]:
    """Codes that say what failed without saying what about: ENOSPC, SQLITE_FULL."""
    codes: list[str] = []
    if isinstance(exc, OSError) and isinstance(exc.errno, int):
        codes.append(errno.errorcode.get(exc.errno, str(exc.errno)))
    name = getattr(exc, "sqlite_errorname", None)
    if isinstance(name, str) and _SQLITE_CODE.match(name):
        codes.append(name)
    return codes


def _module_of(filename: str) -> str | None:
    """``…/misuse_responder/ui/app.py`` → ``misuse_responder.ui.app`` (from source, installed
    or frozen alike); None for a file outside the package."""
    parts = PurePosixPath(filename.replace("\\", "/")).parts
    starts = [i for i, part in enumerate(parts[:-1]) if part == _PACKAGE]
    if not starts:
        return None
    dotted = list(parts[starts[-1] :])
    dotted[-1] = dotted[-1].rsplit(".", 1)[0]
    return ".".join(dotted)


def location(tb: Any) -> str:
    """Where it happened: the innermost frame in our code, and the innermost frame of all
    when that is in a library (by file name only: a full path can hold a login name)."""
    frames = traceback.extract_tb(tb) if tb is not None else []
    if not frames:
        return "unknown place"
    ours = next((f for f in reversed(frames) if _module_of(f.filename) is not None), None)
    where = f"{_module_of(ours.filename)}:{ours.name}:{ours.lineno}" if ours else ""
    last = frames[-1]
    if last is not ours:
        outside = f"{Path(last.filename.replace(chr(92), '/')).name}:{last.name}:{last.lineno}"
        where = f"{where} via {outside}" if where else outside
    return where


def describe(exc: BaseException) -> str:
    """An exception as IT may read it: its type, codes and place, then what it followed;
    never its message."""
    seen: set[int] = set()
    pieces: list[str] = []
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(pieces) < 4:
        seen.add(id(current))
        text = _type_name(current)
        codes = _codes(current)
        if codes:
            text += f" [{', '.join(codes)}]"
        text += f" at {location(current.__traceback__)}"
        pieces.append(text)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return "; after ".join(pieces)


def log_dir() -> Path | None:
    """The folder the log is in, once ``setup_log`` has made it (for the dialog, Settings)."""
    folder = _state["dir"]
    return folder if isinstance(folder, Path) else None


def logs_folder(root: Path) -> Path:
    return root / LOG_DIR_NAME


def setup_log(root: Path) -> Path | None:
    """Log into ``root/logs`` (0700, files 0600); None when it cannot be made (a read-only
    stick): the app still runs, with nowhere to write the note."""
    from misuse_responder.store.paths import ensure_private_dir

    folder = logs_folder(root)
    if _state["dir"] == folder and _state["handler"] is not None:
        return folder
    shutdown_log()
    try:
        ensure_private_dir(folder)
    except OSError:
        # Somewhere to drop the lines, so logging's last resort does not print them on a
        # command's stderr (a command's failure stays one sentence).
        _state["handler"] = logging.NullHandler()
        log.addHandler(_state["handler"])
        return None
    handler = _LazyLog(folder / LOG_NAME)
    log.addHandler(handler)
    if log.level == logging.NOTSET or log.level > logging.INFO:
        log.setLevel(logging.INFO)
    _state["dir"], _state["handler"] = folder, handler
    return folder


def shutdown_log() -> None:
    """Detach and close our handler (tests, and a change of data folder)."""
    handler = _state["handler"]
    if isinstance(handler, logging.Handler):
        log.removeHandler(handler)
        handler.close()
    _state["dir"], _state["handler"] = None, None


def log_unexpected(exc: BaseException, what: str = "unexpected failure") -> None:
    """One line for IT: ``what`` is a fixed phrase of ours, never user text."""
    log.error("%s: %s", what, describe(exc))


def enable_faulthandler(root: Path) -> Path | None:
    """A crash in C code (Qt, SQLCipher) writes the threads' stacks to ``logs/crash.txt``.

    A faulthandler someone already enabled (``python -X faulthandler``, pytest) is left as
    it is. On a frozen windowed app ``sys.stderr`` is None, so the file is the only place;
    when it cannot be opened and there is no stderr either, nothing is enabled.
    """
    if faulthandler.is_enabled():
        return None
    from misuse_responder.store.paths import ensure_private_dir, open_private

    target = logs_folder(root) / CRASH_NAME
    try:
        ensure_private_dir(target.parent)
        # Appended to, so the last few crashes are there for IT; started afresh when big.
        big = target.exists() and target.stat().st_size > CRASH_BYTES
        fd = open_private(target, os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if big else os.O_APPEND))
        crash = os.fdopen(fd, "a", encoding="utf-8")
    except OSError:
        if sys.stderr is not None and hasattr(sys.stderr, "fileno"):
            with contextlib.suppress(OSError, ValueError, RuntimeError):
                faulthandler.enable(file=sys.stderr)
        return None
    faulthandler.enable(file=crash, all_threads=True)
    previous = _state["crash_file"]
    _state["crash_file"] = crash  # kept open for the process's life: faulthandler needs it
    if previous is not None:
        previous.close()
    return target


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    """A worker thread's uncaught exception: one safe line in the log."""
    if args.exc_value is not None and not issubclass(args.exc_type, SystemExit):
        log_unexpected(args.exc_value, "unexpected failure in a background task")
    previous = _state["thread_hook"]
    # Python's own hook prints a traceback on stderr: only when debugging, or when someone
    # (a test runner) put their own hook there to be told.
    if previous is not None and (
        previous is not threading.__excepthook__ or os.environ.get(DEBUG_ENV)
    ):
        previous(args)


def install(root: Path) -> Path | None:
    """Everything a frozen app needs to leave a trace: the log, faulthandler and the
    worker-thread hook (``sys.excepthook`` is the GUI's, ui/last_resort.py). Returns the
    log folder, or None when it could not be made."""
    folder = setup_log(root)
    enable_faulthandler(root)
    if threading.excepthook is not _thread_hook:
        _state["thread_hook"] = threading.excepthook
        threading.excepthook = _thread_hook
    return folder
