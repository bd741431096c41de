"""Listing and searching: names with accents from many scripts, filters, FTS5 text."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from misuse_responder.store import CaseQuery, CaseStore
from tests.support import BULLYING, Clock

NAMES = {
    "polish": "Łukasz Żółkiewski",
    "norwegian": "Øyvind Ødegård",
    "german": "Jürgen Straße",
    "vietnamese": "Nguyễn Văn Đức",
    "arabic": "محمد عبد الله",
    "chinese": "王小明",
    "french": "Zoë Lefèvre",
}


@pytest.fixture
def cases(store: CaseStore, clock: Clock) -> dict[str, int]:
    ids = {}
    for index, (key, name) in enumerate(NAMES.items()):
        clock.now = datetime(2026, 3, 1 + index, 9, 0, tzinfo=UTC)
        facts = {**BULLYING, "platform": "tiktok" if index % 2 else "instagram"}
        if key == "arabic":
            facts["concerns"] = ["hate"]
        case = store.create_case(facts, f"Case about {key}", "dsl")
        store.add_person(case.id, role="target", kind="pupil", name=name, by="dsl")
        ids[key] = case.id
    return ids


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("lukasz", "polish"),
        ("ŁUKASZ", "polish"),
        ("zolkiewski", "polish"),
        ("odegard", "norwegian"),
        ("oyvind", "norwegian"),
        ("strasse", "german"),
        ("jurgen", "german"),
        ("nguyen van duc", "vietnamese"),
        ("Nguyễn", "vietnamese"),
        ("عبد الله", "arabic"),
        ("小明", "chinese"),
        ("zoe", "french"),
        ("lefevre", "french"),
    ],
)
def test_name_search_is_accent_insensitive(
    store: CaseStore, cases: dict[str, int], typed: str, key: str
) -> None:
    found = [c.id for c in store.list_cases(CaseQuery(name=typed)).items]
    assert found == [cases[key]]


def test_filters_combine(store: CaseStore, cases: dict[str, int]) -> None:
    tiktok = store.list_cases(CaseQuery(platform="tiktok"), with_total=True)
    assert tiktok.total == 3 and all(c.platform == "tiktok" for c in tiktok.items)
    hate = store.list_cases(CaseQuery(concern="hate")).items
    assert [c.id for c in hate] == [cases["arabic"]]
    store.open_case(cases["french"], "dsl")
    assert [c.id for c in store.list_cases(CaseQuery(status=("open",))).items] == [cases["french"]]
    ranged = store.list_cases(CaseQuery(opened_from=date(2026, 3, 2), opened_to=date(2026, 3, 3)))
    assert {c.id for c in ranged.items} == {cases["norwegian"], cases["german"]}
    assert [c.id for c in store.list_cases(CaseQuery(reference="0003")).items] == [cases["german"]]


def test_order_and_pages(store: CaseStore, cases: dict[str, int]) -> None:
    newest_first = [c.id for c in store.list_cases(page_size=100).items]
    assert newest_first == sorted(cases.values(), reverse=True)
    page1 = store.list_cases(page=1, page_size=3).items
    page3 = store.list_cases(page=3, page_size=3).items
    assert len(page1) == 3 and len(page3) == 1
    oldest = store.list_cases(CaseQuery(order="opened-asc"), page_size=1).items[0]
    assert oldest.id == cases["polish"]


def test_free_text_search(store: CaseStore, cases: dict[str, int]) -> None:
    store.add_entry(cases["german"], "Screenshot shows a threat near the bus stop", "dsl")
    store.add_entry(cases["chinese"], "Mother says the café chat was deleted", "dsl")
    assert [c.id for c in store.list_cases(CaseQuery(text="bus stop")).items] == [cases["german"]]
    assert [c.id for c in store.list_cases(CaseQuery(text="cafe")).items] == [cases["chinese"]]
    assert [c.id for c in store.list_cases(CaseQuery(text="thre")).items] == [cases["german"]]
    assert [c.id for c in store.list_cases(CaseQuery(text="norwegian")).items] == [
        cases["norwegian"]  # titles are indexed too
    ]
    # Operators and quotes typed by users are words, never FTS syntax errors.
    assert store.list_cases(CaseQuery(text='"AND OR NOT (*')).items == ()
