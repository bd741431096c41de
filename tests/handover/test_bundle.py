"""The .mrcase bundle: round trip, the real age tool, every bad input, atomic writes."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import stat
import subprocess
import tarfile
import tracemalloc
from pathlib import Path

import pytest

from misuse_responder.handover import bundle as bundle_mod
from misuse_responder.handover import tarstream
from misuse_responder.handover.bundle import (
    BundleError,
    open_bundle,
    read_addressed_to,
)
from misuse_responder.progress import Cancelled, CancelToken
from tests.handover.conftest import World

AGE = shutil.which("age")


def test_round_trip(world: World, tmp_path: Path) -> None:
    info = world.send()
    assert info.path.name == "case.mrcase"
    assert info.sha256 == hashlib.sha256(info.path.read_bytes()).hexdigest()
    assert info.size == info.path.stat().st_size
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600
    dest = tmp_path / "recv"
    got = open_bundle(info.path, world.dsl.keys, dest, {world.staff.address.fingerprint})
    assert got.case_uuid == world.case_uuid
    assert got.case_doc["reference"] == "MR-2026-0007"
    assert got.sender_known and got.sender_fingerprint == world.staff.keys.fingerprint
    assert got.sender.store_id == world.staff.address.store_id
    assert got.bundle_sha256 == info.sha256
    assert stat.S_IMODE(dest.stat().st_mode) == 0o700
    for sha, path in world.evidence:
        assert got.evidence[sha].read_bytes() == path.read_bytes()
        assert stat.S_IMODE(got.evidence[sha].stat().st_mode) == 0o600
    names = [m["name"] for m in got.manifest["members"]]
    assert names[0] == "case.json" and len(names) == 1 + len(world.evidence)


def test_unknown_sender_reported_not_refused(world: World, tmp_path: Path) -> None:
    got = open_bundle(world.send().path, world.dsl.keys, tmp_path / "r")
    assert not got.sender_known
    assert got.sender_fingerprint == world.staff.keys.fingerprint


def test_every_recipient_can_read(world: World, tmp_path: Path) -> None:
    info = world.send([world.dsl, world.deputy])
    for n, who in enumerate((world.dsl, world.deputy)):
        assert open_bundle(info.path, who.keys, tmp_path / f"r{n}").case_uuid == world.case_uuid
    labels = [r["label"] for r in read_addressed_to(info.path)]
    assert labels == ["DSL Ms Okafor", "Deputy DSL Mr Ahmed"]


def test_not_addressed_to_this_laptop(world: World, tmp_path: Path) -> None:
    info = world.send()
    with pytest.raises(BundleError, match="is for DSL Ms Okafor, not for this laptop"):
        open_bundle(info.path, world.deputy.keys, tmp_path / "r")


@pytest.mark.skipif(AGE is None, reason="the Debian 'age' package is not installed")
def test_opens_with_the_age_tool(world: World, tmp_path: Path) -> None:
    info = world.send()
    key = tmp_path / "key.txt"
    key.write_text(world.dsl.keys.age_identity_text())
    with tarfile.open(info.path) as outer:
        assert outer.getnames() == ["addressed-to.json", "case.age"]
        sealed = outer.extractfile("case.age")
        assert sealed is not None
        (tmp_path / "case.age").write_bytes(sealed.read())
    plain = subprocess.run(
        [str(AGE), "-d", "-i", str(key), str(tmp_path / "case.age")],
        capture_output=True,
        check=True,
    ).stdout
    listing = subprocess.run(
        ["tar", "-t"], input=plain, capture_output=True, check=True
    ).stdout.decode()
    expected = ["manifest.json", "manifest.sig", "case.json"]
    expected += [f"evidence/{sha}" for sha, _p in world.evidence]
    assert listing.split() == expected


def _refused(path: Path, world: World, dest: Path, words: str) -> None:
    with pytest.raises(BundleError, match=words) as info:
        open_bundle(path, world.dsl.keys, dest)
    assert "\n" not in str(info.value)
    assert not dest.exists() or not any(dest.iterdir()), "nothing extracted is left"


def test_one_byte_changed_anywhere_is_refused(world: World, tmp_path: Path) -> None:
    info = world.send()
    data = info.path.read_bytes()
    size = len(data)
    offsets = [0, 100, 148, 600, 1100, 1600, 1700, 2000, 5000, size // 2, size - 9000]
    offsets += [size - 20000, size - 600, size - 1]
    for n, offset in enumerate(offsets):
        bad = bytearray(data)
        bad[offset] ^= 0x01
        path = tmp_path / f"flip{n}.mrcase"
        path.write_bytes(bytes(bad))
        with pytest.raises(BundleError) as err:
            open_bundle(path, world.dsl.keys, tmp_path / f"r{n}")
        assert str(err.value).endswith("."), offset


def test_truncated_is_refused(world: World, tmp_path: Path) -> None:
    data = world.send().path.read_bytes()
    for n, length in enumerate((0, 10, 512, 1500, 3000, len(data) // 2, len(data) - 1)):
        path = tmp_path / f"cut{n}.mrcase"
        path.write_bytes(data[:length])
        _refused(path, world, tmp_path / f"r{n}", "damaged or incomplete")


def test_trailing_bytes_refused(world: World, tmp_path: Path) -> None:
    path = world.send().path
    with path.open("ab") as handle:
        handle.write(b"\0" * 10240 * 50)
    _refused(path, world, tmp_path / "r", "larger than")


def _inner(world: World, path: Path) -> list[tuple[tarfile.TarInfo, bytes]]:
    import pyrage

    with tarfile.open(path) as outer:
        addressed = outer.extractfile("addressed-to.json")
        sealed = outer.extractfile("case.age")
        assert addressed is not None and sealed is not None
        plain = pyrage.decrypt(sealed.read(), [world.dsl.keys.identity])
    with tarfile.open(fileobj=io.BytesIO(plain)) as inner:
        out = []
        for member in inner.getmembers():
            handle = inner.extractfile(member)
            out.append((member, handle.read() if handle else b""))
    return out


def _reseal(
    world: World,
    path: Path,
    members: list[tuple[tarfile.TarInfo, bytes]],
    sign: bool = True,
) -> Path:
    """Rewrite a bundle's inner tar (e.g. with a forged manifest), as an attacker could."""
    import pyrage

    with tarfile.open(path) as outer:
        handle = outer.extractfile("addressed-to.json")
        assert handle is not None
        addressed = handle.read()
    fixed = []
    manifest_bytes = b""
    for info, data in members:
        if info.name == "manifest.json":
            manifest_bytes = data
        if info.name == "manifest.sig" and sign:
            data = world.staff.keys.signing_key.sign(manifest_bytes)
            info.size = len(data)
        fixed.append((info, data))
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as inner:
        for info, data in fixed:
            inner.addfile(info, io.BytesIO(data) if info.isreg() else None)
    sealed = pyrage.encrypt(buf.getvalue(), [world.dsl.address.recipient])
    out = path.with_name("forged.mrcase")
    with tarfile.open(out, "w", format=tarfile.USTAR_FORMAT) as outer:
        for name, data in (("addressed-to.json", addressed), ("case.age", sealed)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            outer.addfile(info, io.BytesIO(data))
    return out


def _edit_manifest(members: list[tuple[tarfile.TarInfo, bytes]], edit: object) -> None:
    for n, (info, data) in enumerate(members):
        if info.name == "manifest.json":
            doc = json.loads(data)
            edit(doc)  # type: ignore[operator]
            new = json.dumps(doc).encode()
            info.size = len(new)
            members[n] = (info, new)


def test_resealed_unchanged_still_opens(world: World, tmp_path: Path) -> None:
    """The forging helper itself is right: a faithful re-seal opens (so refusals are real)."""
    path = world.send().path
    forged = _reseal(world, path, _inner(world, path))
    assert open_bundle(forged, world.dsl.keys, tmp_path / "r").case_uuid == world.case_uuid


def test_swapped_signature_refused(world: World, tmp_path: Path) -> None:
    path = world.send().path
    members = _inner(world, path)
    _edit_manifest(members, lambda d: d.update(sender_name="Someone else"))
    _refused(_reseal(world, path, members, sign=False), world, tmp_path / "r", "signature")
    # a signature from another key over the same bytes
    members = _inner(world, path)
    other = world.deputy.keys.signing_key.sign(members[0][1])
    members[1] = (members[1][0], other)
    _refused(_reseal(world, path, members, sign=False), world, tmp_path / "r2", "signature")


def test_member_missing_from_bundle_refused(world: World, tmp_path: Path) -> None:
    path = world.send().path
    members = [m for m in _inner(world, path) if not m[0].name.endswith(world.evidence[-1][0])]
    _refused(_reseal(world, path, members), world, tmp_path / "r", "do not match")


def test_member_not_in_manifest_refused(world: World, tmp_path: Path) -> None:
    path = world.send().path
    members = _inner(world, path)
    last = world.evidence[-1][0]
    _edit_manifest(
        members, lambda d: d.update(members=[m for m in d["members"] if last not in m["name"]])
    )
    _refused(_reseal(world, path, members), world, tmp_path / "r", "do not match")


def test_member_content_swapped_refused(world: World, tmp_path: Path) -> None:
    path = world.send().path
    members = _inner(world, path)
    info, data = members[-1]
    members[-1] = (info, bytes(len(data)))
    _refused(_reseal(world, path, members), world, tmp_path / "r", "do not match")


@pytest.mark.parametrize("name", ["../escape", "/etc/passwd", "evidence/../../x", "a\\b"])
def test_path_tricks_refused(world: World, tmp_path: Path, name: str) -> None:
    path = world.send().path
    members = _inner(world, path)
    info = tarfile.TarInfo(name)
    info.size = 3
    members.append((info, b"bad"))
    _refused(_reseal(world, path, members), world, tmp_path / "r", "unsafe name")


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.CHRTYPE])
def test_links_and_devices_refused(world: World, tmp_path: Path, kind: bytes) -> None:
    path = world.send().path
    members = _inner(world, path)
    info = tarfile.TarInfo(f"evidence/{world.evidence[0][0]}")
    info.type, info.linkname = kind, "/etc/passwd"
    members.insert(3, (info, b""))
    _refused(_reseal(world, path, members), world, tmp_path / "r", "unsafe name")


def test_manifest_naming_a_path_trick_refused(world: World, tmp_path: Path) -> None:
    path = world.send().path
    members = _inner(world, path)
    _edit_manifest(
        members,
        lambda d: d["members"].append({"name": "../x", "sha256": "0" * 64, "size": 1}),
    )
    _refused(_reseal(world, path, members), world, tmp_path / "r", "unsafe name")


def test_far_larger_than_manifest_refused(world: World, tmp_path: Path) -> None:
    path = world.send().path
    members = _inner(world, path)
    info, data = members[-1]
    big = data + bytes(5 << 20)
    info.size = len(big)
    members[-1] = (info, big)
    _refused(_reseal(world, path, members), world, tmp_path / "r", "larger than|do not match")


def test_oversized_member_stops_reading(world: World, tmp_path: Path) -> None:
    """A member bigger than listed is refused at its header, before its data is read."""
    path = world.send().path
    members = _inner(world, path)
    info, data = members[-1]
    info.size = len(data) * 20
    members[-1] = (info, data * 20)
    parser_writes: list[int] = []
    original = bundle_mod._InnerParser.write

    def spy(self: object, data: bytes) -> int:
        parser_writes.append(len(data))
        return original(self, data)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(bundle_mod._InnerParser, "write", spy)
        _refused(_reseal(world, path, members), world, tmp_path / "r", "do not match")
    assert sum(parser_writes) < len(data) * 20


def test_changed_evidence_is_not_sent(world: World) -> None:
    path = world.evidence[-1][1]
    path.write_bytes(b"altered" + path.read_bytes()[7:])
    with pytest.raises(BundleError, match="changed since it was recorded"):
        world.send()
    assert list(world.out.iterdir()) == []


def test_exception_mid_write_leaves_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    original = bundle_mod._stream_checked

    def failing(src):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        yield from original(src)

    monkeypatch.setattr(bundle_mod, "_stream_checked", failing)
    with pytest.raises(KeyboardInterrupt):
        world.send()
    assert list(world.out.iterdir()) == []


def test_receive_folder_must_be_empty(world: World, tmp_path: Path) -> None:
    dest = tmp_path / "r"
    dest.mkdir()
    (dest / "x").write_bytes(b"")
    with pytest.raises(BundleError, match="not empty"):
        open_bundle(world.send().path, world.dsl.keys, dest)


def test_layout_is_block_aligned(world: World) -> None:
    size = world.send().path.stat().st_size
    assert size % tarstream.RECORD == 0


@pytest.mark.slow
def test_a_200_mb_file_is_streamed_not_held_in_memory(world: World, tmp_path: Path) -> None:
    big = tmp_path / "video.mp4"
    digest = hashlib.sha256()
    with big.open("wb") as handle:
        block = bytes(range(256)) * 4096  # 1 MiB
        for n in range(200):
            piece = block[n:] + block[:n]
            digest.update(piece)
            handle.write(piece)
    world.evidence = [(digest.hexdigest(), big)]
    tracemalloc.start()
    try:
        info = world.send()
        _, write_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        got = open_bundle(info.path, world.dsl.keys, tmp_path / "r")
        _, read_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert got.evidence[digest.hexdigest()].stat().st_size == 200 << 20
    assert write_peak < 16 << 20, write_peak
    assert read_peak < 16 << 20, read_peak


def _big_world(world: World, tmp_path: Path) -> World:
    big = tmp_path / "src" / "video.mp4"
    big.write_bytes(os.urandom(3 << 20))
    world.evidence.append((hashlib.sha256(big.read_bytes()).hexdigest(), big))
    return world


def test_opening_reports_progress_up_to_the_sealed_size(world: World, tmp_path: Path) -> None:
    info = _big_world(world, tmp_path).send()
    seen: list[tuple[int, int]] = []
    open_bundle(
        info.path, world.dsl.keys, tmp_path / "recv", progress=lambda d, t: seen.append((d, t))
    )
    assert len(seen) >= 3  # about once a megabyte, not once at the end
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    total = seen[-1][1]
    assert seen[-1][0] == total and 3 << 20 < total < info.size


def test_a_cancel_mid_open_stops_and_leaves_nothing(world: World, tmp_path: Path) -> None:
    info = _big_world(world, tmp_path).send()
    token = CancelToken()
    dest = tmp_path / "recv"
    with pytest.raises(Cancelled):
        open_bundle(
            info.path, world.dsl.keys, dest, progress=lambda d, t: token.cancel(), cancel=token
        )
    assert list(dest.iterdir()) == []
    got = open_bundle(info.path, world.dsl.keys, tmp_path / "again")  # the file is unharmed
    assert got.bundle_sha256 == info.sha256
