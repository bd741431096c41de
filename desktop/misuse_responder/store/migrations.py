"""Ordered schema migrations, keyed by ``PRAGMA user_version``.

A new database is created straight from the models at ``LATEST``; an older one is
brought up one step at a time. Each step's DDL is frozen here (never generated from
today's models), so a step means the same thing forever; a test checks that a fresh
schema and a fully migrated one are identical.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from peewee import CharField, IntegerField, TextField
from playhouse.migrate import SqliteMigrator, migrate

# Schema 1, exactly as the first release created it.
_V1 = (
    'CREATE TABLE "setting" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" BLOB NOT NULL)',
    'CREATE TABLE "school" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, '
    '"jurisdiction" VARCHAR(255) NOT NULL, "updated_at" TEXT NOT NULL)',
    'CREATE TABLE "contact" ("id" INTEGER NOT NULL PRIMARY KEY, "role" VARCHAR(255) NOT NULL, '
    '"name" TEXT NOT NULL, "title" TEXT NOT NULL, "phone" TEXT NOT NULL, "email" TEXT NOT NULL, '
    '"position" INTEGER NOT NULL)',
    'CREATE INDEX "contact_role" ON "contact" ("role")',
    'CREATE TABLE "ref_counter" ("year" INTEGER NOT NULL PRIMARY KEY, "last" INTEGER NOT NULL)',
    'CREATE TABLE "case" ("id" INTEGER NOT NULL PRIMARY KEY, "reference" VARCHAR(255) NOT NULL, '
    '"title" TEXT NOT NULL, "status" VARCHAR(255) NOT NULL, "outcome" TEXT, "close_reason" TEXT, '
    '"opened_by" TEXT NOT NULL, "opened_at" TEXT NOT NULL, "closed_by" TEXT, "closed_at" TEXT, '
    '"updated_at" TEXT NOT NULL, "facts_json" TEXT NOT NULL, "platform" VARCHAR(255) NOT NULL, '
    '"evidence_rule" VARCHAR(255) NOT NULL, "guide_version" VARCHAR(255) NOT NULL)',
    'CREATE UNIQUE INDEX "case_reference" ON "case" ("reference")',
    'CREATE INDEX "case_status_opened_at" ON "case" ("status", "opened_at")',
    'CREATE INDEX "case_opened_at" ON "case" ("opened_at")',
    'CREATE TABLE "case_concern" ("case_id" INTEGER NOT NULL, "concern" VARCHAR(255) NOT NULL, '
    'PRIMARY KEY ("case_id", "concern"), '
    'FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "case_concern_case_id" ON "case_concern" ("case_id")',
    'CREATE INDEX "case_concern_concern" ON "case_concern" ("concern")',
    'CREATE TABLE "assessment" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, '
    '"at" TEXT NOT NULL, "by" TEXT NOT NULL, "facts_json" TEXT NOT NULL, '
    '"guidance_json" TEXT NOT NULL, "guide_version" VARCHAR(255) NOT NULL, '
    '"evidence" VARCHAR(255) NOT NULL, '
    'FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "assessment_case_id" ON "assessment" ("case_id")',
    'CREATE TABLE "person" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, '
    '"role" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "name" TEXT NOT NULL, '
    '"name_folded" TEXT NOT NULL, "year_group" TEXT, "date_of_birth" TEXT, '
    '"added_by" TEXT NOT NULL, "added_at" TEXT NOT NULL, "removed_at" TEXT, "removed_by" TEXT, '
    '"removed_reason" TEXT, FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "person_case_id" ON "person" ("case_id")',
    'CREATE INDEX "person_name_folded" ON "person" ("name_folded")',
    'CREATE TABLE "entry" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, '
    '"at" TEXT NOT NULL, "occurred_at" TEXT, "author" TEXT NOT NULL, '
    '"kind" VARCHAR(255) NOT NULL, "text" TEXT NOT NULL, "corrects_id" INTEGER, '
    'FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("corrects_id") REFERENCES "entry" ("id") ON DELETE RESTRICT)',
    'CREATE INDEX "entry_case_id" ON "entry" ("case_id")',
    'CREATE INDEX "entry_corrects_id" ON "entry" ("corrects_id")',
    'CREATE TABLE "action" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, '
    '"step_id" VARCHAR(255) NOT NULL, "title" TEXT NOT NULL, "advised_at" TEXT NOT NULL, '
    '"status" VARCHAR(255) NOT NULL, "done_at" TEXT, "done_by" TEXT, "reason" TEXT, '
    '"reference" TEXT, "reference_kind" VARCHAR(255), "due_at" TEXT, "due_label" TEXT, '
    'FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "action_case_id" ON "action" ("case_id")',
    'CREATE UNIQUE INDEX "action_case_id_step_id" ON "action" ("case_id", "step_id")',
    'CREATE TABLE "evidence" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, '
    '"kind" VARCHAR(255) NOT NULL, "sha256" VARCHAR(255) NOT NULL, "size" INTEGER NOT NULL, '
    '"original_name" TEXT, "media_type" VARCHAR(255), "blob_name" VARCHAR(255), "text" TEXT, '
    '"url" TEXT, "account" TEXT, "description" TEXT NOT NULL, "captured_at" TEXT NOT NULL, '
    '"captured_tz" TEXT NOT NULL, "added_by" TEXT NOT NULL, "added_at" TEXT NOT NULL, '
    '"withdrawn_at" TEXT, "withdrawn_by" TEXT, "withdrawn_reason" TEXT, '
    'FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "evidence_case_id" ON "evidence" ("case_id")',
    'CREATE UNIQUE INDEX "evidence_blob_name" ON "evidence" ("blob_name")',
    'CREATE TABLE "audit_event" ("seq" INTEGER NOT NULL PRIMARY KEY, "at" TEXT NOT NULL, '
    '"actor" TEXT NOT NULL, "kind" VARCHAR(255) NOT NULL, "case_id" INTEGER, '
    '"data_json" TEXT NOT NULL, "prev_hash" VARCHAR(255) NOT NULL, '
    '"hash" VARCHAR(255) NOT NULL)',
    'CREATE INDEX "audit_event_case_id" ON "audit_event" ("case_id")',
    'CREATE UNIQUE INDEX "audit_event_hash" ON "audit_event" ("hash")',
    'CREATE VIRTUAL TABLE "search_text" USING fts5 ("case_id" UNINDEXED, "source" UNINDEXED, '
    '"body", tokenize="unicode61 remove_diacritics 2")',
)


def _to_v1(db: Any) -> None:
    for statement in _V1:
        db.execute_sql(statement)


def _to_v2(db: Any) -> None:
    """Record the capturing device on evidence; index the case list's platform filter."""
    migrator = SqliteMigrator(db)
    migrate(
        migrator.add_column("evidence", "device", TextField(null=True)),
        migrator.add_index("case", ("platform", "opened_at"), False),
    )


def _to_v3(db: Any) -> None:
    """Who holds the DSL role, per-person redaction terms and age band, sealed evidence."""
    migrator = SqliteMigrator(db)
    migrate(
        migrator.add_column("school", "head_is_dsl", IntegerField(default=0)),
        migrator.add_column("person", "aliases", TextField(default="")),
        migrator.add_column("person", "age_band", CharField(null=True)),
        migrator.add_column("evidence", "sealed_at", TextField(null=True)),
        migrator.add_column("evidence", "sealed_by", TextField(null=True)),
        migrator.add_column("evidence", "sealed_reason", TextField(null=True)),
        migrator.add_column("evidence", "seal_decision", CharField(null=True)),
        migrator.add_column("evidence", "seal_decided_at", TextField(null=True)),
        migrator.add_column("evidence", "seal_decided_by", TextField(null=True)),
        migrator.add_column("evidence", "seal_decision_reason", TextField(null=True)),
    )


# Schema 4's new tables, exactly as first released.
_V4 = (
    'CREATE TABLE "peer" ("id" INTEGER NOT NULL PRIMARY KEY, "role" VARCHAR(255) NOT NULL, '
    '"fingerprint" VARCHAR(255) NOT NULL, "store_id" VARCHAR(255) NOT NULL, '
    '"label" TEXT NOT NULL, "school" TEXT NOT NULL, "address_json" TEXT NOT NULL, '
    '"added_at" TEXT NOT NULL, "added_by" TEXT NOT NULL, "removed_at" TEXT, "removed_by" TEXT)',
    'CREATE UNIQUE INDEX "peer_role_fingerprint" ON "peer" ("role", "fingerprint")',
    'CREATE TABLE "custody" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, '
    '"uid" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "at" TEXT NOT NULL, '
    '"by" TEXT NOT NULL, "sender_json" TEXT NOT NULL, "recipients_json" TEXT NOT NULL, '
    '"bundle_sha256" VARCHAR(255) NOT NULL, "checks_json" TEXT NOT NULL, '
    '"evidence_json" TEXT NOT NULL, "origin_reference" TEXT, "receipt_sha256" VARCHAR(255), '
    'FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "custody_case_id" ON "custody" ("case_id")',
    'CREATE UNIQUE INDEX "custody_uid" ON "custody" ("uid")',
    'CREATE TABLE "origin_event" ("id" INTEGER NOT NULL PRIMARY KEY, '
    '"case_id" INTEGER NOT NULL, "store_id" VARCHAR(255) NOT NULL, "seq" INTEGER NOT NULL, '
    '"at" TEXT NOT NULL, "actor" TEXT NOT NULL, "kind" VARCHAR(255) NOT NULL, '
    '"data_json" TEXT NOT NULL, "prev_hash" VARCHAR(255) NOT NULL, '
    '"hash" VARCHAR(255) NOT NULL, '
    'FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "origin_event_case_id" ON "origin_event" ("case_id")',
    'CREATE UNIQUE INDEX "origin_event_case_id_hash" ON "origin_event" ("case_id", "hash")',
    'CREATE TABLE "origin_row" ("id" INTEGER NOT NULL PRIMARY KEY, "case_id" INTEGER NOT NULL, '
    '"table" VARCHAR(255) NOT NULL, "uid" VARCHAR(255) NOT NULL, '
    '"local_id" INTEGER NOT NULL, '
    'FOREIGN KEY ("case_id") REFERENCES "case" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "origin_row_case_id" ON "origin_row" ("case_id")',
    'CREATE UNIQUE INDEX "origin_row_case_id_table_uid" ON "origin_row" '
    '("case_id", "table", "uid")',
    'CREATE INDEX "origin_row_table_local_id" ON "origin_row" ("table", "local_id")',
)


def _to_v4(db: Any) -> None:
    """Hand-over: a global id per case (filled in, with an audit event, when the store next
    opens for writing), the origin reference, known laptops, custody and origin records."""
    migrator = SqliteMigrator(db)
    migrate(
        migrator.add_column("case", "uuid", CharField(null=True)),
        migrator.add_column("case", "origin_reference", TextField(null=True)),
        migrator.add_index("case", ("uuid",), True),
    )
    for statement in _V4:
        db.execute_sql(statement)


# (version reached, step). Append only; never edit a released step.
MIGRATIONS: tuple[tuple[int, Callable[[Any], None]], ...] = (
    (1, _to_v1),
    (2, _to_v2),
    (3, _to_v3),
    (4, _to_v4),
)
LATEST = MIGRATIONS[-1][0]
