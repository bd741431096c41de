"""Load guides/ (the guidance as reviewed data), check it, and hold it in typed form.

A broken guide must never reach a member of staff as silently missing advice: every
file is checked against its schema and the files are checked against each other
(every step a rule names exists, every referral has a step, and so on).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import string
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from misuse_responder.guidance import guides_cache
from misuse_responder.guidance import vocabulary as v
from misuse_responder.guidance.glossary import Glossary, glossary
from misuse_responder.guidance.guide_schemas import FILES
from misuse_responder.guidance.schema import SchemaError
from misuse_responder.guidance.sources import SourceTitles, source_titles, title_sources

GUIDES_ENV = "MISUSE_RESPONDER_GUIDES"


class GuideError(ValueError):
    """guides/ is broken; the message names the file and the field."""

    def __init__(self, file: str, path: str, message: str) -> None:
        where = f"{file}: {path}" if path else file
        super().__init__(f"{where}: {message}")
        self.file = file
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Concern:
    id: str
    label: str
    explanation: str
    classification: tuple[tuple[str, str], ...]  # (area, kind)
    offences: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Offence:
    id: str
    name: str
    law: str
    source: str
    extent: str | None = None
    note: str | None = None
    applies_when: dict[str, Any] | None = None  # named only when the facts meet this
    jurisdictions: tuple[str, ...] = ()  # the nations whose law it is


@dataclass(frozen=True)
class FollowUp:
    """When a step needs looking at again: ``hours`` after the step (or ``after`` another)."""

    hours: int
    label: str
    after: str | None = None
    working_days: bool = False


@dataclass(frozen=True)
class Step:
    id: str
    order: int
    title: str
    detail: str
    why: str
    source: str
    only_if: tuple[str, ...] = ()
    supersedes: tuple[str, ...] = ()
    service: str | None = None
    follow_up: FollowUp | None = None
    # The text as written in steps.yaml, with its role words ({dsl}, ...) still to fill in;
    # title, detail and why above hold the default wording, for readers of the catalogue.
    templates: tuple[str, str, str] = ("", "", "")


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str
    when: dict[str, Any]
    then: dict[str, Any]
    source: str


@dataclass(frozen=True)
class Routing:
    """Which step carries out each outcome, so the steps can never disagree with the routing."""

    police: dict[str, str]
    escalate_to: dict[str, str]
    refer_to: dict[str, str]


@dataclass(frozen=True)
class Route:
    how: str
    confidence: str
    source: str
    links: tuple[Link, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class WhoCanReport:
    reporters: tuple[str, ...]
    how: str
    confidence: str
    source: str


@dataclass(frozen=True)
class Platform:
    id: str
    name: str
    checked: dt.date
    report_content: Route
    under_13: Route
    impersonation: Route
    who_can_report: WhoCanReport
    rules_to_cite: Route
    response_time: Route
    owner: str | None = None
    minimum_age: int | None = None
    non_user_route: Route | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    for_: str
    not_for: str
    how: str
    checked: dt.date
    confidence: str
    source: str
    phone: str | None = None
    email: str | None = None
    hours: str | None = None
    links: tuple[Link, ...] = ()
    jurisdictions: tuple[str, ...] = ()
    note: str | None = None
    excluded_when: dict[str, Any] | None = None  # never referred when the facts meet this


@dataclass(frozen=True)
class SupportItem:
    id: str
    for_: tuple[str, ...]
    title: str
    detail: str
    source: str
    concerns_any: tuple[str, ...] = ()
    service: str | None = None
    when: dict[str, Any] | None = None  # offered only when the facts meet this
    templates: tuple[str, str] = ("", "")  # title and detail with role words still to fill


@dataclass(frozen=True)
class Guides:
    """Everything in guides/, checked. Immutable, so one copy can be shared by every caller."""

    version: str
    edition: str
    title: str
    notice: str
    reviewed: dt.date
    concerns: dict[str, Concern]
    offences: dict[str, Offence]
    steps: dict[str, Step]
    routing: Routing
    rules: tuple[Rule, ...]
    platforms: dict[str, Platform]
    services: dict[str, Service]
    support: tuple[SupportItem, ...]
    wording: dict[str, dict[str, str]] = field(default_factory=dict)
    conditions: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Turns a stored record's source (written before a title changed) into what staff see.
    source_titles: SourceTitles = field(default_factory=lambda: SourceTitles((), ()))
    glossary: Glossary = field(default_factory=Glossary)
    # The nations (guidance/jurisdictions.py): load_guides gives every overlay and document
    # with jurisdiction ""; guides_for(guides, nation) gives one nation's view of the above.
    jurisdiction: str = ""
    roles: dict[str, Any] = field(default_factory=dict)
    documents: dict[str, Any] = field(default_factory=dict)
    overlays: dict[str, Any] = field(default_factory=dict)


def default_guides_dir() -> Path:
    """Where guides/ is: the environment override, the installed copy, or the source tree."""
    override = os.environ.get(GUIDES_ENV)
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent.parent
    installed = here / "guides"
    if installed.is_dir():
        return installed
    return here.parent.parent / "guides"


def load_guides(directory: Path | None = None) -> Guides:
    """Load and check guides/ (cached per folder: guides do not change while the app runs)."""
    return _load(Path(directory or default_guides_dir()).resolve())


@cache
def _load(directory: Path) -> Guides:
    if not directory.is_dir():
        raise GuideError(str(directory), "", "the guides folder is missing")
    files: dict[str, bytes] = {}
    unreadable: OSError | None = None
    digest = hashlib.sha256()
    for name in FILES:
        try:
            data = (directory / name).read_bytes()
        except OSError as exc:
            unreadable = exc  # said in file order below, after any error in an earlier file
            break
        digest.update(name.encode() + b"\0" + data + b"\0")
        files[name] = data
    from misuse_responder.guidance import jurisdictions

    extra = jurisdictions.extra_files(directory)
    for name, blob in extra:
        digest.update(name.encode() + b"\0" + (blob or b"") + b"\0")
    if unreadable is None:
        kept = guides_cache.read(digest.hexdigest(), Guides)
        if kept is not None:  # these very bytes were checked before, by this very code
            _check_no_extra(directory)
            return kept  # type: ignore[no-any-return]
    import yaml  # only when parsing: a cached copy needs no YAML (guides_cache.py)

    # libyaml's C loader parses guides/ about ten times faster than the pure-Python one;
    # both are safe loaders.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw: dict[str, Any] = {}
    for name, spec in FILES.items():
        if name not in files:
            why = unreadable or OSError("missing")
            raise GuideError(name, "", f"cannot be read ({why.strerror or why})") from None
        data = files[name]
        try:
            parsed = yaml.load(data, Loader=loader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark is not None else ""
            raise GuideError(
                name, where, f"is not valid YAML ({getattr(exc, 'problem', exc)})"
            ) from None
        try:
            raw[name] = spec.check(parsed, "")
        except SchemaError as exc:
            raise GuideError(name, exc.path, exc.message) from None
    _check_no_extra(directory)
    try:
        titles = source_titles(raw.pop("sources.yaml"))
        words = glossary(raw.pop("glossary.yaml"))
    except ValueError as exc:
        raise GuideError("sources.yaml", "titles", str(exc)) from None
    for name, data in raw.items():
        for where, word in title_sources(data, titles):
            raise GuideError(
                name, where, f"would show staff the internal word {word!r} (see sources.yaml)"
            )
    meta = raw["meta.yaml"]
    wording = raw["steps.yaml"]["wording"]
    guides = Guides(
        version=f"{meta['edition']}+{digest.hexdigest()[:12]}",
        edition=meta["edition"],
        title=meta["title"],
        notice=meta["notice"],
        reviewed=meta["reviewed"],
        concerns=_by_id("concerns.yaml", "concerns", raw, _concern),
        offences=_by_id("offences.yaml", "offences", raw, _offence),
        steps=_by_id("steps.yaml", "steps", raw, lambda item: _step(item, wording)),
        routing=Routing(**raw["rules.yaml"]["routing"]),
        rules=tuple(_by_id("rules.yaml", "rules", raw, _rule).values()),
        platforms=_by_id("platforms.yaml", "platforms", raw, _platform),
        services=_by_id("services.yaml", "services", raw, _service),
        support=tuple(
            _by_id("support.yaml", "support", raw, lambda item: _support(item, wording)).values()
        ),
        wording=wording,
        conditions=raw["rules.yaml"]["conditions"],
        source_titles=titles,
        glossary=words,
    )
    _cross_check(guides, raw)
    guides = jurisdictions.load_all(extra, guides)
    guides_cache.write(digest.hexdigest(), guides)
    return guides


def _check_no_extra(directory: Path) -> None:
    extra = sorted(
        p.name
        for p in directory.glob("*.y*ml")
        if p.name not in FILES and p.name != "documents.yaml" and not p.name.startswith(".")
    )
    if extra:
        raise GuideError(extra[0], "", "is not a known guides file (it would be ignored)")


def _by_id(file: str, key: str, raw: dict[str, Any], make: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for index, item in enumerate(raw[file][key]):
        if item["id"] in out:
            raise GuideError(file, f"{key}[{index}].id", f"{item['id']!r} is used twice")
        out[item["id"]] = make(item)
    return out


def _links(items: list[dict[str, str]] | None) -> tuple[Link, ...]:
    return tuple(Link(**item) for item in items or ())


def _route(item: dict[str, Any] | None) -> Route | None:
    if item is None:
        return None
    return Route(**{**item, "links": _links(item.get("links"))})


def _concern(item: dict[str, Any]) -> Concern:
    return Concern(
        id=item["id"],
        label=item["label"],
        explanation=item["explanation"],
        classification=tuple((c["area"], c["kind"]) for c in item["classification"]),
        offences=tuple(item.get("offences", ())),
        source=item["source"],
    )


def _offence(item: dict[str, Any]) -> Offence:
    return Offence(**{**item, "jurisdictions": tuple(item.get("jurisdictions", ()))})


def fill_wording(text: str, wording: dict[str, dict[str, str]], contexts: AbstractSet[str]) -> str:
    """``text`` with each role word ({dsl}, ...) in the variant for ``contexts``.

    The first context (in vocabulary order) that has a variant wins; otherwise the default.
    """
    if "{" not in text:
        return text

    def word(name: str) -> str:
        variants = wording[name]
        for ctx in v.WORDING_CONTEXTS:
            if ctx in contexts and ctx in variants:
                return variants[ctx]
        return variants["default"]

    return _PLACEHOLDER.sub(lambda m: word(m.group(1)), text)


_PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")


def placeholders(text: str) -> list[str]:
    """The role words a text uses (``string.Formatter`` catches stray braces too)."""
    return [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name]


def _check_role_words(
    file: str, where: str, texts: tuple[str, ...], wording: dict[str, dict[str, str]]
) -> None:
    for text in texts:
        try:
            names = placeholders(text)
        except ValueError:
            raise GuideError(file, where, "has a stray { or } in its text") from None
        for name in names:
            if name not in wording:
                raise GuideError(file, where, f"unknown role word {{{name}}} (not in wording)")


def _step(item: dict[str, Any], wording: dict[str, dict[str, str]]) -> Step:
    follow = item.get("follow_up")
    templates = (item["title"], item["detail"], item["why"])
    _check_role_words("steps.yaml", f"steps[{item['id']}]", templates, wording)
    title, detail, why = (fill_wording(t, wording, set()) for t in templates)
    return Step(
        **{
            **item,
            "title": title,
            "detail": detail,
            "why": why,
            "templates": templates,
            "only_if": tuple(item.get("only_if", ())),
            "supersedes": tuple(item.get("supersedes", ())),
            "follow_up": FollowUp(**follow) if follow else None,
        }
    )


def _rule(item: dict[str, Any]) -> Rule:
    return Rule(**item)


def _platform(item: dict[str, Any]) -> Platform:
    routes = ("report_content", "under_13", "impersonation", "rules_to_cite", "response_time")
    return Platform(
        **{
            **item,
            **{key: _route(item[key]) for key in routes},
            "non_user_route": _route(item.get("non_user_route")),
            "who_can_report": WhoCanReport(
                **{
                    **item["who_can_report"],
                    "reporters": tuple(item["who_can_report"]["reporters"]),
                }
            ),
            "notes": tuple(item.get("notes", ())),
        }
    )


def _service(item: dict[str, Any]) -> Service:
    fields = {k: val for k, val in item.items() if k != "for"}
    return Service(
        **{
            **fields,
            "for_": item["for"],
            "links": _links(item.get("links")),
            "jurisdictions": tuple(item.get("jurisdictions", ())),
        }
    )


def _support(item: dict[str, Any], wording: dict[str, dict[str, str]]) -> SupportItem:
    fields = {k: val for k, val in item.items() if k != "for"}
    templates = (item["title"], item["detail"])
    _check_role_words("support.yaml", f"support[{item['id']}]", templates, wording)
    return SupportItem(
        **{
            **fields,
            "title": fill_wording(item["title"], wording, set()),
            "detail": fill_wording(item["detail"], wording, set()),
            "templates": templates,
            "for_": tuple(item["for"]),
            "concerns_any": tuple(item.get("concerns_any", ())),
        }
    )


REQUIRED_SERVICES = (
    "police-999",
    "police-101",
    "ceop",
    "report-remove",
    "iwf",
    "report-harmful-content",
    "posh",
    "prevent",
    "action-fraud",
    "true-vision",
    "childrens-social-care",
    "lado",
)


def _cross_check(g: Guides, raw: dict[str, Any]) -> None:
    """Check the files against each other: the mistakes a schema alone cannot see."""
    missing = [c for c in v.CONCERNS if c not in g.concerns]
    if missing:
        raise GuideError("concerns.yaml", "concerns", f"no entry for concern {missing[0]!r}")
    for index, concern in enumerate(g.concerns.values()):
        for offence in concern.offences:
            if offence not in g.offences:
                raise GuideError(
                    "concerns.yaml",
                    f"concerns[{index}].offences",
                    f"unknown offence {offence!r} (not in offences.yaml)",
                )
    for index, step in enumerate(g.steps.values()):
        where = f"steps[{index}]"
        for other in step.supersedes:
            if other not in g.steps:
                raise GuideError("steps.yaml", f"{where}.supersedes", f"unknown step {other!r}")
        if step.service is not None and step.service not in g.services:
            raise GuideError("steps.yaml", f"{where}.service", f"unknown service {step.service!r}")
        if step.follow_up and step.follow_up.after and step.follow_up.after not in g.steps:
            raise GuideError(
                "steps.yaml", f"{where}.follow_up.after", f"unknown step {step.follow_up.after!r}"
            )
    for table in ("police", "escalate_to", "refer_to"):
        for key, step_id in getattr(g.routing, table).items():
            if step_id not in g.steps:
                raise GuideError(
                    "rules.yaml", f"routing.{table}.{key}", f"unknown step {step_id!r}"
                )
    for index, rule in enumerate(g.rules):
        for step_id in rule.then.get("steps", ()):
            if step_id not in g.steps:
                raise GuideError(
                    "rules.yaml", f"rules[{index}].then.steps", f"unknown step {step_id!r}"
                )
        _check_condition(rule.when, g, "rules.yaml", f"rules[{index}].when")
        for old, new in rule.then.get("swap_steps", {}).items():
            for step_id in (old, new):
                if step_id not in g.steps:
                    raise GuideError(
                        "rules.yaml", f"rules[{index}].then.swap_steps", f"unknown step {step_id!r}"
                    )
    for name, cond in g.conditions.items():
        _check_no_nesting(cond, name)
        _check_condition(cond, g, "rules.yaml", f"conditions.{name}")
    for index, crime in enumerate(g.offences.values()):
        if crime.applies_when is not None:
            _check_condition(
                crime.applies_when, g, "offences.yaml", f"offences[{index}].applies_when"
            )
    for index, service in enumerate(g.services.values()):
        if service.excluded_when is not None:
            _check_condition(
                service.excluded_when, g, "services.yaml", f"services[{index}].excluded_when"
            )
    for pid in g.platforms:
        if pid in (v.PLATFORM_OTHER, v.PLATFORM_NONE):
            raise GuideError("platforms.yaml", "platforms", f"{pid!r} is reserved")
    for sid in REQUIRED_SERVICES:
        if sid not in g.services:
            raise GuideError("services.yaml", "services", f"no entry for service {sid!r}")
    for index, item in enumerate(g.support):
        if item.when is not None:
            _check_condition(item.when, g, "support.yaml", f"support[{index}].when")
        if item.service is not None and item.service not in g.services:
            raise GuideError(
                "support.yaml", f"support[{index}].service", f"unknown service {item.service!r}"
            )


def _check_condition(cond: dict[str, Any], g: Guides, file: str, path: str) -> None:
    """Platforms and named conditions a condition uses must exist."""
    names = {*g.platforms, v.PLATFORM_OTHER, v.PLATFORM_NONE}
    for key in ("platform_in", "platform_not_in"):
        for index, name in enumerate(cond.get(key, ())):
            if name not in names:
                raise GuideError(file, f"{path}.{key}[{index}]", f"unknown platform {name!r}")
    for index, name in enumerate(cond.get("is", ())):
        if name not in g.conditions:
            raise GuideError(file, f"{path}.is[{index}]", f"unknown condition {name!r}")
    for key in ("any_of", "all_of"):
        for index, sub in enumerate(cond.get(key, ())):
            _check_condition(sub, g, file, f"{path}.{key}[{index}]")
    if "not" in cond:
        _check_condition(cond["not"], g, file, f"{path}.not")


def _check_no_nesting(cond: dict[str, Any], name: str) -> None:
    """A named condition may not use another (so no condition can refer to itself)."""
    if "is" in cond:
        raise GuideError("rules.yaml", f"conditions.{name}", "may not use another named condition")
    for key in ("any_of", "all_of"):
        for sub in cond.get(key, ()):
            _check_no_nesting(sub, name)
    if "not" in cond:
        _check_no_nesting(cond["not"], name)
