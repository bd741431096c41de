"""The school profile's contact roles: the one list the store, Settings and the wizard use.

Which roles a school can fill in, in the order Settings and first run show them, and which
of them answers each of the engine's escalation ids (the wizard's contact cards and the
evidence pack's addressee both read that). No imports, so the contacts editor can use it
without loading the database layer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

CONTACT_ROLES = (
    "head",
    "dsl",
    "deputy-dsl",
    "chair",
    "lado",
    "police-101",
    "moderator",
    "slt-media",
    "dpo",
)

# How many rows the contacts editor starts with for a role (more deputies on demand).
FIRST_ROWS = {"deputy-dsl": 2}

# Which of the school's contacts answers each of the engine's escalation ids, first choice
# first (for "dsl": the DSL, then a deputy).
ESCALATION_CONTACTS: dict[str, tuple[str, ...]] = {
    "dsl": ("dsl", "deputy-dsl"),
    "deputy-dsl": ("deputy-dsl",),
    "headteacher": ("head",),
    "chair": ("chair",),
    "lado": ("lado",),
    "moderator": ("moderator",),
    "slt": ("slt-media",),
}

# The engine's escalation id whose words (and, per nation, whose title) a contact role
# shares; roles with none keep their own words.
CONTACT_ESCALATION = {
    "head": "headteacher",
    "dsl": "dsl",
    "deputy-dsl": "deputy-dsl",
    "chair": "chair",
    "lado": "lado",
}


class _Contact(Protocol):
    @property
    def role(self) -> str: ...


C = TypeVar("C", bound=_Contact)


def editor_rows() -> tuple[str, ...]:
    """The role of each row the contacts editor shows at first, in order."""
    return tuple(r for role in CONTACT_ROLES for r in (role,) * FIRST_ROWS.get(role, 1))


def contacts_for(contacts: Iterable[C], escalation: str) -> list[C]:
    """The school's contacts for one of the engine's escalation ids, first choice first."""
    listed = list(contacts)
    return [c for role in ESCALATION_CONTACTS.get(escalation, ()) for c in listed if c.role == role]
