"""Encrypted wizard drafts: what a member of staff has typed, kept safe across a crash.

A draft is the incident wizard's state (a JSON-able dict) written to
``<data dir>/drafts/<uuid>.draft`` with AES-256-GCM under a key derived (HKDF) from
the vault's blob key, so a draft is as private as the case it will become. Writes are
atomic (temp file, fsync, rename) and owner-only, so a power cut leaves the old draft
or the new one, never half. A damaged draft is reported by ``list_drafts`` and never
stops the others from being offered.
"""

from __future__ import annotations

import json
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from misuse_responder.i18n import _
from misuse_responder.store.diskfull import disk_full, is_disk_full
from misuse_responder.store.errors import NotFound, StoreError
from misuse_responder.store.paths import atomic_write, ensure_private_dir
from misuse_responder.store.vault import Vault, iso

DRAFT_DIR = "drafts"
SUFFIX = ".draft"
MAGIC = b"MRDRAFT1"
_NONCE = 12
_HKDF_INFO = b"misuse-responder wizard drafts v1"
_ID = re.compile(r"^[0-9a-f]{32}$")


class DraftDamaged(StoreError):
    """A draft file cannot be read back (cut short, altered, or from another store)."""


class DraftNotSaved(StoreError):
    """The draft could not be written (a full disk is ``DiskFull`` instead)."""


@dataclass(frozen=True)
class DraftInfo:
    """A draft to offer for resuming: its id, when it was last saved, and its title."""

    id: str
    saved_at: datetime
    title: str
    case_id: int | None = None  # the draft case in the store, once "What happened" made one


@dataclass(frozen=True)
class DraftProblem:
    """A draft file that could not be read, and why (shown to staff, never fatal)."""

    id: str
    path: Path
    message: str


def _key(vault: Vault) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        vault.blob_key
    )
    return AESGCM(derived)


def drafts_dir(vault: Vault) -> Path:
    return vault.paths.root / DRAFT_DIR


def _path(vault: Vault, draft_id: str) -> Path:
    if not _ID.match(draft_id):
        raise NotFound(_("There is no draft {id}.").format(id=draft_id))
    return drafts_dir(vault) / f"{draft_id}{SUFFIX}"


def new_draft_id() -> str:
    return uuid.uuid4().hex


def save_draft(
    vault: Vault, state: dict[str, Any], *, draft_id: str | None = None, title: str = ""
) -> str:
    """Encrypt and write ``state`` (replacing the draft ``draft_id``); returns the draft id."""
    draft_id = draft_id or new_draft_id()
    path = _path(vault, draft_id)
    payload = json.dumps(
        {"saved_at": vault.now(), "title": title, "state": state},
        ensure_ascii=False,
        sort_keys=True,
    ).encode("utf-8")
    nonce = secrets.token_bytes(_NONCE)
    sealed = _key(vault).encrypt(nonce, payload, MAGIC + draft_id.encode("ascii"))
    try:
        ensure_private_dir(path.parent)
        atomic_write(path, MAGIC + nonce + sealed)
    except OSError as exc:
        if is_disk_full(exc):
            # The last saved draft (if any) is left as it was; the wizard keeps what was typed.
            raise disk_full(_("the draft")) from None
        raise DraftNotSaved(
            _("The draft could not be saved: {error}").format(error=exc.strerror or exc)
        ) from None
    return draft_id


def _read(vault: Vault, draft_id: str) -> dict[str, Any]:
    path = _path(vault, draft_id)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(_("There is no draft {id}.").format(id=draft_id)) from None
    except OSError as exc:
        raise DraftDamaged(
            _("The draft {id} could not be read: {error}").format(
                id=draft_id, error=exc.strerror or exc
            )
        ) from None
    damaged = _(
        "The draft {id} is damaged (cut short or altered) and cannot be resumed. "
        "The rest of your cases and drafts are not affected."
    ).format(id=draft_id)
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + _NONCE + 16:
        raise DraftDamaged(damaged)
    nonce = data[len(MAGIC) : len(MAGIC) + _NONCE]
    try:
        plain = _key(vault).decrypt(
            nonce, data[len(MAGIC) + _NONCE :], MAGIC + draft_id.encode("ascii")
        )
        decoded = json.loads(plain.decode("utf-8"))
    except (InvalidTag, ValueError):
        raise DraftDamaged(damaged) from None
    if not isinstance(decoded, dict) or not isinstance(decoded.get("state"), dict):
        raise DraftDamaged(damaged)
    return decoded


def load_draft(vault: Vault, draft_id: str) -> dict[str, Any]:
    """The saved state of a draft (raises ``NotFound`` or ``DraftDamaged``)."""
    state: dict[str, Any] = _read(vault, draft_id)["state"]
    return state


def list_drafts(vault: Vault) -> tuple[list[DraftInfo], list[DraftProblem]]:
    """Every readable draft (newest first), and the files that could not be read."""
    folder = drafts_dir(vault)
    found: list[DraftInfo] = []
    problems: list[DraftProblem] = []
    if not folder.is_dir():
        return found, problems
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        draft_id = path.name[: -len(SUFFIX)]
        if not _ID.match(draft_id):
            continue
        try:
            data = _read(vault, draft_id)
            saved = datetime.fromisoformat(str(data.get("saved_at")))
        except (StoreError, ValueError) as exc:
            problems.append(DraftProblem(draft_id, path, str(exc)))
            continue
        case_id = data["state"].get("case_id")
        found.append(
            DraftInfo(
                draft_id,
                saved,
                str(data.get("title") or ""),
                case_id if isinstance(case_id, int) and not isinstance(case_id, bool) else None,
            )
        )
    found.sort(key=lambda d: iso(d.saved_at), reverse=True)
    return found, problems


def delete_draft(vault: Vault, draft_id: str) -> None:
    """Remove a draft (once its case is saved, or when staff discard it)."""
    _path(vault, draft_id).unlink(missing_ok=True)
