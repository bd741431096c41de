"""Where the data folder is (store/paths.py): --data-dir, then the environment, then
portable.txt beside the frozen program, then the platform's per-user folder; from source a
portable.txt is honoured only where MISUSE_RESPONDER_PORTABLE_ROOT points."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs
import pytest

from misuse_responder.store import paths
from misuse_responder.store.paths import (
    DATA_DIR_ENV,
    PORTABLE_DIR_NAME,
    PORTABLE_MARKER,
    PORTABLE_ROOT_ENV,
    locate_data_dir,
    source_of,
    unusable_sentence,
)


def fake_frozen(monkeypatch: pytest.MonkeyPatch, folder: Path, marker: bool) -> Path:
    """A frozen program in ``folder``, with or without portable.txt beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / "misuse-responder.exe"
    exe.write_bytes(b"")
    if marker:
        (folder / PORTABLE_MARKER).write_text("")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    return folder


@pytest.mark.parametrize(
    ("option", "env", "portable", "expected"),
    [
        (True, True, True, "option"),
        (False, True, True, "environment"),
        (False, False, True, "portable"),
        (False, False, False, "default"),
        (True, False, False, "option"),
        (False, True, False, "environment"),
    ],
)
def test_the_order(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    option: bool,
    env: bool,
    portable: bool,
    expected: str,
) -> None:
    stick = fake_frozen(monkeypatch, tmp_path / "stick", marker=portable)
    if env:
        monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "from-env"))
    else:
        monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    where = locate_data_dir(str(tmp_path / "from-option") if option else None)
    assert where.source == expected
    assert (
        where.path
        == {
            "option": tmp_path / "from-option",
            "environment": tmp_path / "from-env",
            "portable": stick.resolve() / PORTABLE_DIR_NAME,
            "default": Path(platformdirs.user_data_dir("MisuseResponder", appauthor=False)),
        }[expected]
    )
    assert where.portable == (expected == "portable")
    assert paths.data_dir(str(tmp_path / "from-option") if option else None) == where.path
    assert source_of(where.path) == expected


def test_from_source_the_checkout_never_turns_portable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sys.executable is Python's own: a portable.txt beside it must not count."""
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.delenv(PORTABLE_ROOT_ENV, raising=False)
    monkeypatch.delattr(sys, "frozen", raising=False)
    python_dir = tmp_path / "venv-bin"
    python_dir.mkdir()
    (python_dir / PORTABLE_MARKER).write_text("")
    monkeypatch.setattr(sys, "executable", str(python_dir / "python"))
    assert locate_data_dir().source == "default"
    monkeypatch.setenv(PORTABLE_ROOT_ENV, str(python_dir))
    assert locate_data_dir() == paths.DataLocation(python_dir / PORTABLE_DIR_NAME, "portable")


def test_a_folder_named_portable_txt_does_not_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    stick = fake_frozen(monkeypatch, tmp_path / "stick", marker=False)
    (stick / PORTABLE_MARKER).mkdir()
    assert locate_data_dir().source == "default"


def test_a_read_only_stick_is_one_clear_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    stick = fake_frozen(monkeypatch, tmp_path / "stick", marker=True)
    root = locate_data_dir().path
    if os.name == "posix" and os.geteuid() != 0:
        stick.chmod(0o500)  # as a write-protected stick: the data folder cannot be made
        try:
            with pytest.raises(OSError) as caught:
                paths.ensure_private_dir(root)
        finally:
            stick.chmod(0o700)
        error: OSError = caught.value
    else:
        error = OSError(30, "Read-only file system")
    sentence = unusable_sentence(root, error)
    assert "portable.txt" in sentence and str(root) in sentence
    assert "read-only" in sentence and "delete portable.txt" in sentence
    assert "\n" not in sentence and "Traceback" not in sentence
    other = unusable_sentence(tmp_path / "elsewhere", OSError(13, "Permission denied"))
    assert other == f"The data folder {tmp_path / 'elsewhere'} cannot be used: Permission denied"


def test_the_cli_on_a_read_only_stick_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A locked USB stick refuses the write: the command says so in the portable words, not
    as a bare 'Read-only file system'. (As root nothing is really read-only, so the stick's
    refusal is the error a read-only mount gives, raised where the store is created.)"""
    import errno

    from misuse_responder.cli import main
    from misuse_responder.store import CaseStore

    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / PORTABLE_MARKER).write_text("")
    monkeypatch.setenv(PORTABLE_ROOT_ENV, str(stick))
    monkeypatch.delenv("MISUSE_RESPONDER_DATA_DIR", raising=False)
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", "plum orchard lantern ninety quietly")
    target = stick / PORTABLE_DIR_NAME / "keys.json"

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(target))

    monkeypatch.setattr(CaseStore, "create", refuse)
    assert main(["init", "--school", "Ysgol Łan"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "portable.txt" in err[0] and "read-only" in err[0], err
