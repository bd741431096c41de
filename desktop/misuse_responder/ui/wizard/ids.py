"""The wizard's pages, by id (the order here is the order a full walk-through takes)."""

from __future__ import annotations

from enum import IntEnum


class PageId(IntEnum):
    SAFETY = 0
    DANGER = 1
    WHAT_HAPPENED = 2
    STOP = 3
    STEPS = 4
    PEOPLE = 5
    EVIDENCE = 6
    PLATFORM = 7
    AGENCIES = 8
    TELL = 9
    SUPPORT = 10
    REVIEW = 11
