"""The guidance engine: incident facts in, guidance out. Pure and deterministic.

Every rule lives in guides/rules.yaml; this module only knows how to read a rule's
condition, how to combine effects (the most cautious answer always wins), and how to
turn routing into ordered steps. The GUI and the command line both call ``assess``;
neither re-states a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from misuse_responder.guidance import vocabulary as v
from misuse_responder.guidance.facts import IncidentFacts, parse_facts
from misuse_responder.guidance.guides import (
    Guides,
    Rule,
    Step,
    SupportItem,
    fill_wording,
    load_guides,
)
from misuse_responder.guidance.jurisdictions import guides_for, replace_record
from misuse_responder.i18n import _


@dataclass(frozen=True)
class GuidanceStep:
    id: str
    title: str
    detail: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "detail": self.detail, "source": self.source}


@dataclass(frozen=True)
class Guidance:
    """The engine's answer, in the contract's shape (see ``to_dict``)."""

    guide_version: str
    classification: tuple[tuple[str, str], ...]
    evidence: str
    police: str
    escalate_to: tuple[str, ...]
    refer_to: tuple[str, ...]
    contact_subject: bool
    steps: tuple[GuidanceStep, ...]
    rules: tuple[str, ...]  # ids of the rules that matched, for the record of why
    # Who does the DSL's job in this case ("dsl", or "deputy-dsl" / "headteacher" / "chair"
    # when the DSL is the person responsible): for screens and packs that would otherwise say
    # "the DSL". Not part of the published output contract.
    lead: str = "dsl"
    wording: frozenset[str] = frozenset()  # the role-word contexts the rules chose
    # The support to offer the people affected, in the case's words (``support_for``): decided
    # with the routing, so every screen, command and pack shows the same. Not part of the
    # published output contract (``to_dict``); ``support_to_dict`` gives it as data.
    support: tuple[SupportItem, ...] = field(default=(), compare=False)

    @property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(step.id for step in self.steps)

    def to_dict(self) -> dict[str, Any]:
        """The guidance as JSON-ready data: exactly the published output contract."""
        return {
            "guide_version": self.guide_version,
            "classification": [{"area": a, "kind": k} for a, k in self.classification],
            "evidence": self.evidence,
            "police": self.police,
            "escalate_to": list(self.escalate_to),
            "refer_to": list(self.refer_to),
            "contact_subject": self.contact_subject,
            "steps": [step.to_dict() for step in self.steps],
        }

    def support_to_dict(self) -> list[dict[str, Any]]:
        """The support items as JSON-ready data (outside the contract: see ``support``)."""
        return [
            {
                "id": item.id,
                "for": list(item.for_),
                "title": item.title,
                "detail": item.detail,
                "source": item.source,
                **({"service": item.service} if item.service else {}),
            }
            for item in self.support
        ]


Predicate = Callable[[IncidentFacts], bool]


def matches(
    cond: dict[str, Any], facts: IncidentFacts, named: dict[str, dict[str, Any]] | None = None
) -> bool:
    """Whether ``facts`` meet a rule's condition (all keys must hold).

    ``named`` holds the named conditions of rules.yaml that ``is`` refers to.
    """
    return compile_condition(cond, named or {})(facts)


_FLAGS = (
    "school_account",
    "subject_identified",
    "subject_under_13",
    "head_is_dsl",
    "has_deputy_dsl",
    "subject_is_dsl",
    "subject_holds_dsl",
    "subject_agency_staff",
    "harm_threshold_met",
)
# key -> (fact attribute, whether the fact is a set of values, whether the key negates)
_SET_KEYS = {
    "concerns_any": ("concerns", True, False),
    "concerns_none": ("concerns", True, True),
    "targets_any": ("targets", True, False),
    "targets_none": ("targets", True, True),
    "subject_in": ("subject", False, False),
    "subject_not_in": ("subject", False, True),
    "platform_in": ("platform", False, False),
    "platform_not_in": ("platform", False, True),
    "target_age_in": ("target_age", False, False),
    "target_age_not_in": ("target_age", False, True),
    "subject_age_in": ("subject_age", False, False),
    "subject_age_not_in": ("subject_age", False, True),
    "jurisdiction_in": ("jurisdiction", False, False),
    "jurisdiction_not_in": ("jurisdiction", False, True),
}


def compile_condition(cond: dict[str, Any], named: dict[str, dict[str, Any]]) -> Predicate:
    """A condition as one function of the facts: read once, checked many times."""
    # Cheap checks first (the concerns rule most rules out), nested conditions last.
    keys = sorted(cond, key=lambda k: (k not in _SET_KEYS, k not in _FLAGS, k != "concerns_any"))
    parts = [_compile_key(key, cond[key], named) for key in keys]
    if len(parts) == 1:
        return parts[0]
    return _all(parts)


def _all(parts: list[Predicate]) -> Predicate:
    if len(parts) == 2:
        first, second = parts
        return lambda f: first(f) and second(f)

    def holds(f: IncidentFacts) -> bool:
        for part in parts:  # noqa: SIM110 (a plain loop: the engine runs this on every rule)
            if not part(f):
                return False
        return True

    return holds


def _any(parts: list[Predicate]) -> Predicate:
    def holds(f: IncidentFacts) -> bool:
        for part in parts:  # noqa: SIM110 (a plain loop: the engine runs this on every rule)
            if part(f):
                return True
        return False

    return holds


def _compile_key(key: str, want: Any, named: dict[str, dict[str, Any]]) -> Predicate:
    if key in _SET_KEYS:
        attr, many, negate = _SET_KEYS[key]
        wanted = frozenset(want)
        if many:
            if negate:
                return lambda f: wanted.isdisjoint(getattr(f, attr))
            return lambda f: not wanted.isdisjoint(getattr(f, attr))
        if negate:
            return lambda f: getattr(f, attr) not in wanted
        return lambda f: getattr(f, attr) in wanted
    if key in _FLAGS:
        return lambda f: bool(getattr(f, key)) is want
    if key == "is":
        return _all([compile_condition(named[name], named) for name in want])
    if key == "any_of":
        return _any([compile_condition(sub, named) for sub in want])
    if key == "all_of":
        return _all([compile_condition(sub, named) for sub in want])
    if key == "not":
        sub = compile_condition(want, named)
        return lambda f: not sub(f)
    raise ValueError(f"unknown condition {key!r}")  # the schema makes this unreachable


@dataclass(frozen=True)
class _Compiled:
    """The guides' conditions, compiled once per loaded Guides."""

    guides: Guides
    rules: tuple[tuple[Rule, Predicate], ...]
    exclusions: tuple[tuple[str, Predicate], ...]  # referral -> its service's excluded_when
    # What this nation does not have: an escalation whose role is not available there or whose
    # step it drops, a referral whose step it drops (or whose service does not cover it).
    missing_escalations: frozenset[str]
    missing_referrals: frozenset[str]
    offences: dict[str, Predicate]
    # (step id, wording contexts) -> the step in those words (steps never change once loaded)
    worded: dict[tuple[str, frozenset[str]], GuidanceStep]
    # each support item, whom it is for, the concerns it is for (empty: any) and its `when`
    support: tuple[tuple[SupportItem, frozenset[str], frozenset[str], Predicate | None], ...] = ()
    # (support id, wording contexts) -> the item in those words
    worded_support: dict[tuple[str, frozenset[str]], SupportItem] = field(default_factory=dict)


_COMPILED: dict[int, _Compiled] = {}


def _compiled(g: Guides) -> _Compiled:
    hit = _COMPILED.get(id(g))
    if hit is not None and hit.guides is g:
        return hit
    named = g.conditions
    exclusions = []
    for referral, step_id in g.routing.refer_to.items():
        if step_id not in g.steps:
            continue
        service = g.services.get(g.steps[step_id].service or "")
        if service and service.excluded_when:
            exclusions.append((referral, compile_condition(service.excluded_when, named)))
    made = _Compiled(
        guides=g,
        rules=tuple((r, compile_condition(r.when, named)) for r in g.rules),
        exclusions=tuple(exclusions),
        missing_escalations=frozenset(
            {e for e, sid in g.routing.escalate_to.items() if sid not in g.steps}
            | {e for e, role in g.roles.items() if e in v.ESCALATIONS and not role.available}
        ),
        missing_referrals=frozenset(r for r, s in g.routing.refer_to.items() if s not in g.steps),
        offences={
            oid: compile_condition(o.applies_when, named)
            for oid, o in g.offences.items()
            if o.applies_when is not None
        },
        worded={},
        support=tuple(
            (
                item,
                frozenset(item.for_),
                frozenset(item.concerns_any),
                None if item.when is None else compile_condition(item.when, named),
            )
            for item in g.support
        ),
    )
    _COMPILED[id(g)] = made
    return made


def excluded_referrals(facts: IncidentFacts, g: Guides) -> set[str]:
    """Referrals whose service says (in ``excluded_when``) that it is not for this case."""
    return {referral for referral, hit in _compiled(g).exclusions if hit(facts)}


def assess(facts: IncidentFacts, guides: Guides | None = None) -> Guidance:
    """Turn incident facts into guidance using the rules in guides/, for the facts' nation."""
    g = guides_for(guides or load_guides(), facts.jurisdiction)
    compiled = _compiled(g)
    matched: list[Rule] = [rule for rule, holds in compiled.rules if holds(facts)]

    def gather(key: str) -> set[str]:
        return {item for rule in matched for item in rule.then.get(key, ())}

    def mapping(key: str) -> dict[str, str]:
        return {old: new for rule in matched for old, new in rule.then.get(key, {}).items()}

    evidence = (
        "do-not-capture"
        if any(r.then.get("evidence") == "do-not-capture" for r in matched)
        else "capture"
    )
    police = max(
        (r.then["police"] for r in matched if "police" in r.then),
        key=v.POLICE_LEVELS.index,
        default="none",
    )
    escalate = gather("escalate_to")
    instead = mapping("instead_of")
    for old, new in instead.items():
        if old in escalate:
            escalate = (escalate - {old}) | {new}
    escalate -= gather("never_escalate_to") | compiled.missing_escalations
    refer = gather("refer_to") - gather("never_refer_to") - excluded_referrals(facts, g)
    refer -= compiled.missing_referrals
    votes = {r.then["contact_subject"] for r in matched if "contact_subject" in r.then}
    contact_subject = "allow" in votes and "forbid" not in votes

    wanted = gather("steps")
    if police != "none":
        wanted.add(g.routing.police[police])
    wanted |= {g.routing.escalate_to[e] for e in escalate}
    wanted |= {g.routing.refer_to[r] for r in refer}
    swaps = mapping("swap_steps")
    wanted = {swaps.get(s, s) for s in wanted}

    flags = {evidence} | ({"contact-subject"} if contact_subject else set())
    chosen = [g.steps[s] for s in wanted if set(g.steps[s].only_if) <= flags]
    superseded = {other for step in chosen for other in step.supersedes}
    chosen = sorted((s for s in chosen if s.id not in superseded), key=lambda s: (s.order, s.id))

    contexts = frozenset(gather("wording"))
    police_step = g.routing.police.get(police)
    steps = tuple(
        _render(step, facts, g, contexts) if step.id == police_step else _plain(step, g, contexts)
        for step in chosen
    )
    classification = sorted(
        {pair for c in facts.concerns for pair in g.concerns[c].classification},
        key=lambda p: (v.AREAS.index(p[0]), v.KINDS.index(p[1])),
    )
    return Guidance(
        guide_version=g.version,
        classification=tuple(classification),
        evidence=evidence,
        police=police,
        escalate_to=tuple(sorted(escalate)),
        refer_to=tuple(sorted(refer)),
        contact_subject=contact_subject,
        steps=steps,
        rules=tuple(r.id for r in matched),
        lead=instead.get("dsl", "dsl"),
        wording=contexts,
        support=tuple(_support(facts, g, contexts)),
    )


def _plain(step: Step, g: Guides, contexts: frozenset[str]) -> GuidanceStep:
    """The step in the words for this case (who holds which role decides {dsl} and so on)."""
    cache = _compiled(g).worded
    key = (step.id, contexts)
    hit = cache.get(key)
    if hit is None:
        if contexts:
            title, detail, _why = (fill_wording(t, g.wording, contexts) for t in step.templates)
        else:
            title, detail = step.title, step.detail
        hit = cache[key] = GuidanceStep(step.id, title, detail, step.source)
    return hit


def support_for(
    facts: IncidentFacts, g: Guides, guidance: Guidance | None = None
) -> list[SupportItem]:
    """The support items to offer for these facts, in the case's words.

    An item is offered to the people affected it is ``for``, for the concerns in
    ``concerns_any`` (if any) and when its ``when`` holds (e.g. Report Remove only for someone
    under 18 or of unknown age). Its text names whoever does the DSL's job in this case.
    ``assess`` fills ``Guidance.support`` with the same list.
    """
    g = guides_for(g, facts.jurisdiction)
    contexts = (guidance or assess(facts, g)).wording
    return _support(facts, g, contexts)


def _support(facts: IncidentFacts, g: Guides, contexts: frozenset[str]) -> list[SupportItem]:
    compiled = _compiled(g)
    out: list[SupportItem] = []
    for item, for_, concerns, when in compiled.support:
        if for_.isdisjoint(facts.targets):
            continue
        if concerns and concerns.isdisjoint(facts.concerns):
            continue
        if when is not None and not when(facts):
            continue
        key = (item.id, contexts)
        worded = compiled.worded_support.get(key)
        if worded is None:
            title, detail = (fill_wording(t, g.wording, contexts) for t in item.templates)
            worded = compiled.worded_support[key] = replace_record(item, title=title, detail=detail)
        out.append(worded)
    return out


def offences_for(facts: IncidentFacts, g: Guides) -> list[str]:
    """The offences the reported concerns may amount to, where the facts fit each one.

    An offence with ``applies_when`` is named only when the facts meet it; an unknown age
    never rules one out, because the step says only that it "may" apply.
    """
    g = guides_for(g, facts.jurisdiction)
    fits = _compiled(g).offences
    offence_ids: list[str] = []
    for concern in facts.concerns:
        for oid in g.concerns[concern].offences:
            if oid not in offence_ids and (oid not in fits or fits[oid](facts)):
                offence_ids.append(oid)
    return offence_ids


def _render(step: Step, facts: IncidentFacts, g: Guides, contexts: frozenset[str]) -> GuidanceStep:
    """The police step, with the offences the reported concerns may amount to under current law."""
    plain = _plain(step, g, contexts)
    offence_ids = offences_for(facts, g)
    if not offence_ids:
        return plain
    offences = [g.offences[oid] for oid in offence_ids]
    listing = "; ".join(f"{o.name} ({o.law})" for o in offences)
    sources = sorted({o.source for o in offences} - {step.source})
    detail = plain.detail + " " + _("Offences this may involve: {list}.").format(list=listing)
    source = "; ".join([step.source, *sources])
    return GuidanceStep(step.id, plain.title, detail, source)


def assess_data(data: object, guides: Guides | None = None) -> Guidance:
    """Validate decoded JSON facts and assess them (raises ``FactsError`` on bad input)."""
    g = guides or load_guides()
    return assess(parse_facts(data, g.platforms.keys()), g)
