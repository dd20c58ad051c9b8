"""A closure may cover part of a day (closed from 13:00, or until 10:00): two optional times."""

from peewee import TimeField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("closure", "closed_from", TimeField(null=True)),
        migrator.add_column("closure", "closed_until", TimeField(null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column("closure", "closed_from"),
        migrator.drop_column("closure", "closed_until"),
    )
