"""Per-laptop preferences that are not case data: the recent users' names, the lock times,
the text size and the window sizes remembered per screen.

Kept in a small JSON file in the data folder (beside the encrypted store, never inside
it) because they are needed before the store is unlocked. The recent names are personal
data, so the file is the owner's only.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

PREFS_NAME = "ui-prefs.json"
# 15, not 5: a teacher listening to a child may not touch the keys for several minutes,
# and the lock then shut the wizard mid-account. 15 still locks a laptop left in a classroom
# well within a lesson; the hide key (F12) and the Lock button cover someone walking past.
DEFAULT_AUTO_LOCK_MINUTES = 15
OLD_DEFAULT_AUTO_LOCK_MINUTES = 5  # files written before version 2 hold this unchosen
PREFS_VERSION = 2
DEFAULT_HIDE_RELOCK_MINUTES = 2
TEXT_SIZES = (100, 125, 150, 175, 200)  # per cent of the system's text size
DEFAULT_TEXT_SIZE = 100
MAX_RECENT_AUTHORS = 5  # offered at unlock as a pick-list, never filled in
MAX_WINDOW_SIZES = 40  # screens x windows: a laptop docked at school and at home
PRIVATE = 0o600


@dataclass(frozen=True)
class Prefs:
    # Newest first. Offered at unlock as names to pick from, never put in the field: on a
    # shared laptop a pre-filled name credited the work to whoever used it last.
    recent_authors: tuple[str, ...] = ()
    auto_lock_minutes: float = DEFAULT_AUTO_LOCK_MINUTES
    hide_relock_minutes: float = DEFAULT_HIDE_RELOCK_MINUTES
    text_size: int = DEFAULT_TEXT_SIZE
    # "window|screen|WxH" -> (width, height): see ui/screen_fit.py
    window_sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    version: int = PREFS_VERSION

    def with_(self, **changes: object) -> Prefs:
        return replace(self, **changes)  # type: ignore[arg-type]

    def with_author(self, name: str) -> Prefs:
        """``name`` first among the recent names (once, whatever its case), the oldest dropped."""
        name = name.strip()
        if not name:
            return self
        others = [n for n in self.recent_authors if n.casefold() != name.casefold()]
        return replace(self, recent_authors=(name, *others)[:MAX_RECENT_AUTHORS])


def load_prefs(data_dir: Path) -> Prefs:
    """The saved preferences, or the defaults when the file is missing or unreadable."""
    try:
        raw = json.loads((data_dir / PREFS_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Prefs()
    if not isinstance(raw, dict):
        return Prefs()
    defaults = Prefs()
    recent = raw.get("recent_authors")
    if recent is None:  # a file from before: its one name is the only recent one
        recent = [raw.get("last_author")]
    lock = raw.get("auto_lock_minutes", defaults.auto_lock_minutes)
    relock = raw.get("hide_relock_minutes", defaults.hide_relock_minutes)
    if raw.get("version") is None and lock == OLD_DEFAULT_AUTO_LOCK_MINUTES:
        lock = DEFAULT_AUTO_LOCK_MINUTES  # the old default, not a choice: move to the new one
    return Prefs(
        recent_authors=recent_authors(recent),
        auto_lock_minutes=float(lock)
        if isinstance(lock, int | float) and lock > 0
        else float(DEFAULT_AUTO_LOCK_MINUTES),
        hide_relock_minutes=(
            float(relock) if isinstance(relock, int | float) and relock > 0 else 2.0
        ),
        text_size=text_size(raw.get("text_size")),
        window_sizes=window_sizes(raw.get("window_sizes")),
    )


def recent_authors(value: object) -> tuple[str, ...]:
    """The saved recent names that are names (a hand-edited file loses the rest)."""
    if not isinstance(value, list | tuple):
        return ()
    names = [n.strip() for n in value if isinstance(n, str) and n.strip() and len(n) <= 200]
    return tuple(dict.fromkeys(names))[:MAX_RECENT_AUTHORS]


def text_size(value: object) -> int:
    """A saved text size, or the default when it is not one of ``TEXT_SIZES``."""
    if isinstance(value, int) and not isinstance(value, bool) and value in TEXT_SIZES:
        return value
    return DEFAULT_TEXT_SIZE


def window_sizes(value: object) -> dict[str, tuple[int, int]]:
    """The remembered window sizes that make sense (a hand-edited file loses the rest)."""
    found: dict[str, tuple[int, int]] = {}
    if not isinstance(value, dict):
        return found
    for key, size in value.items():
        if (
            isinstance(key, str)
            and isinstance(size, list | tuple)
            and len(size) == 2
            and all(
                isinstance(n, int) and not isinstance(n, bool) and 0 < n < 100_000 for n in size
            )
        ):
            found[key] = (size[0], size[1])
    return dict(list(found.items())[-MAX_WINDOW_SIZES:])


def with_window_size(prefs: Prefs, key: str, size: tuple[int, int]) -> Prefs:
    """``prefs`` with one more remembered size (the newest kept last, the oldest dropped)."""
    sizes = {k: v for k, v in prefs.window_sizes.items() if k != key}
    sizes[key] = size
    return prefs.with_(window_sizes=dict(list(sizes.items())[-MAX_WINDOW_SIZES:]))


def save_prefs(data_dir: Path, prefs: Prefs) -> None:
    """Write the preferences (best effort: a read-only folder must not stop the app).

    The file names the last user, so it is readable by its owner only (0600), and it is
    replaced whole (a temporary file renamed over it), so a crash never leaves half of it.
    """
    target = data_dir / PREFS_NAME
    temp = target.with_name(target.name + ".tmp")
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(asdict(prefs), indent=1))
        temp.chmod(PRIVATE)  # the file may have been left with wider permissions
        temp.replace(target)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
