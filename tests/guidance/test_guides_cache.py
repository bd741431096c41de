"""The disk copy of the checked guides: used only for the very same bytes and code."""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import misuse_responder
from misuse_responder.guidance import GuideError, guides_cache, load_guides
from misuse_responder.guidance.guides import _load, default_guides_dir


@pytest.fixture
def guides(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "guides"
    shutil.copytree(default_guides_dir(), folder)
    _load.cache_clear()
    yield folder
    _load.cache_clear()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts YAML parses (one per guides file read from its text)."""
    calls: list[int] = []
    real = yaml.load

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(yaml, "load", counting)
    return calls


def fresh(folder: Path) -> Any:
    _load.cache_clear()  # as a new process would: only the disk copy is left
    return load_guides(folder)


def cache_file() -> Path:
    return guides_cache.cache_dir() / guides_cache.FILE_NAME


def test_the_second_start_reads_the_disk_copy_not_the_yaml(guides: Path, parses: list[int]) -> None:
    first = load_guides(guides)
    assert len(parses) == 10 and cache_file().is_file()
    if os.name == "posix":
        assert cache_file().stat().st_mode & 0o777 == 0o600
        assert cache_file().parent.stat().st_mode & 0o777 == 0o700
    again = fresh(guides)
    assert len(parses) == 10  # nothing parsed
    assert again == first and again.version == first.version


def test_one_changed_byte_in_one_file_is_read_again(guides: Path, parses: list[int]) -> None:
    first = load_guides(guides)
    meta = guides / "meta.yaml"
    text = meta.read_bytes()
    assert first.title.encode() in text
    changed = first.title[:-1] + ("X" if first.title[-1] != "X" else "Y")
    meta.write_bytes(text.replace(first.title.encode(), changed.encode(), 1))
    again = fresh(guides)
    assert len(parses) == 20  # every file parsed again
    assert again.title == changed and again.version != first.version


def test_a_change_that_breaks_a_file_is_refused_however_often_it_was_cached(
    guides: Path,
) -> None:
    load_guides(guides)
    (guides / "steps.yaml").write_text("steps: [oops\n", encoding="utf-8")
    with pytest.raises(GuideError, match=r"steps\.yaml"):
        fresh(guides)
    with pytest.raises(GuideError, match=r"steps\.yaml"):
        fresh(guides)  # a failure is never kept


def test_an_extra_guides_file_is_still_refused_on_a_cache_hit(guides: Path) -> None:
    load_guides(guides)
    (guides / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(GuideError, match=r"notes\.yaml"):
        fresh(guides)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty"])
def test_a_damaged_cache_is_ignored_and_rebuilt(
    guides: Path, parses: list[int], damage: str
) -> None:
    first = load_guides(guides)
    blob = cache_file().read_bytes()
    spoilt = {
        "garbage": os.urandom(4000),
        "truncated": blob[: len(blob) // 2],
        "flipped": blob[:-100] + bytes([blob[-100] ^ 1]) + blob[-99:],
        "empty": b"",
    }[damage]
    cache_file().write_bytes(spoilt)
    assert fresh(guides) == first
    assert len(parses) == 20  # parsed again, not served from the damaged copy
    assert cache_file().read_bytes() == blob  # and written again whole
    assert fresh(guides) == first and len(parses) == 20


def test_a_cache_from_another_app_version_is_not_used(
    guides: Path, parses: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_guides(guides)
    monkeypatch.setattr(misuse_responder, "__version__", "99.0.0")
    fresh(guides)
    assert len(parses) == 20


def test_a_cache_checked_by_another_msgspec_version_is_not_used(
    guides: Path, parses: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    import msgspec

    load_guides(guides)
    fresh(guides)
    assert len(parses) == 10
    monkeypatch.setattr(msgspec, "__version__", "0.0.1")
    fresh(guides)
    assert len(parses) == 20


def test_the_cached_records_name_no_class_outside_the_guides(guides: Path) -> None:
    """The Structs pickle as their own class and field values: msgspec itself is not needed
    (and not allowed) to read them back."""
    import pickletools

    load_guides(guides)
    payload = cache_file().read_bytes().split(b"\n", 3)[3]
    texts = [arg for op, arg, _pos in pickletools.genops(payload) if isinstance(arg, str)]
    assert "misuse_responder.guidance.guide_records" in texts
    assert not [t for t in texts if t.startswith("msgspec")]


def test_a_cache_from_other_parsing_code_is_not_used(
    guides: Path, parses: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_guides(guides)
    monkeypatch.setattr(guides_cache, "_code_version", lambda: b"the schema code changed")
    fresh(guides)
    assert len(parses) == 20


class Boom:
    def __reduce__(self) -> Any:
        return (os.system, ("touch pwned",))


def test_a_planted_pickle_with_the_right_key_runs_nothing(
    guides: Path, parses: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even a well-formed file with the right key and hash builds only the guide's classes."""
    import hashlib

    load_guides(guides)
    monkeypatch.chdir(tmp_path)
    head = cache_file().read_bytes().split(b"\n", 2)
    payload = pickle.dumps(Boom())
    planted = b"\n".join([head[0], head[1], hashlib.sha256(payload).hexdigest().encode(), payload])
    cache_file().write_bytes(planted)
    assert fresh(guides).version
    assert not (tmp_path / "pwned").exists() and len(parses) == 20
