"""Weak passphrases are refused with advice (zxcvbn), at first run, on change and in the
command line; wrong unlocks cost a growing wait after five (issue 9, item 10). Before the
fix "password" and "12345678" were accepted and guesses were free."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from misuse_responder.cli import main
from misuse_responder.store import FAST_KDF_FOR_TESTS, CaseStore
from misuse_responder.store.crypto import WeakPassphrase, check_passphrase_strength
from misuse_responder.ui.lock.throttle import FILE_NAME, Throttle
from misuse_responder.ui.lock.unlock_screen import UnlockScreen
from misuse_responder.ui.main_window import MainWindow
from tests.support import PASSPHRASE, SCHOOL
from tests.ui.conftest import AUTHOR

WEAK = ("password", "12345678", "Password1!", "qwertyuiop", "liverpool1", "Summer2026!")


@pytest.mark.parametrize("weak", WEAK)
def test_weakest_passphrases_are_refused_with_advice(weak: str) -> None:
    with pytest.raises(WeakPassphrase, match="too easy to guess") as refused:
        check_passphrase_strength(weak)
    assert "three or four ordinary words" in str(refused.value)


def test_strong_passphrases_pass_and_the_school_name_counts_against() -> None:
    check_passphrase_strength(PASSPHRASE)
    check_passphrase_strength("lantern orbit maple " * 30)  # cut for zxcvbn, not an error
    check_passphrase_strength("Riverside2026")  # fine on its own...
    with pytest.raises(WeakPassphrase):  # ...but not at Riverside Primary
        check_passphrase_strength("Riverside2026", ["Riverside Primary School"])


def test_store_create_and_change_refuse_weak(tmp_path: Path) -> None:
    with pytest.raises(WeakPassphrase):
        CaseStore.create(tmp_path / "a", "12345678", SCHOOL, kdf=FAST_KDF_FOR_TESTS)
    assert not (tmp_path / "a" / "keys.json").exists()
    store, _key = CaseStore.create(tmp_path / "b", PASSPHRASE, SCHOOL, kdf=FAST_KDF_FOR_TESTS)
    with store:
        before = store.paths.key_file.read_bytes()
        with pytest.raises(WeakPassphrase):
            store.change_passphrase("password", kdf=FAST_KDF_FOR_TESTS)
        assert store.paths.key_file.read_bytes() == before


def test_cli_init_refuses_weak(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MISUSE_RESPONDER_PASSPHRASE", "password")
    code = main(["init", "--school", "Oakfield", "--data-dir", str(tmp_path / "s")])
    err = capsys.readouterr().err
    assert code == 2 and "too easy to guess" in err and "Traceback" not in err
    assert not (tmp_path / "s" / "keys.json").exists()


def test_first_run_shows_the_advice_as_typed(
    qtbot: QtBot, data_dir: Path, make_window: Any
) -> None:
    window: MainWindow = make_window()
    setup = window.first_run.setup
    setup.school.name.setText("Riverside Primary")
    setup.author.setText("Ms Okafor")
    setup.passphrase.setText("12345678")
    setup.repeat.setText("12345678")
    assert "too easy to guess" in setup.message.text()
    setup.create_button.click()
    assert not (data_dir / "keys.json").exists()


def test_settings_refuses_a_weak_new_passphrase(qtbot: QtBot, unlocked: MainWindow) -> None:
    unlocked.settings_action.trigger()
    page = unlocked.settings
    page.current.setText(PASSPHRASE)
    page.new.setText("password1")
    page.repeat.setText("password1")
    assert not page.change_passphrase()
    assert "too easy to guess" in page.message.text()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _try(screen: UnlockScreen, passphrase: str) -> bool:
    screen.passphrase.setText(passphrase)
    return screen.unlock()


def test_growing_wait_after_five_wrong_unlocks(
    qtbot: QtBot, seeded: dict[str, Any], data_dir: Path
) -> None:
    clock = FakeClock()
    screen = UnlockScreen(data_dir, clock=clock)
    qtbot.addWidget(screen)
    opened: list[CaseStore] = []
    screen.unlocked.connect(lambda store, *_a: opened.append(store))
    screen.author.setText(AUTHOR)
    for _i in range(4):
        assert not _try(screen, "not the passphrase")
        assert screen.unlock_button.isEnabled() and screen.waiting() == 0
    assert not _try(screen, "not the passphrase")  # the fifth
    assert not screen.unlock_button.isEnabled()
    assert "try again in 5 seconds" in screen.message.text()
    assert screen.wait_timer.isActive()
    # While waiting even the right passphrase is not tried.
    assert not _try(screen, PASSPHRASE) and not opened
    clock.now += 3
    screen.refresh_wait()
    assert "2 seconds" in screen.message.text()
    clock.now += 2
    screen.refresh_wait()
    assert screen.unlock_button.isEnabled() and "try again now" in screen.message.text()
    assert not _try(screen, "still wrong")  # the sixth: twice as long
    assert "10 seconds" in screen.message.text()

    # Closing and reopening the app does not reset the count.
    again = UnlockScreen(data_dir, clock=clock)
    qtbot.addWidget(again)
    again.unlocked.connect(lambda store, *_a: opened.append(store))
    again.author.setText(AUTHOR)
    assert not again.unlock_button.isEnabled() and "10 seconds" in again.message.text()
    clock.now += 10
    again.refresh_wait()
    assert _try(again, PASSPHRASE) and len(opened) == 1
    opened[0].close()
    assert not (data_dir / FILE_NAME).exists()
    assert Throttle(data_dir, clock).failures == 0


def test_wait_is_capped_and_survives_a_damaged_count_file(tmp_path: Path) -> None:
    clock = FakeClock()
    throttle = Throttle(tmp_path, clock)
    waits = [throttle.failed() for _i in range(20)]
    assert waits[:4] == [0, 0, 0, 0] and waits[4:7] == [5, 10, 20] and max(waits) == 300
    (tmp_path / FILE_NAME).write_text(json.dumps({"failures": 9, "until": 1e18}))
    assert Throttle(tmp_path, clock).remaining() == 300  # a clock set back cannot mean years
    (tmp_path / FILE_NAME).write_text("junk")
    assert Throttle(tmp_path, clock).remaining() == 0
