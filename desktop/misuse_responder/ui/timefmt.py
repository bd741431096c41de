"""How times are shown to staff: dd/mm/yyyy HH:MM in this computer's local time.

One form everywhere (wizard, case list, case view, audit trail), the way a UK school
writes dates; no time zone is ever shown ("UTC" means nothing to a teacher).
"""

from __future__ import annotations

from datetime import datetime


def local_time(moment: datetime | None) -> str:
    """A time as staff read it: local, day/month/year, 24-hour clock (02/12/2026 18:44)."""
    if moment is None:
        return ""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return local.strftime("%d/%m/%Y %H:%M")
