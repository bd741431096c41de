"""The shape of each file in guides/.

Kept apart from the loader so reviewers of guides/ can read, in one place, every field
a file may hold. Every piece of advice carries a ``source``; every fact about the outside
world (a platform's route, a service's number) carries ``checked`` and ``confidence``.
"""

from __future__ import annotations

from misuse_responder.guidance import vocabulary as v
from misuse_responder.guidance.schema import (
    Date,
    Flag,
    Lazy,
    ListOf,
    MapOf,
    Number,
    OneOf,
    Record,
    Spec,
    Text,
    Url,
)

CONFIDENCE = OneOf("confirmed", "unverified")
LINK = Record({"label": Text(), "url": Url()})

META = Record(
    {"edition": Text(), "title": Text(), "reviewed": Date(), "notice": Text()},
)

CONCERNS = Record(
    {
        "concerns": ListOf(
            Record(
                {
                    "id": OneOf(*v.CONCERNS),
                    "label": Text(),
                    "explanation": Text(),
                    "classification": ListOf(
                        Record({"area": OneOf(*v.AREAS), "kind": OneOf(*v.KINDS)}), min_items=1
                    ),
                    "source": Text(),
                },
                {"offences": ListOf(Text(), unique=True)},
            ),
            min_items=1,
        )
    }
)

OFFENCES = Record(
    {
        "offences": ListOf(
            Record(
                {"id": Text(), "name": Text(), "law": Text(), "source": Text()},
                {
                    "extent": Text(),
                    "note": Text(),
                    # The offence is named only when the facts meet this condition.
                    "applies_when": Lazy(lambda: CONDITION),
                    # The nations whose law it is (guidance/jurisdictions.py).
                    "jurisdictions": ListOf(OneOf(*v.JURISDICTIONS), min_items=1, unique=True),
                },
            ),
            min_items=1,
        )
    }
)

# Words in a step's text that depend on who holds which role, e.g. {dsl}: each has a
# default and, optionally, one variant per wording context (set by rules' `wording`).
WORDING = MapOf(
    (),
    Record({"default": Text(allow_empty=True)}, {ctx: Text() for ctx in v.WORDING_CONTEXTS}),
    any_key=True,
)

STEPS = Record(
    {
        "wording": WORDING,
        "steps": ListOf(
            Record(
                {
                    "id": Text(),
                    "order": Number(),
                    "title": Text(),
                    "detail": Text(),
                    "why": Text(),
                    "source": Text(),
                },
                {
                    "only_if": ListOf(OneOf(*v.STEP_FLAGS), unique=True),
                    "supersedes": ListOf(Text(), unique=True),
                    "service": Text(),
                    "follow_up": Record(
                        {"hours": Number(minimum=1), "label": Text()},
                        {"after": Text(), "working_days": Flag()},
                    ),
                },
            ),
            min_items=1,
        ),
    }
)

_NAMES = ListOf(Text(), min_items=1, unique=True)
CONDITION: Spec = Record(
    {},
    {
        "concerns_any": ListOf(OneOf(*v.CONCERNS), min_items=1, unique=True),
        "concerns_none": ListOf(OneOf(*v.CONCERNS), min_items=1, unique=True),
        "targets_any": ListOf(OneOf(*v.TARGETS), min_items=1, unique=True),
        "targets_none": ListOf(OneOf(*v.TARGETS), min_items=1, unique=True),
        "subject_in": ListOf(OneOf(*v.SUBJECTS), min_items=1, unique=True),
        "subject_not_in": ListOf(OneOf(*v.SUBJECTS), min_items=1, unique=True),
        "platform_in": _NAMES,
        "platform_not_in": _NAMES,
        "school_account": Flag(),
        "subject_identified": Flag(),
        "subject_under_13": Flag(),
        "target_age_in": ListOf(OneOf(*v.AGE_BANDS), min_items=1, unique=True),
        "target_age_not_in": ListOf(OneOf(*v.AGE_BANDS), min_items=1, unique=True),
        "subject_age_in": ListOf(OneOf(*v.AGE_BANDS), min_items=1, unique=True),
        "subject_age_not_in": ListOf(OneOf(*v.AGE_BANDS), min_items=1, unique=True),
        "jurisdiction_in": ListOf(OneOf(*v.JURISDICTIONS), min_items=1, unique=True),
        "jurisdiction_not_in": ListOf(OneOf(*v.JURISDICTIONS), min_items=1, unique=True),
        "head_is_dsl": Flag(),
        "has_deputy_dsl": Flag(),
        "subject_is_dsl": Flag(),
        "subject_holds_dsl": Flag(),
        "subject_agency_staff": Flag(),
        "harm_threshold_met": Flag(),
        "is": _NAMES,
        "any_of": ListOf(Lazy(lambda: CONDITION), min_items=2),
        "all_of": ListOf(Lazy(lambda: CONDITION), min_items=2),
        "not": Lazy(lambda: CONDITION),
    },
)

EFFECT = Record(
    {},
    {
        "evidence": OneOf("do-not-capture"),
        "police": OneOf(*v.POLICE_LEVELS[1:]),
        "escalate_to": ListOf(OneOf(*v.ESCALATIONS), min_items=1, unique=True),
        "never_escalate_to": ListOf(OneOf(*v.ESCALATIONS), min_items=1, unique=True),
        "refer_to": ListOf(OneOf(*v.REFERRALS), min_items=1, unique=True),
        "never_refer_to": ListOf(OneOf(*v.REFERRALS), min_items=1, unique=True),
        "contact_subject": OneOf("allow", "forbid"),
        "steps": _NAMES,
        # Whoever would be told X is told Y instead (e.g. the deputy DSL when the DSL is the
        # person responsible); applied after every rule has added its escalations.
        "instead_of": MapOf(v.ESCALATIONS, OneOf(*v.ESCALATIONS)),
        # A wanted step X is replaced by step Y (a variant worded for the case).
        "swap_steps": MapOf((), Text(), any_key=True),
        "wording": ListOf(OneOf(*v.WORDING_CONTEXTS), min_items=1, unique=True),
    },
)

RULES = Record(
    {
        "routing": Record(
            {
                "police": MapOf(v.POLICE_LEVELS[1:], Text(), complete=True),
                "escalate_to": MapOf(v.ESCALATIONS, Text(), complete=True),
                "refer_to": MapOf(v.REFERRALS, Text(), complete=True),
            }
        ),
        # Named conditions, used in rules, offences and services as {is: [name]}.
        "conditions": MapOf((), CONDITION, any_key=True),
        "rules": ListOf(
            Record(
                {
                    "id": Text(),
                    "summary": Text(),
                    "when": CONDITION,
                    "then": EFFECT,
                    "source": Text(),
                }
            ),
            min_items=1,
        ),
    }
)

ROUTE = Record(
    {"how": Text(), "confidence": CONFIDENCE, "source": Text()},
    {"links": ListOf(LINK), "note": Text()},
)

PLATFORMS = Record(
    {
        "platforms": ListOf(
            Record(
                {
                    "id": Text(),
                    "name": Text(),
                    "checked": Date(),
                    "report_content": ROUTE,
                    "under_13": ROUTE,
                    "impersonation": ROUTE,
                    "who_can_report": Record(
                        {
                            "reporters": ListOf(
                                OneOf("victim", "parent", "school", "anyone"),
                                min_items=1,
                                unique=True,
                            ),
                            "how": Text(),
                            "confidence": CONFIDENCE,
                            "source": Text(),
                        }
                    ),
                    "rules_to_cite": ROUTE,
                    "response_time": ROUTE,
                },
                {
                    "owner": Text(),
                    "minimum_age": Number(),
                    "non_user_route": ROUTE,
                    "notes": ListOf(Text()),
                },
            ),
            min_items=1,
        )
    }
)

SERVICES = Record(
    {
        "services": ListOf(
            Record(
                {
                    "id": Text(),
                    "name": Text(),
                    "for": Text(),
                    "not_for": Text(),
                    "how": Text(),
                    "checked": Date(),
                    "confidence": CONFIDENCE,
                    "source": Text(),
                },
                {
                    "phone": Text(),
                    "email": Text(),
                    "hours": Text(),
                    "links": ListOf(LINK),
                    "jurisdictions": ListOf(
                        OneOf("england", "wales", "scotland", "northern-ireland"),
                        min_items=1,
                        unique=True,
                    ),
                    "note": Text(),
                    # The engine never refers a case meeting this condition to the service
                    # (the machine-readable part of `not_for`).
                    "excluded_when": CONDITION,
                },
            ),
            min_items=1,
        )
    }
)

SUPPORT = Record(
    {
        "support": ListOf(
            Record(
                {
                    "id": Text(),
                    "for": ListOf(OneOf(*v.TARGETS), min_items=1, unique=True),
                    "title": Text(),
                    "detail": Text(),
                    "source": Text(),
                },
                {
                    "concerns_any": ListOf(OneOf(*v.CONCERNS), min_items=1, unique=True),
                    "when": CONDITION,
                    "service": Text(),
                },
            ),
            min_items=1,
        )
    }
)

# Internal source labels → the titles staff see (guidance/sources.py applies them).
SOURCES = Record(
    {
        "titles": ListOf(Record({"pattern": Text(), "title": Text()}), min_items=1),
        "internal": ListOf(Text(), min_items=1, unique=True),
    }
)

# Short words staff meet, explained (guidance/glossary.py spells them out once per page).
GLOSSARY = Record(
    {
        "terms": ListOf(
            Record({"term": Text(), "meaning": Text()}, {"stands_for": Text()}), min_items=1
        )
    }
)

# File name in guides/ → its schema. Every file listed must exist; no other file may.
FILES: dict[str, Spec] = {
    "meta.yaml": META,
    "concerns.yaml": CONCERNS,
    "offences.yaml": OFFENCES,
    "steps.yaml": STEPS,
    "rules.yaml": RULES,
    "platforms.yaml": PLATFORMS,
    "services.yaml": SERVICES,
    "support.yaml": SUPPORT,
    "sources.yaml": SOURCES,
    "glossary.yaml": GLOSSARY,
}
