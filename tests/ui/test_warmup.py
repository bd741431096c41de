"""Warm-up: after the first paint, in idle slices, what unlocking needs is made ready."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from misuse_responder.guidance import GuideError, load_guides
from misuse_responder.guidance import guides as guides_module
from misuse_responder.guidance.guides import GUIDES_ENV, default_guides_dir
from misuse_responder.store import FAST_KDF_FOR_TESTS
from misuse_responder.ui import last_resort, warmup
from misuse_responder.ui.main_window import MainWindow
from tests.support import PASSPHRASE
from tests.ui.conftest import AUTHOR

ROOT = Path(__file__).resolve().parents[2]


def _unlock_by_keys(qtbot: QtBot, window: MainWindow) -> None:
    screen = window.unlock_screen
    qtbot.keyClicks(screen.author, AUTHOR)
    qtbot.keyClicks(screen.passphrase, PASSPHRASE)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)


def test_warmup_starts_after_the_first_paint_and_leaves_the_guides_loaded(
    qtbot: QtBot, seeded: dict[str, Any], data_dir: Path
) -> None:
    guides_module._load.cache_clear()
    window = MainWindow(data_dir, kdf=FAST_KDF_FOR_TESTS)
    qtbot.addWidget(window)
    qtbot.wait(50)  # a running event loop, but nothing painted yet: nothing warmed
    assert not window.warmup.started and not window.warmup.slices
    assert guides_module._load.cache_info().currsize == 0
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.warmup.done, timeout=20_000)
    assert window.warmup.started and window.warmup.failures == []
    # One slice per module and one for the guides, each its own turn of the event loop.
    assert [name for name, _t in window.warmup.slices] == [*warmup.MODULES, "guides"]
    hits = guides_module._load.cache_info().hits
    load_guides()
    assert guides_module._load.cache_info().hits == hits + 1  # already loaded and checked
    window.close()


def test_unlocking_after_warmup_shows_the_case_list(
    qtbot: QtBot, seeded: dict[str, Any], make_window: Callable[[], MainWindow]
) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.warmup.done, timeout=20_000)
    _unlock_by_keys(qtbot, window)
    qtbot.waitUntil(lambda: window.store is not None)
    assert window.stack.currentWidget() is window.home
    assert window.case_list.model is not None and window.case_list.model.rowCount() == 2


def test_typing_during_warmup_is_not_lost(
    qtbot: QtBot, seeded: dict[str, Any], make_window: Callable[[], MainWindow]
) -> None:
    guides_module._load.cache_clear()
    window = make_window()
    _unlock_by_keys(qtbot, window)  # typed while the warm-up slices are still running
    qtbot.waitUntil(lambda: window.store is not None)
    assert window.case_list.model is not None and window.case_list.model.rowCount() == 2


def test_damaged_guides_still_fail_at_unlock_with_the_same_sentence(
    qtbot: QtBot,
    seeded: dict[str, Any],
    make_window: Callable[[], MainWindow],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = tmp_path / "guides"
    shutil.copytree(default_guides_dir(), broken)
    (broken / "steps.yaml").write_text("steps: [oops\n", encoding="utf-8")
    monkeypatch.setenv(GUIDES_ENV, str(broken))
    guides_module._load.cache_clear()
    with pytest.raises(GuideError) as direct:
        load_guides()
    window = make_window()
    qtbot.waitUntil(lambda: window.warmup.done, timeout=20_000)
    assert ("guides", "GuideError") in window.warmup.failures  # noted, not kept, not shown
    with qtbot.capture_exceptions() as caught:
        _unlock_by_keys(qtbot, window)
        qtbot.waitUntil(lambda: window.store is not None)
        qtbot.wait(50)
        window.lock()  # the list stops asking for guides before this block ends
        qtbot.wait(10)
    errors = [exc for _kind, exc, _tb in caught]
    assert errors and all(isinstance(exc, GuideError) for exc in errors)
    assert str(direct.value) in str(errors[-1])  # the unlock met the failure itself
    assert last_resort.sentence(errors[-1]) == last_resort.sentence(direct.value)
    assert "GuideError" in last_resort.sentence(errors[-1])


CHILD = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([sys.argv[0]])
from misuse_responder.store import FAST_KDF_FOR_TESTS
from misuse_responder.guidance import guides
from misuse_responder.ui.main_window import MainWindow
w = MainWindow(Path(sys.argv[1]), kdf=FAST_KDF_FOR_TESTS)
w.show()
while not w.warmup.done:
    app.processEvents()
before, misses = set(sys.modules), guides._load.cache_info().misses
s = w.unlock_screen
s.author.setText("Ms Okafor")
s.passphrase.setText(sys.argv[2])
assert s.unlock(), s.message.text()
app.processEvents()
new = sorted(m for m in set(sys.modules) - before if m.startswith("misuse_responder"))
print(json.dumps({"new": new, "parsed": guides._load.cache_info().misses - misses,
                  "rows": w.case_list.model.rowCount(), "failures": w.warmup.failures}))
w.lock()
"""


def test_after_warmup_unlocking_imports_and_parses_nothing_more(
    seeded: dict[str, Any], data_dir: Path
) -> None:
    """In a fresh process (this one has imported everything long ago)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT / "desktop")}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(data_dir), PASSPHRASE],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {"new": [], "parsed": 0, "rows": 2, "failures": []}
