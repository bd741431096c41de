"""Work-arounds for defects in the Qt bindings, each with the evidence for it.

PySide6 6.12 on Python 3.11 releases references it does not own on ``None``, ``True`` and
``False``: every ``QApplication.processEvents()`` drops one reference to ``None`` (reproduced
with five lines and nothing but Qt), and other calls do the same to the booleans. Python 3.11
then aborts ("Fatal Python error: none_dealloc" / "bool_dealloc"), in a long session or at
exit. From Python 3.12 these objects are immortal and the defect is harmless; here we give
them the same property by raising their reference counts far out of reach.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40


def pin_singletons() -> None:
    """Make None, True and False effectively immortal on Python versions before 3.12."""
    if sys.version_info >= (3, 12) or getattr(pin_singletons, "done", False):
        return
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += _HEADROOM
    pin_singletons.done = True  # type: ignore[attr-defined]
