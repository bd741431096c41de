"""Case-store commands (init, cases, verify, backup, restore): filled in with the store."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    """Add the store's sub-commands (none yet)."""
