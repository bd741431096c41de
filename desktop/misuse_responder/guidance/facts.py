"""Incident facts: the engine's input contract, and its strict validation.

Validation is strict (unknown keys and values are errors, never ignored) because a
mistyped concern silently dropped could mean a child-protection step is never shown.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from misuse_responder.guidance import vocabulary as v
from misuse_responder.i18n import _


class FactsError(ValueError):
    """The facts do not meet the contract; the message names the field and the problem."""


@dataclass(frozen=True)
class IncidentFacts:
    """What staff know about an incident, in the contract's terms (immutable, hashable)."""

    concerns: tuple[str, ...]
    platform: str = v.PLATFORM_OTHER
    school_account: bool = False
    targets: tuple[str, ...] = ()
    subject: str = "unknown"
    subject_identified: bool = False
    subject_under_13: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The facts as JSON-ready data, in the contract's key order."""
        return {
            "platform": self.platform,
            "school_account": self.school_account,
            "targets": list(self.targets),
            "subject": self.subject,
            "subject_identified": self.subject_identified,
            "subject_under_13": self.subject_under_13,
            "concerns": list(self.concerns),
        }


_KEYS = (
    "platform",
    "school_account",
    "targets",
    "subject",
    "subject_identified",
    "subject_under_13",
    "concerns",
)


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("an object")
    return type(value).__name__


def _bool(data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise FactsError(
            _("{key}: expected true or false, got {value}").format(key=key, value=_describe(value))
        )
    return value


def _choice(data: Mapping[str, Any], key: str, default: str, allowed: Collection[str]) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise FactsError(
            _("{key}: expected text, got {value}").format(key=key, value=_describe(value))
        )
    if value not in allowed:
        raise FactsError(
            _("{key}: unknown value {value} (expected one of: {allowed})").format(
                key=key, value=repr(value), allowed=", ".join(allowed)
            )
        )
    return value


def _choices(data: Mapping[str, Any], key: str, allowed: Collection[str]) -> tuple[str, ...]:
    values = data.get(key, [])
    if not isinstance(values, list):
        raise FactsError(
            _("{key}: expected a list, got {value}").format(key=key, value=_describe(values))
        )
    seen: list[str] = []
    for index, value in enumerate(values):
        where = f"{key}[{index}]"
        if not isinstance(value, str):
            raise FactsError(
                _("{key}: expected text, got {value}").format(key=where, value=_describe(value))
            )
        if value not in allowed:
            raise FactsError(
                _("{key}: unknown value {value} (expected one of: {allowed})").format(
                    key=where, value=repr(value), allowed=", ".join(allowed)
                )
            )
        if value not in seen:
            seen.append(value)
    # Canonical order (the vocabulary's), so equal facts compare and hash equal.
    order = list(allowed)
    return tuple(sorted(seen, key=order.index))


def parse_facts(data: object, platform_ids: Collection[str]) -> IncidentFacts:
    """Check ``data`` (decoded JSON) against the contract and return the facts.

    ``platform_ids`` are the platform directory's ids; ``other`` and ``none`` are always allowed.
    Raises :class:`FactsError` naming the first problem found.
    """
    if not isinstance(data, dict):
        raise FactsError(
            _("the facts must be a JSON object, got {value}").format(value=_describe(data))
        )
    for key in data:
        if key not in _KEYS:
            raise FactsError(
                _("unknown key {key} (expected: {keys})").format(
                    key=repr(key), keys=", ".join(_KEYS)
                )
            )
    if "concerns" not in data:
        raise FactsError(_("concerns: this key is required"))
    concerns = _choices(data, "concerns", v.CONCERNS)
    if not concerns:
        raise FactsError(_("concerns: choose at least one concern"))
    platforms = [*platform_ids, v.PLATFORM_OTHER, v.PLATFORM_NONE]
    return IncidentFacts(
        concerns=concerns,
        platform=_choice(data, "platform", v.PLATFORM_OTHER, platforms),
        school_account=_bool(data, "school_account"),
        targets=_choices(data, "targets", v.TARGETS),
        subject=_choice(data, "subject", "unknown", v.SUBJECTS),
        subject_identified=_bool(data, "subject_identified"),
        subject_under_13=_bool(data, "subject_under_13"),
    )
