"""The tables. Times are ISO 8601 text in UTC (``2026-03-01T09:30:00.000000+00:00``), so
they sort as text and read the same in any tool that opens the decrypted database.

Append-only tables (entries, evidence, audit events) are never updated by the service
layer except for the one-way withdrawal fields on evidence; corrections are new rows.
"""

from __future__ import annotations

from typing import Any

from peewee import (
    AutoField,
    BlobField,
    CharField,
    CompositeKey,
    DatabaseProxy,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)
from playhouse.sqlite_ext import FTS5Model, RowIDField, SearchField

database = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Setting(BaseModel):
    """Store-wide values: the evidence blob key, the store's id, when it was created."""

    key = CharField(primary_key=True)
    value = BlobField()


class School(BaseModel):
    """The one school profile (id 1)."""

    id = AutoField()
    name = TextField()
    jurisdiction = CharField(default="england")
    updated_at = TextField()
    head_is_dsl = IntegerField(default=0)  # schema 3: the Head is also the DSL (small schools)


class Contact(BaseModel):
    """A person the guidance routes to: Head, DSL, deputies, Chair, LADO, police 101, …"""

    id = AutoField()
    role = CharField(index=True)
    name = TextField(default="")
    title = TextField(default="")
    phone = TextField(default="")
    email = TextField(default="")
    position = IntegerField(default=0)


class RefCounter(BaseModel):
    """The last case number used in each year (MR-2026-0007 is year 2026, number 7)."""

    year = IntegerField(primary_key=True)
    last = IntegerField()


class Case(BaseModel):
    id = AutoField()
    reference = CharField(unique=True)
    title = TextField()
    status = CharField(default="draft")
    outcome = TextField(null=True)
    close_reason = TextField(null=True)
    opened_by = TextField()
    opened_at = TextField()
    closed_by = TextField(null=True)
    closed_at = TextField(null=True)
    updated_at = TextField()
    facts_json = TextField()
    platform = CharField()
    evidence_rule = CharField()
    guide_version = CharField()
    # schema 4: a globally unique id (hand-overs between laptops never clash) and, for a
    # case received from another laptop, the reference it had there
    uuid = CharField(null=True, unique=True)
    origin_reference = TextField(null=True)

    class Meta:
        indexes = (
            (("status", "opened_at"), False),
            (("platform", "opened_at"), False),  # schema 2
            (("opened_at",), False),
        )


class CaseConcern(BaseModel):
    """One row per concern in the case's current facts, for filtering by concern."""

    case = ForeignKeyField(Case, backref="concern_rows", on_delete="CASCADE")
    case_id: int
    concern = CharField(index=True)

    class Meta:
        primary_key = CompositeKey("case", "concern")


class Assessment(BaseModel):
    """Every assessment made from the facts, with the guide version that produced it."""

    id = AutoField()
    case = ForeignKeyField(Case, backref="assessments", on_delete="CASCADE")
    case_id: int
    at = TextField()
    by = TextField()
    facts_json = TextField()
    guidance_json = TextField()
    guide_version = CharField()
    evidence = CharField()


class Person(BaseModel):
    """One person in one role on one case; never a record holding several children."""

    id = AutoField()
    case = ForeignKeyField(Case, backref="people", on_delete="CASCADE")
    case_id: int
    role = CharField()
    kind = CharField()
    name = TextField()
    name_folded = TextField(index=True)
    year_group = TextField(null=True)
    date_of_birth = TextField(null=True)
    added_by = TextField()
    added_at = TextField()
    removed_at = TextField(null=True)
    removed_by = TextField(null=True)
    removed_reason = TextField(null=True)
    # schema 3: extra redaction terms (nicknames, handles), one per line, and an age band
    aliases = TextField(default="")
    age_band = CharField(null=True)


class Entry(BaseModel):
    """A chronology entry. A correction is a new entry pointing at the one it corrects."""

    id = AutoField()
    case = ForeignKeyField(Case, backref="entries", on_delete="CASCADE")
    case_id: int
    at = TextField()
    occurred_at = TextField(null=True)
    author = TextField()
    kind = CharField(default="note")
    text = TextField()
    corrects = ForeignKeyField("self", null=True, backref="corrections", on_delete="RESTRICT")
    corrects_id: int | None


class Action(BaseModel):
    """One advised step on one case, and what was done about it."""

    id = AutoField()
    case = ForeignKeyField(Case, backref="actions", on_delete="CASCADE")
    case_id: int
    step_id = CharField()
    title = TextField()
    advised_at = TextField()
    status = CharField(default="pending")
    done_at = TextField(null=True)
    done_by = TextField(null=True)
    reason = TextField(null=True)
    reference = TextField(null=True)
    reference_kind = CharField(null=True)
    due_at = TextField(null=True)
    due_label = TextField(null=True)

    class Meta:
        indexes = ((("case", "step_id"), True),)


class Evidence(BaseModel):
    """A file, pasted text or link. Never edited; withdrawal is one-way and logged."""

    id = AutoField()
    case = ForeignKeyField(Case, backref="evidence", on_delete="CASCADE")
    case_id: int
    kind = CharField()
    sha256 = CharField()
    size = IntegerField()
    original_name = TextField(null=True)
    media_type = CharField(null=True)
    blob_name = CharField(null=True, unique=True)
    text = TextField(null=True)
    url = TextField(null=True)
    account = TextField(null=True)
    description = TextField(default="")
    captured_at = TextField()
    captured_tz = TextField()
    added_by = TextField()
    added_at = TextField()
    withdrawn_at = TextField(null=True)
    withdrawn_by = TextField(null=True)
    withdrawn_reason = TextField(null=True)
    device = TextField(null=True)  # schema 2: which device captured it (NPCC continuity)
    # schema 3: an image or video sealed because the case became do-not-capture. A sealed
    # item is never shown, previewed or exported; the DSL then decides: keep it sealed for
    # the police ("keep-for-police") or delete the copy ("deleted": blob securely removed,
    # hash and description kept).
    sealed_at = TextField(null=True)
    sealed_by = TextField(null=True)
    sealed_reason = TextField(null=True)
    seal_decision = CharField(null=True)
    seal_decided_at = TextField(null=True)
    seal_decided_by = TextField(null=True)
    seal_decision_reason = TextField(null=True)


class AuditEvent(BaseModel):
    """One link of the hash chain: ``hash = sha256(prev_hash + canonical JSON of the event)``."""

    seq = AutoField()
    at = TextField()
    actor = TextField()
    kind = CharField()
    case_id = IntegerField(null=True, index=True)
    data_json = TextField()
    prev_hash = CharField()
    hash = CharField(unique=True)


class Peer(BaseModel):
    """Schema 4: a laptop this store knows by its hand-over address: one it hands cases to
    (``recipient``: the DSL team) or one it has accepted a hand-over from (``sender``)."""

    id = AutoField()
    role = CharField()
    fingerprint = CharField()
    store_id = CharField()
    label = TextField()
    school = TextField(default="")
    address_json = TextField()
    added_at = TextField()
    added_by = TextField()
    removed_at = TextField(null=True)
    removed_by = TextField(null=True)

    class Meta:
        indexes = ((("role", "fingerprint"), True),)


class Custody(BaseModel):
    """Schema 4: one link of a case's chain of custody across laptops (sent, received,
    removed on a receipt). Rows that came inside a bundle keep their ``uid`` so a later
    hand-over never adds them twice."""

    id = AutoField()
    case = ForeignKeyField(Case, backref="custody", on_delete="CASCADE")
    case_id: int
    uid = CharField(unique=True)
    kind = CharField()
    at = TextField()
    by = TextField()
    sender_json = TextField()
    recipients_json = TextField()
    bundle_sha256 = CharField()
    checks_json = TextField(default="[]")
    evidence_json = TextField(default="[]")
    origin_reference = TextField(null=True)
    receipt_sha256 = CharField(null=True)


class OriginEvent(BaseModel):
    """Schema 4: an audit event of a received case as the sending laptop's chain recorded
    it (each link re-hashed on arrival); kept apart from this store's own chain."""

    id = AutoField()
    case = ForeignKeyField(Case, backref="origin_events", on_delete="CASCADE")
    case_id: int
    store_id = CharField()
    seq = IntegerField()
    at = TextField()
    actor = TextField()
    kind = CharField()
    data_json = TextField()
    prev_hash = CharField()
    hash = CharField()

    class Meta:
        indexes = ((("case", "hash"), True),)


class OriginRow(BaseModel):
    """Schema 4: which local row holds which record of another laptop (``uid``), so a later
    hand-over of the same case adds only what is new. Derived: not in the audit state."""

    id = AutoField()
    case = ForeignKeyField(Case, backref="origin_rows", on_delete="CASCADE")
    case_id: int
    table = CharField()
    uid = CharField()
    local_id = IntegerField()

    class Meta:
        indexes = ((("case", "table", "uid"), True), (("table", "local_id"), False))


class SearchText(FTS5Model):  # type: ignore[misc]
    """Free text of a case (title, entries, evidence notes), ASCII-folded for accents."""

    rowid = RowIDField()
    case_id = SearchField(unindexed=True)
    source = SearchField(unindexed=True)
    body = SearchField()

    class Meta:
        database = database
        table_name = "search_text"
        options = {"tokenize": "unicode61 remove_diacritics 2"}  # noqa: RUF012 - peewee API


def tuples(query: Any) -> list[tuple[Any, ...]]:
    """Rows of a query as tuples (typed loosely: the stubs type every select as models)."""
    return list(query.tuples())


TABLES: tuple[type[Any], ...] = (
    Setting,
    School,
    Contact,
    RefCounter,
    Case,
    CaseConcern,
    Assessment,
    Person,
    Entry,
    Action,
    Evidence,
    AuditEvent,
    Peer,
    Custody,
    OriginEvent,
    OriginRow,
    SearchText,
)
