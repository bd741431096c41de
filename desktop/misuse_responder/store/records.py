"""People, the chronology, and the school profile.

The chronology is append-only: a mistake is put right by a new entry that names the
one it corrects, so the record shows what was believed when, as schools are told to
keep it. People are one row per person and role, never a row naming several children.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from misuse_responder.i18n import _, ngettext
from misuse_responder.store import audit
from misuse_responder.store import models as m
from misuse_responder.store.cases import get_row, touch
from misuse_responder.store.contact_roles import CONTACT_ROLES
from misuse_responder.store.errors import InvalidChange, NotFound
from misuse_responder.store.text import MAX_NAME, MAX_TITLE, clean_line, clean_text, fold
from misuse_responder.store.vault import JURISDICTIONS, Vault, iso

ROLES = ("target", "subject", "witness", "reporter")
KINDS = ("pupil", "staff", "headteacher", "governor", "parent", "adult", "other", "unknown")
ENTRY_KINDS = ("note", "disclosure", "decision", "contact", "opinion")


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise InvalidChange(
            _("{what}: unknown value {value} (expected one of: {allowed})").format(
                what=what, value=repr(value), allowed=", ".join(allowed)
            )
        )
    return value


def add_person(
    vault: Vault,
    case_id: int,
    *,
    role: str,
    kind: str,
    name: str,
    by: str,
    year_group: str | None = None,
    date_of_birth: date | None = None,
) -> int:
    """Add one person in one role; returns the person's id."""
    _choice(role, ROLES, _("Role"))
    _choice(kind, KINDS, _("Kind of person"))
    name = clean_line(name, _("The person's name"), MAX_NAME)
    year = clean_line(year_group, _("Year group"), 40) if year_group else None
    now = vault.now()
    with vault.write():
        get_row(case_id)
        row = m.Person.create(
            case=case_id,
            role=role,
            kind=kind,
            name=name,
            name_folded=fold(name),
            year_group=year,
            date_of_birth=date_of_birth.isoformat() if date_of_birth else None,
            added_by=by,
            added_at=now,
        )
        audit.append(
            now,
            by,
            "person.added",
            case_id,
            {
                "id": row.id,
                "role": role,
                "kind": kind,
                "name": name,
                "year_group": year,
                "date_of_birth": row.date_of_birth,
            },
        )
        touch(case_id, now)
    return int(row.id)


def remove_person(vault: Vault, person_id: int, by: str, reason: str) -> None:
    """Mark a person as removed from the case (added in error); the row is kept."""
    if not reason.strip():
        raise InvalidChange(_("Say why the person is being removed."))
    now = vault.now()
    with vault.write():
        row = m.Person.get_or_none(m.Person.id == person_id)
        if row is None:
            raise NotFound(_("There is no person {id}.").format(id=person_id))
        if row.removed_at is not None:
            raise InvalidChange(_("That person has already been removed."))
        row.removed_at, row.removed_by, row.removed_reason = now, by, reason.strip()
        row.save()
        audit.append(now, by, "person.removed", row.case_id, {"id": row.id, "reason": reason})
        touch(row.case_id, now)


MAX_ALIASES = 50


def set_person_aliases(vault: Vault, person_id: int, terms: list[str], by: str) -> tuple[str, ...]:
    """Replace a person's extra redaction terms (nicknames, handles; one per line).

    The redacted pack hides these wherever they appear, as it does the person's name.
    Blank and repeated lines are dropped; returns the terms kept."""
    kept: list[str] = []
    for term in terms:
        if term.strip():
            line = clean_line(term, _("A redaction term"), MAX_NAME)
            if line.casefold() not in (k.casefold() for k in kept):
                kept.append(line)
    if len(kept) > MAX_ALIASES:
        raise InvalidChange(
            ngettext(
                "At most {n} extra name or handle can be kept for one person.",
                "At most {n} extra names and handles can be kept for one person.",
                MAX_ALIASES,
            ).format(n=MAX_ALIASES)
        )
    now = vault.now()
    with vault.write():
        row = m.Person.get_or_none(m.Person.id == person_id)
        if row is None:
            raise NotFound(_("There is no person {id}.").format(id=person_id))
        row.aliases = "\n".join(kept)
        row.save()
        audit.append(now, by, "person.aliases", row.case_id, {"id": row.id, "terms": kept})
        touch(row.case_id, now)
    return tuple(kept)


def add_entry(
    vault: Vault,
    case_id: int,
    text: str,
    author: str,
    *,
    kind: str = "note",
    occurred_at: datetime | None = None,
    corrects: int | None = None,
) -> int:
    """Append a chronology entry (or a correction of an earlier one); returns its id."""
    _choice(kind, ENTRY_KINDS, _("Kind of entry"))
    text = clean_text(text, _("The entry"))
    author = clean_line(author, _("The author"), MAX_TITLE)
    now = vault.now()
    with vault.write():
        case = get_row(case_id)
        if case.status == "closed":
            raise InvalidChange(_("The case is closed: reopen it to add to the chronology."))
        if corrects is not None:
            target = m.Entry.get_or_none(m.Entry.id == corrects)
            if target is None or target.case_id != case_id:
                raise InvalidChange(
                    _(
                        "Entry {id} is not part of this case, so it cannot be corrected here."
                    ).format(id=corrects)
                )
        row = m.Entry.create(
            case=case_id,
            at=now,
            occurred_at=iso(occurred_at) if occurred_at else None,
            author=author,
            kind=kind,
            text=text,
            corrects=corrects,
        )
        audit.append(
            now,
            author,
            "entry.added",
            case_id,
            {
                "id": row.id,
                "kind": kind,
                "text_sha256": audit.text_digest(text),
                "occurred_at": row.occurred_at,
                "corrects": corrects,
            },
        )
        m.SearchText.insert(case_id=case_id, source=f"entry:{row.id}", body=fold(text)).execute()
        touch(case_id, now)
    return int(row.id)


@dataclass(frozen=True)
class ContactInfo:
    role: str
    name: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class SchoolProfile:
    name: str
    jurisdiction: str
    contacts: tuple[ContactInfo, ...]
    head_is_dsl: bool = False  # small schools: the Head is also the DSL


def school_profile() -> SchoolProfile:
    school = m.School.get_by_id(1)
    contacts = tuple(
        ContactInfo(c.role, c.name, c.title, c.phone, c.email)
        for c in m.Contact.select().order_by(m.Contact.position, m.Contact.id)
    )
    return SchoolProfile(school.name, school.jurisdiction, contacts, bool(school.head_is_dsl))


def profile_facts(profile: SchoolProfile) -> dict[str, bool]:
    """The incident facts that come from the school profile, not from the incident.

    Who holds the DSL role decides who must never be told (the subject) and who is told
    instead (a deputy DSL, the Chair). The wizard, the case view and the command line all
    fill these two facts from here, so they can never disagree."""
    return {
        "head_is_dsl": bool(profile.head_is_dsl),
        "has_deputy_dsl": any(c.role == "deputy-dsl" and c.name.strip() for c in profile.contacts),
    }


def set_school_profile(vault: Vault, profile: SchoolProfile, by: str) -> None:
    """Replace the profile and its contacts (several DSL deputies are several rows)."""
    name = clean_line(profile.name, _("The school's name"), MAX_NAME)
    _choice(profile.jurisdiction, JURISDICTIONS, _("Jurisdiction"))
    for contact in profile.contacts:
        _choice(contact.role, CONTACT_ROLES, _("Contact role"))
    now = vault.now()
    with vault.write():
        m.School.update(
            name=name,
            jurisdiction=profile.jurisdiction,
            head_is_dsl=int(bool(profile.head_is_dsl)),
            updated_at=now,
        ).where(m.School.id == 1).execute()
        m.Contact.delete().execute()
        for position, c in enumerate(profile.contacts):
            m.Contact.create(
                role=c.role,
                name=c.name.strip(),
                title=c.title.strip(),
                phone=c.phone.strip(),
                email=c.email.strip(),
                position=position,
            )
        audit.append(
            now,
            by,
            "school.updated",
            None,
            {
                "name": name,
                "jurisdiction": profile.jurisdiction,
                "head_is_dsl": bool(profile.head_is_dsl),
                "contacts": [c.__dict__ for c in profile.contacts],
            },
        )
