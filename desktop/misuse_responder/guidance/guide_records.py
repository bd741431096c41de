"""Every record in guides/, defined once: the fields each file may hold and what each takes.

Reviewers of guides/ can read here, in one place, every field a file may hold; the loader
(guides.py) decodes each file into these records (schema.py) and the rest of the app reads
them as they are. Every piece of advice carries a ``source``; every fact about the outside
world (a platform's route, a service's number) carries ``checked`` and ``confidence``.

A field without a default is required; ``None`` or ``()`` as the default makes it optional.
Unknown fields are errors. To add a field, add one line to its record; to add a condition
key, one line to ``ConditionSpec`` (and its test to ``engine.compile_condition``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias, TypeVar

from msgspec import UNSET, Meta, UnsetType, field

from misuse_responder.guidance import vocabulary as v
from misuse_responder.guidance.schema import Names, Record, Shaped, Text, Unique, Url, keyed

T = TypeVar("T")
Maybe: TypeAlias = T | UnsetType  # a condition's or effect's key that may be left out

if TYPE_CHECKING:  # the type checker sees text; msgspec checks the value is one of these
    ConcernId = str
    AreaId = str
    KindId = str
    TargetId = str
    SubjectId = str
    AgeBand = str
    StepFlag = str
    WordingContext = str
    PoliceLevel = str
    Escalation = str
    Referral = str
    Confidence = str
    Reporter = str
    Jurisdiction = str
else:
    ConcernId = Literal[v.CONCERNS]
    AreaId = Literal[v.AREAS]
    KindId = Literal[v.KINDS]
    TargetId = Literal[v.TARGETS]
    SubjectId = Literal[v.SUBJECTS]
    AgeBand = Literal[v.AGE_BANDS]
    StepFlag = Literal[v.STEP_FLAGS]
    WordingContext = Literal[v.WORDING_CONTEXTS]
    PoliceLevel = Literal[v.POLICE_LEVELS[1:]]
    Escalation = Literal[v.ESCALATIONS]
    Referral = Literal[v.REFERRALS]
    Confidence = Literal["confirmed", "unverified"]
    Reporter = Literal["victim", "parent", "school", "anyone"]
    Jurisdiction = Literal[v.JURISDICTIONS]

AtLeastOne = Meta(min_length=1)


# --- Conditions and effects (rules.yaml; also offences, services and support) -----------


class ConditionSpec(Record, frozen=True, rename={"is_": "is", "not_": "not"}):
    """Every key a condition may hold; all the keys given must hold. The engine reads a
    condition as a dict of the keys given (``Condition``)."""

    concerns_any: Maybe[Names[ConcernId]] = UNSET
    concerns_none: Maybe[Names[ConcernId]] = UNSET
    targets_any: Maybe[Names[TargetId]] = UNSET
    targets_none: Maybe[Names[TargetId]] = UNSET
    subject_in: Maybe[Names[SubjectId]] = UNSET
    subject_not_in: Maybe[Names[SubjectId]] = UNSET
    platform_in: Maybe[Names[Text]] = UNSET  # platform ids: checked against platforms.yaml
    platform_not_in: Maybe[Names[Text]] = UNSET
    school_account: Maybe[bool] = UNSET
    subject_identified: Maybe[bool] = UNSET
    subject_under_13: Maybe[bool] = UNSET
    target_age_in: Maybe[Names[AgeBand]] = UNSET
    target_age_not_in: Maybe[Names[AgeBand]] = UNSET
    subject_age_in: Maybe[Names[AgeBand]] = UNSET
    subject_age_not_in: Maybe[Names[AgeBand]] = UNSET
    jurisdiction_in: Maybe[Names[Jurisdiction]] = UNSET
    jurisdiction_not_in: Maybe[Names[Jurisdiction]] = UNSET
    head_is_dsl: Maybe[bool] = UNSET
    has_deputy_dsl: Maybe[bool] = UNSET
    subject_is_dsl: Maybe[bool] = UNSET
    subject_holds_dsl: Maybe[bool] = UNSET
    subject_agency_staff: Maybe[bool] = UNSET
    harm_threshold_met: Maybe[bool] = UNSET
    is_: Maybe[Names[Text]] = UNSET  # named conditions of rules.yaml
    any_of: Maybe[Annotated[tuple[ConditionSpec, ...], Meta(min_length=2)]] = UNSET
    all_of: Maybe[Annotated[tuple[ConditionSpec, ...], Meta(min_length=2)]] = UNSET
    not_: Maybe[ConditionSpec] = UNSET


class Condition(dict[str, Any], Shaped):
    """A condition as the engine reads it: the keys given (``ConditionSpec``) and their values."""

    __slots__ = ()
    spec = ConditionSpec


class EffectSpec(Record, frozen=True):
    """What a rule does when its condition holds (effects combine: most cautious wins)."""

    evidence: Maybe[Literal["do-not-capture"]] = UNSET
    police: Maybe[PoliceLevel] = UNSET
    escalate_to: Maybe[Names[Escalation]] = UNSET
    never_escalate_to: Maybe[Names[Escalation]] = UNSET
    refer_to: Maybe[Names[Referral]] = UNSET
    never_refer_to: Maybe[Names[Referral]] = UNSET
    contact_subject: Maybe[Literal["allow", "forbid"]] = UNSET
    steps: Maybe[Names[Text]] = UNSET
    # Whoever would be told X is told Y instead (e.g. the deputy DSL when the DSL is the
    # person responsible); applied after every rule has added its escalations.
    instead_of: Maybe[dict[Escalation, Escalation]] = UNSET
    # A wanted step X is replaced by step Y (a variant worded for the case).
    swap_steps: Maybe[dict[str, Text]] = UNSET
    wording: Maybe[Names[WordingContext]] = UNSET


class Effect(dict[str, Any], Shaped):
    __slots__ = ()
    spec = EffectSpec


class Rule(Record, frozen=True):
    id: Text
    summary: Text
    when: Condition
    then: Effect
    source: Text


class PoliceSteps(dict[str, str], Shaped):
    __slots__ = ()
    spec = keyed("PoliceSteps", v.POLICE_LEVELS[1:], Text, complete=True)


class EscalationSteps(dict[str, str], Shaped):
    __slots__ = ()
    spec = keyed("EscalationSteps", v.ESCALATIONS, Text, complete=True)


class ReferralSteps(dict[str, str], Shaped):
    __slots__ = ()
    spec = keyed("ReferralSteps", v.REFERRALS, Text, complete=True)


class Routing(Record, frozen=True):
    """Which step carries out each outcome, so the steps can never disagree with the routing."""

    police: PoliceSteps
    escalate_to: EscalationSteps
    refer_to: ReferralSteps


class RulesFile(Record, frozen=True):
    routing: Routing
    # Named conditions, used in rules, offences and services as {is: [name]}.
    conditions: dict[str, Condition]
    rules: Annotated[tuple[Rule, ...], AtLeastOne]


# --- concerns.yaml, offences.yaml ------------------------------------------------------


class Classification(Record, frozen=True):
    area: AreaId
    kind: KindId


class AreaKind(tuple[str, str], Shaped):
    """A concern's (area, kind)."""

    __slots__ = ()
    spec = Classification

    @classmethod
    def shape(cls, checked: Any) -> AreaKind:
        return cls((checked.area, checked.kind))


class Concern(Record, frozen=True):
    id: ConcernId
    label: Text
    explanation: Text
    classification: Annotated[tuple[AreaKind, ...], AtLeastOne]
    source: Text
    offences: Unique[Text] = ()


class Offence(Record, frozen=True):
    id: Text
    name: Text
    law: Text
    source: Text
    extent: Text | None = None
    note: Text | None = None
    applies_when: Condition | None = None  # the offence is named only when the facts meet this
    jurisdictions: Annotated[Unique[Jurisdiction], AtLeastOne] = ()  # the nations whose law it is


# --- steps.yaml --------------------------------------------------------------------------


class FollowUp(Record, frozen=True):
    """When a step needs looking at again: ``hours`` after the step (or ``after`` another)."""

    hours: Annotated[int, Meta(ge=1)]
    label: Text
    after: Text | None = None
    working_days: bool = False


class StepRecord(Record, frozen=True):
    """A step as written in steps.yaml: its text may hold role words ({dsl}, ...)."""

    id: Text
    order: Annotated[int, Meta(ge=0)]
    title: Text
    detail: Text
    why: Text
    source: Text
    only_if: Unique[StepFlag] = ()
    supersedes: Unique[Text] = ()
    service: Text | None = None
    follow_up: FollowUp | None = None


class Step(StepRecord, frozen=True):
    """A step of the catalogue: title, detail and why in the default wording, for readers of
    the catalogue; ``templates`` the text as written, role words still to fill in."""

    templates: tuple[str, str, str] = ("", "", "")


class Variants(dict[str, str], Shaped):
    """A role word's default and, optionally, one variant per wording context (chosen by
    rules' ``wording``)."""

    __slots__ = ()
    spec = keyed(
        "Variants",
        v.WORDING_CONTEXTS,
        Text,
        complete=False,
        required=(("default", str),),  # may be empty: the word is then left out
        fields_named=True,
    )


class StepsFile(Record, frozen=True):
    # Words in a step's text that depend on who holds which role, e.g. {dsl}.
    wording: dict[str, Variants]
    steps: Annotated[tuple[StepRecord, ...], AtLeastOne]


# --- platforms.yaml, services.yaml, support.yaml ----------------------------------------


class Link(Record, frozen=True):
    label: Text
    url: Url


class Route(Record, frozen=True):
    how: Text
    confidence: Confidence
    source: Text
    links: tuple[Link, ...] = ()
    note: Text | None = None


class WhoCanReport(Record, frozen=True):
    reporters: Annotated[Unique[Reporter], AtLeastOne]
    how: Text
    confidence: Confidence
    source: Text


class Platform(Record, frozen=True):
    id: Text
    name: Text
    checked: dt.date
    report_content: Route
    under_13: Route
    impersonation: Route
    who_can_report: WhoCanReport
    rules_to_cite: Route
    response_time: Route
    owner: Text | None = None
    minimum_age: Annotated[int, Meta(ge=0)] | None = None
    non_user_route: Route | None = None
    notes: tuple[Text, ...] = ()


class Service(Record, frozen=True):
    id: Text
    name: Text
    for_: Text = field(name="for")
    not_for: Text
    how: Text
    checked: dt.date
    confidence: Confidence
    source: Text
    phone: Text | None = None
    email: Text | None = None
    hours: Text | None = None
    links: tuple[Link, ...] = ()
    jurisdictions: Annotated[Unique[Jurisdiction], AtLeastOne] = ()
    note: Text | None = None
    # The engine never refers a case meeting this condition to the service (the
    # machine-readable part of `not_for`).
    excluded_when: Condition | None = None


class SupportRecord(Record, frozen=True):
    id: Text
    for_: Annotated[Unique[TargetId], AtLeastOne] = field(name="for")
    title: Text
    detail: Text
    source: Text
    concerns_any: Annotated[Unique[ConcernId], AtLeastOne] = ()
    when: Condition | None = None  # offered only when the facts meet this
    service: Text | None = None


class SupportItem(SupportRecord, frozen=True):
    templates: tuple[str, str] = ("", "")  # title and detail with role words still to fill


# --- meta.yaml, sources.yaml, glossary.yaml ---------------------------------------------


class WelshStatus(Record, frozen=True):
    """Whether a Welsh speaker has reviewed the Welsh texts (Settings shows it)."""

    reviewed: bool


class MetaFile(Record, frozen=True):
    edition: Text
    title: Text
    reviewed: dt.date
    notice: Text
    welsh: WelshStatus | None = None


class TitleRule(Record, frozen=True):
    pattern: Text
    title: Text


class SourcesFile(Record, frozen=True):
    """Internal source labels → the titles staff see (guidance/sources.py applies them)."""

    titles: Annotated[tuple[TitleRule, ...], AtLeastOne]
    internal: Names[Text]


class GlossaryTerm(Record, frozen=True):
    term: Text
    meaning: Text
    stands_for: Text | None = None


class GlossaryFile(Record, frozen=True):
    """Short words staff meet, explained (guidance/glossary.py spells them out once a page)."""

    terms: Annotated[tuple[GlossaryTerm, ...], AtLeastOne]


class ConcernsFile(Record, frozen=True):
    concerns: Annotated[tuple[Concern, ...], AtLeastOne]


class OffencesFile(Record, frozen=True):
    offences: Annotated[tuple[Offence, ...], AtLeastOne]


class PlatformsFile(Record, frozen=True):
    platforms: Annotated[tuple[Platform, ...], AtLeastOne]


class ServicesFile(Record, frozen=True):
    services: Annotated[tuple[Service, ...], AtLeastOne]


class SupportFile(Record, frozen=True):
    support: Annotated[tuple[SupportRecord, ...], AtLeastOne]


# File name in guides/ → its record. Every file listed must exist; no other file may.
FILES: dict[str, type[Record]] = {
    "meta.yaml": MetaFile,
    "concerns.yaml": ConcernsFile,
    "offences.yaml": OffencesFile,
    "steps.yaml": StepsFile,
    "rules.yaml": RulesFile,
    "platforms.yaml": PlatformsFile,
    "services.yaml": ServicesFile,
    "support.yaml": SupportFile,
    "sources.yaml": SourcesFile,
    "glossary.yaml": GlossaryFile,
}
