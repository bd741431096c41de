"""The redacted copy: names of the people in a case replaced by their roles.

A redacted pack is for sharing beyond the safeguarding team or answering a subject
access request, so every party's name (in the people table and wherever it occurs in
free text: the title, the chronology, pasted messages, descriptions) becomes a label
such as "Pupil A". The school's own staff keep their names: they act for the recipient.
Names are matched whole-word and case-insensitively, both as typed and in the
accent-free form staff often type (``Lukasz`` for ``Łukasz``), and each part of a name
on its own too, since notes often say just "Jan" or "Kowalski".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from misuse_responder.export.fonts import has_cjk
from misuse_responder.i18n import _
from misuse_responder.store.text import fold
from misuse_responder.store.views import PersonView

KEEP_KINDS = ("staff", "headteacher")
MIN_PART = 2


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


@dataclass
class Redactor:
    """Replaces party names in text; the identity when ``active`` is False."""

    active: bool = False
    labels: dict[int, str] = field(default_factory=dict)  # person id -> label
    _table: dict[str, str | None] = field(default_factory=dict)  # variant -> label (None: keep)
    _pattern: re.Pattern[str] | None = None
    names: tuple[str, ...] = ()  # every name that is replaced (for tests and checks)

    def person(self, person: PersonView) -> str:
        if not self.active:
            return person.name
        return self.labels.get(person.id, person.name)

    def __call__(self, text: str | None) -> str:
        if not text or not self.active or self._pattern is None:
            return text or ""

        def swap(match: re.Match[str]) -> str:
            found = match.group(0)
            return self._table.get(found.casefold()) or found

        return self._pattern.sub(swap, text)

    def withhold(self, text: str | None) -> str | None:
        """Identifying details (handles, links) that cannot be redacted word by word."""
        if not text or not self.active:
            return text
        return _("[withheld in the redacted copy]")


def _variants(name: str) -> set[str]:
    parts = [p for p in re.split(r"[\s\-]+", name) if len(p) >= MIN_PART]
    out = {name, fold(name), *parts, *(fold(p) for p in parts)}
    return {v for v in out if len(v) >= MIN_PART}


def build(people: Sequence[PersonView], active: bool) -> Redactor:
    """A redactor for a case's people (inactive: names are shown as they are)."""
    if not active:
        return Redactor()
    counters: dict[str, int] = {}
    by_name: dict[str, str] = {}
    labels: dict[int, str] = {}
    kept = [p.name for p in people if p.kind in KEEP_KINDS]
    names: list[str] = []
    for p in people:
        if p.kind in KEEP_KINDS:
            continue
        key = fold(p.name)
        if key not in by_name:
            n = counters.get(p.kind, 0)
            counters[p.kind] = n + 1
            by_name[key] = f"{kind_label(p.kind)} {_letter(n)}"
            names.append(p.name)
        labels[p.id] = by_name[key]
    table: dict[str, str | None] = {}
    ambiguous: set[str] = set()
    generic = _("[name withheld]")
    for name in names:
        label = by_name[fold(name)]
        for variant in _variants(name):
            key = variant.casefold()
            if key in table and table[key] != label:
                ambiguous.add(key)
            table[key] = label
    for key in ambiguous:
        table[key] = generic
    for name in names:  # a full name always maps to its own label
        table[name.casefold()] = by_name[fold(name)]
        table[fold(name).casefold()] = by_name[fold(name)]
    for name in kept:  # staff names are matched whole first, so "Mr Jan Smith" stays whole
        table.setdefault(name.casefold(), None)
        table.setdefault(fold(name).casefold(), None)
    pattern = None
    if table:
        alternatives = []
        for variant in sorted(table, key=len, reverse=True):
            body = re.escape(variant)
            alternatives.append(body if has_cjk(variant) else rf"(?<!\w){body}(?!\w)")
        pattern = re.compile("|".join(alternatives), re.IGNORECASE)
    return Redactor(True, labels, table, pattern, tuple(names))
