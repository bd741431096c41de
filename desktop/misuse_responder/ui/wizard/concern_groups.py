"""The concerns grouped by the four Cs of online risk (KCSIE Part 2: content, contact,
conduct, commerce), the commonest group first and, in each, the commonest concern first.

Presentation only: the engine's concern ids and their labels come from the guides; a
concern the guides add later and this list does not know is shown under "Something else",
so nothing can go missing from the page.
"""

from __future__ import annotations

from collections.abc import Iterable

from misuse_responder.i18n import _

# (group id, concern ids, commonest first)
_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "conduct",
        (
            "bullying",
            "harassment",
            "threats",
            "hate",
            "nude-imagery",
            "privacy",
            "impersonation",
            "defamation",
            "staff-conduct",
            "flashing-images",
        ),
    ),
    ("contact", ("grooming", "sextortion", "coercion")),
    (
        "content",
        (
            "self-harm",
            "obscene-material",
            "extremism",
            "violent-or-unusual-acts",
            "under-13-sexual-acts",
        ),
    ),
    ("commerce", ("scam",)),
    ("other", ("press",)),
)


def group_titles() -> dict[str, str]:
    return {
        "conduct": _("How people behaved (conduct)"),
        "contact": _("Who got in touch (contact)"),
        "content": _("What was seen (content)"),
        "commerce": _("Money and scams (commerce)"),
        "other": _("Something else"),
    }


def grouped(concern_ids: Iterable[str]) -> list[tuple[str, list[str]]]:
    """The given concern ids in groups, in the order shown; unknown ids go under "other"."""
    wanted = list(concern_ids)
    placed: set[str] = set()
    result: list[tuple[str, list[str]]] = []
    for group, members in _GROUPS:
        found = [c for c in members if c in wanted]
        placed.update(found)
        if group == "other":
            found += [c for c in wanted if c not in placed and c not in found]
        if found:
            result.append((group, found))
    return result
