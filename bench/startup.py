"""Start-up benchmark: cold start to an interactive incident wizard vs a bare PySide6 window.

Run: ``.venv/bin/python bench/startup.py [--runs N]``. Each measurement is a fresh
process (offscreen Qt) timed from spawn to exit, after the child has processed events
until its last window is shown. The app run unlocks a store created beforehand in a temp
folder, shows the main window, opens the IncidentWizard and waits until it is visible.
Unlocking costs an argon2id key derivation on purpose (it slows guessing), so the app is
timed twice: with the real KDF and with the cheap test KDF, to show how much is unlocking.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "benchmark passphrase for start-up"

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([sys.argv[0]])
w = QMainWindow()
w.show()
while not w.isVisible():
    app.processEvents()
app.processEvents()
"""

APP = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([sys.argv[0]])
from misuse_responder.ui.main_window import MainWindow
from misuse_responder.ui.style import apply_style
apply_style(app)
w = MainWindow(Path(sys.argv[1]))
w.show()
app.processEvents()
s = w.unlock_screen
s.author.setText("Bench")
s.passphrase.setText(sys.argv[2])
assert s.unlock(), s.message.text()
wizard = w.new_incident()
while not wizard.isVisible():
    app.processEvents()
app.processEvents()
assert "reportlab" not in sys.modules, "exports must load lazily"
w.lock()
"""


FIRST = """
import sys
from misuse_responder.ui.app import run
raise SystemExit(run(["--data-dir", sys.argv[1], "--exit"]))
"""


def make_store(folder: Path, fast: bool) -> None:
    sys.path.insert(0, str(ROOT / "desktop"))
    from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore

    store, _key = CaseStore.create(
        folder, PASSPHRASE, "Bench School", kdf=FAST_KDF_FOR_TESTS if fast else None
    )
    store.create_case({"concerns": ["bullying"], "platform": "instagram"}, "A case", "Bench")
    store.close()


def timed(code: str, *args: str) -> float:
    # Byte-code caching on, as in an installed app (pip and PyInstaller ship compiled
    # modules); a shell with PYTHONDONTWRITEBYTECODE would otherwise recompile every module
    # of the app on every start and time the compiler. The warm-up runs fill the cache.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(ROOT / "desktop")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, env=env)
    return time.perf_counter() - start


def main() -> int:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 7
    with tempfile.TemporaryDirectory() as tmp:
        real, fast = Path(tmp) / "real", Path(tmp) / "fast"
        make_store(real, fast=False)
        make_store(fast, fast=True)
        timed(BARE)  # warm the OS file cache for both, so neither pays for a cold disk
        timed(APP, str(fast), PASSPHRASE)
        bare, app_real, app_fast, first = [], [], [], []
        for _ in range(runs):  # interleaved, so drift in machine load hits all three alike
            bare.append(timed(BARE))
            app_real.append(timed(APP, str(real), PASSPHRASE))
            app_fast.append(timed(APP, str(fast), PASSPHRASE))
            first.append(timed(FIRST, str(fast)))
    b, r, f, u = (statistics.median(x) for x in (bare, app_real, app_fast, first))
    print(f"runs: {runs} each (fresh processes, offscreen), medians:")
    print(f"  bare PySide6 QMainWindow:                {b * 1000:7.0f} ms")
    print(f"  app to interactive wizard (real KDF):    {r * 1000:7.0f} ms")
    print(f"  app to interactive wizard (cheap KDF):   {f * 1000:7.0f} ms")
    print(f"  app to its first screen (unlock, --exit): {u * 1000:6.0f} ms")
    print(f"  unlock key derivation (argon2id) costs:  {(r - f) * 1000:7.0f} ms")
    print(f"ratio with unlock KDF:    {r / b:.2f}x")
    print(f"ratio without unlock KDF: {f / b:.2f}x   (target <= 1.3x)")
    print(f"ratio to the first screen: {u / b:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
