"""Oversight in real stores: a school's laptop keeps the trust's address and writes its
summary file; the trust's store opens it. Nothing from inside a case ever reaches the file.

The models bind to one open store per process, so each step opens the laptop it happens on
and closes it again, as two laptops would.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyrage
import pytest

from misuse_responder.handover.keys import HandoverKeys
from misuse_responder.oversight.counts import school_counts
from misuse_responder.oversight.errors import OversightError
from misuse_responder.oversight.model import School
from misuse_responder.oversight.summary_file import open_summary, read_summary_files
from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore, ContactInfo, SchoolProfile
from misuse_responder.store import models as m
from misuse_responder.store.handover_keys import keys as store_keys
from tests.support import BULLYING, NUDES, PASSPHRASE

SCHOOL = "Ysgol Gymraeg Llanfair‐ŵ"
TRUST = "Ymddiriedolaeth Dysgu'r Fro"
DSL = "Dana Okafor"
PUPILS = ("Łukasz Wróblewski", "Nguyễn Thị Ánh", "محمد العلي", "李雷")
FREE = ("Zebedee-unique-note", "Outcome-freetext-Yarrow", "Reasons-freetext-Xylo")
TITLE = "Comments about Quentin-title on Instagram"
PERIOD = (date(2026, 1, 1), date(2026, 12, 31))


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@dataclass
class Laptops:
    school: Path
    trust: Path
    trust_address: bytes
    trust_keys: HandoverKeys
    clock: Clock

    def open_school(self) -> CaseStore:
        return CaseStore.open(self.school, PASSPHRASE, clock=self.clock)

    def open_trust(self) -> CaseStore:
        return CaseStore.open(self.trust, PASSPHRASE, clock=self.clock)


@pytest.fixture
def laptops(tmp_path: Path) -> Laptops:
    clock = Clock()
    trust_root, school_root = tmp_path / "trust", tmp_path / "school"
    with CaseStore.create(
        trust_root, PASSPHRASE, TRUST, actor="IT", kdf=FAST_KDF_FOR_TESTS, clock=clock
    )[0] as trust:
        trust.set_handover_label("Oversight lead", "IT")
        address, keys = trust.handover_address_file(), store_keys()
    school, _recovery = CaseStore.create(
        school_root, PASSPHRASE, SCHOOL, actor="IT", kdf=FAST_KDF_FOR_TESTS, clock=clock
    )
    school.set_school(SchoolProfile(SCHOOL, "wales", (ContactInfo("dsl", DSL, "DSL"),)), "IT")
    school.close()
    return Laptops(school_root, trust_root, address, keys, clock)


def _cases(store: CaseStore) -> list[str]:
    refs = []
    for n, pupil in enumerate(PUPILS):
        case = store.create_case(BULLYING if n % 2 else NUDES, f"{TITLE} {pupil}", DSL)
        store.open_case(case.id, DSL)
        store.add_person(case.id, role="target", kind="pupil", name=pupil, by=DSL)
        store.add_entry(case.id, f"{FREE[0]}: {pupil} was upset.", DSL)
        if n < 2:
            store.close_case(case.id, DSL, FREE[1], FREE[2])
        refs.append(case.reference)
    return refs


def _events(kind: str) -> list[dict[str, object]]:
    return [
        json.loads(e.data_json)
        for e in m.AuditEvent.select().where(m.AuditEvent.kind == kind).order_by(m.AuditEvent.seq)
    ]


def test_the_trust_address_is_kept_and_audited(laptops: Laptops) -> None:
    with laptops.open_school() as school:
        assert school.trust_address() is None
        got = school.set_trust_address(laptops.trust_address, "Ms Head")
        assert got is not None and got.fingerprint == laptops.trust_keys.fingerprint
    with laptops.open_school() as school:  # from the file on disk
        kept = school.trust_address()
        assert kept is not None and kept.label == "Oversight lead" and kept.school == TRUST
        assert _events("oversight.trust-set")[-1]["fingerprint"] == kept.fingerprint
        with pytest.raises(OversightError, match="own hand-over address"):
            school.set_trust_address(school.handover_address_file(), "Ms Head")
        with pytest.raises(OversightError, match="not a hand-over address"):
            school.set_trust_address(b"the trust's name", "Ms Head")
        tampered = laptops.trust_address.replace(b"Oversight lead", b"Oversight leaf")
        with pytest.raises(OversightError, match="altered"):
            school.set_trust_address(tampered, "Ms Head")
        assert school.trust_address() == kept
        # a second trust replaces the first: one address only
        with CaseStore.create(
            laptops.school.parent / "other", PASSPHRASE, "Other", kdf=FAST_KDF_FOR_TESTS
        )[0] as _other:
            pass
    with CaseStore.open(laptops.school.parent / "other", PASSPHRASE) as other:
        other_address = other.handover_address_file()
    with laptops.open_school() as school:
        replaced = school.set_trust_address(other_address.decode(), "Ms Head")  # pasted text
        assert school.trust_address() == replaced != kept
        assert (
            m.Peer.select().where(m.Peer.role == "trust", m.Peer.removed_at.is_null()).count() == 1
        )
        assert school.set_trust_address(None, "Ms Head") is None
        assert school.trust_address() is None
        assert [e["fingerprint"] for e in _events("oversight.trust-set")][-1] == ""
        assert school.verify().ok


def test_no_summary_without_a_trust_address(laptops: Laptops, tmp_path: Path) -> None:
    dest = tmp_path / "out.mrsummary"
    with laptops.open_school() as school:
        with pytest.raises(OversightError, match="no address for the trust"):
            school.write_trust_summary(*PERIOD, dest, "Ms Head")
        assert not _events("oversight.summary")
    assert not dest.exists()
    assert list(tmp_path.glob(".out.mrsummary*")) == []


def test_summary_file_from_a_real_store(laptops: Laptops, tmp_path: Path) -> None:
    dest = tmp_path / "Ysgol 2026.mrsummary"
    with laptops.open_school() as school:
        school.set_trust_address(laptops.trust_address, "Ms Head")
        refs = _cases(school)
        school.create_case(BULLYING, "A draft about Quentin-draft", DSL)  # never counted
        with pytest.raises(OversightError, match="ends before it starts"):
            school.write_trust_summary(PERIOD[1], PERIOD[0], dest, "Ms Head")
        assert school.write_trust_summary(*PERIOD, dest, "Ms Head") == dest
        truth = school_counts(*PERIOD)
        me = school.handover_address()
        event = _events("oversight.summary")[-1]
        assert school.verify().ok
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    data = dest.read_bytes()
    assert event["sha256"] == hashlib.sha256(data).hexdigest()
    assert event["cases"] == 4 and event["trust_fingerprint"] == laptops.trust_keys.fingerprint

    summary, sender = open_summary(
        data, laptops.trust_keys.identity, laptops.trust_keys.fingerprint
    )
    assert sender == me
    assert summary.school == School(SCHOOL, me.fingerprint, "wales")
    assert (summary.period_from, summary.period_to) == PERIOD
    assert (summary.cases, summary.counts) == truth
    assert summary.cases == 4
    assert summary.counts["status"] == {"open": 2, "closed": 2}

    # what the trust can read holds nothing from inside a case
    plain = pyrage.decrypt(data, [laptops.trust_keys.identity]).decode("utf-8")
    text = json.dumps(json.loads(plain), ensure_ascii=False)
    # (the school's own address is inside, with the name its laptop shows others: by
    # default "DSL <name>", as on the .mraddr the school already gave; nothing else of staff)
    assert "Ms Head" not in text  # who wrote it stays in the audit trail
    for secret in (*refs, *PUPILS, *FREE, "Quentin", "upset"):
        assert secret not in text, secret
        assert secret not in plain, secret
    for part in " ".join(PUPILS).split():
        assert part not in text, part
    assert SCHOOL in text  # the school's own name is meant to be there


def test_the_trust_store_reads_it_with_its_own_identity(laptops: Laptops, tmp_path: Path) -> None:
    dest = tmp_path / "s.mrsummary"
    with laptops.open_school() as school:
        school.set_trust_address(laptops.trust_address, "Ms Head")
        _cases(school)
        school.write_trust_summary(*PERIOD, dest, "Ms Head")
    with laptops.open_trust() as trust:
        assert trust.trusted_schools() == ()
        keys = store_keys()
        [(path, summary, _sender)] = read_summary_files([dest], keys.identity, keys.fingerprint)
        assert path == dest and summary.school.name == SCHOOL
    # another laptop of the school (not the trust) cannot open it
    with laptops.open_school() as school:
        own = store_keys()
        with pytest.raises(OversightError, match="someone else's address"):
            read_summary_files([dest], own.identity, own.fingerprint)


def test_a_bad_file_leaves_the_trust_store_unchanged(laptops: Laptops, tmp_path: Path) -> None:
    bad = tmp_path / "bad.mrsummary"
    bad.write_bytes(b"not a summary")
    out = tmp_path / "report.pdf"
    with laptops.open_trust() as trust:
        before = m.AuditEvent.select().count()
        with pytest.raises(
            OversightError, match=re.escape("bad.mrsummary: This is not a summary file")
        ):
            trust.trust_report([bad], out, "Lead")
        assert m.AuditEvent.select().count() == before
        assert trust.trusted_schools() == ()
    assert not out.exists()


def test_cli_summary_data(
    laptops: Laptops,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from misuse_responder.cli import main

    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    with laptops.open_school() as school:
        _cases(school)
    period = ["summary", "--from", "2026-01-01", "--to", "2026-12-31"]
    where = ["--data-dir", str(laptops.school), "--by", "Ms Head"]
    data, pdf = tmp_path / "trust.mrsummary", tmp_path / "governors.pdf"

    assert main([*period, *where]) == 2  # neither a PDF nor --data
    assert "--data OUT.mrsummary" in capsys.readouterr().err
    assert main([*period, "--data", str(data), str(pdf), *where]) == 2
    assert "no address for the trust" in capsys.readouterr().err
    assert not data.exists() and not pdf.exists()  # refused before anything was written

    with laptops.open_school() as school:
        school.set_trust_address(laptops.trust_address, "Ms Head")
    assert main([*period, "--data", str(data), *where]) == 0
    printed = capsys.readouterr().out
    assert str(data) in printed and laptops.trust_keys.fingerprint in printed
    assert not pdf.exists()
    summary, _sender = open_summary(data.read_bytes(), laptops.trust_keys.identity, None)
    assert summary.cases == 4

    data.unlink()
    assert main([*period, "--data", str(data), str(pdf), *where]) == 0
    assert data.exists() and pdf.exists()
    with laptops.open_school() as school:
        kinds = [e.kind for e in m.AuditEvent.select().order_by(m.AuditEvent.seq)]
        assert kinds[-3:] == ["oversight.summary", "export.summary", "oversight.summary"]
        assert school.verify().ok


OTHER_SCHOOLS = ("Kingsmead Academy", "学校")


def _needs_the_merge() -> None:
    """The merge, suppression and report come from the branches ov-merge and ov-report."""
    for module in ("oversight.merge", "oversight.suppress", "export.trust_report"):
        pytest.importorskip(f"misuse_responder.{module}")


def _school_files(laptops: Laptops, tmp_path: Path) -> tuple[list[Path], list[Path], list[str]]:
    """Three schools' summary files for 2026 and for 2025 (the previous period); their
    fingerprints."""
    roots = [laptops.school]
    for n, name in enumerate(OTHER_SCHOOLS):
        root = tmp_path / f"school-{n}"
        CaseStore.create(root, PASSPHRASE, name, kdf=FAST_KDF_FOR_TESTS, clock=laptops.clock)[
            0
        ].close()
        roots.append(root)
    now, before, fingerprints = [], [], []
    for n, root in enumerate(roots):
        with CaseStore.open(root, PASSPHRASE, clock=laptops.clock) as school:
            school.set_trust_address(laptops.trust_address, "Ms Head")
            laptops.clock.now = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
            for _i in range(n + 3):
                school.open_case(school.create_case(BULLYING, "Quentin-2025", DSL).id, DSL)
            laptops.clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
            _cases(school)
            for _i in range(n * 3):
                school.open_case(school.create_case(NUDES, "Quentin-2026", DSL).id, DSL)
            now.append(school.write_trust_summary(*PERIOD, tmp_path / f"{n}.mrsummary", "DSL"))
            before.append(
                school.write_trust_summary(
                    date(2025, 1, 1), date(2025, 12, 31), tmp_path / f"{n}-2025.mrsummary", "DSL"
                )
            )
            fingerprints.append(school.handover_address().fingerprint)
    return now, before, fingerprints


def test_trust_report_from_real_stores(laptops: Laptops, tmp_path: Path) -> None:
    _needs_the_merge()
    from pypdf import PdfReader

    from misuse_responder.oversight.errors import UnknownSchools

    files, previous, fingerprints = _school_files(laptops, tmp_path)
    out, csv_out = tmp_path / "trust.pdf", tmp_path / "trust.csv"
    with laptops.open_trust() as trust:
        events = m.AuditEvent.select().count()
        with pytest.raises(UnknownSchools) as unknown:
            trust.trust_report(files, out, "Lead", csv_out=csv_out)
        assert sorted(s.fingerprint for s in unknown.value.schools) == sorted(fingerprints)
        assert {s.name for s in unknown.value.schools} == {SCHOOL, *OTHER_SCHOOLS}
        with pytest.raises(UnknownSchools) as one_left:  # two confirmed, one not
            trust.trust_report(files, out, "Lead", confirmed=fingerprints[:2])
        assert [s.fingerprint for s in one_left.value.schools] == [fingerprints[2]]
        assert not out.exists() and not csv_out.exists()
        assert m.AuditEvent.select().count() == events
        assert trust.trusted_schools() == ()

        # confirmed as the lead typed them after reading them aloud: lower case, spaces
        typed = [fp.lower().replace("-", " ") for fp in fingerprints]
        result = trust.trust_report(
            files, out, "Lead", csv_out=csv_out, confirmed=typed, previous=previous
        )
        assert result.path == out and out.exists() and csv_out.exists()
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        trusted = trust.trusted_schools()
        assert sorted(s.fingerprint for s in trusted) == sorted(fingerprints)
        assert {s.name for s in trusted} == {SCHOOL, *OTHER_SCHOOLS}
        assert next(s for s in trusted if s.name == SCHOOL).jurisdiction == "wales"
        event = _events("oversight.report")[-1]
        assert event["sha256"] == result.sha256
        assert sorted(event["newly_trusted"]) == sorted(fingerprints)  # type: ignore[arg-type]
        assert event["previous_files"] == 3

        # the next time the same schools need no confirming
        again = trust.trust_report(files, tmp_path / "again.pdf", "Lead")
        assert again.pages >= 1
        assert _events("oversight.report")[-1]["newly_trusted"] == []
        assert trust.verify().ok

    text = "\n".join(page.extract_text() or "" for page in PdfReader(out).pages)
    assert "Kingsmead Academy" in text
    for secret in (*PUPILS, *FREE, "Quentin", "upset", "MR-2026"):
        assert secret not in text, secret
    table = csv_out.read_text("utf-8-sig")
    assert "Kingsmead Academy" in table and "Quentin" not in table


def test_trust_report_refuses_bad_sets_of_files(laptops: Laptops, tmp_path: Path) -> None:
    _needs_the_merge()
    files, previous, fingerprints = _school_files(laptops, tmp_path)
    out = tmp_path / "trust.pdf"
    tampered = tmp_path / "tampered.mrsummary"
    data = bytearray(files[1].read_bytes())
    data[-1] ^= 0x01
    tampered.write_bytes(bytes(data))
    with laptops.open_trust() as trust:
        events = m.AuditEvent.select().count()
        refusals = {
            "tampered": [files[0], tampered, files[2]],
            "twice": [files[0], files[1], files[0]],
            "two periods": [files[0], previous[1]],
            "none": [],
        }
        for name, paths in refusals.items():
            with pytest.raises(OversightError) as refused:
                trust.trust_report(paths, out, "Lead", confirmed=fingerprints)
            sentence = str(refused.value)
            assert sentence and "\n" not in sentence and "Traceback" not in sentence, name
            if name == "tampered":
                assert sentence.startswith("tampered.mrsummary: ")
        assert not out.exists()
        assert m.AuditEvent.select().count() == events
        assert trust.trusted_schools() == ()
