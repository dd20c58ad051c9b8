"""Court fees: each year's fee table (as imported CSV), the bank's payments, their single use."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
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
        email = CharField(unique=True)

    class FeeYear(Base):
        year = IntegerField(unique=True)
        csv_text = TextField()
        referential = BooleanField(default=True)
        source_name = CharField(default="")
        imported_at = DateTimeField()
        imported_by = ForeignKeyField(User, null=True)

    class BankPayment(Base):
        sequence = CharField()
        paid_at = DateTimeField()
        paid_on = DateField()
        amount = DecimalField(max_digits=12, decimal_places=2)
        concept_code = CharField()
        payer_document = CharField()
        case_number = CharField(default="")
        court = CharField(default="")
        batch = CharField(default="")
        imported_at = DateTimeField()

        class Meta:
            indexes = ((("sequence", "paid_on"), True),)

    class ReceiptUse(Base):
        payment = ForeignKeyField(BankPayment, unique=True)
        used_at = DateTimeField()
        used_for = CharField()
        concept_code = CharField(default="")
        expected_amount = DecimalField(max_digits=12, decimal_places=2, null=True)
        registered_by = ForeignKeyField(User, null=True)
        typo_accepted_by = ForeignKeyField(User, null=True)

    class ReceiptHabilitation(Base):
        payment = ForeignKeyField(BankPayment, unique=True)
        clause = CharField()
        decided_at = DateTimeField()
        decided_by = ForeignKeyField(User, null=True)
        district = CharField()
        note = TextField(default="")

    db.create_tables([FeeYear, BankPayment, ReceiptUse, ReceiptHabilitation])
