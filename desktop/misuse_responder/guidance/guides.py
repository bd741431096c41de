"""Load guides/ (the guidance as reviewed data), check it, and hold it in typed form.

A broken guide must never reach a member of staff as silently missing advice: every
file is checked against its schema and the files are checked against each other
(every step a rule names exists, every referral has a step, and so on).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import string
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

from msgspec.structs import asdict

from misuse_responder.guidance import guides_cache, schema
from misuse_responder.guidance import vocabulary as v
from misuse_responder.guidance.glossary import Glossary, glossary
from misuse_responder.guidance.guide_records import (
    FILES,
    Concern,
    ConcernsFile,
    FollowUp,
    Link,
    MetaFile,
    Offence,
    OffencesFile,
    Platform,
    PlatformsFile,
    Route,
    Routing,
    Rule,
    RulesFile,
    Service,
    ServicesFile,
    Step,
    StepsFile,
    SupportFile,
    SupportItem,
    WhoCanReport,
)
from misuse_responder.guidance.sources import SourceTitles, source_titles, title_sources

# The records are defined in guide_records.py; the rest of the app imports them from here.
__all__ = [
    "GUIDES_ENV",
    "REQUIRED_SERVICES",
    "Concern",
    "FollowUp",
    "GuideError",
    "Guides",
    "Link",
    "Offence",
    "Platform",
    "Route",
    "Routing",
    "Rule",
    "Service",
    "Step",
    "SupportItem",
    "WhoCanReport",
    "default_guides_dir",
    "fill_wording",
    "load_guides",
    "placeholders",
]

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
    _fingerprint_texts(directory, digest)
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
    for name, kind in FILES.items():
        if name not in files:
            why = unreadable or OSError("missing")
            raise GuideError(name, "", f"cannot be read ({why.strerror or why})") from None
        try:
            parsed = yaml.load(files[name], Loader=loader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark is not None else ""
            raise GuideError(
                name, where, f"is not valid YAML ({getattr(exc, 'problem', exc)})"
            ) from None
        raw[name] = schema.strip(parsed)
        _check(name, raw[name], kind)
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
    # Read again with the sources titled (msgspec takes about a millisecond for all of it).
    meta = _check("meta.yaml", raw["meta.yaml"], MetaFile)
    concerns = _check("concerns.yaml", raw["concerns.yaml"], ConcernsFile).concerns
    offences = _check("offences.yaml", raw["offences.yaml"], OffencesFile).offences
    steps = _check("steps.yaml", raw["steps.yaml"], StepsFile)
    rules = _check("rules.yaml", raw["rules.yaml"], RulesFile)
    platforms = _check("platforms.yaml", raw["platforms.yaml"], PlatformsFile).platforms
    services = _check("services.yaml", raw["services.yaml"], ServicesFile).services
    support = _check("support.yaml", raw["support.yaml"], SupportFile).support
    wording: dict[str, dict[str, str]] = dict(steps.wording)
    guides = Guides(
        version=f"{meta.edition}+{digest.hexdigest()[:12]}",
        edition=meta.edition,
        title=meta.title,
        notice=meta.notice,
        reviewed=meta.reviewed,
        concerns=_by_id("concerns.yaml", concerns),
        offences=_by_id("offences.yaml", offences),
        steps=_by_id("steps.yaml", [_step(item, wording) for item in steps.steps]),
        routing=rules.routing,
        rules=tuple(_by_id("rules.yaml", rules.rules).values()),
        platforms=_by_id("platforms.yaml", platforms),
        services=_by_id("services.yaml", services),
        support=tuple(_by_id("support.yaml", [_support(i, wording) for i in support]).values()),
        wording=wording,
        conditions=dict(rules.conditions),
        source_titles=titles,
        glossary=words,
    )
    _cross_check(guides, raw)
    guides = jurisdictions.load_all(extra, guides)
    guides_cache.write(digest.hexdigest(), guides)
    return guides


R = TypeVar("R")


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


Ided = TypeVar("Ided", bound=_Identified)


def _check(file: str, data: Any, kind: type[R]) -> R:
    """``data`` (one parsed file) as its record; a misfit is a GuideError naming the field."""
    try:
        return schema.check(data, kind)
    except schema.SchemaError as exc:
        raise GuideError(file, exc.path, exc.message) from None


def _fingerprint_texts(directory: Path, digest: Any) -> None:
    """Add guides/text/** (the guides' words in other languages, guidance/guide_text.py) to
    the guide version: a record then also says which translation its advice was shown in."""
    folder = directory / "text"
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(directory)
        if path.is_file() and not any(part.startswith(".") for part in name.parts):
            with contextlib.suppress(OSError):  # an unreadable text is refused when read
                digest.update(name.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def _check_no_extra(directory: Path) -> None:
    extra = sorted(
        p.name
        for p in directory.glob("*.y*ml")
        if p.name not in FILES and p.name != "documents.yaml" and not p.name.startswith(".")
    )
    if extra:
        raise GuideError(extra[0], "", "is not a known guides file (it would be ignored)")


def _by_id(file: str, items: Iterable[Ided]) -> dict[str, Ided]:
    out: dict[str, Ided] = {}
    key = file.removesuffix(".yaml")
    for index, item in enumerate(items):
        if item.id in out:
            raise GuideError(file, f"{key}[{index}].id", f"{item.id!r} is used twice")
        out[item.id] = item
    return out


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


def _step(item: Any, wording: dict[str, dict[str, str]]) -> Step:
    templates = (item.title, item.detail, item.why)
    _check_role_words("steps.yaml", f"steps[{item.id}]", templates, wording)
    title, detail, why = (fill_wording(t, wording, set()) for t in templates)
    fields = {**asdict(item), "title": title, "detail": detail, "why": why}
    return Step(**fields, templates=templates)


def _support(item: Any, wording: dict[str, dict[str, str]]) -> SupportItem:
    templates = (item.title, item.detail)
    _check_role_words("support.yaml", f"support[{item.id}]", templates, wording)
    title, detail = (fill_wording(t, wording, set()) for t in templates)
    return SupportItem(**{**asdict(item), "title": title, "detail": detail}, templates=templates)


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
