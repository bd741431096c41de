"""The ``.mrsummary`` file: a round trip, and every way a hostile or broken file is refused
with one sentence (tampered bytes, someone else's file, forged counts, unknown fields)."""

from __future__ import annotations

import copy
import json
import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyrage
import pytest

from misuse_responder.handover import signed
from misuse_responder.handover.address import HandoverAddress
from misuse_responder.handover.keys import HandoverKeys
from misuse_responder.oversight.errors import OversightError
from misuse_responder.oversight.model import FORMAT_VERSION, SECTIONS, School, SchoolSummary
from misuse_responder.oversight.summary_file import (
    MAX_FILE,
    open_summary,
    read_summary_files,
    write_summary,
)

NOT_SUMMARY = "This is not a summary file from Misuse Responder."
ELSEWHERE = "made for someone else's address"
DAMAGED = "This summary file is damaged"
ALTERED = "has been changed since the school made it"
NEWER = "made by a newer version of the app"
NAMES = ("Ysgol Gymraeg Llanfair‐ŵ", "学校", "مدرسة النور", "St Hilda's C of E Academy")


class Party:
    """A store's keys and address, as a school's or a trust's laptop holds them."""

    def __init__(self, school: str, label: str) -> None:
        self.keys = HandoverKeys.generate()
        self.address = HandoverAddress.for_keys(self.keys, str(uuid.uuid4()), school, label)

    @property
    def fingerprint(self) -> str:
        return self.address.fingerprint


def counts() -> dict[str, dict[str, int]]:
    return {
        "concern": {"bullying": 5, "nude-imagery": 1, "threats": 2},
        "classification": {"conduct/aggressive": 5, "content/sexual": 1},
        "platform": {"instagram": 3, "other": 2, "tiktok": 1},
        "affected": {"pupil": 6, "staff": 1},
        "status": {"open": 2, "closed": 4},
        "police": {"none": 4, "consider": 1, "999": 1},
        "time_to_close": {"within-1-day": 1, "8-30-days": 3, "still-open": 2},
        "referrals_advised": {"platform": 5, "police:consider": 1, "police:999": 1},
        "referrals_made": {"platform": 4, "police:999": 1},
    }


def summary_for(school: Party, name: str = NAMES[0]) -> SchoolSummary:
    return SchoolSummary(
        school=School(name, school.fingerprint, "wales"),
        period_from=date(2026, 9, 1),
        period_to=date(2027, 7, 31),
        guide_version="2026.11-3",
        made_at=datetime(2027, 8, 1, 10, 30, 5, tzinfo=UTC),
        cases=6,
        counts=counts(),
    )


@pytest.fixture
def school() -> Party:
    return Party(NAMES[0], "DSL Mrs Jones")


@pytest.fixture
def trust() -> Party:
    return Party("Trust central team", "Oversight lead")


def _doc(data: bytes, trust: Party) -> dict[str, Any]:
    """What the trust decrypts: the signed JSON document."""
    doc = json.loads(pyrage.decrypt(data, [trust.keys.identity]))
    assert isinstance(doc, dict)
    return doc


def _made(school: Party, trust: Party) -> dict[str, Any]:
    return _doc(
        write_summary(summary_for(school), school.keys, school.address, trust.address), trust
    )


def _forge(
    doc: dict[str, Any], change: Callable[[dict[str, Any]], None], signer: HandoverKeys | None
) -> dict[str, Any]:
    forged = copy.deepcopy(doc)
    forged.pop("signature")
    change(forged)
    if signer is None:
        return {**forged, "signature": doc["signature"]}  # the school's signature kept
    return json.loads(signed.sign_doc(forged, signer.signing_key))  # type: ignore[no-any-return]


def _seal(doc: dict[str, Any], to: Party) -> bytes:
    """What anyone can do with the trust's public address: encrypt a document to it."""
    text = (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode()
    return bytes(pyrage.encrypt(text, [to.address.recipient]))


def _open(data: bytes, trust: Party) -> tuple[SchoolSummary, HandoverAddress]:
    return open_summary(data, trust.keys.identity, trust.fingerprint)


@pytest.mark.parametrize("name", NAMES)
def test_round_trip(name: str, trust: Party) -> None:
    school = Party(name, "DSL")
    original = summary_for(school, name)
    data = write_summary(original, school.keys, school.address, trust.address)
    assert data.startswith(b"age-encryption.org/v1\n")
    assert name.encode() not in data and b"bullying" not in data  # encrypted, not readable
    got, sender = _open(data, trust)
    assert got == original
    assert sender == school.address
    assert got.school.name == name
    # the trust with only an age key file: decryption itself is the check
    assert open_summary(data, trust.keys.identity, None)[0] == original


def test_the_document_inside(school: Party, trust: Party) -> None:
    doc = _doc(
        write_summary(summary_for(school), school.keys, school.address, trust.address), trust
    )
    assert doc["to"] == trust.fingerprint
    assert doc["sender"]["fingerprint"] == school.fingerprint
    assert doc["school"] == {
        "name": NAMES[0],
        "fingerprint": school.fingerprint,
        "jurisdiction": "wales",
    }
    assert set(doc["counts"]) == set(SECTIONS)
    assert signed.verify_doc(doc, school.address.verify_key)


def test_zero_counts_are_left_out(school: Party, trust: Party) -> None:
    with_zero = summary_for(school)
    with_zero.counts["concern"]["hate"] = 0
    got, _sender = _open(
        write_summary(with_zero, school.keys, school.address, trust.address), trust
    )
    assert "hate" not in got.counts["concern"]
    assert got.counts["concern"] == counts()["concern"]


def test_tampered_bytes_are_refused(school: Party, trust: Party) -> None:
    data = write_summary(summary_for(school), school.keys, school.address, trust.address)
    header_end = data.index(b"\n---") + 50
    for position in (header_end, header_end + 40, len(data) - 1):
        bad = bytearray(data)
        bad[position] ^= 0x01
        with pytest.raises(OversightError, match=DAMAGED):
            _open(bytes(bad), trust)
    with pytest.raises(OversightError, match=DAMAGED):
        _open(data[:-10], trust)
    with pytest.raises(OversightError):  # a changed recipient stanza: no key matches it
        bad = bytearray(data)
        bad[30] ^= 0x01
        _open(bytes(bad), trust)


def test_a_file_for_another_trust_is_refused(school: Party, trust: Party) -> None:
    other = Party("Another trust", "Their lead")
    data = write_summary(summary_for(school), school.keys, school.address, other.address)
    with pytest.raises(OversightError, match=ELSEWHERE):
        _open(data, trust)
    # the other trust decrypts it and passes it on, re-encrypted to us: "to" still names them
    forwarded = _seal(_doc(data, other), trust)
    with pytest.raises(OversightError, match=ELSEWHERE):
        _open(forwarded, trust)


def test_counts_altered_without_the_school_key_are_refused(school: Party, trust: Party) -> None:
    doc = _doc(
        write_summary(summary_for(school), school.keys, school.address, trust.address), trust
    )

    def fewer(d: dict[str, Any]) -> None:
        d["counts"]["concern"]["bullying"] = 4

    def more_cases(d: dict[str, Any]) -> None:
        d["cases"] = 7
        d["counts"]["status"]["open"] = 3
        d["counts"]["platform"]["other"] = 3
        d["counts"]["police"]["none"] = 5
        d["counts"]["time_to_close"]["still-open"] = 3

    def period(d: dict[str, Any]) -> None:
        d["period_from"] = "2026-09-02"

    for change in (fewer, more_cases, period):
        with pytest.raises(OversightError, match=ALTERED):
            _open(_seal(_forge(doc, change, None), trust), trust)
    # signed again by the attacker's own key, still naming the school's keys: refused
    attacker = Party(NAMES[0], "DSL Mrs Jones")
    with pytest.raises(OversightError, match=ALTERED):
        _open(_seal(_forge(doc, fewer, attacker.keys), trust), trust)

    def own_keys(d: dict[str, Any]) -> None:
        fewer(d)
        d["sender"] = attacker.address.to_public_dict()

    # the attacker's own keys in the file, the school's fingerprint in its name: refused
    with pytest.raises(OversightError, match=DAMAGED):
        _open(_seal(_forge(doc, own_keys, attacker.keys), trust), trust)

    def fingerprint_lie(d: dict[str, Any]) -> None:
        d["sender"]["fingerprint"] = school.fingerprint
        d["sender"]["ed25519"] = attacker.address.to_public_dict()["ed25519"]

    with pytest.raises(OversightError, match=DAMAGED):
        _open(_seal(_forge(doc, fingerprint_lie, attacker.keys), trust), trust)


def _set(path: tuple[str, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(d: dict[str, Any]) -> None:
        target = d
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _drop(*path: str) -> Callable[[dict[str, Any]], None]:
    def change(d: dict[str, Any]) -> None:
        target = d
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


STRICT: dict[str, Callable[[dict[str, Any]], None]] = {
    "unknown field": _set(("note",), "a free-text note"),
    "unknown school field": _set(("school", "head"), "Mrs Jones"),
    "missing field": _drop("made_at"),
    "unknown section": _set(("counts", "names"), {"x": 1}),
    "missing section": _drop("counts", "referrals_made"),
    "bad id": _set(("counts", "concern", "Bullying of Quentin"), 1),
    "unknown status": _set(("counts", "status"), {"open": 2, "draft": 4}),
    "unknown band": _set(("counts", "time_to_close"), {"within-1-day": 6, "never": 0}),
    "negative count": _set(("counts", "concern", "hate"), -1),
    "fraction": _set(("counts", "concern", "hate"), 1.5),
    "true as a count": _set(("counts", "concern", "hate"), True),
    "text as a count": _set(("counts", "concern", "hate"), "2"),
    "more than the cases": _set(("counts", "concern", "bullying"), 7),
    "exclusive section short": _set(("counts", "platform", "other"), 1),
    "made more than advised": _set(("counts", "referrals_made", "platform"), 6),
    "made but never advised": _set(("counts", "referrals_made", "ceop"), 1),
    "from after to": _set(("period_to",), "2026-08-31"),
    "another date form": _set(("period_from",), "20260901"),
    "not a date": _set(("period_from",), "1 September"),
    "made_at without zone": _set(("made_at",), "2027-08-01T10:30:05"),
    "negative cases": _set(("cases",), -6),
    "empty school name": _set(("school", "name"), "  "),
    "control in school name": _set(("school", "name"), "St Hilda's\u202e"),
    "unknown nation": _set(("school", "jurisdiction"), "atlantis"),
    "school fingerprint not the signer's": _set(
        ("school", "fingerprint"), "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF"
    ),
    "to not a fingerprint": _set(("to",), "anyone"),
    "version as text": _set(("version",), "1"),
    "older version": _set(("version",), 0),
    "no classification kind": _set(("counts", "classification"), {"conduct": 5}),
    "counts not an object": _set(("counts",), []),
}


@pytest.mark.parametrize("case", sorted(STRICT))
def test_strict_reader(case: str, school: Party, trust: Party) -> None:
    """Even signed by the school's own key, a file out of shape is refused as damaged: the
    reader never guesses what a field it does not know means."""
    doc = _doc(
        write_summary(summary_for(school), school.keys, school.address, trust.address), trust
    )
    data = _seal(_forge(doc, STRICT[case], school.keys), trust)
    with pytest.raises(OversightError, match=DAMAGED):
        open_summary(data, trust.keys.identity, None)  # (with our fingerprint: "elsewhere")
    if case != "to not a fingerprint":
        with pytest.raises(OversightError, match=DAMAGED):
            _open(data, trust)


def test_a_newer_version_says_so(school: Party, trust: Party) -> None:
    doc = _doc(
        write_summary(summary_for(school), school.keys, school.address, trust.address), trust
    )
    newer = _forge(doc, _set(("version",), FORMAT_VERSION + 1), school.keys)
    newer["a field from the future"] = 1  # a newer file may have fields this app lacks
    with pytest.raises(OversightError, match=NEWER):
        _open(_seal(newer, trust), trust)


def test_what_is_not_a_summary(school: Party, trust: Party) -> None:
    for data in (
        b"",
        b"hello",
        school.address.to_bytes(school.keys),  # an .mraddr
        _seal({"format": "misuse-responder-receipt", "version": 1}, trust),
        bytes(pyrage.encrypt(b"not json \xff", [trust.address.recipient])),
        bytes(pyrage.encrypt(b"[1, 2]", [trust.address.recipient])),
    ):
        with pytest.raises(OversightError, match=NOT_SUMMARY):
            _open(data, trust)


def test_a_huge_file_is_refused_unread(trust: Party, tmp_path: Path) -> None:
    data = bytes(pyrage.encrypt(b"x" * (MAX_FILE + 10), [trust.address.recipient]))
    with pytest.raises(OversightError, match="far too large"):
        _open(data, trust)
    path = tmp_path / "huge.mrsummary"
    path.write_bytes(data)
    with pytest.raises(
        OversightError, match=re.escape("huge.mrsummary: This file is far too large")
    ):
        read_summary_files([path], trust.keys.identity, trust.fingerprint)


def test_the_writer_refuses_what_the_reader_would(school: Party, trust: Party) -> None:
    other = Party("Elsewhere", "DSL")
    with pytest.raises(OversightError, match="keys do not match"):
        write_summary(summary_for(school), other.keys, school.address, trust.address)
    with pytest.raises(OversightError, match="another school's fingerprint"):
        write_summary(summary_for(other), school.keys, school.address, trust.address)
    broken = summary_for(school)
    broken.counts["status"]["open"] = 5  # open + closed no longer the number of cases
    with pytest.raises(OversightError, match="do not add up"):
        write_summary(broken, school.keys, school.address, trust.address)


def test_read_every_file_or_none(trust: Party, tmp_path: Path) -> None:
    schools = [Party(name, "DSL") for name in NAMES]
    paths = []
    for n, s in enumerate(schools):
        path = tmp_path / f"school {n}.mrsummary"
        path.write_bytes(write_summary(summary_for(s, NAMES[n]), s.keys, s.address, trust.address))
        paths.append(path)
    read = read_summary_files(paths, trust.keys.identity, trust.fingerprint)
    assert [p for p, _s, _a in read] == paths
    assert [s.school.name for _p, s, _a in read] == list(NAMES)
    assert [a.fingerprint for _p, _s, a in read] == [s.fingerprint for s in schools]

    bad = tmp_path / "school 2.mrsummary"
    data = bytearray(bad.read_bytes())
    data[-1] ^= 0x01
    bad.write_bytes(bytes(data))
    with pytest.raises(OversightError, match=re.escape(f"school 2.mrsummary: {DAMAGED}")):
        read_summary_files(paths, trust.keys.identity, trust.fingerprint)
    with pytest.raises(
        OversightError, match=re.escape("missing.mrsummary: There is no such file.")
    ):
        read_summary_files([paths[0], tmp_path / "missing.mrsummary"], trust.keys.identity, None)
    with pytest.raises(OversightError, match="This is a folder"):
        read_summary_files([tmp_path], trust.keys.identity, None)
