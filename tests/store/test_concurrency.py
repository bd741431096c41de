"""verify and the pack's integrity check read one snapshot, so writes made meanwhile by
another process never show up as problems (issue 9 item 4)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from misuse_responder.export.pack import PackOptions, render_pack
from misuse_responder.store import CaseStore, audit
from misuse_responder.store import verify as verifier
from tests.support import BULLYING, PASSPHRASE

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from misuse_responder.store import CaseStore, Capture

    root = Path(sys.argv[1])
    with CaseStore.open(root, {passphrase!r}) as store:
        case_id = store.case_id("MR-2026-0001")
        print("ready", flush=True)
        n = 0
        while True:
            n += 1
            store.add_entry(case_id, f"note {{n}} " * 20, "writer")
            person = store.add_person(
                case_id, role="witness", kind="pupil", name=f"Pupil {{n}}", by="writer"
            )
            ev = store.add_evidence_text(case_id, f"message {{n}}", "writer", Capture("msg"))
            action = store.case(case_id).actions[n % 2].id
            store.record_action(action, "done" if n % 2 else "pending", "writer")
            store.remove_person(person, "writer", "added in error")
            store.withdraw_evidence(ev, "writer", "duplicate")
            if n % 5 == 0:
                store.create_case({facts!r}, f"Another case {{n}}", "writer")
    """
).format(passphrase=PASSPHRASE, facts=BULLYING)


@pytest.fixture
def busy_store(store: CaseStore, case_id: int, tmp_path: Path) -> Any:
    """The store open (shared, as the read-only commands open it) while a second process
    writes to it as fast as it can."""
    root = store.paths.root
    store.close()
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    first = child.stdout.readline().strip()
    assert first == "ready", (first, child.stderr.read() if child.stderr else "")
    reader = CaseStore.open(root, PASSPHRASE, shared=True)
    assert reader.lock is None  # the writer holds the folder's lock
    try:
        yield reader, child
    finally:
        reader.close()
        child.kill()
        child.communicate(timeout=30)


def _events(store: CaseStore) -> int:
    head = audit.head()
    return head[0] if head else 0


@pytest.mark.slow
def test_verify_and_the_pack_never_report_false_problems_during_writes(
    busy_store: Any, tmp_path: Path
) -> None:
    store, child = busy_store
    start = _events(store)
    problems: list[str] = []
    heads: set[int] = set()
    # At least 30 checks, and on until they have met more than 10 different heads of the
    # audit trail: on a loaded machine the writer may get fewer turns per check.
    for run in range(300):
        report = store.verify()
        problems += [str(p) for p in report.problems]
        assert report.head is not None
        heads.add(report.head.seq)
        if run >= 29 and len(heads) > 10:
            break
    packs_failed = 0
    for n in range(10):
        result = render_pack(
            store, store.case_id("MR-2026-0001"), tmp_path / f"p{n}.pdf", PackOptions(), author="t"
        )
        packs_failed += not result.details["integrity_ok"]
    assert child.poll() is None, child.stderr.read() if child.stderr else ""
    written = _events(store) - start
    assert written > 30 and len(heads) > 10  # the writer really was busy meanwhile
    assert problems == [] and packs_failed == 0


def test_a_write_between_reading_events_and_rows_is_not_seen(
    store: CaseStore, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deterministic: another connection commits an entry after verify has read the audit
    trail but before it reads the rows. Read without one snapshot, that entry would look
    like one added with no audit event."""
    real = audit.scope_state
    written = threading.Event()
    started = threading.Event()

    def other_connection_writes() -> None:  # a thread has its own SQLite connection
        store.add_entry(case_id, "written while verify runs", "someone else")
        written.set()

    def state_after_a_write(scope: int | None, execute: Any = None) -> dict[str, Any]:
        if scope == case_id and not started.is_set():
            started.set()  # once, from verify (the writer's own commit calls this too)
            thread = threading.Thread(target=other_connection_writes)
            thread.start()
            thread.join(20)
            assert written.is_set()
        return real(scope, execute)

    monkeypatch.setattr(audit, "scope_state", state_after_a_write)
    before = audit.head()
    report = verifier.verify(store)
    assert report.ok, [str(p) for p in report.problems]
    assert report.head is not None and before is not None and report.head.seq == before[0]
    monkeypatch.setattr(audit, "scope_state", real)
    after = store.verify()
    assert after.ok and after.head is not None and after.head.seq == before[0] + 1


def test_a_check_reads_one_snapshot_even_if_it_takes_a_while(store: CaseStore) -> None:
    """The snapshot is taken at the start: a write committed meanwhile is not in it."""
    with store.snapshot():
        seen = audit.head()
        done = threading.Event()

        def write() -> None:
            store.create_case(BULLYING, "meanwhile", "dsl")
            done.set()

        thread = threading.Thread(target=write)
        thread.start()
        thread.join(20)
        assert done.is_set()
        time.sleep(0.05)
        assert audit.head() == seen
    assert audit.head() != seen
