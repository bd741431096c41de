"""Sources as staff read them: guides/sources.yaml turns writers' short labels into titles.

Guide writers cite their working files by short labels ("seed 004 Appendix A"); a stressed
teacher needs the real title ("the school's social media policy, Appendix A"). The table is
data, so reviewers of guides/ see and change it in one place; the loader applies it to every
``source`` and refuses guides where an internal word would still reach a user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SourceTitles:
    """The ordered label → title rules and the words no shown source may contain."""

    rules: tuple[tuple[re.Pattern[str], str], ...]
    internal: tuple[str, ...]

    def title(self, source: str) -> str:
        """``source`` with every internal label replaced by its real title."""
        for pattern, title in self.rules:
            source = pattern.sub(title, source)
        return source

    def leftover(self, shown: str) -> str | None:
        """The first internal word still in ``shown`` (a guide error), or None."""
        lowered = shown.lower()
        return next((word for word in self.internal if word.lower() in lowered), None)


def source_titles(raw: dict[str, Any]) -> SourceTitles:
    """Compile sources.yaml (already schema-checked); raises ValueError on a bad pattern."""
    rules = []
    for item in raw["titles"]:
        try:
            rules.append((re.compile(item["pattern"]), item["title"]))
        except re.error as exc:
            raise ValueError(f"pattern {item['pattern']!r} is not valid ({exc})") from None
    return SourceTitles(tuple(rules), tuple(raw["internal"]))


def title_sources(value: Any, titles: SourceTitles, path: str = "") -> list[tuple[str, str]]:
    """Replace, in place, every ``source`` field under ``value`` by its titled text.

    Returns (field path, internal word) for each source that would still show an internal
    word, so the loader can name the field to fix.
    """
    bad: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if key == "source" and isinstance(item, str):
                value[key] = shown = titles.title(item)
                word = titles.leftover(shown)
                if word is not None:
                    bad.append((where, word))
            else:
                bad.extend(title_sources(item, titles, where))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            bad.extend(title_sources(item, titles, f"{path}[{index}]"))
    return bad
