"""Each sede says how many minutes before a slot's start its desk may record the outcome."""

from peewee import IntegerField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("sede", "outcome_margin_minutes", IntegerField(default=15))
    )


def down(migrator, db):
    migrator.migrate(migrator.drop_column("sede", "outcome_margin_minutes"))
