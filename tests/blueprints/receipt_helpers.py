"""Receipts at the counter: payments the bank reported, and the forms a clerk sends."""

from datetime import datetime, time, timedelta
from decimal import Decimal as D

from domain.fees import BANK_COLUMNS
from domain.fees import BankPayment as Paid
from models import AuditEvent, BankPayment, FeeYear
from services.clock import court_now, utc_now

REGISTER = "/personal/comprobantes/registrar"
HABILITATION = "/personal/comprobantes/habilitacion"
REFUND = "/personal/comprobantes/devolucion"
DOCUMENT = "45678901"
ACT = "Escrito de apelación, expediente 00123-2026-0-1801-JR-CI-01"


def today():
    return court_now().date()


def price(day, code="07900") -> D:
    """The first bracket's amount of `code` in the table of `day`'s year."""
    return FeeYear.schedules()[day.year].concept(code).tiers[0].figure.amount


def pay(sequence="1234567", days_ago=30, code="07900", amount=None, document=DOCUMENT):
    """A payment the bank reported, stored as an import would store it."""
    day = today() - timedelta(days=days_ago)
    amount = price(day, code) if amount is None else amount
    payment = Paid(
        sequence,
        datetime.combine(day, time(10, 30)),
        amount,
        code,
        document,
        "00123-2026-0-1801-JR-CI-01",
        "1.º Juzgado Civil",
    )
    BankPayment.add([payment], "prueba", utc_now())
    return BankPayment.find(sequence, day)


def receipt_fields(payment, **changes) -> dict:
    return {
        "sequence": payment.sequence,
        "paid_on": payment.paid_on.strftime("%d/%m/%Y"),
        "amount": str(payment.amount),
        "payer_document": payment.payer_document,
        "used_for": ACT,
        "expected_code": "",
        "expected_amount": "",
    } | changes


def register(client, payment, **changes):
    return client.post(REGISTER, data=receipt_fields(payment, **changes))


def audited(action: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == action))


BANK_FILE = (
    "\n".join(
        [
            ",".join(BANK_COLUMNS),
            "7000001,2026-11-02 10:30:05,55.00,07900,45678901,00123-2026-0-1801-JR-CI-01,"
            "1.º Juzgado Civil",
            "7000002,02/11/2026 10:31,5.30,09970,20131312955,,",
        ]
    ).encode()
    + b"\n"
)
