"""The assistance desk (seed 001): tickets numbered per year, and the answers sent."""

from peewee import (
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(Base):
        pass

    class AssistanceTicket(Base):
        year = IntegerField()
        sequence = IntegerField()
        request_key = CharField(unique=True)
        kind = CharField(index=True)
        status = CharField(default="abierto", index=True)
        names = CharField()
        surnames = CharField()
        doc_type = CharField()
        doc_number = CharField()
        gender = CharField()
        age = IntegerField()
        phone = CharField()
        email = CharField()
        text = TextField()
        created_at = DateTimeField(index=True)
        received_on = DateField()
        ip = CharField(default="")
        answer_count = IntegerField(default=0)
        closed_at = DateTimeField(null=True)
        closed_by = ForeignKeyField(User, null=True)

        class Meta:
            indexes = ((("year", "sequence"), True),)

    class AssistanceAnswer(Base):
        ticket = ForeignKeyField(AssistanceTicket, on_delete="CASCADE")
        author = ForeignKeyField(User, null=True)
        body = TextField()
        sent_at = DateTimeField()

    db.create_tables([AssistanceTicket, AssistanceAnswer])


def down(migrator, db):
    db.execute_sql("DROP TABLE assistance_answer")
    db.execute_sql("DROP TABLE assistance_ticket")
