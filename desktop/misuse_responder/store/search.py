"""Listing and searching cases: the case list's one query, kept fast on 10,000 cases.

Filters become a single indexed SQL query for the page of cases, and one more for the
concerns of just that page. Names are matched on an ASCII-folded column (``lukasz``
finds ``Łukasz``); free text goes through FTS5 over folded text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from peewee import fn

from misuse_responder.i18n import _
from misuse_responder.store import models as m
from misuse_responder.store import views
from misuse_responder.store.errors import InvalidChange
from misuse_responder.store.text import fold
from misuse_responder.store.vault import iso

ORDERS = ("opened-desc", "opened-asc", "updated-desc", "reference")


@dataclass(frozen=True)
class CaseQuery:
    """What the case list is filtered by; every field is optional and they combine with AND."""

    status: tuple[str, ...] = ()
    platform: str | None = None
    concern: str | None = None
    opened_from: date | datetime | None = None
    opened_to: date | datetime | None = None  # a date is inclusive (the whole day)
    reference: str | None = None
    name: str | None = None
    text: str | None = None
    order: str = "opened-desc"


@dataclass(frozen=True)
class CasePage:
    items: tuple[views.CaseSummary, ...]
    page: int
    page_size: int
    total: int | None  # counted only when asked (it costs a second scan)


def _bound(value: date | datetime, end: bool) -> str:
    if isinstance(value, datetime):
        return iso(value)
    return (value + timedelta(days=1)).isoformat() if end else value.isoformat()


def fts_query(text: str) -> str | None:
    """Words as an FTS5 query: each quoted (no operators from users), the last as a prefix."""
    words = fold(text).replace('"', " ").split()
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _filtered(query: CaseQuery) -> Any:
    case = m.Case
    q = case.select()
    if query.status:
        q = q.where(case.status.in_(list(query.status)))
    if query.platform:
        q = q.where(case.platform == query.platform)
    if query.opened_from is not None:
        q = q.where(case.opened_at >= _bound(query.opened_from, False))
    if query.opened_to is not None:
        q = q.where(case.opened_at < _bound(query.opened_to, True))
    if query.concern:
        concerned = m.CaseConcern.select(m.CaseConcern.case).where(
            m.CaseConcern.concern == query.concern
        )
        q = q.where(case.id.in_(concerned))
    if query.reference and query.reference.strip():
        q = q.where(fn.instr(case.reference, query.reference.strip().upper()) > 0)
    if query.name and fold(query.name):
        named = (
            m.Person.select(m.Person.case)
            .where(fn.instr(m.Person.name_folded, fold(query.name)) > 0)
            .distinct()
        )
        q = q.where(case.id.in_(named))
    if query.text:
        match = fts_query(query.text)
        if match is not None:
            hits = m.SearchText.select(m.SearchText.case_id).where(m.SearchText.match(match))
            q = q.where(case.id.in_(hits))
    return q


def _ordered(q: Any, order: str) -> Any:
    case = m.Case
    if order == "opened-desc":
        return q.order_by(case.opened_at.desc(), case.id.desc())
    if order == "opened-asc":
        return q.order_by(case.opened_at, case.id)
    if order == "updated-desc":
        return q.order_by(case.updated_at.desc(), case.id.desc())
    if order == "reference":
        return q.order_by(case.reference)
    raise InvalidChange(_("Unknown order {order}.").format(order=repr(order)))


def list_cases(
    query: CaseQuery | None = None, page: int = 1, page_size: int = 50, with_total: bool = False
) -> CasePage:
    """One page of the case list (page 1 is the first)."""
    query = query or CaseQuery()
    if page < 1 or page_size < 1:
        raise InvalidChange(_("Pages are numbered from 1."))
    base = _filtered(query)
    rows = list(_ordered(base, query.order).paginate(page, page_size))
    ids = [row.id for row in rows]
    concerns: dict[int, list[str]] = {}
    if ids:
        for case_id, concern in m.tuples(
            m.CaseConcern.select(m.CaseConcern.case, m.CaseConcern.concern).where(
                m.CaseConcern.case.in_(ids)
            )
        ):
            concerns.setdefault(case_id, []).append(concern)
    items = tuple(views.summary(row, tuple(sorted(concerns.get(row.id, ())))) for row in rows)
    total = base.count() if with_total else None
    return CasePage(items, page, page_size, total)
