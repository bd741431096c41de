"""How times are shown to staff."""

from __future__ import annotations

from datetime import datetime


def local_time(moment: datetime | None) -> str:
    """A time as staff read it: local, day month year, 24-hour clock."""
    if moment is None:
        return ""
    local = moment.astimezone()
    return f"{local.day} {local:%b %Y %H:%M}"
