"""Case-store benchmark: ``.venv/bin/python bench/store.py``.

Builds a throw-away encrypted store with 10,000 cases, 5 people and 5 chronology
entries each, then times the case list's first page (filtered by status, newest
first) and a person-name search through the store's API, next to the same SQL run
on the same encrypted file with raw ``sqlcipher3`` (the sqlite3 DB-API), and on a
plaintext copy with the standard library's ``sqlite3``. Prints medians and ratios.
Targets: first page < 50 ms, search < 100 ms, ratio to raw <= 2x.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlcipher3 import dbapi2 as sqlcipher

from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseQuery, CaseStore
from misuse_responder.store import models as m
from misuse_responder.store.db import raw_key_pragma
from misuse_responder.store.text import fold

CASES, PEOPLE, ENTRIES, RUNS = 10_000, 5, 5, 100
FIRST = [
    "Łukasz",
    "Zoë",
    "Øyvind",
    "Nguyễn",
    "Aisha",
    "Oliver",
    "Amelia",
    "Mohammed",
    "Wei",
    "Siobhán",
    "Jürgen",
    "Priya",
    "Callum",
    "Freya",
    "Dafydd",
    "Chloé",
]
LAST = [
    "Kowalski",
    "Smith",
    "Jones",
    "Ødegård",
    "Trần",
    "Khan",
    "Williams",
    "Brown",
    "Li",
    "O'Neill",
    "Müller",
    "Patel",
    "Evans",
    "Taylor",
    "Wójcik",
    "Davies",
]
WORDS = [
    "comment",
    "post",
    "message",
    "screenshot",
    "group",
    "chat",
    "threat",
    "account",
    "photo",
    "video",
    "bus",
    "lunch",
]
STATUSES = ["draft", "open", "open", "open", "closed", "closed"]
PLATFORMS = ["instagram", "tiktok", "snapchat", "whatsapp", "youtube", "other"]
CONCERNS = ["bullying", "harassment", "threats", "impersonation", "hate", "privacy"]


def build(store: CaseStore) -> None:
    rng = random.Random(7)
    start = datetime(2024, 9, 1, tzinfo=UTC)
    with store.db.atomic():
        cases, concerns, people, entries, texts = [], [], [], [], []
        for i in range(1, CASES + 1):
            opened = (start + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))).isoformat(
                timespec="microseconds"
            )
            title = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} on {rng.choice(PLATFORMS)}"
            cases.append(
                {
                    "id": i,
                    "reference": f"MR-2026-{i:05d}",
                    "title": title,
                    "status": rng.choice(STATUSES),
                    "opened_by": "bench",
                    "opened_at": opened,
                    "updated_at": opened,
                    "facts_json": "{}",
                    "platform": rng.choice(PLATFORMS),
                    "evidence_rule": "capture",
                    "guide_version": "bench",
                }
            )
            concerns.extend((i, c) for c in rng.sample(CONCERNS, 2))
            for _ in range(PEOPLE):
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                people.append(
                    {
                        "case": i,
                        "role": "target",
                        "kind": "pupil",
                        "name": name,
                        "name_folded": fold(name),
                        "added_by": "bench",
                        "added_at": opened,
                    }
                )
            for _ in range(ENTRIES):
                text = " ".join(rng.choices(WORDS, k=25))
                entries.append({"case": i, "at": opened, "author": "bench", "text": text})
                texts.append({"case_id": i, "source": "entry", "body": text})
            texts.append({"case_id": i, "source": "title", "body": fold(title)})
        for model, rows in (
            (m.Case, cases),
            (m.CaseConcern, concerns),
            (m.Person, people),
            (m.Entry, entries),
            (m.SearchText, texts),
        ):
            for chunk in range(0, len(rows), 500):
                model.insert_many(rows[chunk : chunk + 500]).execute()
    store.db.execute_sql("ANALYZE")


def median_ms(fn: Callable[[], Any]) -> float:
    fn()  # warm the cache
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


PAGE_SQL = (
    "SELECT id, reference, title, status, opened_at, opened_by, updated_at, platform, "
    'evidence_rule FROM "case" WHERE status IN (?) ORDER BY opened_at DESC, id DESC LIMIT 50'
)
SEARCH_SQL = (
    "SELECT id, reference, title, status, opened_at, opened_by, updated_at, platform, "
    'evidence_rule FROM "case" WHERE id IN (SELECT DISTINCT case_id FROM person '
    "WHERE instr(name_folded, ?) > 0) ORDER BY opened_at DESC, id DESC LIMIT 50"
)
CONCERN_SQL = "SELECT case_id, concern FROM case_concern WHERE case_id IN ({})"


def raw_query(conn: Any, sql: str, arg: str) -> list[Any]:
    rows = conn.execute(sql, (arg,)).fetchall()
    ids = [r[0] for r in rows]
    conn.execute(CONCERN_SQL.format(",".join("?" * len(ids))), ids).fetchall()
    return rows


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="mr-bench-") as tmp:
        root = Path(tmp) / "store"
        t0 = time.perf_counter()
        store, _ = CaseStore.create(
            root, "benchmark passphrase", "Bench School", kdf=FAST_KDF_FOR_TESTS
        )
        build(store)
        print(
            f"built {CASES:,} cases, {CASES * PEOPLE:,} people, {CASES * ENTRIES:,} entries "
            f"in {time.perf_counter() - t0:.1f} s"
        )

        page_q = CaseQuery(status=("open",))
        name_q = CaseQuery(name="lukasz")
        assert len(store.list_cases(page_q).items) == 50
        hits = len(store.list_cases(name_q).items)
        store_page = median_ms(lambda: store.list_cases(page_q))
        store_search = median_ms(lambda: store.list_cases(name_q))

        raw = sqlcipher.connect(str(store.paths.db))
        raw.execute(f'PRAGMA key = "{raw_key_pragma(store.data_key)}"')
        assert len(raw_query(raw, SEARCH_SQL, "lukasz")) == hits
        raw_page = median_ms(lambda: raw_query(raw, PAGE_SQL, "open"))
        raw_search = median_ms(lambda: raw_query(raw, SEARCH_SQL, "lukasz"))

        plain_path = Path(tmp) / "plain.db"
        raw.execute(f"ATTACH DATABASE '{plain_path}' AS plaintext KEY ''")
        raw.execute("SELECT sqlcipher_export('plaintext')")
        raw.execute("DETACH DATABASE plaintext")
        raw.close()
        plain = sqlite3.connect(plain_path)
        plain_page = median_ms(lambda: raw_query(plain, PAGE_SQL, "open"))
        plain_search = median_ms(lambda: raw_query(plain, SEARCH_SQL, "lukasz"))
        plain.close()
        store.close()

    print(
        f"median of {RUNS} runs (ms)        store   raw sqlcipher3  ratio   "
        "plain sqlite3  ratio  target"
    )
    ok = True
    for label, mine, base, flat, target in (
        ("case list, first page (open)", store_page, raw_page, plain_page, 50),
        (f"name search 'lukasz' ({hits} hits)", store_search, raw_search, plain_search, 100),
    ):
        ratio, ratio_plain = mine / base, mine / flat
        good = mine < target and ratio <= 2.0
        ok = ok and good
        print(
            f"{label:<32} {mine:7.2f} {base:14.2f} {ratio:6.2f}x {flat:14.2f} "
            f"{ratio_plain:6.2f}x  <{target} ms, <=2x {'ok' if good else 'MISSED'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
