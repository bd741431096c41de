"""The fixed words of the engine's contract.

These ids are part of the published input/output contract of ``assess``: the
guides may label and explain them but may not add or remove any, so they live
in code and the guides loader checks the data against them.
"""

from __future__ import annotations

from typing import Final

TARGETS: Final = ("pupil", "staff", "headteacher", "governor", "parent", "school", "other")
SUBJECTS: Final = ("pupil", "staff", "headteacher", "governor", "parent", "adult", "unknown")

CONCERNS: Final = (
    "immediate-danger",
    "nude-imagery",
    "coercion",
    "violent-or-unusual-acts",
    "under-13-sexual-acts",
    "grooming",
    "sextortion",
    "bullying",
    "harassment",
    "threats",
    "hate",
    "extremism",
    "self-harm",
    "obscene-material",
    "flashing-images",
    "impersonation",
    "defamation",
    "privacy",
    "scam",
    "staff-conduct",
    "press",
)

# Age bands for the youngest affected child (target_age) and the person responsible
# (subject_age). "unknown" is the default and always takes the cautious side.
AGE_BANDS: Final = ("under-13", "13-15", "16-17", "18-plus", "unknown")
AGE_UNKNOWN: Final = "unknown"

# KCSIE 2025 Part 4's four harm-threshold tests for an allegation about an adult in school,
# each answered yes / no / not-sure. The threshold is met unless every answer is "no".
HARM_TESTS: Final = ("harmed", "offence", "risk", "unsuitable")
HARM_ANSWERS: Final = ("yes", "no", "not-sure")
HARM_NOT_SURE: Final = "not-sure"

# The UK's four nations, whose guidance, law and services differ (guides/jurisdictions/).
# "england" is the default: facts stored before this key existed were assessed for England.
JURISDICTIONS: Final = ("england", "wales", "scotland", "northern-ireland")
DEFAULT_JURISDICTION: Final = "england"

# Platform values that are always valid, whatever the platform directory holds.
PLATFORM_OTHER: Final = "other"
PLATFORM_NONE: Final = "none"

AREAS: Final = ("contact", "conduct", "content", "commerce")
KINDS: Final = ("commercial", "aggressive", "sexual", "values")

EVIDENCE: Final = ("capture", "do-not-capture")
# In rising order of urgency: the engine keeps the most urgent level any rule asks for.
POLICE_LEVELS: Final = ("none", "consider", "report", "999")

ESCALATIONS: Final = ("dsl", "deputy-dsl", "headteacher", "chair", "lado", "moderator", "slt")
REFERRALS: Final = (
    "platform",
    "platform-underage",
    "platform-impersonation",
    "ceop",
    "report-remove",
    "iwf",
    "report-harmful-content",
    "posh",
    "childrens-social-care",
    "prevent",
    "action-fraud",
    "true-vision",
)

# Flags a step in the catalogue may depend on (``only_if``); set by the engine from its outcome.
STEP_FLAGS: Final = ("capture", "do-not-capture", "contact-subject")

# Wording contexts: which variant of a step's role words ({dsl}, {head}, ...) to use. Set by
# rules (`wording`), not part of the contract.
WORDING_CONTEXTS: Final = (
    "head-is-dsl",  # the Head is also the DSL (and is not the person responsible)
    "deputy-for-dsl",  # the DSL is the person responsible: the deputy DSL acts
    "head-for-dsl",  # the DSL (not the Head) is responsible and there is no deputy
    "chair-for-dsl",  # the Head, who is the DSL, is responsible and there is no deputy
    "chair-for-head",  # the Head is the person responsible
)
