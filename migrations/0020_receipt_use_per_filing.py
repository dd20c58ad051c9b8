"""A receipt's use may belong to a filing (released if the filing is cancelled while pending),
and a habilitated receipt may be used once more (seed 004 arts. 36-37): the one-use rule
becomes one use per (payment, use_number), where 0 is the first use and 1 the use after its
habilitación. A receipt is still never used twice for the same turn."""

from peewee import ForeignKeyField, IntegerField, Model


def up(migrator, db):
    class Filing(Model):
        class Meta:
            database = db
            table_name = "filing"

    migrator.migrate(
        migrator.add_column("receipt_use", "use_number", IntegerField(default=0)),
        migrator.add_column(
            "receipt_use", "filing_id", ForeignKeyField(Filing, null=True, field=Filing.id)
        ),
        migrator.drop_index("receipt_use", "receipt_use_payment_id"),
        migrator.add_index("receipt_use", ("payment_id", "use_number"), unique=True),
    )
