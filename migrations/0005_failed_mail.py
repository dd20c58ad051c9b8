"""E-mail that could not be sent after its retries is kept here (never lost) for an admin."""

from peewee import CharField, DateTimeField, IntegerField, Model, TextField


def up(migrator, db):
    class FailedMail(Model):
        created_at = DateTimeField(index=True)
        to = CharField()
        subject = CharField()
        body = TextField()
        attachments = TextField(default="[]")
        last_error = TextField(default="")
        attempts = IntegerField(default=0)

        class Meta:
            database = db
            legacy_table_names = False

    db.create_tables([FailedMail])
