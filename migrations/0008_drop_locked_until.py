"""Lock-outs moved to the shared counters (services.limits: a sliding window per account, per
known device and per unknown login), so the account row no longer keeps a lock time."""

from peewee import DateTimeField


def up(migrator, db):
    migrator.migrate(migrator.drop_column("user", "locked_until"))


def down(migrator, db):
    migrator.migrate(migrator.add_column("user", "locked_until", DateTimeField(null=True)))
