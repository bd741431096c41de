"""This store's hand-over keys and address, and the laptops it knows (recipients, senders).

The private keys live only in the encrypted database (``Setting`` ``handover_keys``); a
store made before hand-over gets its keys the first time it is opened for writing. Adding
or removing a recipient, and trusting a new sender, are audited store-wide events, so the
DSL can see who pointed a laptop at which address.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from misuse_responder.handover.address import HandoverAddress, from_public_dict, parse_address
from misuse_responder.handover.errors import AddressError, HandoverError
from misuse_responder.handover.fingerprint import normalise
from misuse_responder.handover.keys import HandoverKeys
from misuse_responder.i18n import _
from misuse_responder.store import audit
from misuse_responder.store import models as m
from misuse_responder.store.errors import HandoverRefused, NotFound, StoreDamaged
from misuse_responder.store.handover_views import RECIPIENT, SENDER, Party, PeerView
from misuse_responder.store.text import MAX_NAME, clean_line

if TYPE_CHECKING:
    from misuse_responder.store.vault import Vault

KEYS, LABEL = "handover_keys", "handover_label"


def ensure_keys(vault: Vault, actor: str = "") -> bool:
    """Give the store its key pair if it has none (new or migrated stores). True if made."""
    if m.Setting.get_or_none(m.Setting.key == KEYS) is not None:
        return False
    keys = HandoverKeys.generate()
    with vault.write():
        if m.Setting.get_or_none(m.Setting.key == KEYS) is not None:
            return False
        m.Setting.create(key=KEYS, value=keys.to_secret_bytes())
        audit.append(
            vault.now(), actor, "handover.keys-created", None, {"fingerprint": keys.fingerprint}
        )
    return True


def ensure_case_ids(vault: Vault) -> int:
    """Give every case made before schema 4 its global id, audited per case. Returns how many."""
    missing = [cid for (cid,) in m.tuples(m.Case.select(m.Case.id).where(m.Case.uuid.is_null()))]
    if not missing:
        return 0
    with vault.write():
        now = vault.now()
        for case_id in missing:
            value = str(uuid.uuid4())
            m.Case.update(uuid=value).where(m.Case.id == case_id).execute()
            audit.append(now, "", "case.id-assigned", case_id, {"uuid": value})
    return len(missing)


def keys() -> HandoverKeys:
    row = m.Setting.get_or_none(m.Setting.key == KEYS)
    if row is None:
        raise HandoverRefused(
            _("This laptop has no hand-over keys yet: open the app once to make them.")
        )
    try:
        return HandoverKeys.from_secret_bytes(bytes(row.value))
    except HandoverError as exc:
        raise StoreDamaged(str(exc)) from None


def store_id() -> str:
    row = m.Setting.get_or_none(m.Setting.key == "store_id")
    if row is None:
        raise StoreDamaged(_("The case database has no store id: it is damaged."))
    return str(uuid.UUID(bytes(row.value).decode("ascii")))


def label() -> str:
    """The name this laptop's address shows others: set by the DSL, else a sensible default."""
    row = m.Setting.get_or_none(m.Setting.key == LABEL)
    if row is not None and bytes(row.value).strip():
        return bytes(row.value).decode("utf-8")
    dsl = (
        m.Contact.select(m.Contact.name)
        .where(m.Contact.role == "dsl", m.Contact.name != "")
        .order_by(m.Contact.position)
        .first()
    )
    school = m.School.get_or_none(m.School.id == 1)
    if dsl is not None:
        return _("DSL {name}").format(name=dsl.name)
    return school.name if school is not None else _("Misuse Responder")


def set_label(vault: Vault, text: str, by: str) -> str:
    value = clean_line(text, _("The name on this laptop's hand-over address"), MAX_NAME)
    with vault.write():
        m.Setting.insert(key=LABEL, value=value.encode("utf-8")).on_conflict_replace().execute()
        audit.append(vault.now(), by, "handover.label-set", None, {"label": value})
    return value


def address() -> HandoverAddress:
    school = m.School.get_or_none(m.School.id == 1)
    return HandoverAddress.for_keys(
        keys(), store_id(), school.name if school is not None else "", label()
    )


def address_file() -> bytes:
    """The signed ``.mraddr`` text of this laptop."""
    return address().to_bytes(keys())


def party(addr: HandoverAddress) -> Party:
    return Party(addr.label, addr.fingerprint, addr.school)


def _view(row: m.Peer) -> PeerView:
    return PeerView(
        fingerprint=row.fingerprint,
        label=row.label,
        school=row.school,
        store_id=row.store_id,
        role=row.role,
        added_at=datetime.fromisoformat(row.added_at),
        added_by=row.added_by,
    )


def peers(role: str) -> tuple[PeerView, ...]:
    rows = (
        m.Peer.select()
        .where(m.Peer.role == role, m.Peer.removed_at.is_null())
        .order_by(m.Peer.label, m.Peer.id)
    )
    return tuple(_view(r) for r in rows)


def peer_addresses(role: str) -> list[HandoverAddress]:
    out = []
    for (text,) in m.tuples(
        m.Peer.select(m.Peer.address_json).where(m.Peer.role == role, m.Peer.removed_at.is_null())
    ):
        try:
            out.append(from_public_dict(json.loads(text)))
        except (ValueError, TypeError) as exc:
            raise StoreDamaged(_("A saved hand-over address is damaged.")) from exc
    return out


def every_recipient_ever() -> list[HandoverAddress]:
    """Every recipient this laptop was ever set to send to (receipts may arrive after one is
    removed from the list)."""
    out = []
    for (text,) in m.tuples(m.Peer.select(m.Peer.address_json).where(m.Peer.role == RECIPIENT)):
        try:
            out.append(from_public_dict(json.loads(text)))
        except (ValueError, TypeError):
            continue
    return out


def add_peer(vault: Vault, addr: HandoverAddress, role: str, by: str) -> PeerView:
    """Add (or bring back) a known laptop, audited. Refuses this laptop's own address."""
    if addr.fingerprint == keys().fingerprint:
        raise HandoverRefused(
            _("That is this laptop's own hand-over address; add the DSL's address instead.")
        )
    now = vault.now()
    doc = json.dumps(addr.to_public_dict(), sort_keys=True)
    with vault.write():
        row = m.Peer.get_or_none(m.Peer.role == role, m.Peer.fingerprint == addr.fingerprint)
        if row is not None and row.removed_at is None:
            raise HandoverRefused(
                _("{label} ({fingerprint}) is already on the list.").format(
                    label=row.label, fingerprint=row.fingerprint
                )
            )
        if row is None:
            row = m.Peer.create(
                role=role,
                fingerprint=addr.fingerprint,
                store_id=addr.store_id,
                label=addr.label,
                school=addr.school,
                address_json=doc,
                added_at=now,
                added_by=by,
            )
        else:
            m.Peer.update(
                removed_at=None,
                removed_by=None,
                added_at=now,
                added_by=by,
                label=addr.label,
                school=addr.school,
                address_json=doc,
            ).where(m.Peer.id == row.id).execute()
            row = m.Peer.get_by_id(row.id)
        audit.append(
            now,
            by,
            "handover.recipient-added" if role == RECIPIENT else "handover.sender-trusted",
            None,
            {"fingerprint": addr.fingerprint, "label": addr.label, "store_id": addr.store_id},
        )
    return _view(row)


def add_recipient(vault: Vault, data: bytes | str, by: str) -> PeerView:
    try:
        addr = parse_address(data)
    except AddressError as exc:
        raise HandoverRefused(str(exc)) from None
    return add_peer(vault, addr, RECIPIENT, by)


def remove_recipient(vault: Vault, fingerprint: str, by: str) -> None:
    wanted = normalise(fingerprint)
    rows = [
        r
        for r in m.Peer.select().where(m.Peer.role == RECIPIENT, m.Peer.removed_at.is_null())
        if normalise(r.fingerprint) == wanted
    ]
    if not rows:
        raise NotFound(_("No one with the fingerprint {fp} is on the list.").format(fp=fingerprint))
    now = vault.now()
    with vault.write():
        m.Peer.update(removed_at=now, removed_by=by).where(m.Peer.id == rows[0].id).execute()
        audit.append(
            now,
            by,
            "handover.recipient-removed",
            None,
            {"fingerprint": rows[0].fingerprint, "label": rows[0].label},
        )


def known_sender_fingerprints() -> set[str]:
    return {
        fp
        for (fp,) in m.tuples(
            m.Peer.select(m.Peer.fingerprint).where(
                m.Peer.role == SENDER, m.Peer.removed_at.is_null()
            )
        )
    }


INBOX = "handover_inbox"


def inbox_folder() -> str | None:
    """The folder the school syncs hand-overs into (set in Settings), if any."""
    row = m.Setting.get_or_none(m.Setting.key == INBOX)
    return bytes(row.value).decode("utf-8") if row is not None and bytes(row.value) else None


def set_inbox_folder(vault: Vault, folder: str | None, by: str) -> None:
    with vault.write():
        m.Setting.insert(
            key=INBOX, value=(folder or "").encode("utf-8")
        ).on_conflict_replace().execute()
        audit.append(vault.now(), by, "handover.inbox-set", None, {"folder": folder or ""})
