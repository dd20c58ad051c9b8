from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal as D
from pathlib import Path

import pytest

from domain.fees import (
    BankPayment,
    ReceiptClaim,
    amount_fits,
    digits_apart,
    is_in_force,
    parse_schedules,
    reintegro_due,
    valid_until,
    validate_receipt,
)

SHIPPED = Path(__file__).parents[2] / "data" / "aranceles" / "cuadro-valores.csv"
SCHEDULES = parse_schedules(SHIPPED.read_text(encoding="utf-8")).schedules
PAYMENT = BankPayment(
    "1234567",
    datetime(2025, 12, 15, 10, 30),
    D("53.50"),
    "07900",
    "45678901",
    "00123-2025-0-0901-JR-CI-01",
    "1.º Juzgado Civil",
)
CLAIM = ReceiptClaim("1234567", date(2025, 12, 15), D("53.50"), "45678901")
TODAY = date(2026, 1, 12)


def verdict(claim=CLAIM, payment=PAYMENT, today=TODAY, **options):
    return validate_receipt(claim, payment, SCHEDULES, today, **{"already_used": False, **options})


@pytest.mark.parametrize(
    ("paid", "last"),
    [
        (date(2025, 3, 10), date(2026, 3, 10)),
        (date(2025, 12, 31), date(2026, 12, 31)),
        (date(2024, 2, 29), date(2025, 2, 28)),
    ],
)
def test_a_receipt_is_good_for_one_calendar_year(paid, last):
    assert valid_until(paid) == last
    assert is_in_force(paid, last) and not is_in_force(paid, date.fromordinal(last.toordinal() + 1))
    assert is_in_force(paid, paid)


@pytest.mark.parametrize(
    ("paid", "required", "due"),
    [
        ("53.50", "55.00", "1.50"),
        ("53.50", "54.90", "0"),
        ("53.50", "54.91", "1.41"),
        ("55.00", "53.50", "0"),
        ("5.30", "5.30", "0"),
    ],
)
def test_reintegros_of_one_sol_forty_or_less_are_not_asked_for(paid, required, due):
    assert reintegro_due(D(paid), D(required)) == D(due)


@pytest.mark.parametrize(
    ("first", "second", "apart"),
    [
        ("45678901", "45678901", 0),
        ("45678901", "45678910", 2),
        ("4567-8901", "45678900", 1),
        ("12345678", "12300000", 5),
        ("45678901", "456789012", None),
    ],
)
def test_document_numbers_are_compared_digit_by_digit(first, second, apart):
    assert digits_apart(first, second) == apart


@pytest.mark.parametrize(
    ("code", "amount", "fits"),
    [
        ("07900", "80.20", True),  # 2025 B2
        ("07900", "80.25", False),
        ("07900", "40.10", True),  # half of B2: a reduced fee (art. 10)
        ("09970", "5.30", True),
        ("09970", "15.90", True),  # three derechos on one receipt
        ("09970", "5.31", False),
        ("07447", "10.60", True),  # two folios
        ("08214", "107.00", True),  # the bank's code of an exhorto to another district
        ("08214-02", "107.00", True),
        ("07455", "1234.56", True),  # 1 % of an appraisal: any amount
        ("99999", "10.00", False),
    ],
)
def test_an_amount_fits_its_concept_in_the_year_of_payment(code, amount, fits):
    assert amount_fits(SCHEDULES[2025], code, D(amount)) is fits


def test_a_matching_receipt_is_valid_until_a_year_after_payment():
    result = verdict(expected_code="07900", expected_amount=D("53.50"))
    assert result.ok and result.problems == ()
    assert result.valid_until == date(2026, 12, 15) and not result.typo


def test_a_receipt_the_bank_does_not_know_is_refused():
    assert verdict(payment=None).problems == (
        "No hay un pago con esa secuencia y fecha en los pagos importados del banco.",
    )


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        (
            {"claim": replace(CLAIM, amount=D("55.00"))},
            "El banco registra S/\u00a053.50, no S/\u00a055.00.",
        ),
        ({"payment": replace(PAYMENT, amount=D("53.55"))}, "no corresponde al concepto 07900"),
        ({"payment": replace(PAYMENT, paid_at=datetime(2027, 2, 1))}, "Cuadro de Valores de 2027"),
        ({"today": date(2026, 12, 16)}, "venció el 15/12/2026: vale un año (art. 16)"),
        ({"claim": replace(CLAIM, payer_document="12345678")}, "no coincide con el del pago"),
        ({"already_used": True}, "ya fue usado"),
        ({"expected_code": "07935"}, "pide el 07935; puede pedir su habilitación (art. 37 g)"),
        ({"expected_amount": D("55.00")}, "reintegro de S/\u00a01.50 (art. 17 a)"),
    ],
)
def test_each_check_says_what_is_wrong(changes, problem):
    result = verdict(**changes)
    assert not result.ok
    assert any(problem in text for text in result.problems), result.problems


def test_a_reintegro_of_one_sol_forty_does_not_stop_the_receipt():
    result = verdict(expected_amount=D("54.90"))
    assert result.ok and result.reintegro == 0


def test_a_typing_error_of_up_to_two_digits_can_be_accepted_by_a_clerk():
    typed = replace(CLAIM, payer_document="45678910")
    refused = verdict(claim=typed)
    assert refused.typo and "art. 37 b" in refused.problems[0]
    accepted = verdict(claim=typed, accept_typo=True)
    assert accepted.ok and accepted.typo


def test_three_wrong_digits_are_not_a_typing_error():
    result = verdict(claim=replace(CLAIM, payer_document="45678123"), accept_typo=True)
    assert not result.ok and not result.typo


def test_every_problem_is_listed_at_once():
    claim = replace(CLAIM, amount=D(1), payer_document="11111111")
    result = verdict(claim=claim, today=date(2027, 1, 1), already_used=True)
    assert len(result.problems) == 4


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        (None, None),  # the clerk's counter asks for no time
        (time(10, 30), None),
        (time(10, 30, 59), None),  # a receipt prints minutes; the bank's file may add seconds
        (time(10, 31), "La hora no coincide con la del pago que registra el banco."),
        (time(22, 30), "La hora no coincide con la del pago que registra el banco."),
    ],
)
def test_the_time_typed_from_the_receipt_must_be_the_banks_minute(typed, problem):
    at = replace(PAYMENT, paid_at=datetime(2025, 12, 15, 10, 30, 5))
    problems = verdict(replace(CLAIM, paid_time=typed), at).problems
    assert problems == ((problem,) if problem else ())
