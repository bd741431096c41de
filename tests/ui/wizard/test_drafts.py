"""Encrypted wizard drafts (store/drafts.py): round trip, privacy, damage, deletion."""

from __future__ import annotations

import os
import stat

import pytest

from misuse_responder.store import CaseStore, NotFound, drafts


def test_round_trip_and_listing(vault: CaseStore) -> None:
    state = {"title": "Zoë's post", "people": [{"name": "Łukasz"}], "page": 5}
    draft_id = drafts.save_draft(vault, state, title="Zoë's post")
    assert drafts.load_draft(vault, draft_id) == state
    found, problems = drafts.list_drafts(vault)
    assert problems == []
    assert [(d.id, d.title) for d in found] == [(draft_id, "Zoë's post")]
    # Saving again replaces the same draft.
    assert drafts.save_draft(vault, {**state, "page": 6}, draft_id=draft_id) == draft_id
    assert drafts.load_draft(vault, draft_id)["page"] == 6
    assert len(drafts.list_drafts(vault)[0]) == 1


def test_encrypted_private_and_atomic(vault: CaseStore) -> None:
    draft_id = drafts.save_draft(vault, {"summary": "SECRET-WORDS"}, title="TITLE-WORDS")
    path = drafts.drafts_dir(vault) / f"{draft_id}.draft"
    data = path.read_bytes()
    assert b"SECRET-WORDS" not in data and b"TITLE-WORDS" not in data
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left


def test_damaged_draft_is_reported_not_fatal(vault: CaseStore) -> None:
    good = drafts.save_draft(vault, {"a": 1}, title="good")
    bad = drafts.save_draft(vault, {"a": 2}, title="bad")
    path = drafts.drafts_dir(vault) / f"{bad}.draft"
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    (drafts.drafts_dir(vault) / f"{'f' * 32}.draft").write_bytes(b"short")
    found, problems = drafts.list_drafts(vault)
    assert [d.id for d in found] == [good]
    assert sorted(p.id for p in problems) == sorted([bad, "f" * 32])
    assert all("damaged" in p.message for p in problems)
    with pytest.raises(drafts.DraftDamaged):
        drafts.load_draft(vault, bad)


def test_delete_and_unknown(vault: CaseStore) -> None:
    draft_id = drafts.save_draft(vault, {"a": 1})
    drafts.delete_draft(vault, draft_id)
    assert drafts.list_drafts(vault) == ([], [])
    with pytest.raises(NotFound):
        drafts.load_draft(vault, draft_id)
    with pytest.raises(NotFound):
        drafts.load_draft(vault, "../../etc/passwd")
