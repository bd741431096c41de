"""The four nations' guidance: guides/jurisdictions/<id>.yaml overlays and guides/documents.yaml.

rules.yaml, steps.yaml and the rest hold the guidance as written for England. Each nation's
overlay says what differs there, as data: the words for its roles (who the safeguarding lead
is called, whether a LADO exists), replacement text for steps, support and concerns, the
offences of its own law, rules that apply only there, and the documents it may cite. The
loader checks an overlay as strictly as the rest of guides/ (unknown fields, step, offence
and document ids are refused, naming the file and the field), and ``guides_for`` turns the
Guides and one nation's overlay into that nation's Guides, which ``assess`` then reads as it
reads England's. Nothing here says ``if jurisdiction == ...``: what differs is in the files.

Two rules follow from the data, for every nation alike: a service whose ``jurisdictions``
omit the nation is never referred to (its steps and support are left out), and an escalation
whose role is ``available: false`` (or whose step the overlay drops) is never returned.

An overlay's keys (the records below define each field once; every key but ``jurisdiction``,
``name``, ``documents`` and ``roles`` is optional):

- ``documents``: ids from documents.yaml that this nation's guidance may cite.
- ``roles``: for every escalation id plus ``childrens-social-care`` and ``police``, its
  ``label`` and ``short`` text, or ``available: false`` (no LADO in Scotland).
- ``wording``: replacements for steps.yaml's role words, every context of a word given.
- ``steps`` / ``support`` / ``concerns``: by id, the text (title, detail, why, source,
  explanation, offences) that differs, or ``drop: true``; a step id steps.yaml lacks is a new
  step for this nation (order, title, detail, why and source required). Each entry has
  ``confidence`` (confirmed | likely | unverified) and may have a ``note``.
- ``offences``: the nation's own offences (offences.yaml's fields plus ``confidence``); an
  offences.yaml id that lists the nation gives that offence this nation's citation.
- ``rules``: rules.yaml rules that apply only here, added to rules.yaml's for this nation.
- ``rule_words``: by rules.yaml rule id, the ``summary`` and ``source`` this nation's staff
  read for that rule (checklists print them as the rule's "why"); the rule's ``when`` and
  ``then`` are never changed here. ``confidence`` required, ``note`` optional (not shown).
- ``services``: by services.yaml id, the service's texts as this nation reads them
  (``name``, ``for``, ``not_for``, ``how``, ``note``, ``source``); ``confidence`` required.
  Here ``note`` is the service's own note, shown to staff; ``comment`` is the writer's.
- ``platforms``: by platforms.yaml id, its ``notes`` by position (``{1: text}`` replaces the
  second note; the others stay platforms.yaml's) and, under ``routes``, a route's ``how`` or
  ``note`` (report_content, under_13, impersonation, who_can_report (``how`` only),
  rules_to_cite, response_time, non_user_route). ``confidence`` required; ``comment`` optional.

``rule_words``, ``services``, ``platforms`` and ``glossary`` change words only, never what is
decided: a rule keeps its ``when`` and ``then``, a service its coverage and ``excluded_when``.
- ``glossary``: by glossary.yaml term, its ``meaning`` (and ``stands_for``) in this nation; a
  term glossary.yaml lacks is a new term for this nation (``meaning`` required).
  ``confidence`` required; ``comment`` optional.
- ``head_concern``: who leads when the Head teacher is the subject (``to``: an escalation id).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import msgspec

from misuse_responder.guidance import vocabulary as v
from misuse_responder.guidance.glossary import Glossary, Term
from misuse_responder.guidance.guide_records import Condition, Effect
from misuse_responder.guidance.guides import (
    Concern,
    GuideError,
    Guides,
    Offence,
    Platform,
    Rule,
    Service,
    Step,
    SupportItem,
    fill_wording,
    placeholders,
)
from misuse_responder.guidance.sources import title_sources

OVERLAY_FOLDER = "jurisdictions"
DOCUMENTS_FILE = "documents.yaml"

Confidence = Literal["confirmed", "likely", "unverified"]
Nation = Literal["england", "wales", "scotland", "northern-ireland"]

# The roles an overlay must name (each with a label, or `available: false`): the contract's
# escalation ids, and the services a step asks staff to contact by role.
REQUIRED_ROLES = (*v.ESCALATIONS, "childrens-social-care", "police")
# Further roles an overlay may name: the school profile's contact roles that have no
# escalation id of their own.
OPTIONAL_ROLES = ("head", "police-101", "slt-media", "dpo")


class _Record(msgspec.Struct, forbid_unknown_fields=True, frozen=True, omit_defaults=True):
    """A record of an overlay file: unknown fields are refused (they are usually typos)."""


class Document(_Record, frozen=True):
    """A guidance document a step may cite, and the nations whose guidance it is."""

    id: str
    title: str
    publisher: str
    url: str
    jurisdictions: tuple[Nation, ...]
    # A Python regular expression that finds a citation of this document in a source text.
    match: str
    confidence: Confidence
    checked: dt.date
    note: str | None = None


class _DocumentsFile(_Record, frozen=True):
    documents: tuple[Document, ...]


class Role(_Record, frozen=True):
    """What a role is called in a nation, or that it does not exist there."""

    label: str | None = None  # as a heading or list item ("Child protection co-ordinator")
    short: str | None = None  # in running text ("the child protection co-ordinator")
    available: bool = True
    source: str | None = None
    confidence: Confidence | None = None
    note: str | None = None


class FollowUpChange(_Record, frozen=True):
    hours: int
    label: str
    after: str | None = None
    working_days: bool = False


class StepChange(_Record, frozen=True):
    """A step's text for this nation, or ``drop``; a step id steps.yaml lacks is a new step
    (then order, title, detail, why and source are all required)."""

    confidence: Confidence
    title: str | None = None
    detail: str | None = None
    why: str | None = None
    source: str | None = None
    drop: bool = False
    note: str | None = None
    # Only for a new step:
    order: int | None = None
    only_if: tuple[Literal["capture", "do-not-capture", "contact-subject"], ...] = ()
    supersedes: tuple[str, ...] = ()
    service: str | None = None
    follow_up: FollowUpChange | None = None


class SupportChange(_Record, frozen=True):
    confidence: Confidence
    title: str | None = None
    detail: str | None = None
    source: str | None = None
    drop: bool = False
    note: str | None = None


class ConcernChange(_Record, frozen=True):
    confidence: Confidence
    label: str | None = None
    explanation: str | None = None
    source: str | None = None
    offences: tuple[str, ...] | None = None  # replaces the concern's list of offences
    note: str | None = None


class NationalOffence(_Record, frozen=True):
    """An offence of this nation's law (same fields as offences.yaml, plus confidence), or,
    under an offences.yaml id that lists this nation, how this nation cites that offence."""

    id: str
    name: str
    law: str
    source: str
    confidence: Confidence
    extent: str | None = None
    note: str | None = None
    applies_when: dict[str, Any] | None = None


class NationalRule(_Record, frozen=True):
    """A rule that applies only in this nation (same fields as rules.yaml, plus confidence)."""

    id: str
    summary: str
    when: dict[str, Any]
    then: dict[str, Any]
    source: str
    confidence: Confidence
    note: str | None = None


class RuleWords(_Record, frozen=True):
    """How a rules.yaml rule reads in this nation: its summary and source (never its logic)."""

    confidence: Confidence
    summary: str | None = None
    source: str | None = None
    note: str | None = None


class ServiceChange(_Record, frozen=True):
    """A services.yaml service's texts in this nation (``note`` is the service's, shown)."""

    confidence: Confidence
    name: str | None = None
    for_: str | None = msgspec.field(name="for", default=None)
    not_for: str | None = None
    how: str | None = None
    note: str | None = None
    source: str | None = None
    comment: str | None = None


class RouteWords(_Record, frozen=True):
    how: str | None = None
    note: str | None = None


PLATFORM_ROUTES = (
    "report_content",
    "under_13",
    "impersonation",
    "who_can_report",
    "rules_to_cite",
    "response_time",
    "non_user_route",
)


class PlatformChange(_Record, frozen=True):
    """A platforms.yaml platform's texts in this nation (its routes themselves stay)."""

    confidence: Confidence
    notes: dict[int, str] = {}  # by position in platforms.yaml's list, from 0
    routes: dict[str, RouteWords] = {}
    comment: str | None = None


class GlossaryChange(_Record, frozen=True):
    """A glossary term's explanation in this nation, or a term of this nation's own."""

    confidence: Confidence
    meaning: str | None = None
    stands_for: str | None = None
    source: str | None = None
    comment: str | None = None


class HeadConcern(_Record, frozen=True):
    """Who leads when the Head teacher is the person the concern is about."""

    to: str  # an escalation id (its label comes from `roles`)
    label: str
    source: str
    confidence: Confidence
    note: str | None = None


class Overlay(_Record, frozen=True):
    """One nation's guides/jurisdictions/<id>.yaml."""

    jurisdiction: Nation
    name: str
    documents: tuple[str, ...]
    roles: dict[str, Role]
    title: str | None = None
    wording: dict[str, dict[str, str]] = {}
    steps: dict[str, StepChange] = {}
    support: dict[str, SupportChange] = {}
    concerns: dict[str, ConcernChange] = {}
    offences: tuple[NationalOffence, ...] = ()
    rules: tuple[NationalRule, ...] = ()
    rule_words: dict[str, RuleWords] = {}
    services: dict[str, ServiceChange] = {}
    platforms: dict[str, PlatformChange] = {}
    glossary: dict[str, GlossaryChange] = {}
    head_concern: HeadConcern | None = None
    note: str | None = None


# Fields that are mappings keyed by id: checked key by key, so an error names the key.
_KEYED = {
    "roles": Role,
    "steps": StepChange,
    "support": SupportChange,
    "concerns": ConcernChange,
    "rule_words": RuleWords,
    "services": ServiceChange,
    "platforms": PlatformChange,
    "glossary": GlossaryChange,
}


def extra_files(directory: Path) -> list[tuple[str, bytes | None]]:
    """documents.yaml and every jurisdictions/*.yaml, by name, with their bytes (None: missing).

    These are part of guides/ and of its fingerprint, as the core files are.
    """
    found: list[tuple[str, bytes | None]] = []
    names = [DOCUMENTS_FILE]
    folder = directory / OVERLAY_FOLDER
    if folder.is_dir():
        names += sorted(
            f"{OVERLAY_FOLDER}/{p.name}" for p in folder.iterdir() if not p.name.startswith(".")
        )
    for name in names:
        try:
            found.append((name, (directory / name).read_bytes()))
        except OSError:
            found.append((name, None))
    return found


def _parse_yaml(name: str, data: bytes) -> Any:
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_class(data)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        raise GuideError(
            name, where, f"is not valid YAML ({getattr(exc, 'problem', exc)})"
        ) from None
    finally:
        loader.dispose()


_UNKNOWN_FIELD = re.compile(r"Object contains unknown field `([^`]*)`")
_MISSING_FIELD = re.compile(r"Object missing required field `([^`]*)`")


def _convert(name: str, path: str, value: Any, kind: Any) -> Any:
    """``value`` as ``kind``, or a GuideError naming the file and the field."""
    try:
        return msgspec.convert(value, kind)
    except msgspec.ValidationError as exc:
        text = str(exc)
        message, _sep, where = text.partition(" - at `$")
        where = where.rstrip("`")
        full = path + where
        if hit := _UNKNOWN_FIELD.fullmatch(message):
            full, message = f"{full}.{hit.group(1)}", "unknown field"
        elif hit := _MISSING_FIELD.fullmatch(message):
            full, message = f"{full}.{hit.group(1)}", "this field is required"
        raise GuideError(name, full.lstrip("."), message[:1].lower() + message[1:]) from None


def load_documents(data: bytes | None) -> dict[str, Document]:
    if data is None:
        raise GuideError(DOCUMENTS_FILE, "", "cannot be read (missing)")
    raw = _parse_yaml(DOCUMENTS_FILE, data)
    parsed: _DocumentsFile = _convert(DOCUMENTS_FILE, "", raw, _DocumentsFile)
    out: dict[str, Document] = {}
    for index, doc in enumerate(parsed.documents):
        if doc.id in out:
            raise GuideError(DOCUMENTS_FILE, f"documents[{index}].id", f"{doc.id!r} is used twice")
        try:
            re.compile(doc.match)
        except re.error as exc:
            raise GuideError(
                DOCUMENTS_FILE, f"documents[{index}].match", f"is not a valid pattern ({exc})"
            ) from None
        if not doc.url.startswith("https://"):
            raise GuideError(DOCUMENTS_FILE, f"documents[{index}].url", "must start https://")
        out[doc.id] = doc
    return out


def load_overlay(name: str, data: bytes, base: Guides) -> Overlay:
    """Parse and check the shape of one overlay file (its ids are checked by ``check``).

    Every ``source`` is shown through sources.yaml's titles, as the core files' are."""
    raw = _parse_yaml(name, data)
    if isinstance(raw, dict):
        for key, kind in _KEYED.items():
            entries = raw.get(key)
            if isinstance(entries, dict):
                for entry_id, entry in entries.items():
                    _convert(name, f"{key}.{entry_id}", entry, kind)
    overlay: Overlay = _convert(name, "", raw, Overlay)
    titled = msgspec.json.decode(msgspec.json.encode(overlay))  # plain dicts and lists
    for where, word in title_sources(titled, base.source_titles):
        raise GuideError(
            name, where, f"would show staff the internal word {word!r} (see sources.yaml)"
        )
    # Already checked strictly above; JSON made the notes' positions strings again.
    overlay = msgspec.convert(titled, Overlay, strict=False)
    return overlay


def load_all(files: Iterable[tuple[str, bytes | None]], base: Guides) -> Guides:
    """``base`` (the core guides) with documents.yaml and every overlay, parsed and checked."""
    files = list(files)
    documents = load_documents(dict(files).get(DOCUMENTS_FILE))
    overlays: dict[str, Overlay] = {}
    for name, data in files:
        if name == DOCUMENTS_FILE:
            continue
        stem = name.removeprefix(f"{OVERLAY_FOLDER}/")
        nation = stem.removesuffix(".yaml")
        if not stem.endswith(".yaml") or nation not in v.JURISDICTIONS:
            raise GuideError(
                name,
                "",
                "is not a known nation's file (expected one of: "
                + ", ".join(f"{n}.yaml" for n in v.JURISDICTIONS)
                + ")",
            )
        if data is None:
            raise GuideError(name, "", "cannot be read")
        overlay = load_overlay(name, data, base)
        if overlay.jurisdiction != nation:
            raise GuideError(
                name, "jurisdiction", f"{overlay.jurisdiction!r} does not match the file name"
            )
        overlays[nation] = overlay
    base = replace_record(base, documents=documents, overlays=overlays)
    for nation in overlays:
        check(base, nation)
    return base


# --- One nation's view ----------------------------------------------------------------------

_VIEWS: dict[tuple[int, str], tuple[Guides, Guides]] = {}
_BASES: dict[int, Guides] = {}


def replace_record(obj: Any, **changes: Any) -> Any:
    """A copy of a guides record with ``changes`` (dataclass or msgspec Struct alike)."""
    if isinstance(obj, msgspec.Struct):
        return msgspec.structs.replace(obj, **changes)
    return dataclasses.replace(obj, **changes)


def available(guides: Guides) -> tuple[str, ...]:
    """The nations the guides hold guidance for, in vocabulary order."""
    base = _BASES.get(id(guides), guides)
    return tuple(n for n in v.JURISDICTIONS if n in base.overlays)


def guides_for(guides: Guides, jurisdiction: str) -> Guides:
    """The Guides for one nation: its steps, support, concerns, offences, rules and words.

    Cached, so the engine's compiled rules are kept per nation. Raises GuideError when
    guides/ holds no overlay for that nation.
    """
    if guides.jurisdiction == jurisdiction:
        return guides
    base = _BASES.get(id(guides), guides) if guides.jurisdiction else guides
    key = (id(base), jurisdiction)
    hit = _VIEWS.get(key)
    if hit is not None and hit[0] is base:
        return hit[1]
    view = _build(base, jurisdiction)
    _VIEWS[key] = (base, view)
    _BASES[id(view)] = base
    return view


def overlay_of(guides: Guides, jurisdiction: str) -> Overlay:
    base = _BASES.get(id(guides), guides)
    overlay = base.overlays.get(jurisdiction)
    if overlay is None:
        raise GuideError(
            f"{OVERLAY_FOLDER}/{jurisdiction}.yaml", "", "is missing: no guidance for this nation"
        )
    return overlay  # type: ignore[no-any-return]


def _fill(text: str, wording: Mapping[str, dict[str, str]]) -> str:
    return fill_wording(text, dict(wording), set())


def _service_covers(guides: Guides, service_id: str | None, nation: str) -> bool:
    if service_id is None:
        return True
    service = guides.services.get(service_id)
    return service is None or not service.jurisdictions or nation in service.jurisdictions


def _build(base: Guides, nation: str) -> Guides:
    overlay = overlay_of(base, nation)
    wording = {**base.wording, **overlay.wording}
    steps: dict[str, Step] = {}
    for sid, step in base.steps.items():
        change = overlay.steps.get(sid)
        if (change is not None and change.drop) or not _service_covers(base, step.service, nation):
            continue
        title, detail, why = step.templates
        source = step.source
        if change is not None:
            title = change.title or title
            detail = change.detail or detail
            why = change.why or why
            source = change.source or source
        steps[sid] = replace_record(
            step,
            title=_fill(title, wording),
            detail=_fill(detail, wording),
            why=_fill(why, wording),
            source=source,
            templates=(title, detail, why),
        )
    for sid, change in overlay.steps.items():
        if sid in base.steps or change.drop:
            continue
        follow = change.follow_up
        from misuse_responder.guidance.guides import FollowUp

        templates = (change.title or "", change.detail or "", change.why or "")
        steps[sid] = Step(
            id=sid,
            order=change.order or 0,
            title=_fill(templates[0], wording),
            detail=_fill(templates[1], wording),
            why=_fill(templates[2], wording),
            source=change.source or "",
            only_if=tuple(change.only_if),
            supersedes=tuple(change.supersedes),
            service=change.service,
            follow_up=FollowUp(**msgspec.structs.asdict(follow)) if follow else None,
            templates=templates,
        )
    support: list[SupportItem] = []
    for item in base.support:
        schange = overlay.support.get(item.id)
        if (schange is not None and schange.drop) or not _service_covers(
            base, item.service, nation
        ):
            continue
        title, detail = item.templates
        source = item.source
        if schange is not None:
            title = schange.title or title
            detail = schange.detail or detail
            source = schange.source or source
        support.append(
            replace_record(
                item,
                title=_fill(title, wording),
                detail=_fill(detail, wording),
                source=source,
                templates=(title, detail),
            )
        )
    concerns: dict[str, Concern] = {}
    for cid, concern in base.concerns.items():
        cchange = overlay.concerns.get(cid)
        if cchange is not None:
            concern = replace_record(
                concern,
                label=cchange.label or concern.label,
                explanation=cchange.explanation or concern.explanation,
                source=cchange.source or concern.source,
                offences=concern.offences if cchange.offences is None else cchange.offences,
            )
        concerns[cid] = concern
    offences: dict[str, Offence] = {
        oid: o for oid, o in base.offences.items() if nation in o.jurisdictions
    }
    for crime in overlay.offences:
        offences[crime.id] = Offence(
            id=crime.id,
            name=crime.name,
            law=crime.law,
            source=crime.source,
            extent=crime.extent,
            note=crime.note,
            applies_when=None if crime.applies_when is None else Condition(crime.applies_when),
            jurisdictions=(nation,),
        )
    rules = [
        *(_reworded(rule, overlay.rule_words.get(rule.id)) for rule in base.rules),
        *(
            Rule(r.id, r.summary, Condition(r.when), Effect(r.then), r.source)
            for r in overlay.rules
        ),
    ]
    rules = [_without_missing_steps(rule, steps) for rule in rules]
    services = {
        sid: _service_in(service, overlay.services.get(sid))
        for sid, service in base.services.items()
    }
    view: Guides = replace_record(
        base,
        title=overlay.title or base.title,
        concerns=concerns,
        offences=offences,
        steps=steps,
        rules=tuple(rules),
        services=services,
        platforms={
            pid: _platform_in(platform, overlay.platforms.get(pid))
            for pid, platform in base.platforms.items()
        },
        glossary=_glossary_in(base.glossary, overlay.glossary),
        support=tuple(support),
        wording=wording,
        jurisdiction=nation,
        roles=dict(overlay.roles),
        documents={d: base.documents[d] for d in overlay.documents},
    )
    return view


def _reworded(rule: Rule, words: RuleWords | None) -> Rule:
    if words is None:
        return rule
    changed: Rule = replace_record(
        rule, summary=words.summary or rule.summary, source=words.source or rule.source
    )
    return changed


def _service_in(service: Service, change: ServiceChange | None) -> Service:
    if change is None:
        return service
    changed: Service = replace_record(
        service,
        name=change.name or service.name,
        for_=change.for_ or service.for_,
        not_for=change.not_for or service.not_for,
        how=change.how or service.how,
        note=change.note or service.note,
        source=change.source or service.source,
    )
    return changed


def _platform_in(platform: Platform, change: PlatformChange | None) -> Platform:
    if change is None:
        return platform
    routes: dict[str, Any] = {}
    for field, words in change.routes.items():
        route = getattr(platform, field)
        texts = {k: t for k, t in (("how", words.how), ("note", words.note)) if t is not None}
        routes[field] = replace_record(route, **texts)
    notes = tuple(change.notes.get(i, note) for i, note in enumerate(platform.notes))
    changed: Platform = replace_record(platform, notes=notes, **routes)
    return changed


def _glossary_in(glossary: Glossary, changes: Mapping[str, GlossaryChange]) -> Glossary:
    if not changes:
        return glossary
    terms = []
    for term in glossary.terms:
        change = changes.get(term.term)
        if change is not None:
            term = Term(
                term.term,
                change.meaning or term.meaning,
                change.stands_for or term.stands_for,
            )
        terms.append(term)
    known = {t.term for t in glossary.terms}
    terms += [
        Term(word, change.meaning or "", change.stands_for)
        for word, change in changes.items()
        if word not in known
    ]
    return Glossary(tuple(terms))


def _without_missing_steps(rule: Rule, steps: Mapping[str, Step]) -> Rule:
    """A rule without the steps this nation does not have (a dropped step, or a step of a
    service that does not cover it)."""
    then = rule.then
    wanted = then.get("steps", ())
    swaps = then.get("swap_steps", {})
    if all(s in steps for s in wanted) and all(a in steps and b in steps for a, b in swaps.items()):
        return rule
    then = Effect(then)
    if "steps" in then:
        kept = [s for s in wanted if s in steps]
        if kept:
            then["steps"] = kept
        else:
            del then["steps"]
    if "swap_steps" in then:
        then["swap_steps"] = {a: b for a, b in swaps.items() if a in steps and b in steps}
    changed: Rule = replace_record(rule, then=then)
    return changed


# --- Checks ---------------------------------------------------------------------------------


def check(base: Guides, nation: str) -> None:
    """Check one overlay's ids against the guides (run when guides/ is loaded)."""
    from misuse_responder.guidance import schema
    from misuse_responder.guidance.guides import _check_condition
    from misuse_responder.guidance.schema import SchemaError

    overlay = overlay_of(base, nation)
    name = f"{OVERLAY_FOLDER}/{nation}.yaml"
    for index, doc_id in enumerate(overlay.documents):
        doc = base.documents.get(doc_id)
        if doc is None:
            raise GuideError(
                name, f"documents[{index}]", f"unknown document {doc_id!r} (not in documents.yaml)"
            )
        if nation not in doc.jurisdictions:
            raise GuideError(
                name,
                f"documents[{index}]",
                f"{doc_id!r} is not listed for {nation} in documents.yaml",
            )
    for role_id in overlay.roles:
        if role_id not in (*REQUIRED_ROLES, *OPTIONAL_ROLES):
            raise GuideError(
                name,
                f"roles.{role_id}",
                "unknown role (expected one of: "
                + ", ".join((*REQUIRED_ROLES, *OPTIONAL_ROLES))
                + ")",
            )
    for role_id in REQUIRED_ROLES:
        role = overlay.roles.get(role_id)
        if role is None:
            raise GuideError(name, "roles", f"no entry for role {role_id!r}")
        if role.available and not (role.label and role.short):
            raise GuideError(name, f"roles.{role_id}", "needs a label and a short label")
    for word, variants in overlay.wording.items():
        where = f"wording.{word}"
        if word not in base.wording:
            raise GuideError(name, where, f"unknown role word {{{word}}} (not in steps.yaml)")
        missing = set(base.wording[word]) - set(variants)
        if missing:
            raise GuideError(name, where, f"no text for context {sorted(missing)[0]!r}")
        for ctx in variants:
            if ctx != "default" and ctx not in v.WORDING_CONTEXTS:
                raise GuideError(name, f"{where}.{ctx}", "unknown wording context")
    for sid, change in overlay.steps.items():
        where = f"steps.{sid}"
        _check_texts(name, where, (change.title, change.detail, change.why), base.wording)
        if sid in base.steps:
            if change.order is not None or change.service or change.follow_up:
                raise GuideError(name, where, "order, service and follow_up are for new steps only")
            continue
        if change.drop or None in (
            change.order,
            change.title,
            change.detail,
            change.why,
            change.source,
        ):
            raise GuideError(
                name,
                where,
                f"unknown step {sid!r} (not in steps.yaml; a new step needs order, title, "
                "detail, why and source)",
            )
        if change.service is not None and change.service not in base.services:
            raise GuideError(name, f"{where}.service", f"unknown service {change.service!r}")
    support_ids = {item.id for item in base.support}
    for item_id, schange in overlay.support.items():
        if item_id not in support_ids:
            raise GuideError(name, f"support.{item_id}", f"unknown support item {item_id!r}")
        _check_texts(name, f"support.{item_id}", (schange.title, schange.detail), base.wording)
    for index, crime in enumerate(overlay.offences):
        # An offences.yaml id is this nation's wording of an offence that applies here too (its
        # own source, say); an offence that does not apply here needs an id of its own.
        known = base.offences.get(crime.id)
        if known is not None and nation not in known.jurisdictions:
            raise GuideError(
                name,
                f"offences[{index}].id",
                f"{crime.id!r} is in offences.yaml but not for {nation}: give this offence an "
                "id of its own",
            )
    for cid in overlay.concerns:
        if cid not in base.concerns:
            raise GuideError(name, f"concerns.{cid}", f"unknown concern {cid!r}")
    rule_ids = {r.id for r in base.rules}
    for rid, words in overlay.rule_words.items():
        where = f"rule_words.{rid}"
        if rid not in rule_ids:
            new = (
                " (a rule of this file's own `rules` is worded there)"
                if any(r.id == rid for r in overlay.rules)
                else ""
            )
            raise GuideError(name, where, f"unknown rule {rid!r} (not in rules.yaml){new}")
        if words.summary is None and words.source is None:
            raise GuideError(name, where, "gives neither a summary nor a source")
    for sid, svc in overlay.services.items():
        where = f"services.{sid}"
        if sid not in base.services:
            raise GuideError(name, where, f"unknown service {sid!r} (not in services.yaml)")
        texts = (svc.name, svc.for_, svc.not_for, svc.how, svc.note, svc.source)
        if all(t is None for t in texts):
            raise GuideError(name, where, "changes none of the service's texts")
    for pid, pchange in overlay.platforms.items():
        where = f"platforms.{pid}"
        platform = base.platforms.get(pid)
        if platform is None:
            raise GuideError(name, where, f"unknown platform {pid!r} (not in platforms.yaml)")
        for index in pchange.notes:
            if not 0 <= index < len(platform.notes):
                raise GuideError(
                    name,
                    f"{where}.notes.{index}",
                    f"{pid!r} has {len(platform.notes)} notes in platforms.yaml (counted from 0)",
                )
        for field, route_words in pchange.routes.items():
            if field not in PLATFORM_ROUTES:
                raise GuideError(
                    name,
                    f"{where}.routes.{field}",
                    "unknown route (expected one of: " + ", ".join(PLATFORM_ROUTES) + ")",
                )
            if getattr(platform, field) is None:
                raise GuideError(
                    name, f"{where}.routes.{field}", f"{pid!r} has no {field} in platforms.yaml"
                )
            if field == "who_can_report" and route_words.note is not None:
                raise GuideError(name, f"{where}.routes.{field}.note", "who_can_report has no note")
    known_terms = {t.term for t in base.glossary.terms}
    for term, gchange in overlay.glossary.items():
        if term not in known_terms and not gchange.meaning:
            raise GuideError(
                name,
                f"glossary.{term}",
                f"unknown term {term!r} (not in glossary.yaml; a new term needs a meaning)",
            )
    view = guides_for(base, nation)
    for cid, concern in view.concerns.items():
        for offence in concern.offences:
            if offence in view.offences:
                continue
            if cid in overlay.concerns and overlay.concerns[cid].offences is not None:
                raise GuideError(
                    name,
                    f"concerns.{cid}.offences",
                    f"unknown offence {offence!r} (not in offences.yaml for {nation}, nor here)",
                )
            raise GuideError(
                name,
                f"concerns.{cid}",
                f"concern {cid!r} names offence {offence!r}, which offences.yaml does not list "
                f"for {nation}: give this concern's offences here",
            )
    for index, rule in enumerate(overlay.rules):
        where = f"rules[{index}]"
        if any(r.id == rule.id for r in base.rules):
            raise GuideError(name, f"{where}.id", f"{rule.id!r} is already in rules.yaml")
        try:
            schema.check(rule.when, Condition, at=f"{where}.when")
            schema.check(rule.then, Effect, at=f"{where}.then")
        except SchemaError as exc:
            raise GuideError(name, exc.path, exc.message) from None
        _check_condition(rule.when, base, name, f"{where}.when")
        for sid in (*rule.then.get("steps", ()), *rule.then.get("swap_steps", {}).values()):
            if sid not in view.steps:
                raise GuideError(name, f"{where}.then", f"unknown step {sid!r}")
    for index, crime in enumerate(overlay.offences):
        if crime.applies_when is not None:
            try:
                schema.check(crime.applies_when, Condition, at=f"offences[{index}].applies_when")
            except SchemaError as exc:
                raise GuideError(name, exc.path, exc.message) from None
            _check_condition(crime.applies_when, base, name, f"offences[{index}].applies_when")
    for level, sid in base.routing.police.items():
        if sid not in view.steps:
            raise GuideError(
                name, f"steps.{sid}", f"the police step for {level!r} cannot be dropped"
            )
    for role_id, sid in base.routing.escalate_to.items():
        role = overlay.roles[role_id]
        if sid not in view.steps and role.available:
            raise GuideError(
                name,
                f"steps.{sid}",
                f"is how {role_id!r} is told: drop it only with roles.{role_id}.available false",
            )
    if overlay.head_concern is not None and overlay.head_concern.to not in v.ESCALATIONS:
        raise GuideError(name, "head_concern.to", f"unknown escalation {overlay.head_concern.to!r}")


def _check_texts(
    name: str, where: str, texts: Iterable[str | None], wording: Mapping[str, Any]
) -> None:
    for text in texts:
        if text is None:
            continue
        try:
            names = placeholders(text)
        except ValueError:
            raise GuideError(name, where, "has a stray { or } in its text") from None
        for word in names:
            if word not in wording:
                raise GuideError(name, where, f"unknown role word {{{word}}} (not in wording)")


# --- What screens and packs ask ---------------------------------------------------------------


def role_label(guides: Guides, jurisdiction: str, role_id: str, short: bool = False) -> str:
    """What ``role_id`` (an escalation id, ``childrens-social-care``, ``police`` or a contact
    role) is called in this nation: ``label`` for a heading or list, ``short`` in a sentence.

    A role that does not exist there (``available: false``) gives its label if the overlay
    has one (what to do instead), else "". Contact roles with no entry ("head" is the Head
    teacher) fall back to the entry they stand for.
    """
    roles = overlay_of(guides, jurisdiction).roles
    role = roles.get(role_id) or roles.get(_ALIASES.get(role_id, ""))
    if role is None:
        raise KeyError(role_id)
    text = (role.short or role.label) if short else role.label
    return text or ""


_ALIASES = {"head": "headteacher", "slt-media": "slt"}


def role_available(guides: Guides, jurisdiction: str, role_id: str) -> bool:
    """Whether the role exists in this nation (there is no LADO in Scotland)."""
    roles = overlay_of(guides, jurisdiction).roles
    role = roles.get(role_id) or roles.get(_ALIASES.get(role_id, ""))
    return role is None or role.available


def head_concern(guides: Guides, jurisdiction: str) -> HeadConcern | None:
    """Who leads, in this nation, when the concern is about the Head teacher."""
    return overlay_of(guides, jurisdiction).head_concern


def cited_documents(guides: Guides, text: str) -> list[Document]:
    """The documents of documents.yaml that ``text`` (a step's source or detail) cites."""
    base = _BASES.get(id(guides), guides)
    return [doc for doc in base.documents.values() if re.search(doc.match, text)]
