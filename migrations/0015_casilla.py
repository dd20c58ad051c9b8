"""The casilla electrónica: notifications, their annexes and addressees, and each user's count
of unread ones.

The instants of an issued notification (emitted, made available, first opened, with the
sign-in it was opened from) and its document's hash are fixed in the database itself:
triggers refuse an UPDATE that changes one once set, and a DELETE of an issued row, whoever
sends it (the audit log is protected the same way, see 0003).
"""

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    PostgresqlDatabase,
    TextField,
)

# Changes SQLite refuses: `IS NOT` compares NULLs as values, like PostgreSQL's IS DISTINCT FROM.
NOTIFICATION_FIXED = ("issued_at", "available_at", "document_sha256", "document_file")
DELIVERY_FIXED = ("issued_at", "available_at")
OWNER = ("notification_id", "user_id", "code")
OPENING = ("opened_at", "opened_session_id", "opened_signed_in_at", "opened_ip")


def _changed(columns, op: str) -> str:
    return " OR ".join(f"NEW.{c} {op} OLD.{c}" for c in columns)


def _notification_refused(op: str) -> str:
    return (
        f"(OLD.issued_at IS NOT NULL AND ({_changed(NOTIFICATION_FIXED, op)}))"
        f" OR (OLD.withdrawn_at IS NOT NULL AND NEW.withdrawn_at {op} OLD.withdrawn_at)"
    )


def _delivery_refused(op: str) -> str:
    fixed = " OR ".join(f"(OLD.{c} IS NOT NULL AND NEW.{c} {op} OLD.{c})" for c in DELIVERY_FIXED)
    return (
        f"{fixed} OR (OLD.opened_at IS NOT NULL AND ({_changed(OPENING, op)}))"
        f" OR (OLD.issued_at IS NOT NULL AND ({_changed(OWNER, op)}))"
    )


SQLITE_TRIGGERS = [
    "CREATE TRIGGER notification_fixed BEFORE UPDATE ON notification "
    f"WHEN {_notification_refused('IS NOT')} "
    "BEGIN SELECT RAISE(ABORT, 'an issued notification cannot change'); END",
    "CREATE TRIGGER notification_kept BEFORE DELETE ON notification "
    "WHEN OLD.issued_at IS NOT NULL "
    "BEGIN SELECT RAISE(ABORT, 'an issued notification cannot be deleted'); END",
    "CREATE TRIGGER notification_delivery_fixed BEFORE UPDATE ON notification_delivery "
    f"WHEN {_delivery_refused('IS NOT')} "
    "BEGIN SELECT RAISE(ABORT, 'the instants of a notification cannot change'); END",
    "CREATE TRIGGER notification_delivery_kept BEFORE DELETE ON notification_delivery "
    "WHEN OLD.issued_at IS NOT NULL "
    "BEGIN SELECT RAISE(ABORT, 'an issued notification cannot be deleted'); END",
]


def _postgres_function(name: str, refused: str, message: str) -> str:
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP = 'DELETE' THEN "
        f"IF OLD.issued_at IS NOT NULL THEN RAISE EXCEPTION '{message}'; END IF; RETURN OLD; "
        "END IF; "
        f"IF {refused} THEN RAISE EXCEPTION '{message}'; END IF; RETURN NEW; END $$"
    )


POSTGRES_TRIGGERS = [
    _postgres_function(
        "notification_fixed",
        _notification_refused("IS DISTINCT FROM"),
        "an issued notification cannot change",
    ),
    "CREATE TRIGGER notification_fixed BEFORE UPDATE OR DELETE ON notification "
    "FOR EACH ROW EXECUTE FUNCTION notification_fixed()",
    _postgres_function(
        "notification_delivery_fixed",
        _delivery_refused("IS DISTINCT FROM"),
        "the instants of a notification cannot change",
    ),
    "CREATE TRIGGER notification_delivery_fixed BEFORE UPDATE OR DELETE "
    "ON notification_delivery FOR EACH ROW EXECUTE FUNCTION notification_delivery_fixed()",
]


def up(migrator, db):
    migrator.migrate(migrator.add_column("user", "casilla_unread", IntegerField(default=0)))

    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        pass

    class Dependencia(Base):
        pass

    class Notification(Base):
        dependencia = ForeignKeyField(Dependencia)
        case_number = CharField(index=True)
        act_kind = CharField()
        resolution_number = CharField()
        resolution_date = DateField()
        summary = TextField()
        document_file = CharField()
        document_name = CharField()
        document_sha256 = CharField()
        document_bytes = IntegerField()
        created_by = ForeignKeyField(User)
        created_at = DateTimeField()
        issued_at = DateTimeField(null=True, index=True)
        available_at = DateTimeField(null=True)
        withdrawn_at = DateTimeField(null=True)
        withdrawn_by = ForeignKeyField(User, null=True)

    class NotificationAnnex(Base):
        notification = ForeignKeyField(Notification)
        position = IntegerField()
        file = CharField()
        name = CharField()
        sha256 = CharField()
        size = IntegerField()

        class Meta:
            indexes = ((("notification", "position"), True),)

    class NotificationDelivery(Base):
        notification = ForeignKeyField(Notification)
        user = ForeignKeyField(User)
        code = CharField(unique=True)
        issued_at = DateTimeField(null=True)
        available_at = DateTimeField(null=True, index=True)
        opened_at = DateTimeField(null=True)
        # The sign-in it was opened from: its id, and when it began (ended sign-ins are
        # purged after a while, so no foreign key; the audit log keeps the same facts).
        opened_session_id = IntegerField(null=True)
        opened_signed_in_at = DateTimeField(null=True)
        opened_ip = CharField(null=True)
        alerted_at = DateTimeField(null=True)

        class Meta:
            indexes = ((("notification", "user"), True), (("user", "available_at"), False))

    db.create_tables([Notification, NotificationAnnex, NotificationDelivery])
    postgres = isinstance(db, PostgresqlDatabase)
    for statement in POSTGRES_TRIGGERS if postgres else SQLITE_TRIGGERS:
        db.execute_sql(statement)


def down(migrator, db):
    for table in ("notification_delivery", "notification_annex", "notification"):
        db.execute_sql(f'DROP TABLE IF EXISTS "{table}"')
    migrator.migrate(migrator.drop_column("user", "casilla_unread"))
