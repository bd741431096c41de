"""``misuse-responder trust …`` and ``trust-report``, driven through the real entry point.

Three small schools and a trust (tests/oversight/schools.py), each store closed between
commands as separate laptops would be. Every refusal is one sentence on stderr with a
non-zero status, never a traceback, and leaves no PDF behind.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from misuse_responder.cli import main
from misuse_responder.store import CaseStore
from tests.oversight.schools import (
    PASSPHRASE,
    PERIOD_FROM,
    PERIOD_TO,
    World,
    make_trust,
    make_world,
)

SMALL = (
    ("Ysgol Gymraeg Llanfair\u2010\u0175", "wales", 4),
    ("学校", "england", 1),
    ("Oak Hill Primary", "england", 6),
)


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    made = make_world(tmp_path / "world", SMALL)
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", PASSPHRASE)
    return made


def run(capfd: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err, argv
    return code, out, err


def refused(capfd: pytest.CaptureFixture[str], *argv: str, code: int = 2) -> str:
    got, out, err = run(capfd, *argv)
    assert got == code, (argv, got, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def on(root: Path) -> list[str]:
    return ["--data-dir", str(root)]


def files(world: World) -> list[str]:
    return [str(s.summary) for s in world.schools]


def confirm(world: World) -> list[str]:
    return [a for s in world.schools for a in ("--confirm", s.fingerprint)]


# --- the school's side -------------------------------------------------------------------


def test_set_address_show_and_clear(world: World, capfd: pytest.CaptureFixture[str]) -> None:
    school = world.schools[0]
    other = make_trust(world.folder / "other")
    code, out, _err = run(
        capfd, "trust", "set-address", str(other.address_file), "--by", "IT", *on(school.root)
    )
    assert code == 0
    assert other.fingerprint in out
    code, out, _err = run(capfd, "trust", "show", *on(school.root))
    assert code == 0
    assert f"fingerprint {other.fingerprint}" in out
    assert world.trust.fingerprint not in out
    with CaseStore.open(school.root, PASSPHRASE, shared=True) as store:
        address = store.trust_address()
        assert address is not None and address.fingerprint == other.fingerprint
    code, out, _err = run(capfd, "trust", "set-address", "--clear", *on(school.root))
    assert code == 0
    code, out, _err = run(capfd, "trust", "show", *on(school.root))
    assert "Trust address: none" in out
    with CaseStore.open(school.root, PASSPHRASE, shared=True) as store:
        assert store.trust_address() is None
    # Without an address, the school's summary file cannot be written: one sentence.
    line = refused(
        capfd,
        "summary",
        "--from",
        PERIOD_FROM.isoformat(),
        "--to",
        PERIOD_TO.isoformat(),
        "--data",
        str(world.folder / "s.mrsummary"),
        *on(school.root),
    )
    assert line.startswith("misuse-responder summary: ")
    assert not (world.folder / "s.mrsummary").exists()


def test_set_address_refuses_bad_files(
    world: World, capfd: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    school = world.schools[0]
    junk, empty, folder = tmp_path / "junk.mraddr", tmp_path / "empty.mraddr", tmp_path / "d"
    junk.write_bytes(os.urandom(500))
    empty.write_bytes(b"")
    folder.mkdir()
    damaged = bytearray(world.trust.address_file.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01
    altered = tmp_path / "altered.mraddr"
    altered.write_bytes(bytes(damaged))
    for bad in (junk, empty, folder, tmp_path / "missing.mraddr", altered):
        line = refused(capfd, "trust", "set-address", str(bad), *on(school.root))
        assert line.startswith("misuse-responder trust set-address: "), line
    with CaseStore.open(school.root, PASSPHRASE, shared=True) as store:
        address = store.trust_address()  # the good address set by the generator is kept
        assert address is not None and address.fingerprint == world.trust.fingerprint
    with pytest.raises(SystemExit) as stop:  # neither a file nor --clear: a usage error
        main(["trust", "set-address", *on(school.root)])
    assert stop.value.code == 2
    assert "Traceback" not in capfd.readouterr().err


# --- the trust's side --------------------------------------------------------------------


def test_unknown_schools_are_listed_until_confirmed(
    world: World, capfd: pytest.CaptureFixture[str]
) -> None:
    out_pdf = world.folder / "report.pdf"
    code, out, err = run(capfd, "trust-report", *files(world), str(out_pdf), *on(world.trust.root))
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0].startswith("misuse-responder trust-report: 3 schools are not known")
    listed = {line.split()[-1]: " ".join(line.split()[:-1]) for line in lines[1:]}
    assert listed == {s.fingerprint: s.name for s in world.schools}
    assert not out_pdf.exists()
    # Confirming two of the three still refuses, and names only the third.
    two = ["--confirm", world.schools[0].fingerprint, "--confirm", world.schools[1].fingerprint]
    code, out, err = run(
        capfd, "trust-report", *files(world), str(out_pdf), *two, *on(world.trust.root)
    )
    assert code == 1
    assert [line.split()[-1] for line in err.strip().splitlines()[1:]] == [
        world.schools[2].fingerprint
    ]
    assert not out_pdf.exists()
    code, out, err = run(
        capfd,
        "trust-report",
        *files(world),
        str(out_pdf),
        "--csv",
        str(world.folder / "report.csv"),
        *confirm(world),
        *on(world.trust.root),
    )
    assert code == 0, err
    assert out_pdf.read_bytes().startswith(b"%PDF")
    assert (world.folder / "report.csv").exists()
    # Confirmed once, known from then on: shown by `trust show`, no --confirm needed.
    code, out, _err = run(capfd, "trust", "show", *on(world.trust.root))
    for school in world.schools:
        assert f"{school.name}\t{school.fingerprint}" in out
    again = world.folder / "again.pdf"
    code, out, err = run(capfd, "trust-report", *files(world), str(again), *on(world.trust.root))
    assert code == 0, err
    assert again.exists()


def test_trust_report_with_a_key_file_and_no_store(
    world: World, capfd: pytest.CaptureFixture[str]
) -> None:
    out_pdf = world.folder / "keyfile.pdf"
    identity = ["--identity", str(world.trust.identity_file)]
    known = ["--known", *(s.fingerprint for s in world.schools)]
    code, _out, err = run(
        capfd,
        "trust-report",
        *files(world),
        str(out_pdf),
        *identity,
        *known,
        "--trust-name",
        "Northern Lights",
        *on(world.folder / "no-store-here"),
    )
    assert code == 0, err
    assert out_pdf.exists()
    assert not (world.folder / "no-store-here").exists()  # no store was made or needed
    # Without --known, the same files are all new schools.
    code, _out, err = run(
        capfd, "trust-report", *files(world), str(world.folder / "k2.pdf"), *identity
    )
    assert code == 1
    assert len(err.strip().splitlines()) == 1 + len(world.schools)
    # Another trust's key cannot read them: one sentence, no report.
    other = make_trust(world.folder / "other")
    line = refused(
        capfd,
        "trust-report",
        *files(world),
        str(world.folder / "k3.pdf"),
        "--identity",
        str(other.identity_file),
        *known,
    )
    assert line.startswith("misuse-responder trust-report: ")
    assert not (world.folder / "k3.pdf").exists()


def test_trust_report_refuses_bad_input(
    world: World, capfd: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    junk, empty, folder = tmp_path / "junk.mrsummary", tmp_path / "empty.mrsummary", tmp_path / "d"
    junk.write_bytes(os.urandom(3000))
    empty.write_bytes(b"")
    folder.mkdir()
    first = world.schools[0].summary
    assert first is not None
    original = first.read_bytes()
    tampered = tmp_path / "tampered.mrsummary"
    data = bytearray(first.read_bytes())
    data[-40] ^= 0x01
    tampered.write_bytes(bytes(data))
    not_a_key = tmp_path / "key.txt"
    not_a_key.write_text("AGE-SECRET-KEY-NOPE\n")
    good = files(world)
    pdf = str(tmp_path / "r.pdf")
    store = on(world.trust.root)
    cases = [
        [str(junk), pdf, *store],
        [str(empty), pdf, *store],
        [str(folder), pdf, *store],
        [str(tmp_path / "missing.mrsummary"), pdf, *store],
        [*good[1:], str(tampered), pdf, *confirm(world), *store],
        [*good, good[0], pdf, *confirm(world), *store],  # the same school twice
        [*good, str(folder), *store],  # the output is a folder
        [*good, good[0], *store],  # the output would overwrite an input
        [*good, pdf, "--known", "X", *store],  # --known without --identity
        [*good, pdf, "--identity", str(not_a_key)],
        [*good, pdf, "--identity", str(tmp_path / "no-key.txt")],
        [*good, pdf, *confirm(world), *on(tmp_path / "no-store")],
    ]
    for args in cases:
        code = 3 if args[-1] == str(tmp_path / "no-store") else 2
        line = refused(capfd, "trust-report", *args, code=code)
        assert line.startswith("misuse-responder trust-report: "), (args, line)
        assert not (tmp_path / "r.pdf").exists(), args
    assert first.read_bytes() == original
