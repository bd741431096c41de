"""Export commands (checklist, summary, pack): filled in with the exports."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    """Add the export sub-commands (none yet)."""
