"""The guides' words in another language: guides/text/<language>/<file>.yaml.

Every text staff read in guides/ (a step's title, a service's hours, a glossary term, ...)
has a stable key made of ids, never list positions where an id exists:
``steps/report-to-ceop/title``, ``wording/dsl/deputy-for-dsl``,
``platforms/instagram/report_content/how``. A language's folder holds one flat mapping
(key -> text) per guides file, beside the YAML it translates; English is the YAML itself.

``translated(guides, "cy")`` is the same ``Guides`` with those texts replaced: ids, URLs,
phone numbers, dates, rules and every ``source`` stay exactly as they are, so the engine
routes a Welsh case exactly as an English one. A text not yet translated (absent, or still
``TODO: `` from ``scripts/guide_text.py template``) stays in English, and so does one
translated from an English text that has changed since (``english.lock`` beside the texts
keeps a fingerprint of the English each was made from). A key that names no
text any more, a text in the wrong file, or a translation that loses or adds a role word
({dsl}, {head}, ...) is refused with a ``GuideError`` naming the file and the key, as a
broken guides file is. Qt-free.

What is a text, and its key, is said once, in ``_walk``; it serves both listing the texts
(``texts``) and replacing them (``translated``). A new text field is one line there.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from misuse_responder.guidance.guides import (
    GuideError,
    Guides,
    default_guides_dir,
    fill_wording,
    load_guides,
)

TEXT_DIR = "text"
ENGLISH = "en"
TODO = "TODO: "
# Beside a language's texts: for each key, a fingerprint of the English it was translated
# from, so a translation of an English text that has since changed is never shown.
LOCK = "english.lock"

# Which guides file each key belongs to, by its first part.
FILE_OF = {
    "meta": "meta.yaml",
    "concerns": "concerns.yaml",
    "offences": "offences.yaml",
    "wording": "steps.yaml",
    "steps": "steps.yaml",
    "support": "support.yaml",
    "services": "services.yaml",
    "platforms": "platforms.yaml",
    "glossary": "glossary.yaml",
    "documents": "documents.yaml",
}
# A nation's overlay (guides/jurisdictions/<nation>.yaml, when guides/ has them): its texts'
# keys start jurisdictions/<nation>/ and live in text/<language>/jurisdictions/<nation>.yaml.
OVERLAYS = "jurisdictions"
_OVERLAY_FILE = re.compile(rf"{OVERLAYS}/[a-z][a-z-]*\.yaml")

_ROUTES = (
    "report_content",
    "non_user_route",
    "under_13",
    "impersonation",
    "who_can_report",
    "rules_to_cite",
    "response_time",
)
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")
_ROLE_WORD = re.compile(r"\{([A-Za-z_]+)\}")

Put = Callable[[str, str], str]


def _replace(obj: Any, **changes: Any) -> Any:
    """``obj`` with ``changes``, for a frozen dataclass or a msgspec Struct alike."""
    changes = {k: val for k, val in changes.items() if getattr(obj, k) != val}
    if not changes:
        return obj
    if dataclasses.is_dataclass(obj):
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    fields = getattr(obj, "__struct_fields__", None)
    if fields is not None:
        return type(obj)(**{**{f: getattr(obj, f) for f in fields}, **changes})
    raise TypeError(f"cannot replace fields of {type(obj).__name__}")


def _text(put: Put, key: str, value: str | None) -> str | None:
    """``put`` for a text that is there (an absent or empty text has nothing to say)."""
    return put(key, value) if value else value


def _links(put: Put, base: str, links: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(
        _replace(link, label=_text(put, f"{base}/links/{i}/label", link.label))
        for i, link in enumerate(links)
    )


def _route(put: Put, base: str, route: Any) -> Any:
    if route is None:
        return None
    changes: dict[str, Any] = {"how": _text(put, f"{base}/how", route.how)}
    if hasattr(route, "note"):
        changes["note"] = _text(put, f"{base}/note", route.note)
    if hasattr(route, "links"):
        changes["links"] = _links(put, base, route.links)
    return _replace(route, **changes)


def _walk(g: Guides, put: Put) -> Guides:
    """``g`` with each text replaced by ``put(key, text)``: the one list of texts and keys.

    The order here is the order of the keys in the text files.
    """
    changes: dict[str, Any] = {
        "title": _text(put, "meta/title", g.title),
        "notice": _text(put, "meta/notice", g.notice),
    }
    changes["concerns"] = {
        cid: _replace(
            c,
            label=_text(put, f"concerns/{cid}/label", c.label),
            explanation=_text(put, f"concerns/{cid}/explanation", c.explanation),
        )
        for cid, c in g.concerns.items()
    }
    changes["offences"] = {
        oid: _replace(
            o,
            name=_text(put, f"offences/{oid}/name", o.name),
            note=_text(put, f"offences/{oid}/note", o.note),
        )
        for oid, o in g.offences.items()
    }
    wording = {
        name: {ctx: _text(put, f"wording/{name}/{ctx}", text) or "" for ctx, text in by.items()}
        for name, by in g.wording.items()
    }
    changes["wording"] = wording

    def worded(templates: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(fill_wording(t, wording, set()) for t in templates)

    steps = {}
    for sid, step in g.steps.items():
        base = f"steps/{sid}"
        names = ("title", "detail", "why")
        old = tuple(getattr(step, "templates", ()) or (getattr(step, n) for n in names))
        new = tuple(_text(put, f"{base}/{n}", t) or t for n, t in zip(names, old, strict=True))
        title, detail, why = worded(new)
        follow = step.follow_up
        if follow is not None:
            follow = _replace(follow, label=_text(put, f"{base}/follow_up/label", follow.label))
        step_changes: dict[str, Any] = {
            "title": title,
            "detail": detail,
            "why": why,
            "follow_up": follow,
        }
        if hasattr(step, "templates"):
            step_changes["templates"] = new
        steps[sid] = _replace(step, **step_changes)
    changes["steps"] = steps
    support = []
    for item in g.support:
        base = f"support/{item.id}"
        old = tuple(getattr(item, "templates", ()) or (item.title, item.detail))
        new = tuple(
            _text(put, f"{base}/{n}", t) or t for n, t in zip(("title", "detail"), old, strict=True)
        )
        title, detail = worded(new)
        item_changes: dict[str, Any] = {"title": title, "detail": detail}
        if hasattr(item, "templates"):
            item_changes["templates"] = new
        support.append(_replace(item, **item_changes))
    changes["support"] = tuple(support)
    services = {}
    for sid, s in g.services.items():
        base = f"services/{sid}"
        services[sid] = _replace(
            s,
            name=_text(put, f"{base}/name", s.name),
            for_=_text(put, f"{base}/for", s.for_),
            not_for=_text(put, f"{base}/not_for", s.not_for),
            how=_text(put, f"{base}/how", s.how),
            hours=_text(put, f"{base}/hours", s.hours),
            note=_text(put, f"{base}/note", s.note),
            links=_links(put, base, s.links),
        )
    changes["services"] = services
    platforms = {}
    for pid, p in g.platforms.items():
        base = f"platforms/{pid}"
        platforms[pid] = _replace(
            p,
            name=_text(put, f"{base}/name", p.name),
            **{r: _route(put, f"{base}/{r}", getattr(p, r)) for r in _ROUTES},
            notes=tuple(
                _text(put, f"{base}/notes/{i}", note) or note for i, note in enumerate(p.notes)
            ),
        )
    changes["platforms"] = platforms
    terms = tuple(
        _replace(
            t,
            term=_text(put, f"glossary/{t.term}/term", t.term),
            stands_for=_text(put, f"glossary/{t.term}/stands_for", t.stands_for),
            meaning=_text(put, f"glossary/{t.term}/meaning", t.meaning),
        )
        for t in g.glossary.terms
    )
    changes["glossary"] = _replace(g.glossary, terms=terms)
    documents = getattr(g, "documents", None)
    if documents:
        changes["documents"] = {
            did: _replace(doc, title=_text(put, f"documents/{did}/title", doc.title))
            for did, doc in documents.items()
        }
    overlays = getattr(g, "overlays", None)
    if overlays:
        changes["overlays"] = {
            nation: _overlay(put, f"{OVERLAYS}/{nation}", overlay)
            for nation, overlay in overlays.items()
        }
    return _replace(g, **changes)  # type: ignore[no-any-return]


def _overlay(put: Put, base: str, o: Any) -> Any:
    """One nation's overlay (guidance/jurisdictions.py) with its texts replaced: the words for
    its roles, its own wording, and the text of the steps, support, concerns, offences,
    services, platforms and glossary entries it changes. Sources, documents and rules (with
    their re-worded summaries) stay as they are, as rules.yaml's do."""

    def texts_of(record: Any, where: str, names: tuple[str, ...]) -> Any:
        return _replace(
            record, **{n: _text(put, f"{where}/{n}", getattr(record, n)) for n in names}
        )

    steps = {}
    for sid, change in o.steps.items():
        step = texts_of(change, f"{base}/steps/{sid}", ("title", "detail", "why"))
        if step.follow_up is not None:
            follow = texts_of(step.follow_up, f"{base}/steps/{sid}/follow_up", ("label",))
            step = _replace(step, follow_up=follow)
        steps[sid] = step
    head = o.head_concern
    return _replace(
        o,
        name=_text(put, f"{base}/name", o.name),
        title=_text(put, f"{base}/title", o.title),
        roles={
            rid: texts_of(role, f"{base}/roles/{rid}", ("label", "short"))
            for rid, role in o.roles.items()
        },
        wording={
            name: {
                ctx: _text(put, f"{base}/wording/{name}/{ctx}", text) or ""
                for ctx, text in by.items()
            }
            for name, by in o.wording.items()
        },
        steps=steps,
        support={
            sid: texts_of(item, f"{base}/support/{sid}", ("title", "detail"))
            for sid, item in o.support.items()
        },
        concerns={
            cid: texts_of(item, f"{base}/concerns/{cid}", ("label", "explanation"))
            for cid, item in o.concerns.items()
        },
        offences=tuple(
            texts_of(crime, f"{base}/offences/{crime.id}", ("name", "note")) for crime in o.offences
        ),
        head_concern=None if head is None else texts_of(head, f"{base}/head_concern", ("label",)),
        services={
            sid: texts_of(
                item, f"{base}/services/{sid}", ("name", "for_", "not_for", "how", "note")
            )
            for sid, item in o.services.items()
        },
        platforms={
            pid: _replace(
                item,
                notes={
                    i: _text(put, f"{base}/platforms/{pid}/notes/{i}", note) or note
                    for i, note in item.notes.items()
                },
                routes={
                    route: texts_of(
                        words, f"{base}/platforms/{pid}/routes/{route}", ("how", "note")
                    )
                    for route, words in item.routes.items()
                },
            )
            for pid, item in o.platforms.items()
        },
        glossary={
            term: texts_of(item, f"{base}/glossary/{term}", ("meaning", "stands_for"))
            for term, item in o.glossary.items()
        },
    )


def texts(g: Guides) -> dict[str, str]:
    """Every user-facing text of ``g`` (in English: as written in the YAML), by key."""
    found: dict[str, str] = {}

    def put(key: str, text: str) -> str:
        found[key] = text
        return text

    _walk(g, put)
    return found


def file_of(key: str) -> str:
    """The guides file a key's text belongs to (``steps/call-999/title`` -> steps.yaml)."""
    first, _sep, rest = key.partition("/")
    if first == OVERLAYS:
        return f"{OVERLAYS}/{rest.split('/', 1)[0]}.yaml"
    return FILE_OF[first]


def role_words(text: str) -> list[str]:
    """The role words ({dsl}, ...) in ``text``, sorted, each once."""
    return sorted(set(_ROLE_WORD.findall(text)))


def braces_match(english: str, other: str) -> bool:
    """Whether ``other`` keeps ``english``'s role words, and adds no other brace."""
    return role_words(english) == role_words(other) and (
        other.count("{"),
        other.count("}"),
    ) == (len(_ROLE_WORD.findall(other)), len(_ROLE_WORD.findall(other)))


def text_dir(language: str, directory: Path | None = None) -> Path:
    return Path(directory or default_guides_dir()) / TEXT_DIR / language


def languages(directory: Path | None = None) -> list[str]:
    """The languages guides/text/ has texts for, besides English."""
    root = Path(directory or default_guides_dir()) / TEXT_DIR
    try:
        return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return []


def english_mark(text: str) -> str:
    """A short fingerprint of the English a translation was made from (``LOCK``)."""
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _read_mapping(path: Path, where: str) -> dict[str, str]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_bytes(), Loader=loader)
    except OSError as exc:
        raise GuideError(where, "", f"cannot be read ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark is not None else ""
        raise GuideError(where, line, "is not valid YAML") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise GuideError(where, "", "must be a mapping of key: text")
    for key, text in data.items():
        if not isinstance(key, str) or not isinstance(text, str):
            raise GuideError(where, str(key), "must be a key and a text")
    return data


def _check_language(language: str) -> None:
    if not _LANGUAGE.fullmatch(language):
        raise GuideError(f"{TEXT_DIR}/{language}", "", "is not a language code (such as cy)")


def read_texts(language: str, directory: Path | None = None) -> dict[str, tuple[str, str]]:
    """A language's texts as written: key -> (file name, text). Only their shape is checked."""
    _check_language(language)
    folder = text_dir(language, directory)
    out: dict[str, tuple[str, str]] = {}
    if not folder.is_dir():
        return out
    known = set(FILE_OF.values())
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in name.split("/")) or name == LOCK:
            continue
        if path.is_dir() and name == OVERLAYS:
            continue
        where = f"{TEXT_DIR}/{language}/{name}"
        if name not in known and not _OVERLAY_FILE.fullmatch(name):
            raise GuideError(where, "", "is not named after a guides file with texts")
        for key, text in _read_mapping(path, where).items():
            out[key] = (name, text)
    return out


def read_lock(language: str, directory: Path | None = None) -> dict[str, str]:
    """key -> ``english_mark`` of the English each translation was made from."""
    _check_language(language)
    path = text_dir(language, directory) / LOCK
    if not path.is_file():
        return {}
    return _read_mapping(path, f"{TEXT_DIR}/{language}/{LOCK}")


def outdated(english: str, key: str, lock: dict[str, str]) -> bool:
    """Whether the English has changed since ``key`` was translated (its Welsh is then not
    shown: a stale translation could give advice the guides no longer give)."""
    return key in lock and lock[key] != english_mark(english)


def problems(
    g: Guides,
    language: str,
    directory: Path | None = None,
    *,
    missing: bool = True,
    found: dict[str, tuple[str, str]] | None = None,
) -> list[GuideError]:
    """What is wrong with a language's texts for ``g``: stale keys, texts in the wrong
    file, lost or added role words, and (with ``missing``) texts not yet translated, or
    translated from an English text that has changed since."""
    english = texts(g)
    found = read_texts(language, directory) if found is None else found
    out: list[GuideError] = []
    base = f"{TEXT_DIR}/{language}"
    for key, (name, text) in found.items():
        where = f"{base}/{name}"
        if key not in english:
            out.append(GuideError(where, key, "names no text in guides/ (a stale key)"))
        elif file_of(key) != name:
            out.append(GuideError(where, key, f"belongs in {base}/{file_of(key)}"))
        elif not text.strip():
            out.append(GuideError(where, key, "is empty"))
        elif not text.startswith(TODO) and not braces_match(english[key], text):
            want = ", ".join(f"{{{w}}}" for w in role_words(english[key])) or "none"
            out.append(GuideError(where, key, f"must keep the role words exactly ({want})"))
    if missing:
        lock = read_lock(language, directory)
        for key, text in english.items():
            where = f"{base}/{file_of(key)}"
            if key not in found:
                out.append(GuideError(where, key, "has no text"))
            elif found[key][1].startswith(TODO):
                out.append(GuideError(where, key, "is still TODO"))
            elif outdated(text, key, lock):
                out.append(
                    GuideError(where, key, "translates an older English text (run template)")
                )
            elif key not in lock:
                out.append(GuideError(where, key, f"is not in {LOCK} yet (run template)"))
    return out


_CACHE: dict[tuple[int, str, Path], tuple[Guides, Guides]] = {}


def translated(g: Guides, language: str, directory: Path | None = None) -> Guides:
    """``g`` in ``language`` (cached per guides and language; English is ``g`` itself).

    A text not translated yet, or translated from an English text that has changed since
    (see ``LOCK``), stays in English. Raises ``GuideError`` if the language's texts do not
    fit ``g`` (see ``problems``).
    """
    if language == ENGLISH:
        return g
    if getattr(g, "jurisdiction", ""):
        # A nation's view mixes its overlay's English into the base texts, so its keys would
        # not match: translate the loaded guides, then take the nation's view of them.
        raise ValueError("translate the guides first, then take a nation's view (guides_for)")
    folder = Path(directory or default_guides_dir()).resolve()
    key = (id(g), language, folder)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is g:
        return hit[1]
    found = read_texts(language, folder)
    wrong = problems(g, language, folder, missing=False, found=found)
    if wrong:
        raise wrong[0]
    lock = read_lock(language, folder)

    def put(key: str, text: str) -> str:
        mine = found.get(key)
        if mine is None or mine[1].startswith(TODO) or outdated(text, key, lock):
            return text
        return mine[1]

    made = _walk(g, put)
    _CACHE[key] = (g, made)
    return made


def guides_in(language: str, directory: Path | None = None) -> Guides:
    """guides/ loaded and checked, in ``language`` ("en", "cy", ...)."""
    return translated(load_guides(directory), language, directory)


def shown_guides() -> Guides:
    """guides/ in the interface's language: what every screen and PDF reads its words from.

    Ids, routing and the guide version are the same in every language, so a record made in
    Welsh reads back in English and the other way round. Welsh texts that do not fit the
    guides (a damaged or half-updated guides/text/) are not a reason to stop a teacher
    mid-incident: the English is shown instead and the reason goes to the log."""
    from misuse_responder.i18n import current_language

    base = load_guides()
    language = current_language()
    try:
        return translated(base, language)
    except GuideError as exc:
        import logging

        logging.getLogger(__name__).warning("guides shown in English: %s", exc)
        return base
