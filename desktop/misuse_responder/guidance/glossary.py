"""Explaining short words: guides/glossary.yaml's terms, spelled out once per page.

A stressed teacher should not have to know what DSL, LADO or CEOP stand for. A page's
texts go through ``Glossary.explain``: the first use of each term on that page gains its
expansion in brackets (unless the page already spells it out), and ``Glossary.tooltip``
gives the hover text for any line. Qt-free, so the same words serve any face of the app.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str
    stands_for: str | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        # A whole word: "DSL" but not "DSLs" inside another word, nor "deputy-DSL-x".
        return re.compile(rf"(?<![\w-]){re.escape(self.term)}(?![\w-])")


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()

    def _found(self, text: str) -> list[Term]:
        """Terms used in ``text``; a longer term ("DSL copy") hides the shorter inside it."""
        found: list[Term] = []
        covered: list[tuple[int, int]] = []
        for term in sorted(self.terms, key=lambda t: -len(t.term)):
            for match in term.pattern.finditer(text):
                span = match.span()
                if not any(a <= span[0] < b for a, b in covered):
                    covered.append(span)
                    if term not in found:
                        found.append(term)
        return found

    def tooltip(self, text: str) -> str:
        """One line per term used in ``text`` ("" if none): what to show on hover."""
        return "\n".join(f"{t.term}: {t.meaning}" for t in self._found(text))

    def explain(self, texts: Sequence[str]) -> list[str]:
        """The page's texts, in reading order, with each term spelled out at its first use.

        A term counts as explained once the page has used its expansion (for example
        "designated safeguarding lead (DSL)"), so nothing is spelled out twice.
        """
        done: set[str] = set()
        out: list[str] = []
        for text in texts:
            lowered = text.lower()
            for term in self._found(text):
                if term.stands_for is None or term.term in done:
                    continue
                if term.stands_for.lower() in lowered:
                    done.add(term.term)  # the text already says it
                    continue
                longer = [t.term for t in self.terms if t != term and t.term.startswith(term.term)]
                expanded = _expand_first(text, term, longer)
                if expanded != text:  # else every use had a bracket: try the next line
                    done.add(term.term)
                    text = expanded
                    lowered = text.lower()
            out.append(text)
        return out


def _expand_first(text: str, term: Term, longer: Sequence[str]) -> str:
    """``text`` with the first standalone use of ``term`` (not inside ``longer`` terms such
    as "DSL copy") followed by its expansion."""
    for match in term.pattern.finditer(text):
        rest = text[match.start() :]
        if any(rest.startswith(t) for t in longer):
            continue
        if text[match.end() : match.end() + 2] == " (":
            continue  # "the DSL (or the police)": two brackets in a row would confuse
        if text[match.end() : match.end() + 1] == ")":  # inside brackets: no nested pair
            return f"{text[: match.end()]}, {term.stands_for}{text[match.end() :]}"
        return f"{text[: match.end()]} ({term.stands_for}){text[match.end() :]}"
    return text


def glossary(raw: dict[str, Any]) -> Glossary:
    """Build from glossary.yaml (already schema-checked)."""
    return Glossary(
        tuple(
            Term(t["term"], " ".join(t["meaning"].split()), t.get("stands_for"))
            for t in raw["terms"]
        )
    )
