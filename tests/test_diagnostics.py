"""The note for IT (misuse_responder/diagnostics.py): owner-only files, even after a rollover;
never a name or case text, only the error's type and place; a C crash leaves a trace even
with no stderr; worker threads and the command line write the same safe line."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from misuse_responder import diagnostics
from misuse_responder.cli import main
from misuse_responder.guidance.facts import parse_facts

# A message that quotes what a member of staff typed: a pupil's name and case text, in
# three scripts. None of it may reach the log.
NAME = "Łukasz Nowak"
SECRETS = (NAME, "فاطمة الزهراء", "王小明", "sent a nude photo to the Year 9 chat")
CASE_TEXT = f"{NAME} / فاطمة الزهراء / 王小明 sent a nude photo to the Year 9 chat"


@pytest.fixture
def logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder whose log is set up; the handler and thread hook are undone after."""
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    root = tmp_path / "data"
    folder = diagnostics.setup_log(root)
    assert folder == root / "logs"
    yield folder
    diagnostics.shutdown_log()


def read_log(folder: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.log*")))


def raised_by_our_code() -> BaseException:
    """A real error of the engine whose message quotes the input (FactsError)."""
    try:
        parse_facts({"concerns": [CASE_TEXT]}, set())
    except Exception as exc:
        return exc
    raise AssertionError("parse_facts accepted an unknown concern")


def test_the_log_never_holds_the_message_only_type_and_place(logs: Path) -> None:
    exc = raised_by_our_code()
    assert NAME in str(exc)  # the message does hold it: that is the danger
    diagnostics.log_unexpected(exc)
    diagnostics.log.error("with a traceback asked for", exc_info=exc)
    text = read_log(logs)
    for secret in SECRETS:
        assert secret not in text
    assert "unexpected failure: misuse_responder.guidance.facts.FactsError at " in text
    assert "misuse_responder.guidance.facts:_choices:" in text
    assert "Traceback" not in text and "with a traceback asked for" in text


def test_a_chained_os_error_gives_codes_and_file_names_not_paths(logs: Path) -> None:
    secret_dir = f"/home/staff/{NAME}"
    try:
        try:
            raise OSError(28, "No space left on device", f"{secret_dir}/notes.txt")
        except OSError as inner:
            raise RuntimeError(f"could not save {CASE_TEXT}") from inner
    except RuntimeError as exc:
        line = diagnostics.describe(exc)
    assert line.startswith("RuntimeError at test_diagnostics.py:")
    assert "; after OSError [ENOSPC] at test_diagnostics.py:" in line
    assert NAME not in line and "/home" not in line and "nude" not in line


def test_files_are_owner_only_also_after_a_rollover(
    logs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if os.name != "posix":
        pytest.skip("modes are POSIX")
    old = os.umask(0o022)  # a usual umask: without the opener new files would be 0644
    try:
        for _ in range(diagnostics.LOG_BYTES // 60 + 50):
            diagnostics.log.error("unexpected failure: %s", "x" * 40)
    finally:
        os.umask(old)
    files = sorted(logs.glob("misuse-responder.log*"))
    assert len(files) >= 2  # it rolled over: the new file was made by the rollover
    assert len(files) <= diagnostics.LOG_BACKUPS + 1
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert path.stat().st_size <= diagnostics.LOG_BYTES + 200
    assert stat.S_IMODE(logs.stat().st_mode) == 0o700


def test_a_worker_threads_failure_is_logged_safely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(threading, "excepthook", threading.__excepthook__)
    monkeypatch.delenv("MISUSE_RESPONDER_DEBUG", raising=False)
    try:
        folder = diagnostics.install(tmp_path / "data")
        assert folder is not None and threading.excepthook is diagnostics._thread_hook

        def work() -> None:
            parse_facts({"concerns": [CASE_TEXT]}, set())

        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
        text = read_log(folder)
    finally:
        diagnostics.shutdown_log()
    assert "unexpected failure in a background task: misuse_responder.guidance" in text
    assert "this run: version" in text
    for secret in SECRETS:
        assert secret not in text


def test_a_crash_in_c_code_leaves_a_trace_with_no_stderr(tmp_path: Path) -> None:
    """As in a frozen windowed app: sys.stderr is None, then the process dies in C."""
    root = tmp_path / "data"
    script = (
        "import sys, faulthandler\n"
        "faulthandler.disable()\n"
        "sys.stderr = None\n"
        "from pathlib import Path\n"
        "from misuse_responder import diagnostics\n"
        f"diagnostics.install(Path({str(root)!r}))\n"
        "faulthandler._sigsegv()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONFAULTHANDLER"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    crash = root / "logs" / diagnostics.CRASH_NAME
    text = crash.read_text(encoding="utf-8")
    assert "Fatal Python error" in text and "Segmentation fault" in text
    if os.name == "posix":
        assert stat.S_IMODE(crash.stat().st_mode) == 0o600


def test_start_up_pays_only_for_a_folder_and_the_crash_file(tmp_path: Path) -> None:
    """The log file and logging.handlers (socket, pickle) wait for the first line."""
    root = tmp_path / "data"
    script = (
        "import sys, faulthandler\n"
        "faulthandler.disable()\n"
        "from pathlib import Path\n"
        "from misuse_responder import diagnostics\n"
        f"diagnostics.install(Path({str(root)!r}))\n"
        "assert 'logging.handlers' not in sys.modules, 'imported at start'\n"
        "assert faulthandler.is_enabled()\n"
        "diagnostics.log_unexpected(KeyError('x'))\n"
        "assert 'logging.handlers' in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # the note went to the file, nothing on stderr
    lines = (root / "logs" / diagnostics.LOG_NAME).read_text(encoding="utf-8").splitlines()
    assert "this run: version" in lines[0] and "unexpected failure: KeyError" in lines[1]


def test_no_log_folder_is_no_failure(tmp_path: Path, caplog: Any) -> None:
    """A read-only stick: nowhere to write, and the app goes on (nothing on stderr either)."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    try:
        assert diagnostics.setup_log(blocker) is None
        assert diagnostics.log_dir() is None
        with caplog.at_level(logging.ERROR, logger="misuse_responder"):
            diagnostics.log_unexpected(RuntimeError(NAME))
    finally:
        diagnostics.shutdown_log()
    assert caplog.records and NAME not in caplog.text


def test_the_command_lines_last_resort_logs_the_same_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sentence on stderr is as before (one line); IT's note goes to the data folder."""
    root = tmp_path / "data"
    root.mkdir()

    def boom(_ns: Any) -> int:
        parse_facts({"concerns": [CASE_TEXT]}, set())
        return 0

    from misuse_responder.cli import assess_cmd

    monkeypatch.setattr(assess_cmd, "run", boom)  # register() reads it when main() builds
    monkeypatch.setenv("MISUSE_RESPONDER_DATA_DIR", str(root))
    monkeypatch.delenv("MISUSE_RESPONDER_DEBUG", raising=False)
    try:
        code = main(["assess", "-"])
        text = read_log(root / "logs")
    finally:
        diagnostics.shutdown_log()
    err = capsys.readouterr().err
    assert code == 4 and err.count("\n") == 1 and "something unexpected went wrong" in err
    assert "assess: unexpected failure: misuse_responder.guidance.facts.FactsError" in text
    for secret in SECRETS:
        assert secret not in text
