"""The redacted copy: names and handles of the people in a case replaced by their roles.

A redacted pack is for sharing beyond the safeguarding team or answering a subject
access request, so every party's name (in the people table and wherever it occurs in
free text: the title, the chronology, pasted messages, descriptions, file names) becomes
a label such as "Pupil A". The school's own staff keep their names: they act for the
recipient. This is the one implementation every redacted output uses.

Children write names every way but the way they were recorded, so matching is wide on
purpose (where a match is uncertain, the text is redacted):

- case- and accent-insensitive (``lukasz`` for ``Łukasz``), on a folded copy of the text
  whose positions map back to the original;
- each part of a name on its own ("Jan", "Kowalski"), the parts run together or joined by
  ``_ . -`` (``zofia_wisniewska``, ``ZofiaWisniewska``), apostrophes typed any way or not
  at all (``O’Brien``, ``O'Brien``, ``OBrien``);
- inflected forms: a Latin-script part of four letters or more also matches its stem plus
  a short ending (``Zofii Wiśniewskiej`` for ``Zofia Wiśniewska``);
- inside handles and file names (a word with ``@``, ``_``, digits, a dot or a capital in
  the middle: ``zofia2011``, ``MaryJane``), any name part of three letters or more; the
  whole handle or file name (not its extension) is then replaced;
- the extra terms the DSL records for a person (nicknames such as ``Zosia``, handles), and
  every handle recorded on the case's evidence, wherever they appear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from misuse_responder.export.fonts import has_cjk
from misuse_responder.i18n import _
from misuse_responder.store.text import fold
from misuse_responder.store.views import PersonView

KEEP_KINDS = ("staff", "headteacher")
MIN_PART = 2  # a name part matched as a whole word
MIN_INNER = 3  # a name part matched inside a handle or file name
MIN_STEM = 4  # a name part that also matches its inflected forms
MAX_ENDING = 5  # letters an inflected ending may add to the stem
APOSTROPHES = "'’ʼ‘`´′"  # folded into one
VOWELS = "aeiouy"

_SEP = r"[\s_.\-']*"  # between the parts of a name, in the folded text (or none at all)
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_NOT_ALNUM_BEFORE = r"(?<![^\W_])"
_NOT_ALNUM_AFTER = r"(?![^\W_])"
_TOKEN = re.compile(r"\S+")
_HANDLE_LIKE = re.compile(r"[@_/\d]|[^\W\d_]\.[^\W\d_]|[a-zà-ÿ][A-ZÀ-Þ]")
_LEAD = "\"'([{<«“‘*"
_TRAIL = ".,;:!?)]}>»”’'\"*"
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")
_JOIN_GAP = re.compile(r"[ \t_.\-'’ʼ]*")


def kind_label(kind: str) -> str:
    return {
        "pupil": _("Pupil"),
        "staff": _("Member of staff"),
        "headteacher": _("Head teacher"),
        "governor": _("Governor"),
        "parent": _("Parent or carer"),
        "adult": _("Adult"),
        "other": _("Other person"),
        "unknown": _("Unknown person"),
    }.get(kind, kind)


def _letter(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in APOSTROPHES:
        return "'"
    if ch.isspace():
        return " "
    return fold(ch)


def fold_with_map(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, for each of its characters, the index of the original one
    (``None``: the same positions, as for plain ASCII)."""
    if text.isascii():
        return text.lower().replace("`", "'"), None
    out: list[str] = []
    where: list[int] = []
    for index, ch in enumerate(text):
        folded = ch.lower() if ch.isascii() else _fold_char(ch)
        if ch == "`":
            folded = "'"
        out.append(folded)
        where.extend([index] * len(folded))
    return "".join(out), where


def _atom(part: str) -> str:
    """A folded name part as a pattern: an apostrophe may appear between any letters."""
    letters = [c for c in part if c != "'"]
    return "'?".join(re.escape(c) for c in letters)


def _stem(part: str) -> str | None:
    """The stem of a Latin-script part plus a short ending (for inflected forms), or None.

    The stem keeps four letters at least, so "Mary" does not become "mar" (March, market).
    """
    letters = part.replace("'", "")
    if len(letters) < MIN_STEM or not (letters.isascii() and letters.isalpha()):
        return None
    base = letters.rstrip(VOWELS)
    if len(base) < MIN_STEM:
        base = letters[:MIN_STEM]
    elif len(base) >= 6:
        base = base[:-1]  # a consonant that changes before an ending (Agnieszka, Agnieszce)
    ending = 3 if len(base) <= MIN_STEM else MAX_ENDING
    return _atom(base) + f"[a-z]{{0,{ending}}}"


def _parts(folded: str) -> list[str]:
    return [p for p in re.split(r"[\s\-_.]+", folded) if p]


def _letters(part: str) -> int:
    return sum(1 for c in part if c.isalpha())


def is_handle(term: str) -> bool:
    """Whether an extra term is a handle (matched whole) rather than a name (by parts)."""
    stripped = term.strip()
    return bool(re.search(r"[@_\d/.]", stripped)) or (
        " " not in stripped and bool(re.search(r"[a-z][A-Z]", stripped))
    )


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    label: str | None  # None: a kept (staff) name


@dataclass
class _Rules:
    """Patterns (on folded text) and what each one's match becomes."""

    words: dict[str, str | None] = field(default_factory=dict)  # bounded by non-letters
    handles: dict[str, str | None] = field(default_factory=dict)  # bounded by non-alnum
    anywhere: dict[str, str | None] = field(default_factory=dict)  # CJK: no word breaks
    inner: dict[str, str | None] = field(default_factory=dict)  # inside handle-like words
    conflicts: set[tuple[str, str]] = field(default_factory=set)

    def add(self, table: str, pattern: str, label: str | None) -> None:
        target: dict[str, str | None] = getattr(self, table)
        if pattern in target and target[pattern] != label:
            if target[pattern] is None or label is None:
                label = label or target[pattern]  # a party's name outranks a kept one
            else:
                self.conflicts.add((table, pattern))
        target[pattern] = label

    def name(self, name: str, label: str | None) -> None:
        folded, _where = fold_with_map(name)
        if has_cjk(name):
            self.add("anywhere", re.escape(" ".join(folded.split())), label)
            return
        parts = _parts(folded)
        if len(parts) > 1:
            self.add("words", _SEP.join(_atom(p) for p in parts), label)
            self.add("inner", "".join(_atom(p) for p in parts), label)
        if label is None:  # a kept name is kept whole only
            if len(parts) == 1:
                self.add("words", _atom(parts[0]), None)
            return
        for part in parts:
            pieces = [part, *(x for x in part.split("'") if _letters(x) >= MIN_STEM)]
            for piece in dict.fromkeys(pieces):
                if _letters(piece) < MIN_PART:
                    continue
                self.add("words", _atom(piece), label)
                stem = _stem(piece)
                if stem is not None:
                    self.add("words", stem, label)
                if _letters(piece) >= MIN_INNER:
                    self.add("inner", _atom(piece), label)

    def handle(self, handle: str, label: str) -> None:
        folded, _where = fold_with_map(handle.strip().lstrip("@"))
        parts = [p for p in re.split(r"[\s_.\-']+", folded) if p]
        if not parts or sum(len(p) for p in parts) < MIN_PART:
            return
        pattern = _SEP.join(re.escape(p) for p in parts)
        self.add("handles", pattern, label)
        self.add("inner", "".join(re.escape(p) for p in parts), label)

    def compile(self, generic: str) -> tuple[_Compiled, _Compiled]:
        """The main pattern (handles, bounded words, CJK) and the one used inside handles.

        Each class shares one look-behind and one look-ahead around its alternation, so
        the engine tests the boundary once per position, not once per name."""
        for table, pattern in self.conflicts:
            getattr(self, table)[pattern] = generic
        labels: list[str | None] = []
        classes = (
            (self.handles, _NOT_ALNUM_BEFORE, _NOT_ALNUM_AFTER),
            (self.words, _NOT_LETTER_BEFORE, _NOT_LETTER_AFTER),
            (self.anywhere, "", ""),
        )
        bodies = [
            f"{before}(?:{_alternation(table, labels)}){after}"
            for table, before, after in classes
            if table
        ]
        main = re.compile("|".join(bodies)) if bodies else None
        inner_labels: list[str | None] = []
        inner = re.compile(_alternation(self.inner, inner_labels)) if self.inner else None
        return (main, labels), (inner, inner_labels)


_Compiled = tuple[re.Pattern[str] | None, list[str | None]]


def _alternation(table: dict[str, str | None], labels: list[str | None]) -> str:
    """The patterns longest first, each in a group whose number indexes ``labels``."""
    out = []
    for pattern, label in sorted(table.items(), key=lambda a: -len(a[0])):
        out.append(f"(?P<g{len(labels)}>{pattern})")
        labels.append(label)
    return "|".join(out)


def _label_of(match: re.Match[str], labels: list[str | None]) -> str | None:
    return labels[int(str(match.lastgroup)[1:])]


@dataclass
class Redactor:
    """Replaces party names and handles in text; the identity when ``active`` is False."""

    active: bool = False
    labels: dict[int, str] = field(default_factory=dict)  # person id -> label
    names: tuple[str, ...] = ()  # every name that is replaced (for tests and checks)
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # label -> terms (preview)
    _main: re.Pattern[str] | None = None
    _main_labels: list[str | None] = field(default_factory=list)
    _inner: re.Pattern[str] | None = None
    _inner_labels: list[str | None] = field(default_factory=list)
    _generic: str = ""

    def person(self, person: PersonView) -> str:
        if not self.active:
            return person.name
        return self.labels.get(person.id, person.name)

    def __call__(self, text: str | None) -> str:
        if not text or not self.active or (self._main is None and self._inner is None):
            return text or ""
        folded, where = fold_with_map(text)

        def span(start: int, end: int) -> tuple[int, int]:
            if where is None:
                return start, end
            return where[start], where[end - 1] + 1

        found: list[_Found] = []
        for token in _TOKEN.finditer(text) if self._inner is not None else ():
            hit = self._in_token(text, token.start(), token.end())
            if hit is not None:
                found.append(hit)
        covered = [(f.start, f.end) for f in found]  # in order, never overlapping
        at = 0
        if self._main is not None:
            for match in self._main.finditer(folded):
                if match.end() == match.start():
                    continue
                start, end = span(match.start(), match.end())
                while at < len(covered) and covered[at][1] <= start:
                    at += 1
                if at < len(covered) and covered[at][0] < end:
                    continue  # inside a handle or file name already replaced whole
                found.append(_Found(start, end, _label_of(match, self._main_labels)))
        return self._apply(text, found)

    def _in_token(self, text: str, start: int, end: int) -> _Found | None:
        """A handle or file name holding a name part: the whole of it, as one label."""
        token = text[start:end]
        if not _HANDLE_LIKE.search(token):
            return None
        assert self._inner is not None
        piece, _where = fold_with_map(token)
        labels = {_label_of(m, self._inner_labels) for m in self._inner.finditer(piece)}
        labels.discard(None)
        if not labels:
            return None
        label = labels.pop() if len(labels) == 1 else self._generic
        while start < end and text[start] in _LEAD:
            start += 1
        while end > start and text[end - 1] in _TRAIL:
            end -= 1
        if start < end and text[start] == "@":
            start += 1
        extension = _EXTENSION.search(text, start, end)
        if extension is not None and extension.start() > start:
            end = extension.start()
        if start >= end:
            return None
        return _Found(start, end, label)

    def _apply(self, text: str, found: list[_Found]) -> str:
        found.sort(key=lambda f: (f.start, -f.end))
        out: list[str] = []
        at = 0
        last: str | None = None
        for item in found:
            if item.start < at:
                continue
            gap = text[at : item.start]
            if item.label is None:
                out.append(gap + text[item.start : item.end])
                last = None
            elif last == item.label and out and _JOIN_GAP.fullmatch(gap):
                pass  # "Zofia Wiśniewska", "Zofii_Wiśniewskiej": one label, not two
            else:
                out.append(gap + item.label)
                last = item.label
            at = item.end
        out.append(text[at:])
        return "".join(out)

    def withhold(self, text: str | None) -> str | None:
        """Identifying details (handles, links) that cannot be redacted word by word."""
        if not text or not self.active:
            return text
        return _("[withheld in the redacted copy]")


def build(
    people: Sequence[PersonView], active: bool, handles: Iterable[str | None] = ()
) -> Redactor:
    """A redactor for a case's people and the handles recorded on its evidence
    (inactive: everything is shown as it is)."""
    if not active:
        return Redactor()
    counters: dict[str, int] = {}
    by_name: dict[str, str] = {}
    labels: dict[int, str] = {}
    names: list[str] = []
    rules = _Rules()
    terms: dict[str, list[str]] = {}
    for p in people:
        if p.kind in KEEP_KINDS:
            continue
        key = fold(p.name)
        if key not in by_name:
            n = counters.get(p.kind, 0)
            counters[p.kind] = n + 1
            by_name[key] = f"{kind_label(p.kind)} {_letter(n)}"
            names.append(p.name)
        labels[p.id] = label = by_name[key]
        seen = terms.setdefault(label, [])
        for term in (p.name, *p.aliases):
            term = term.strip()
            if not term or term in seen:
                continue
            seen.append(term)
            if term != p.name and is_handle(term):
                rules.handle(term, label)
            else:
                rules.name(term, label)
    for p in people:  # staff names are matched whole first, so "Mr Jan Smith" stays whole
        if p.kind in KEEP_KINDS:
            rules.name(p.name, None)
    handle_label = _("[handle withheld]")
    for handle in handles:
        if handle and handle.strip():
            rules.handle(handle, handle_label)
            terms.setdefault(handle_label, [])
            if handle.strip() not in terms[handle_label]:
                terms[handle_label].append(handle.strip())
    generic = _("[name withheld]")
    (main, main_labels), (inner, inner_labels) = rules.compile(generic)
    return Redactor(
        True,
        labels,
        tuple(names),
        {k: tuple(v) for k, v in terms.items()},
        main,
        main_labels,
        inner,
        inner_labels,
        generic,
    )
