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
    "impersonation",
    "defamation",
    "privacy",
    "scam",
    "staff-conduct",
    "press",
)

# Platform values that are always valid, whatever the platform directory holds.
PLATFORM_OTHER: Final = "other"
PLATFORM_NONE: Final = "none"

AREAS: Final = ("contact", "conduct", "content", "commerce")
KINDS: Final = ("commercial", "aggressive", "sexual", "values")

EVIDENCE: Final = ("capture", "do-not-capture")
# In rising order of urgency: the engine keeps the most urgent level any rule asks for.
POLICE_LEVELS: Final = ("none", "consider", "report", "999")

ESCALATIONS: Final = ("dsl", "headteacher", "chair", "lado", "moderator", "slt")
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
