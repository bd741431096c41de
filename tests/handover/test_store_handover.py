"""Two real stores: a case goes from the staff laptop to the DSL's, and back comes a receipt.

The models bind to one open store per process, so each step opens the laptop it happens
on and closes it again, as two laptops would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from misuse_responder.store import (
    FAST_KDF_FOR_TESTS,
    CaseStore,
    HandoverRefused,
    UnknownSender,
)
from tests.support import BULLYING, PASSPHRASE

PUPIL = "Zofia Kowalczyk-Ümit"


def _make(root: Path, school: str, label: str) -> None:
    store, _recovery = CaseStore.create(
        root, PASSPHRASE, school, actor="IT", kdf=FAST_KDF_FOR_TESTS
    )
    store.set_handover_label(label, "IT")
    store.close()


class Laptops:
    def __init__(self, tmp: Path) -> None:
        self.a, self.b, self.outbox = tmp / "staff", tmp / "dsl", tmp / "outbox"
        self.outbox.mkdir()
        _make(self.a, "St Hilda's", "Mr Patel's laptop")
        _make(self.b, "St Hilda's", "DSL Ms Okafor")
        with self.open(self.b) as dsl:
            address = dsl.handover_address_file()
        with self.open(self.a) as staff:
            staff.add_handover_recipient(address, "IT")

    @staticmethod
    def open(root: Path) -> CaseStore:
        return CaseStore.open(root, PASSPHRASE)


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[Laptops]:
    yield Laptops(tmp_path)


def _record_case(staff: CaseStore, tmp: Path) -> int:
    case_id = staff.create_case(BULLYING, f"Comments about {PUPIL}", "Mr Patel").id
    staff.add_person(case_id, role="target", kind="pupil", name=PUPIL, by="Mr Patel")
    staff.add_entry(case_id, f"{PUPIL} showed me the comments.", "Mr Patel")
    note = tmp / "chat.txt"
    note.write_text(f"messages naming {PUPIL}\n" * 100, "utf-8")
    staff.add_evidence_file(case_id, note, "Mr Patel")
    staff.add_evidence_text(case_id, "a pasted comment", "Mr Patel")
    return case_id


def test_send_receive_add_and_remove_on_receipt(laptops: Laptops, tmp_path: Path) -> None:
    with laptops.open(laptops.a) as staff:
        case_id = _record_case(staff, tmp_path)
        reference = staff.case(case_id).reference
        first = staff.send_handover(case_id, laptops.outbox, "Mr Patel")
        sent_hashes = sorted(e.sha256 for e in staff.case(case_id).evidence)
        assert first.path.name == f"{reference} for DSL Ms Okafor.mrcase"
        assert staff.verify().ok

    with laptops.open(laptops.b) as dsl:
        incoming = dsl.preview_handover(first.path)
        assert incoming.new.new_case and incoming.new.entries == 1 and incoming.new.evidence == 2
        assert not incoming.sender_known and incoming.sender.label == "Mr Patel's laptop"
        with pytest.raises(UnknownSender, match=incoming.sender.fingerprint):
            dsl.accept_handover(incoming, "Ms Okafor")
        got = dsl.accept_handover(incoming, "Ms Okafor", trust_new_sender=True)
        case = dsl.case(got.case_id)
        assert case.origin_reference == reference
        assert sorted(e.sha256 for e in case.evidence) == sent_hashes
        stored = next(e for e in case.evidence if e.kind == "file")
        data = b"".join(dsl.read_evidence(stored.id))
        assert hashlib.sha256(data).hexdigest() == stored.sha256
        assert [p.name for p in case.people] == [PUPIL]
        assert [c.kind for c in case.custody] == ["received"]
        assert got.receipt_path is not None and got.receipt_path.exists()
        assert [s.label for s in dsl.known_senders()] == ["Mr Patel's laptop"]
        dsl.add_entry(got.case_id, "DSL spoke to parents", "Ms Okafor")
        assert dsl.verify().ok, dsl.verify()

    with laptops.open(laptops.a) as staff:
        staff.add_entry(case_id, "A second message arrived.", "Mr Patel")
        second = staff.send_handover(case_id, laptops.outbox, "Mr Patel")
        assert second.path != first.path

    with laptops.open(laptops.b) as dsl:
        incoming = dsl.preview_handover(second.path)
        assert incoming.sender_known and not incoming.new.new_case
        assert (incoming.new.entries, incoming.new.evidence, incoming.new.people) == (1, 0, 0)
        got2 = dsl.accept_handover(incoming, "Ms Okafor")
        assert got2.case_id == got.case_id
        texts = [e.text for e in dsl.case(got.case_id).entries]
        assert len(texts) == 3 and "A second message arrived." in texts
        with pytest.raises(HandoverRefused, match="already received"):
            dsl.preview_handover(first.path)
        with pytest.raises(HandoverRefused, match="already received"):
            dsl.preview_handover(second.path)
        assert dsl.verify().ok
        assert list((laptops.b / "incoming").iterdir()) == []

    assert got2.receipt_path is not None
    with laptops.open(laptops.a) as staff:
        receipt = staff.check_receipt(got2.receipt_path.read_bytes())
        assert receipt.case_id == case_id and receipt.receiver.label == "DSL Ms Okafor"
        staff.remove_handed_over(receipt, "Mr Patel")
        stub = staff.case(case_id)
        assert stub.status == "handed-over" and stub.reference == reference
        assert stub.people == () and stub.entries == () and stub.evidence == ()
        assert [c.kind for c in stub.custody] == ["sent", "sent", "removed"]
        report = staff.verify()
        assert report.ok, report
        tables = [
            t for (t,) in staff.db.execute_sql("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        for table in tables:  # every table, the search index's own shadow tables included
            for row in staff.db.execute_sql(f'SELECT * FROM "{table}"'):
                assert "kowalczyk" not in repr(row).lower(), table
        with pytest.raises(HandoverRefused, match="already been removed"):
            staff.remove_handed_over(staff.check_receipt(got2.receipt_path.read_bytes()), "x")
    for path in laptops.a.rglob("*"):
        if path.is_file():
            assert b"Kowalczyk" not in path.read_bytes(), path
            assert "Kowalczyk".encode("utf-16-le") not in path.read_bytes(), path


def test_receipt_from_a_stranger_or_for_an_unsent_case_is_refused(
    laptops: Laptops, tmp_path: Path
) -> None:
    with laptops.open(laptops.a) as staff:
        case_id = _record_case(staff, tmp_path)
        bundle = staff.send_handover(case_id, laptops.outbox, "Mr Patel")
    with laptops.open(laptops.b) as dsl:
        got = dsl.accept_handover(dsl.preview_handover(bundle.path), "Ms O", trust_new_sender=True)
    assert got.receipt_path is not None
    data = got.receipt_path.read_bytes()
    with laptops.open(laptops.a) as staff:
        with pytest.raises(HandoverRefused, match=r"not signed|damaged"):
            staff.check_receipt(data.replace(b'"checks"', b'"checkz"', 1))
        with pytest.raises(HandoverRefused, match="not a hand-over receipt"):
            staff.check_receipt(b"hello")
        staff.remove_handover_recipient(staff.handover_recipients()[0].fingerprint, "IT")
        assert staff.check_receipt(data).case_id == case_id  # removed later: still valid
    # the DSL's laptop never sent this case
    with laptops.open(laptops.b) as dsl, pytest.raises(HandoverRefused, match="never handed"):
        dsl.check_receipt(data)


def test_bundle_for_another_laptop_is_refused_by_name(laptops: Laptops, tmp_path: Path) -> None:
    with laptops.open(laptops.a) as staff:
        bundle = staff.send_handover(_record_case(staff, tmp_path), laptops.outbox, "Mr Patel")
        with pytest.raises(HandoverRefused, match="for DSL Ms Okafor, not for this laptop"):
            staff.preview_handover(bundle.path)


def test_damaged_bundle_changes_nothing(laptops: Laptops, tmp_path: Path) -> None:
    with laptops.open(laptops.a) as staff:
        bundle = staff.send_handover(_record_case(staff, tmp_path), laptops.outbox, "Mr Patel")
    raw = bytearray(bundle.path.read_bytes())
    raw[len(raw) // 2] ^= 1
    bad = laptops.outbox / "bad.mrcase"
    bad.write_bytes(bytes(raw))
    cut = laptops.outbox / "cut.mrcase"
    cut.write_bytes(bytes(raw[: len(raw) // 3]))
    with laptops.open(laptops.b) as dsl:
        for path in (bad, cut):
            with pytest.raises(HandoverRefused, match=r"damaged|incomplete"):
                dsl.preview_handover(path)
        with pytest.raises(HandoverRefused, match="not there"):
            dsl.preview_handover(laptops.outbox / "gone.mrcase")
        assert dsl.list_cases().items == () or len(dsl.list_cases().items) == 0
        assert list((laptops.b / "incoming").iterdir()) == []
        inbox = dsl.handover_inbox(laptops.outbox)
        names = {i.path.name: i for i in inbox}
        assert names[bundle.path.name].for_this_laptop
        assert not names[bundle.path.name].already_received
        assert names["cut.mrcase"].problem is not None


def test_sending_needs_a_recipient(laptops: Laptops, tmp_path: Path) -> None:
    with laptops.open(laptops.a) as staff:
        case_id = _record_case(staff, tmp_path)
        staff.remove_handover_recipient(staff.handover_recipients()[0].fingerprint, "IT")
        with pytest.raises(HandoverRefused, match="No one to hand over to"):
            staff.send_handover(case_id, laptops.outbox, "Mr Patel")
        assert list(laptops.outbox.iterdir()) == []
        with pytest.raises(HandoverRefused, match="own hand-over address"):
            staff.add_handover_recipient(staff.handover_address_file(), "IT")


def test_pack_of_a_received_case_shows_its_custody(laptops: Laptops, tmp_path: Path) -> None:
    from misuse_responder.export.pack import PackOptions, export_pack
    from tests.export.conftest import normalised, pdf_text

    with laptops.open(laptops.a) as staff:
        bundle = staff.send_handover(_record_case(staff, tmp_path), laptops.outbox, "Mr Patel")
        staff_fp = staff.handover_address().fingerprint
    with laptops.open(laptops.b) as dsl:
        got = dsl.accept_handover(dsl.preview_handover(bundle.path), "Ms O", trust_new_sender=True)
        dsl.add_entry(got.case_id, "The DSL added this after receiving it.", "Ms O")
        out = tmp_path / "pack.pdf"
        result = export_pack(dsl, got.case_id, out, PackOptions(), author="Ms O")
        assert result is not None
        text = normalised(pdf_text(out))
    assert "Chain of custody between laptops" in text
    assert f"from Mr Patel's laptop ({staff_fp})" in text
    assert bundle.sha256 in text.replace(" ", "")
    assert "Where captured" in text
    assert "still matches at export" in text


WRITER = """
import sys
from pathlib import Path
from misuse_responder.store import CaseStore
with CaseStore.open(Path(sys.argv[1]), sys.argv[2]) as dsl:
    incoming = dsl.preview_handover(Path(sys.argv[3]))
    print("previewed", flush=True)
    dsl.accept_handover(incoming, "Ms O", trust_new_sender=True)
    print("accepted", flush=True)
"""


@pytest.mark.slow
def test_kill_during_receive_leaves_the_store_verifying_clean(
    laptops: Laptops, tmp_path: Path
) -> None:
    import os
    import random
    import shutil
    import signal
    import subprocess
    import sys
    import time

    with laptops.open(laptops.a) as staff:
        case_id = _record_case(staff, tmp_path)
        big = tmp_path / "big.bin"
        big.write_bytes(os.urandom(6_000_000))
        staff.add_evidence_file(case_id, big, "Mr Patel")
        bundle = staff.send_handover(case_id, laptops.outbox, "Mr Patel")
    rng = random.Random(20261203)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    args = [sys.executable, "-c", WRITER, "", PASSPHRASE, str(bundle.path)]
    started = time.monotonic()
    subprocess.run(
        [*args[:3], str(shutil.copytree(laptops.b, tmp_path / "timing")), *args[4:]],
        env=env,
        check=True,
        capture_output=True,
    )
    whole = time.monotonic() - started
    interrupted = 0
    for n in range(10):
        root = shutil.copytree(laptops.b, tmp_path / f"round{n}")  # the DSL's laptop, before
        proc = subprocess.Popen([*args[:3], str(root), *args[4:]], stdout=subprocess.PIPE, env=env)
        time.sleep(rng.uniform(0.3, 1.0) * whole)
        proc.send_signal(signal.SIGKILL)
        output = proc.communicate()[0].decode()
        interrupted += "accepted" not in output
        with laptops.open(root) as dsl:
            report = dsl.verify()
            assert report.ok, report
            cases = dsl.list_cases().items
            assert len(cases) in (0, 1)
            if cases:  # all or nothing: a received case holds all its evidence
                assert len(dsl.case(cases[0].id).evidence) == 3
            incoming = root / "incoming"
            assert not incoming.exists() or list(incoming.iterdir()) == []
    assert interrupted >= 5, "the kills should mostly land during the receive"


def test_full_disk_mid_receive_changes_nothing(
    laptops: Laptops, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from misuse_responder.store import StoreError, blobs

    with laptops.open(laptops.a) as staff:
        bundle = staff.send_handover(_record_case(staff, tmp_path), laptops.outbox, "Mr Patel")
    real = blobs.encrypt_stream

    def full(src, dest, master, progress=None):  # type: ignore[no-untyped-def]
        real(src, dest, master, progress)
        raise OSError(errno.ENOSPC, "No space left on device")

    with laptops.open(laptops.b) as dsl:
        incoming = dsl.preview_handover(bundle.path)
        monkeypatch.setattr(blobs, "encrypt_stream", full)
        with pytest.raises(StoreError, match="disk is full"):
            dsl.accept_handover(incoming, "Ms O", trust_new_sender=True)
        monkeypatch.undo()
        assert len(dsl.list_cases().items) == 0
        assert list((laptops.b / "evidence").iterdir()) == []
        assert dsl.known_senders() == ()
        assert dsl.verify().ok
        again = dsl.preview_handover(bundle.path)  # nothing was lost: it can be received now
        assert dsl.accept_handover(again, "Ms O", trust_new_sender=True).new.evidence == 2


def test_a_send_clears_half_written_bundles_over_an_hour_old(
    laptops: Laptops, tmp_path: Path
) -> None:
    """A send killed outright leaves a hidden ``.part``; the next send into the folder
    removes it once it is an hour old, and leaves a younger one (another laptop's, still
    writing into the same synced folder) and every other file alone."""
    import os
    import time

    old = laptops.outbox / ".MR-2026-0001 for DSL Ms Okafor.mrcase.k3j9x.part"
    young = laptops.outbox / ".MR-2026-0002 for DSL Ms Okafor.mrcase.a8b2c.part"
    other = laptops.outbox / ".notes.part"
    for path in (old, young, other):
        path.write_bytes(b"sealed bytes")
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    os.utime(other, (hours_ago, hours_ago))
    with laptops.open(laptops.a) as staff:
        sent = staff.send_handover(_record_case(staff, tmp_path), laptops.outbox, "Mr Patel")
    assert not old.exists()
    assert young.exists() and other.exists() and sent.path.exists()
