"""Appointments remember when their day-before reminder was sent."""

from peewee import DateTimeField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("appointment", "reminder_sent_at", DateTimeField(null=True))
    )


def down(migrator, db):
    migrator.migrate(migrator.drop_column("appointment", "reminder_sent_at"))
