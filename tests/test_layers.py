"""The core stays Qt-free, and the app never loads Qt's network module."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_core_imports_no_qt() -> None:
    code = textwrap.dedent(
        """
        import sys, pkgutil, importlib
        import misuse_responder
        for pkg in ("guidance", "store", "export", "handover", "cli"):
            mod = importlib.import_module(f"misuse_responder.{pkg}")
            for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + "."):
                importlib.import_module(info.name)
        from misuse_responder.guidance import assess_data
        assess_data({"concerns": ["bullying"]})
        bad = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken")))
        print(",".join(bad))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
