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
    """What staff know about an incident, in the contract's terms (immutable, hashable).

    Every field added after the first contract is optional and defaults to the cautious
    side, so facts stored before it still parse and assess safely.
    """

    concerns: tuple[str, ...]
    platform: str = v.PLATFORM_OTHER
    school_account: bool = False
    targets: tuple[str, ...] = ()
    subject: str = "unknown"
    subject_identified: bool = False
    target_age: str = v.AGE_UNKNOWN
    subject_age: str = v.AGE_UNKNOWN
    head_is_dsl: bool = False
    has_deputy_dsl: bool = True
    subject_is_dsl: bool = False
    subject_agency_staff: bool = False
    # One answer per test in v.HARM_TESTS order ("not-sure" unless told otherwise).
    harm_tests: tuple[str, ...] = (v.HARM_NOT_SURE,) * len(v.HARM_TESTS)
    # Which nation's guidance, law and services apply (the school's, from its profile).
    jurisdiction: str = v.DEFAULT_JURISDICTION

    @property
    def subject_under_13(self) -> bool:
        """The first contract's flag, now read from ``subject_age``."""
        return self.subject_age == "under-13"

    @property
    def subject_holds_dsl(self) -> bool:
        """The person responsible is the school's DSL (or the Head who is also the DSL)."""
        return self.subject_is_dsl or (self.subject == "headteacher" and self.head_is_dsl)

    @property
    def harm_threshold_met(self) -> bool:
        """KCSIE Part 4: the harm threshold is met unless every one of the four tests is "no"."""
        return any(answer != "no" for answer in self.harm_tests)

    def to_dict(self) -> dict[str, Any]:
        """The facts as JSON-ready data, in the contract's key order.

        ``subject_under_13`` is derived from ``subject_age`` and kept so that readers of the
        first contract go on working. ``jurisdiction`` is written only when it is not the
        default (England), so facts for England read exactly as they did before it existed.
        """
        data: dict[str, Any] = {
            "platform": self.platform,
            "school_account": self.school_account,
            "targets": list(self.targets),
            "subject": self.subject,
            "subject_identified": self.subject_identified,
            "subject_under_13": self.subject_under_13,
            "target_age": self.target_age,
            "subject_age": self.subject_age,
            "head_is_dsl": self.head_is_dsl,
            "has_deputy_dsl": self.has_deputy_dsl,
            "subject_is_dsl": self.subject_is_dsl,
            "subject_agency_staff": self.subject_agency_staff,
            "harm_tests": dict(zip(v.HARM_TESTS, self.harm_tests, strict=True)),
            "concerns": list(self.concerns),
        }
        if self.jurisdiction != v.DEFAULT_JURISDICTION:
            data["jurisdiction"] = self.jurisdiction
        return data


_KEYS = (
    "platform",
    "school_account",
    "targets",
    "subject",
    "subject_identified",
    "subject_under_13",
    "target_age",
    "subject_age",
    "head_is_dsl",
    "has_deputy_dsl",
    "subject_is_dsl",
    "subject_agency_staff",
    "harm_tests",
    "concerns",
    "jurisdiction",
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


def _bool(data: Mapping[str, Any], key: str, default: bool = False) -> bool:
    value = data.get(key, default)
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
        target_age=_choice(data, "target_age", v.AGE_UNKNOWN, v.AGE_BANDS),
        subject_age=_subject_age(data),
        head_is_dsl=_bool(data, "head_is_dsl"),
        has_deputy_dsl=_bool(data, "has_deputy_dsl", default=True),
        subject_is_dsl=_bool(data, "subject_is_dsl"),
        subject_agency_staff=_bool(data, "subject_agency_staff"),
        harm_tests=_harm_tests(data),
        jurisdiction=_choice(data, "jurisdiction", v.DEFAULT_JURISDICTION, v.JURISDICTIONS),
    )


def _subject_age(data: Mapping[str, Any]) -> str:
    """``subject_age``, with the first contract's ``subject_under_13`` as an alias.

    ``subject_under_13: true`` means ``under-13``; ``false`` only says "not under 13", so it
    agrees with every other band (and with "unknown", which ``to_dict`` writes as false).
    """
    under_13 = _bool(data, "subject_under_13")
    if "subject_age" not in data:
        return "under-13" if under_13 else v.AGE_UNKNOWN
    age = _choice(data, "subject_age", v.AGE_UNKNOWN, v.AGE_BANDS)
    if "subject_under_13" in data and under_13 != (age == "under-13"):
        raise FactsError(
            _("subject_under_13: {flag} disagrees with subject_age {age}").format(
                flag="true" if under_13 else "false", age=repr(age)
            )
        )
    return age


def _harm_tests(data: Mapping[str, Any]) -> tuple[str, ...]:
    value = data.get("harm_tests", {})
    if not isinstance(value, dict):
        raise FactsError(
            _("{key}: expected an object, got {value}").format(
                key="harm_tests", value=_describe(value)
            )
        )
    for key in value:
        if key not in v.HARM_TESTS:
            raise FactsError(
                _("harm_tests: unknown key {key} (expected: {keys})").format(
                    key=repr(key), keys=", ".join(v.HARM_TESTS)
                )
            )
    return tuple(_harm_answer(value, test) for test in v.HARM_TESTS)


def _harm_answer(tests: Mapping[str, Any], test: str) -> str:
    try:
        return _choice(tests, test, v.HARM_NOT_SURE, v.HARM_ANSWERS)
    except FactsError as err:
        raise FactsError(f"harm_tests.{err}") from None
