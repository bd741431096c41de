"""What one school's summary file says, by ids only: the contract between the file
(``summary_file.py``) and the trust's merge and report (``merge.py``, ``suppress.py``,
``export/trust_report.py``).

Ids, never labels: schools may run the app in different languages and guide versions, so
counts are merged by id (a concern id, a platform id, a band below) and labelled only when
the trust's report is drawn. Counts here are exact; suppression happens after merging.
"""

from __future__ import annotations

import datetime as dt
import enum
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


# Sections where every counted case falls in exactly one category, so a school's column in
# the table sums to its number of cases (the differencing check must use that equation).
EXCLUSIVE: Final = frozenset({"platform", "status", "police", "time_to_close"})

TOTAL: Final = "*"  # the column (or row) key of a margin: the trust's total for a category


class Hidden(enum.Enum):
    """Why a figure is not printed in the trust's report."""

    FEWER_THAN_3 = "fewer-than-3"  # primary: a count of 1 or 2
    SECONDARY = "withheld"  # secondary: would let a hidden figure be worked out


Shown = int | Hidden


@dataclass(frozen=True)
class Table:
    """One section after the merge, exact: categories (rows) by schools (columns)."""

    section: str
    categories: tuple[str, ...]  # ids, in report order
    schools: tuple[str, ...]  # school fingerprints, in report order
    cells: dict[tuple[str, str], int]  # (category id, fingerprint) -> cases; missing = 0

    @property
    def exclusive(self) -> bool:
        return self.section in EXCLUSIVE

    def value(self, category: str, school: str) -> int:
        return self.cells.get((category, school), 0)

    def row_total(self, category: str) -> int:
        return sum(self.value(category, s) for s in self.schools)


@dataclass(frozen=True)
class Merged:
    """Every school's exact counts for one period, checked and lined up by id."""

    period_from: dt.date
    period_to: dt.date
    schools: tuple[School, ...]  # report order (by name, then fingerprint)
    cases: dict[str, int]  # fingerprint -> cases
    guide_versions: dict[str, str]  # fingerprint -> guide version
    tables: tuple[Table, ...]  # in SECTIONS order
    notes: tuple[str, ...] = ()  # plain sentences for the report, e.g. mixed guide versions

    @property
    def total(self) -> int:
        return sum(self.cases.values())


@dataclass(frozen=True)
class ShownTable:
    """A section as printed: every cell (and each row's TOTAL column) a number or Hidden."""

    section: str
    categories: tuple[str, ...]
    schools: tuple[str, ...]
    cells: dict[tuple[str, str], Shown]  # (category, fingerprint or TOTAL) -> shown


@dataclass(frozen=True)
class Report:
    """What the trust's report prints: suppressed after merging, never recoverable."""

    merged: Merged
    cases: dict[str, Shown]  # fingerprint or TOTAL -> shown number of cases
    tables: tuple[ShownTable, ...]  # in SECTIONS order
    previous: Report | None = None  # the previous period's report, for the change columns
