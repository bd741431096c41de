"""Dates in words follow the interface language (misuse_responder.dates, Babel's CLDR data)."""

from __future__ import annotations

import ast
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from misuse_responder import dates, i18n
from misuse_responder.store import sealing

PACKAGE = Path(__file__).resolve().parent.parent / "desktop" / "misuse_responder"


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    i18n.reset()
    yield
    i18n.reset()


def test_a_day_in_words_is_uk_english_then_welsh_after_the_switch() -> None:
    day = date(2026, 3, 1)
    assert dates.long_date(day) == "1 March 2026"
    assert dates.format_date(day, "EEEE d MMMM y") == "Sunday 1 March 2026"
    i18n.set_language("cy")
    assert dates.long_date(day) == "1 Mawrth 2026"
    assert dates.format_date(day, "EEEE d MMMM y") == "Dydd Sul 1 Mawrth 2026"


def test_a_moment_is_shown_on_this_computers_local_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        late = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 00:30 on 1 July in London (BST)
        assert dates.format_datetime(late) == "1 July 2026, 00:30"
        assert dates.long_date(late) == "1 July 2026"
        assert dates.format_datetime(late, language="cy") == "1 Gorffennaf 2026, 00:30"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_sealed_copy_deletion_date_follows_the_language() -> None:
    moment = datetime(2026, 12, 4, 10, 0).astimezone()
    assert sealing._day(moment) == "4 December 2026"
    i18n.set_language("cy")
    assert sealing._day(moment) == "4 Rhagfyr 2026"


def test_no_strftime_writes_a_month_or_day_name() -> None:
    """%a %A %b %B %c %x %p are the C library's English words: Babel (dates.py) instead."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "strftime"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and any(
                    code in node.args[0].value
                    for code in ("%a", "%A", "%b", "%B", "%c", "%x", "%p")
                )
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert found == []
