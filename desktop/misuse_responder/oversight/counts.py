"""A school's counts for the trust, by ids only, from the open store.

The same cases and the same questions as the governors' summary (``export/summary.tally``),
but counted by id (a concern id, ``area/kind``, a platform id, a band), never by label: the
trust merges schools that run in other languages and guide versions, and labels only when
it draws its report. Drafts are left out: a draft is not yet a case anyone decided on, and
without them every case has one status, so the exclusive sections sum to the case count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from misuse_responder.guidance import Guides
from misuse_responder.oversight.model import CLOSE_BANDS, SECTIONS
from misuse_responder.progress import CancelToken, Progress, no_progress
from misuse_responder.store import cases, records, search
from misuse_responder.store.views import CaseDetail

COUNTED_STATUSES = ("open", "closed")
_PAGE = 200
_DAY = 86400.0


def _case_ids(start: date, end: date) -> Iterator[int]:
    """Cases opened ``start``..``end`` (both included), drafts left out, oldest first."""
    query = search.CaseQuery(
        status=COUNTED_STATUSES, opened_from=start, opened_to=end, order="opened-asc"
    )
    page = 1
    while True:
        result = search.list_cases(query, page, _PAGE)
        yield from (c.id for c in result.items)
        if len(result.items) < _PAGE:
            return
        page += 1


def close_band(detail: CaseDetail) -> str:
    """The time-to-close band (``CLOSE_BANDS``), with the governors' summary's day limits."""
    if detail.closed_at is None:
        return CLOSE_BANDS[4]
    days = (detail.closed_at - detail.summary.opened_at).total_seconds() / _DAY
    if days <= 1:
        return CLOSE_BANDS[0]
    if days <= 7:
        return CLOSE_BANDS[1]
    if days <= 30:
        return CLOSE_BANDS[2]
    return CLOSE_BANDS[3]


def referral_ids(
    detail: CaseDetail, guidance: dict[str, Any], g: Guides
) -> tuple[list[str], list[str]]:
    """(advised, made) by id: ``police:<level>``, ``lado``/``chair``, referral ids; made when
    the routing's step for it was recorded as done (as the governors' summary decides)."""
    done = {a.step_id for a in detail.actions if a.status == "done"}
    pairs: list[tuple[str, str | None]] = []
    police = str(guidance.get("police", "none"))
    if police != "none":
        pairs.append((f"police:{police}", g.routing.police.get(police)))
    for e in guidance.get("escalate_to", []) or []:
        if e in ("lado", "chair"):
            pairs.append((str(e), g.routing.escalate_to.get(e)))
    for r in guidance.get("refer_to", []) or []:
        pairs.append((str(r), g.routing.refer_to.get(r)))
    advised = [i for i, _step in pairs]
    made = [i for i, step in pairs if step is not None and step in done]
    return advised, made


def _guides(jurisdiction: str) -> Guides:
    """The nation's guides for step ids only (English: ids are the same in every language)."""
    from misuse_responder.guidance import load_guides
    from misuse_responder.guidance.jurisdictions import guides_for

    return guides_for(load_guides(), jurisdiction)


def guide_version(jurisdiction: str) -> str:
    """The version of the guides the counts' ids come from (the governors' summary's)."""
    return _guides(jurisdiction).version


def school_counts(
    start: date,
    end: date,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    *,
    jurisdiction: str | None = None,
) -> tuple[int, dict[str, dict[str, int]]]:
    """(cases, section -> id -> cases) for cases opened ``start``..``end``; every section of
    ``SECTIONS`` is present, zero counts are left out. A case counts once per category."""
    cancel = cancel or CancelToken()
    g = _guides(jurisdiction or records.school_profile().jurisdiction)
    counters: dict[str, Counter[str]] = {s: Counter() for s in SECTIONS}

    def add(section: str, ids: Iterable[str]) -> None:
        counter = counters[section]
        for i in dict.fromkeys(ids):  # once per case, however often it is named
            counter[i] += 1

    ids = list(_case_ids(start, end))
    for index, case_id in enumerate(ids):
        cancel.raise_if_cancelled()
        detail = cases.detail(case_id)
        guidance = cases.current_guidance(case_id)
        s = detail.summary
        add("concern", s.concerns)
        add(
            "classification",
            (f"{c['area']}/{c['kind']}" for c in guidance.get("classification", []) or []),
        )
        add("platform", [s.platform])
        add("affected", (str(t) for t in detail.facts.get("targets", []) or []))
        add("status", [s.status])
        add("police", [str(guidance.get("police", "none"))])
        add("time_to_close", [close_band(detail)])
        advised, made = referral_ids(detail, guidance, g)
        add("referrals_advised", advised)
        add("referrals_made", made)
        progress(index + 1, len(ids))
    counts = {s: {k: n for k, n in sorted(c.items()) if n} for s, c in counters.items()}
    return len(ids), counts
