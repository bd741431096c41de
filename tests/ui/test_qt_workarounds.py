"""The PySide6 reference-count defect is real here, and the work-around contains it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    {pin}
    app = QApplication([])
    before = sys.getrefcount(None)
    for _ in range(200):
        app.processEvents()
    print(before - sys.getrefcount(None))
    for _ in range(50_000):
        app.processEvents()
    print("survived")
    """
)


def run(pin: str) -> subprocess.CompletedProcess[str]:
    code = SCRIPT.format(pin=pin)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


def test_processevents_leaks_and_the_pin_prevents_the_crash() -> None:
    unpinned = run("")
    assert unpinned.stdout.splitlines()[:1] == ["200"], (
        "the PySide6 defect is gone: drop the work-around"
    )
    assert unpinned.returncode != 0 and "none_dealloc" in unpinned.stderr
    pinned = run("from misuse_responder.ui.qt_workarounds import pin_singletons; pin_singletons()")
    assert pinned.returncode == 0, pinned.stderr
    assert pinned.stdout.splitlines() == ["200", "survived"]
