"""Issue 11 item 1: ``--version`` names the app's version and the guide's (a support call
needs both, from source and frozen alike), and ``gui`` opens the app like no command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from misuse_responder import __version__
from misuse_responder.cli import main
from misuse_responder.guidance.guides import GUIDES_ENV, load_guides


def test_version_prints_the_app_version_and_the_guide_version(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out == f"misuse-responder {__version__} (guide {load_guides().version})\n"
    assert load_guides().version.startswith(load_guides().edition + "+")


def test_version_with_a_missing_guide_says_so_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(GUIDES_ENV, str(tmp_path / "nowhere"))
    assert main(["--version"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"misuse-responder {__version__} (guide cannot be used: ")
    assert "the guides folder is missing" in out
    assert "Traceback" not in out


def test_the_app_starts_without_loading_the_command_line_s_libraries() -> None:
    """The frozen app starts through cli.main: importing it must not load reportlab, peewee
    or the store (about a second of a slow laptop's start-up, before any window)."""
    code = (
        "import sys, misuse_responder.cli; "
        "print(sorted({m.split('.')[0] for m in sys.modules} "
        "& {'reportlab', 'peewee', 'sqlcipher3', 'PIL', 'yaml', 'PySide6'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    ("argv", "passed"),
    [
        (["gui", "--data-dir", "somewhere", "--exit"], ["--data-dir", "somewhere", "--exit"]),
        (["gui"], []),
        ([], []),
        (["--data-dir", "somewhere"], ["--data-dir", "somewhere"]),
    ],
)
def test_gui_and_no_command_open_the_app(
    argv: list[str], passed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []

    def run(args: list[str]) -> int:
        calls.append(list(args))
        return 0

    monkeypatch.setattr("misuse_responder.ui.app.run", run)
    assert main(argv) == 0
    assert calls == [passed]
