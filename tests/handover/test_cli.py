"""``misuse-responder handover ...``: two laptops' stores driven only through the command line.

Each command opens its store and closes it again, as two laptops would; only the
assertions on what the stores hold open them directly.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from misuse_responder.cli import main
from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore
from tests.support import BULLYING, PASSPHRASE

PUPIL = "Zofia Kowalczyk-Ümit"


class Laptops:
    """A staff laptop with one case, and the DSL's laptop, both closed."""

    def __init__(self, tmp: Path) -> None:
        self.a, self.b, self.outbox = tmp / "staff", tmp / "dsl", tmp / "outbox"
        self.outbox.mkdir()
        for root in (self.a, self.b):
            store, _recovery = CaseStore.create(
                root, PASSPHRASE, "St Hilda's", actor="IT", kdf=FAST_KDF_FOR_TESTS
            )
            if root == self.a:
                store.set_handover_label("Mr Patel's laptop", "IT")
                case_id = store.create_case(BULLYING, f"Comments about {PUPIL}", "Mr Patel").id
                store.add_person(case_id, role="target", kind="pupil", name=PUPIL, by="Mr Patel")
                store.add_entry(case_id, f"{PUPIL} showed me the comments.", "Mr Patel")
                store.add_evidence_text(case_id, "a pasted comment", "Mr Patel")
                self.reference = store.case(case_id).reference
            store.close()

    def on(self, root: Path) -> list[str]:
        return ["--data-dir", str(root)]


@pytest.fixture
def laptops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Laptops:
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    return Laptops(tmp_path)


def _one_line(text: str) -> str:
    assert "Traceback" not in text
    lines = text.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def _ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    got = capsys.readouterr()
    assert code == 0, got.err
    assert got.err == ""
    return got.out


def _refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    got = capsys.readouterr()
    assert code == 2, (got.out, got.err)
    return _one_line(got.err)


def test_address_recipients_send_receive_and_remove_on_receipt(
    laptops: Laptops, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a, b = laptops.on(laptops.a), laptops.on(laptops.b)
    address = tmp_path / "dsl.mraddr"
    said = _ok(capsys, "handover", "address", "--label", "DSL Ms Okafor", str(address), *b)
    assert "DSL Ms Okafor" in said and address.exists()
    with CaseStore.open(laptops.b, PASSPHRASE) as dsl:
        dsl_fp = dsl.handover_address().fingerprint
    assert dsl_fp in said

    assert dsl_fp in _ok(capsys, "handover", "recipients", "add", str(address), *a, "--by", "IT")
    listed = _ok(capsys, "handover", "recipients", "list", *a).strip().splitlines()
    assert listed == [f"DSL Ms Okafor\tSt Hilda's\t{dsl_fp}"]

    sent = _ok(capsys, "handover", "send", laptops.reference, str(laptops.outbox), *a)
    bundle = laptops.outbox / f"{laptops.reference} for DSL Ms Okafor.mrcase"
    assert str(bundle) in sent and bundle.exists()
    assert hashlib.sha256(bundle.read_bytes()).hexdigest() in sent

    with CaseStore.open(laptops.a, PASSPHRASE) as staff:
        staff_fp = staff.handover_address().fingerprint
    line = _refused(capsys, "handover", "receive", str(bundle), *b, "--by", "Ms Okafor")
    assert staff_fp in line and "Mr Patel's laptop" in line
    with CaseStore.open(laptops.b, PASSPHRASE) as dsl:
        assert len(dsl.list_cases().items) == 0
        assert list((laptops.b / "incoming").iterdir()) == []

    got = _ok(
        capsys, "handover", "receive", str(bundle), "--trust-new-sender", *b, "--by", "Ms Okafor"
    )
    assert laptops.reference in got and "a new case" in got and "1 chronology entry," in got
    receipt = next(laptops.outbox.glob("*receipt*"))
    assert str(receipt) in got
    with CaseStore.open(laptops.b, PASSPHRASE) as dsl:
        [case] = dsl.list_cases().items
        assert [p.name for p in dsl.case(case.id).people] == [PUPIL]

    checked = _ok(capsys, "handover", "receipt", str(receipt), *a)
    assert laptops.reference in checked and "DSL Ms Okafor" in checked and "--remove" in checked
    with CaseStore.open(laptops.a, PASSPHRASE) as staff:
        assert staff.case(staff.case_id(laptops.reference)).people != ()

    removed = _ok(capsys, "handover", "receipt", str(receipt), "--remove", *a, "--by", "Mr Patel")
    assert "Removed" in removed
    with CaseStore.open(laptops.a, PASSPHRASE) as staff:
        stub = staff.case(staff.case_id(laptops.reference))
        assert stub.status == "handed-over"
        assert stub.people == () and stub.entries == () and stub.evidence == ()

    _ok(capsys, "handover", "recipients", "remove", dsl_fp, *a)
    assert _ok(capsys, "handover", "recipients", "list", *a).startswith("No one yet")


def test_bad_input_is_one_line_and_status_2(
    laptops: Laptops, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    a, b = laptops.on(laptops.a), laptops.on(laptops.b)
    junk = tmp_path / "junk.bin"
    junk.write_bytes(os.urandom(3000) + b"\xff\xfe\x00")
    empty = tmp_path / "empty.mrcase"
    empty.write_bytes(b"")
    odd_path = tmp_path / os.fsdecode(b"caf\xe9.mrcase")  # a name not in UTF-8, as argv has it
    odd_path.write_bytes(b"x")
    assert os.fsencode(odd_path).endswith(b"caf\xe9.mrcase")
    odd = str(odd_path)
    gone = str(tmp_path / "gone.mrcase")

    # no recipient yet: sending is refused by name
    assert "No one to hand over to" in _refused(
        capsys, "handover", "send", laptops.reference, str(laptops.outbox), *a
    )
    for bad in (str(junk), str(empty), str(tmp_path), gone, odd):
        _refused(capsys, "handover", "recipients", "add", bad, *a)
        _refused(capsys, "handover", "receive", bad, *b)
        _refused(capsys, "handover", "receipt", bad, *a)
    assert "MR-1999-9999" in _refused(
        capsys, "handover", "send", "MR-1999-9999", str(laptops.outbox), *a
    )
    _refused(capsys, "handover", "send", laptops.reference, gone, *a)
    _refused(capsys, "handover", "recipients", "remove", "ABCD-EFGH", *a)
    _refused(capsys, "handover", "receipt", str(junk), "--remove", *a)
    with pytest.raises(SystemExit) as usage:
        main(["handover", "nonsense", *a])
    assert usage.value.code == 2
    _one_line(capsys.readouterr().err)

    # a bundle for another laptop: the staff laptop's own address as "the DSL's"
    address = tmp_path / "dsl.mraddr"
    _ok(capsys, "handover", "address", "--label", "DSL Ms Okafor", str(address), *b)
    _ok(capsys, "handover", "recipients", "add", str(address), *a)
    _ok(capsys, "handover", "send", laptops.reference, str(laptops.outbox), *a)
    bundle = next(laptops.outbox.glob("*.mrcase"))
    assert "not for this laptop" in _refused(capsys, "handover", "receive", str(bundle), *a)
    # a bundle given where a receipt is expected, an address given as a bundle
    _refused(capsys, "handover", "receipt", str(bundle), *a)
    _refused(capsys, "handover", "receive", str(address), *b)
    with CaseStore.open(laptops.b, PASSPHRASE) as dsl:
        assert len(dsl.list_cases().items) == 0
