"""Nothing personal is left readable by others (issue 9 item 5).

Before: password-protected packs (pikepdf writes its file 0644 and it was renamed into
place), ``export_evidence`` output and ``ui-prefs.json`` were 0644, and the export
preview and pasted screenshots left plain files in /tmp that nothing removed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from misuse_responder import scratch
from misuse_responder.export.checklists import render_checklist
from misuse_responder.export.pack import PackOptions, export_pack, render_pack
from misuse_responder.store import CaseStore
from misuse_responder.ui.settings.prefs import PREFS_NAME, Prefs, load_prefs, save_prefs
from tests.export.conftest import DSL


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask() -> object:
    """The usual desktop umask (022), under which files are created 0644."""
    old = os.umask(0o022)
    yield None
    os.umask(old)


def test_packs_are_owner_only_with_or_without_a_password(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    locked = out / "locked.pdf"
    export_pack(store, case_id, locked, PackOptions(password="a long password"), author=DSL)
    plain = out / "plain.pdf"
    render_pack(store, case_id, plain, PackOptions(), author=DSL)
    card = out / "card.pdf"
    render_checklist("dsl", card)
    assert mode(locked) == mode(plain) == mode(card) == 0o600
    assert sorted(p.name for p in out.iterdir()) == ["card.pdf", "locked.pdf", "plain.pdf"]


def test_a_pack_made_for_the_preview_touches_no_disk(
    store: CaseStore, case_id: int, tmp_path: Path
) -> None:
    result = render_pack(store, case_id, None, PackOptions(password="a long password"), author=DSL)
    assert result.data is not None and result.data[:5] == b"%PDF-"
    assert not result.path.exists()


def test_exported_evidence_is_owner_only(store: CaseStore, case_id: int, tmp_path: Path) -> None:
    item = next(e for e in store.case(case_id).evidence if e.kind == "file")
    dest = tmp_path / "original.png"
    store.export_evidence(item.id, dest)
    assert mode(dest) == 0o600


def test_prefs_are_owner_only_even_when_the_old_file_was_not(tmp_path: Path) -> None:
    tmp_path = tmp_path / "prefs"
    tmp_path.mkdir()
    (tmp_path / PREFS_NAME).write_text("{}", encoding="utf-8")
    (tmp_path / PREFS_NAME).chmod(0o644)
    save_prefs(tmp_path, Prefs(recent_authors=("Dana Okafor",)))
    assert mode(tmp_path / PREFS_NAME) == 0o600
    assert load_prefs(tmp_path).recent_authors == ("Dana Okafor",)
    assert [p.name for p in tmp_path.iterdir()] == [PREFS_NAME]  # no temporary file left


def test_stale_previews_and_pastes_are_removed_at_start(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    data = tmp_path / "data"
    temp.mkdir()
    old_preview = temp / "mr-export-abc123"
    old_paste = temp / "mr-paste-def456"
    for folder in (old_preview, old_paste):
        folder.mkdir()
        (folder / "pack.pdf").write_bytes(b"%PDF-1.4 plain text of a pack")
    unrelated = temp / "someone-else"
    unrelated.mkdir()
    mine = scratch.scratch_dir(data, "mr-paste-")
    (mine / "screenshot.png").write_bytes(b"png")
    assert mode(mine) == 0o700 and mode(data / scratch.SCRATCH) == 0o700
    assert scratch.clean_stale(data, temp) == 3
    assert not old_preview.exists() and not old_paste.exists() and not mine.exists()
    assert unrelated.exists()
    assert scratch.clean_stale(data, temp) == 0
