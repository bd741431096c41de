"""Restoring or backing up never changes the permissions of a folder the app does not own."""

from __future__ import annotations

import stat
from pathlib import Path

from misuse_responder.store import CaseStore, restore


def test_restore_leaves_a_shared_parent_folder_alone(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o1777)  # like /tmp
    store, _key = CaseStore.create(tmp_path / "data", "correct horse battery staple", "School")
    target = shared / "backup.mrbackup"
    store.backup(target)
    store.close()
    restore(target, shared / "restored")
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert (shared / "restored").is_dir()
