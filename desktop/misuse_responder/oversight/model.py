"""What one school's summary file says, by ids only: the contract between the file
(``summary_file.py``) and the trust's merge and report (``merge.py``, ``suppress.py``,
``export/trust_report.py``).

Ids, never labels: schools may run the app in different languages and guide versions, so
counts are merged by id (a concern id, a platform id, a band below) and labelled only when
the trust's report is drawn. Counts here are exact; suppression happens after merging.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Final

FORMAT: Final = "misuse-responder-summary"
FORMAT_VERSION: Final = 1
SUFFIX: Final = ".mrsummary"

# The counted dimensions, in the order the report shows them. Each maps category id -> cases;
# a case counts once per category and may count in several categories of one dimension.
SECTIONS: Final = (
    "concern",  # vocabulary.CONCERNS
    "classification",  # "area/kind", e.g. "content/aggressive"
    "platform",  # guides/platforms.yaml ids, or "other"
    "affected",  # vocabulary.TARGETS
    "status",  # "open", "closed" (drafts are not counted)
    "police",  # vocabulary.POLICE_LEVELS: "999", "report", "consider", "none"
    "time_to_close",  # CLOSE_BANDS
    "referrals_advised",  # "police:<level>", escalation ids "lado"/"chair", referral ids
    "referrals_made",  # the same ids, where the step was recorded as done
)

CLOSE_BANDS: Final = ("within-1-day", "2-7-days", "8-30-days", "over-30-days", "still-open")


@dataclass(frozen=True)
class School:
    name: str
    fingerprint: str  # the school store's hand-over fingerprint (handover/fingerprint.py)
    jurisdiction: str = "england"


@dataclass(frozen=True)
class SchoolSummary:
    """One school's counts for one period (both dates included)."""

    school: School
    period_from: dt.date
    period_to: dt.date
    guide_version: str
    made_at: dt.datetime
    cases: int  # cases opened in the period (drafts excluded)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # section -> id -> cases

    def overlaps(self, other: SchoolSummary) -> bool:
        return self.period_from <= other.period_to and other.period_from <= self.period_to
