"""Citizen accounts, server-side sessions, identity checks, codes, rate counters, audit, settings.

The audit log is append-only in the database itself: triggers refuse UPDATE and DELETE.
"""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    PostgresqlDatabase,
    TextField,
)

USER_COLUMNS = {
    "doc_type": CharField(null=True),
    "doc_number": CharField(null=True),
    "birth_date": DateField(null=True),
    "names": CharField(default=""),
    "surnames": CharField(default=""),
    "phone": CharField(default=""),
    "address": CharField(default=""),
    "casillero": CharField(null=True),
    "email_confirmed_at": DateTimeField(null=True),
    "pending_email": CharField(null=True),
    "identity_status": CharField(default="sin_verificar"),
    "identity_reason": TextField(default=""),
    "locked_until": DateTimeField(null=True),
    "last_login_at": DateTimeField(null=True),
    "company_ruc": CharField(null=True),
    "company_name": CharField(default=""),
    "privacy_accepted_at": DateTimeField(null=True),
    "is_staff": BooleanField(default=False),
}

SQLITE_APPEND_ONLY = [
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
]
POSTGRES_APPEND_ONLY = [
    "CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$",
    "CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
]


def up(migrator, db):
    migrator.migrate(*(migrator.add_column("user", name, f) for name, f in USER_COLUMNS.items()))
    migrator.migrate(
        migrator.add_index("user", ("doc_type", "doc_number"), unique=True),
        migrator.add_index("user", ("casillero",), unique=True),
    )
    db.execute_sql('UPDATE "user" SET is_staff = %s' % ("TRUE" if _pg(db) else "1"))

    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        email = CharField(unique=True)

    class UserSession(Base):
        user = ForeignKeyField(User)
        token_hash = CharField(unique=True)
        created_at = DateTimeField()
        last_seen_at = DateTimeField()
        remember = BooleanField(default=False)
        revoked_at = DateTimeField(null=True)
        ip = CharField(default="")

    class AuditEvent(Base):
        at = DateTimeField(index=True)
        actor = ForeignKeyField(User, null=True)
        actor_label = CharField(default="")
        action = CharField(index=True)
        subject = CharField(default="")
        detail = TextField(default="")
        ip = CharField(default="")

    class RateCounter(Base):
        key = CharField()
        window_start = IntegerField()
        count = IntegerField(default=0)

        class Meta:
            indexes = ((("key", "window_start"), True),)

    class UsedToken(Base):
        token = CharField(unique=True)
        expires_at = DateTimeField(index=True)

    class OneTimeCode(Base):
        user = ForeignKeyField(User)
        purpose = CharField()
        code_hash = CharField()
        created_at = DateTimeField()
        expires_at = DateTimeField()
        attempts = IntegerField(default=0)
        used_at = DateTimeField(null=True)

    class IdentityVerification(Base):
        user = ForeignKeyField(User)
        submitted_at = DateTimeField()
        document_file = CharField()
        document_mime = CharField()
        video_file = CharField()
        video_mime = CharField()
        status = CharField(default="pendiente")
        reviewer = ForeignKeyField(User, null=True)
        reviewed_at = DateTimeField(null=True)
        reason = TextField(default="")

    class Setting(Base):
        key = CharField(unique=True)
        value = CharField()

    db.create_tables(
        [
            UserSession,
            AuditEvent,
            RateCounter,
            UsedToken,
            OneTimeCode,
            IdentityVerification,
            Setting,
        ]
    )
    for statement in POSTGRES_APPEND_ONLY if _pg(db) else SQLITE_APPEND_ONLY:
        db.execute_sql(statement)


def _pg(db) -> bool:
    return isinstance(db, PostgresqlDatabase)
