"""The guidance engine: incident facts in, guidance out. Pure and deterministic.

Every rule lives in guides/rules.yaml; this module only knows how to read a rule's
condition, how to combine effects (the most cautious answer always wins), and how to
turn routing into ordered steps. The GUI and the command line both call ``assess``;
neither re-states a rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from misuse_responder.guidance import vocabulary as v
from misuse_responder.guidance.facts import IncidentFacts, parse_facts
from misuse_responder.guidance.guides import Guides, Rule, Step, load_guides
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


def matches(cond: dict[str, Any], facts: IncidentFacts) -> bool:
    """Whether ``facts`` meet a rule's condition (all keys must hold)."""
    return all(_holds(key, want, facts) for key, want in cond.items())


def _holds(key: str, want: Any, f: IncidentFacts) -> bool:
    if key == "concerns_any":
        return any(c in f.concerns for c in want)
    if key == "concerns_none":
        return not any(c in f.concerns for c in want)
    if key == "targets_any":
        return any(t in f.targets for t in want)
    if key == "targets_none":
        return not any(t in f.targets for t in want)
    if key == "subject_in":
        return f.subject in want
    if key == "subject_not_in":
        return f.subject not in want
    if key == "platform_in":
        return f.platform in want
    if key == "platform_not_in":
        return f.platform not in want
    if key in ("school_account", "subject_identified", "subject_under_13"):
        return bool(getattr(f, key)) is want
    if key == "any_of":
        return any(matches(sub, f) for sub in want)
    if key == "all_of":
        return all(matches(sub, f) for sub in want)
    if key == "not":
        return not matches(want, f)
    raise ValueError(f"unknown condition {key!r}")  # the schema makes this unreachable


def assess(facts: IncidentFacts, guides: Guides | None = None) -> Guidance:
    """Turn incident facts into guidance using the rules in guides/."""
    g = guides or load_guides()
    matched: list[Rule] = [rule for rule in g.rules if matches(rule.when, facts)]

    def gather(key: str) -> set[str]:
        return {item for rule in matched for item in rule.then.get(key, ())}

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
    escalate = gather("escalate_to") - gather("never_escalate_to")
    refer = gather("refer_to") - gather("never_refer_to")
    votes = {r.then["contact_subject"] for r in matched if "contact_subject" in r.then}
    contact_subject = "allow" in votes and "forbid" not in votes

    wanted = gather("steps")
    if police != "none":
        wanted.add(g.routing.police[police])
    wanted |= {g.routing.escalate_to[e] for e in escalate}
    wanted |= {g.routing.refer_to[r] for r in refer}

    flags = {evidence} | ({"contact-subject"} if contact_subject else set())
    chosen = [g.steps[s] for s in wanted if set(g.steps[s].only_if) <= flags]
    superseded = {other for step in chosen for other in step.supersedes}
    chosen = sorted((s for s in chosen if s.id not in superseded), key=lambda s: (s.order, s.id))

    police_step = g.routing.police.get(police)
    steps = tuple(
        _render(step, facts, g) if step.id == police_step else _plain(step) for step in chosen
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
    )


def _plain(step: Step) -> GuidanceStep:
    return GuidanceStep(step.id, step.title, step.detail, step.source)


def _render(step: Step, facts: IncidentFacts, g: Guides) -> GuidanceStep:
    """The police step, with the offences the reported concerns may amount to under current law."""
    offence_ids: list[str] = []
    for concern in facts.concerns:
        for oid in g.concerns[concern].offences:
            if oid not in offence_ids:
                offence_ids.append(oid)
    if not offence_ids:
        return _plain(step)
    offences = [g.offences[oid] for oid in offence_ids]
    listing = "; ".join(f"{o.name} ({o.law})" for o in offences)
    sources = sorted({o.source for o in offences} - {step.source})
    detail = step.detail + " " + _("Offences this may involve: {list}.").format(list=listing)
    source = "; ".join([step.source, *sources])
    return GuidanceStep(step.id, step.title, detail, source)


def assess_data(data: object, guides: Guides | None = None) -> Guidance:
    """Validate decoded JSON facts and assess them (raises ``FactsError`` on bad input)."""
    g = guides or load_guides()
    return assess(parse_facts(data, g.platforms.keys()), g)
