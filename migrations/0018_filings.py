"""Electronic filings: reception hours per dependencia, the per-year counter, filings, their
files and their history, and the drafts being written with their files."""

from peewee import (
    BigIntegerField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
    TimeField,
)


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Court(Base):
        pass

    class Dependencia(Base):
        pass

    class User(Base):
        pass

    class ReceptionHours(Base):
        dependencia = ForeignKeyField(Dependencia)
        weekday = IntegerField()
        opens = TimeField()
        closes = TimeField()

    class FilingCounter(Base):
        court = ForeignKeyField(Court)
        year = IntegerField()
        last = IntegerField(default=0)

        class Meta:
            indexes = ((("court", "year"), True),)

    class Filing(Base):
        court = ForeignKeyField(Court)
        year = IntegerField()
        number = IntegerField()
        verification_code = CharField(unique=True)
        submission_key = CharField(unique=True)
        filer = ForeignKeyField(User)
        filer_kind = CharField()
        company_ruc = CharField(default="")
        company_name = CharField(default="")
        contact_email = CharField()
        contact_phone = CharField(default="")
        dependencia = ForeignKeyField(Dependencia)
        derived_to = ForeignKeyField(Dependencia, null=True, backref="derived_filings")
        document_type = CharField()
        document_number = CharField()
        case_number = CharField(default="")
        subject = TextField()
        folios = IntegerField()
        status = CharField(default="pendiente_validacion", index=True)
        submitted_at = DateTimeField()
        received_at = DateTimeField(index=True)
        observation = TextField(default="")
        fee_note = TextField(default="")
        updated_at = DateTimeField()

        class Meta:
            indexes = ((("court", "year", "number"), True), (("filer", "submitted_at"), False))

    class FilingFile(Base):
        filing = ForeignKeyField(Filing, on_delete="CASCADE")
        role = CharField()
        position = IntegerField()
        original_name = CharField()
        stored_name = CharField()
        size = IntegerField()
        pages = IntegerField(null=True)
        sha256 = CharField(max_length=64)
        replaced_at = DateTimeField(null=True)

    class FilingEvent(Base):
        filing = ForeignKeyField(Filing, on_delete="CASCADE")
        at = DateTimeField()
        action = CharField()
        from_status = CharField(default="")
        to_status = CharField()
        actor = ForeignKeyField(User, null=True)
        actor_label = CharField(default="")
        note = TextField(default="")

    class FilingDraft(Base):
        key = CharField(unique=True)
        filer = ForeignKeyField(User)
        data = TextField(default="{}")
        created_at = DateTimeField()
        updated_at = DateTimeField(index=True)

    class DraftFile(Base):
        draft = ForeignKeyField(FilingDraft, on_delete="CASCADE")
        role = CharField()
        position = IntegerField()
        original_name = CharField()
        stored_name = CharField()
        size = IntegerField()
        pages = IntegerField(null=True)
        sha256 = CharField(max_length=64)
        received_at = DateTimeField()

        class Meta:
            indexes = ((("draft", "role", "position"), True),)

    class ResumableUpload(Base):
        key = CharField(unique=True)
        draft = ForeignKeyField(FilingDraft, on_delete="CASCADE")
        role = CharField()
        filename = CharField()
        length = BigIntegerField()
        created_at = DateTimeField(index=True)

    db.create_tables(
        [
            ReceptionHours,
            FilingCounter,
            Filing,
            FilingFile,
            FilingEvent,
            FilingDraft,
            DraftFile,
            ResumableUpload,
        ]
    )
