"""Public queries: the hearings schedule, a verification code on each validated receipt, and
optional coordinates for a sede's map link."""

import secrets

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TimeField,
)

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # domain.codes, frozen here as migrations are


def _code() -> str:
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(3))


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        pass

    class Dependencia(Base):
        pass

    class Hearing(Base):
        dependencia = ForeignKeyField(Dependencia)
        day = DateField()
        starts = TimeField()
        minutes = IntegerField(default=60)
        case_number = CharField(max_length=40)
        kind = CharField()
        room = CharField(default="")
        virtual_url = CharField(max_length=500, default="")
        version = IntegerField(default=0)
        created_at = DateTimeField()
        created_by = ForeignKeyField(User, null=True)
        updated_at = DateTimeField()
        request_key = CharField(max_length=64, null=True, unique=True)

        class Meta:
            indexes = ((("day", "starts"), False), (("dependencia", "day"), False))

    db.create_tables([Hearing])
    migrator.migrate(
        migrator.add_column("receipt_use", "verification_code", CharField(null=True)),
        migrator.add_column("sede", "latitude", FloatField(null=True)),
        migrator.add_column("sede", "longitude", FloatField(null=True)),
    )
    # Receipts validated before this migration get their code too, so every one verifies.
    for (use_id,) in db.execute_sql("SELECT id FROM receipt_use").fetchall():
        db.execute_sql(
            f"UPDATE receipt_use SET verification_code = {db.param} WHERE id = {db.param}",
            (_code(), use_id),
        )
    migrator.migrate(
        migrator.add_index("receipt_use", ("verification_code",), unique=True),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("receipt_use", "receipt_use_verification_code"),
        migrator.drop_column("receipt_use", "verification_code"),
        migrator.drop_column("sede", "latitude"),
        migrator.drop_column("sede", "longitude"),
    )
    db.execute_sql("DROP TABLE hearing")
