"""Listing and searching cases: the case list's one query, kept fast on 10,000 cases.

Filters become a single indexed SQL query for the page of cases, and one more for the
concerns of just that page. Names are matched on an ASCII-folded column (``lukasz``
finds ``Łukasz``); free text goes through FTS5 over folded text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

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


_COLUMNS = "id, reference, title, status, opened_at, opened_by, updated_at, platform, evidence_rule"
_ORDER_SQL = {
    "opened-desc": "opened_at DESC, id DESC",
    "opened-asc": "opened_at, id",
    "updated-desc": "updated_at DESC, id DESC",
    "reference": "reference",
}


def _where(query: CaseQuery) -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters (user input is only ever a parameter)."""
    clauses: list[str] = []
    params: list[Any] = []
    if query.status:
        clauses.append(f"status IN ({', '.join('?' * len(query.status))})")
        params.extend(query.status)
    if query.platform:
        clauses.append("platform = ?")
        params.append(query.platform)
    if query.opened_from is not None:
        clauses.append("opened_at >= ?")
        params.append(_bound(query.opened_from, False))
    if query.opened_to is not None:
        clauses.append("opened_at < ?")
        params.append(_bound(query.opened_to, True))
    if query.concern:
        clauses.append("id IN (SELECT case_id FROM case_concern WHERE concern = ?)")
        params.append(query.concern)
    if query.reference and query.reference.strip():
        clauses.append("instr(reference, ?) > 0")
        params.append(query.reference.strip().upper())
    if query.name and fold(query.name):
        clauses.append(
            "id IN (SELECT DISTINCT case_id FROM person WHERE instr(name_folded, ?) > 0)"
        )
        params.append(fold(query.name))
    if query.text:
        match = fts_query(query.text)
        if match is not None:
            clauses.append("id IN (SELECT case_id FROM search_text WHERE search_text MATCH ?)")
            params.append(match)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_cases(
    query: CaseQuery | None = None, page: int = 1, page_size: int = 50, with_total: bool = False
) -> CasePage:
    """One page of the case list (page 1 is the first).

    The SQL is written out rather than built by peewee: on the hot path of the case list,
    peewee's query compilation and row objects cost several times the query itself
    (measured by bench/store.py), and this list is redrawn on every keystroke of a search.
    """
    query = query or CaseQuery()
    if page < 1 or page_size < 1:
        raise InvalidChange(_("Pages are numbered from 1."))
    order = _ORDER_SQL.get(query.order)
    if order is None:
        raise InvalidChange(_("Unknown order {order}.").format(order=repr(query.order)))
    where, params = _where(query)
    db = m.database
    rows = db.execute_sql(
        f'SELECT {_COLUMNS} FROM "case"{where} ORDER BY {order} LIMIT ? OFFSET ?',
        [*params, page_size, (page - 1) * page_size],
    ).fetchall()
    concerns: dict[int, list[str]] = {}
    if rows:
        marks = ", ".join("?" * len(rows))
        for case_id, concern in db.execute_sql(
            f"SELECT case_id, concern FROM case_concern WHERE case_id IN ({marks})",
            [row[0] for row in rows],
        ).fetchall():
            concerns.setdefault(case_id, []).append(concern)
    items = tuple(views.summary_row(row, tuple(sorted(concerns.get(row[0], ())))) for row in rows)
    total = None
    if with_total:
        total = int(db.execute_sql(f'SELECT count(*) FROM "case"{where}', params).fetchone()[0])
    return CasePage(items, page, page_size, total)
