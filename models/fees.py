"""Fee tables by year, the bank's payment records, and each receipt's single use."""

import peewee as pw

from db import BaseModel, write_transaction
from domain.codes import new_code
from domain.fees import parse_schedules, read_csv, rows_to_csv
from domain.fees.csv_import import COLUMNS
from models.accounts import User
from models.court import _cached
from models.filings import Filing


class AlreadyUsed(Exception):
    """The receipt was used before (maybe a moment ago, by another request)."""


class FeeYear(BaseModel):
    """One year's Cuadro de Valores, kept as the CSV rows it was imported from."""

    year = pw.IntegerField(unique=True)
    csv_text = pw.TextField()
    referential = pw.BooleanField(default=True)  # not every figure is from the official annex
    source_name = pw.CharField(default="")
    imported_at = pw.DateTimeField()  # UTC
    imported_by = pw.ForeignKeyField(User, null=True, backref="fee_imports")

    @classmethod
    def schedules(cls) -> dict:
        """Every stored year's Schedule, built once per worker for a few seconds."""
        stamp = cls.select(pw.fn.MAX(cls.imported_at)).scalar()
        return _cached(("fees", str(stamp)), cls._build)

    @classmethod
    def _build(cls) -> dict:
        schedules = {}
        for row in cls.select().order_by(cls.year):
            schedules.update(parse_schedules(row.csv_text).schedules)
        return schedules

    @classmethod
    def store(cls, text: str, schedules: dict, now, user=None, source_name="") -> list[int]:
        """Keep each year of a clean import (replacing that year only); earlier years stay."""
        rows, _ = read_csv(text, COLUMNS)
        with write_transaction():
            for year, schedule in schedules.items():
                year_rows = [
                    r.values for r in rows if r.values.get("year", "").strip() == str(year)
                ]
                values = {
                    "csv_text": rows_to_csv(year_rows),
                    "referential": schedule.referential,
                    "source_name": source_name,
                    "imported_at": now,
                    "imported_by": user,
                }
                cls.insert(year=year, **values).on_conflict(
                    conflict_target=[cls.year], update=values
                ).execute()
        return sorted(schedules)


class BankPayment(BaseModel):
    """A line of the bank's payment file; (sequence, date) is unique, so re-imports add nothing."""

    sequence = pw.CharField()
    paid_at = pw.DateTimeField()  # the bank's wall clock (court time zone)
    paid_on = pw.DateField()
    amount = pw.DecimalField(max_digits=12, decimal_places=2)
    concept_code = pw.CharField()
    payer_document = pw.CharField()
    case_number = pw.CharField(default="")
    court = pw.CharField(default="")
    batch = pw.CharField(default="")
    imported_at = pw.DateTimeField()  # UTC

    class Meta:
        indexes = ((("sequence", "paid_on"), True), (("paid_on",), False))

    @classmethod
    def add(cls, payments, batch: str, now) -> int:
        """Insert the payments not yet known; returns how many were new."""
        added = 0
        with write_transaction():
            for p in payments:
                added += (
                    cls.insert(
                        sequence=p.sequence,
                        paid_at=p.paid_at,
                        paid_on=p.paid_at.date(),
                        amount=p.amount,
                        concept_code=p.concept_code,
                        payer_document=p.payer_document,
                        case_number=p.case_number,
                        court=p.court,
                        batch=batch,
                        imported_at=now,
                    )
                    .on_conflict_ignore()
                    .as_rowcount()
                    .execute()
                )
        return added

    @classmethod
    def find(cls, sequence: str, paid_on):
        return cls.get_or_none(cls.sequence == sequence.strip(), cls.paid_on == paid_on)


class ReceiptUse(BaseModel):
    """A use of a paid receipt. UNIQUE (payment, use_number): the first use is number 0, and
    only a habilitación (arts. 36-37) opens number 1, so no receipt is used twice for one turn."""

    payment = pw.ForeignKeyField(BankPayment, backref="uses")
    use_number = pw.IntegerField(default=0)
    used_at = pw.DateTimeField(index=True)  # UTC
    used_for = pw.CharField()  # what act it paid for (a filing, a clerk's note)
    concept_code = pw.CharField(default="")
    expected_amount = pw.DecimalField(max_digits=12, decimal_places=2, null=True)
    registered_by = pw.ForeignKeyField(User, null=True, backref="receipts_registered")
    typo_accepted_by = pw.ForeignKeyField(User, null=True, backref="typos_accepted")
    # What the public types or scans on /verificar to check the receipt was validated here.
    verification_code = pw.CharField(null=True, unique=True)
    # The filing it went with: cancelled while pending, the filing gives the receipt back.
    filing = pw.ForeignKeyField(Filing, null=True, backref="receipt_uses")

    class Meta:
        indexes = ((("payment", "use_number"), True),)

    @classmethod
    def by_verification_code(cls, code: str):
        return cls.get_or_none(cls.verification_code == code)

    @classmethod
    def is_used(cls, payment) -> bool:
        return cls.select().where(cls.payment == payment).exists()

    @classmethod
    def next_number(cls, payment) -> int | None:
        """The use_number the receipt's next use takes; None when it has no use left: used
        once, and not habilitated after that use."""
        uses = {u.use_number: u for u in cls.select().where(cls.payment == payment)}
        if 0 not in uses:
            return 0
        habilitated = ReceiptHabilitation.get_or_none(ReceiptHabilitation.payment == payment)
        if 1 not in uses and habilitated and habilitated.decided_at > uses[0].used_at:
            return 1
        return None

    @classmethod
    def use(cls, payment, used_for: str, now, **details) -> "ReceiptUse":
        """Mark the receipt used, atomically: of two simultaneous uses exactly one wins."""
        number = cls.next_number(payment)
        if number is None:
            raise AlreadyUsed(USED)
        try:
            with write_transaction():
                return cls.create(
                    payment=payment,
                    use_number=number,
                    used_for=used_for,
                    used_at=now,
                    verification_code=new_code(),
                    **details,
                )
        except pw.IntegrityError:
            raise AlreadyUsed(USED) from None


USED = "Este comprobante ya fue usado y no puede usarse otra vez."


class ReceiptHabilitation(BaseModel):
    """A receipt enabled again (art. 36-37): at most once, so the payment is UNIQUE."""

    payment = pw.ForeignKeyField(BankPayment, unique=True, backref="habilitations")
    clause = pw.CharField()
    decided_at = pw.DateTimeField()  # UTC
    decided_by = pw.ForeignKeyField(User, null=True, backref="habilitations")
    district = pw.CharField()
    note = pw.TextField(default="")
