"""A windowed frozen app starts with ``sys.stdout``/``sys.stderr`` set to ``None``."""

from __future__ import annotations

import subprocess
import sys


def test_a_usage_error_with_no_std_streams_exits_2_without_a_crash() -> None:
    code = (
        "import sys; sys.stdout = None; sys.stderr = None\n"
        "from misuse_responder.cli import main\n"
        "raise SystemExit(main(['assess', '--no-such-option']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode == 2, done.stderr
