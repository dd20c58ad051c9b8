from datetime import datetime
from decimal import Decimal as D

import pytest

from domain.fees import BANK_COLUMNS, parse_bank_file

HEADER = ",".join(BANK_COLUMNS)
ROW = "1234567,2025-12-15 10:30:05,53.50,07900,4567 8901,00123-2025,1.º Juzgado Civil"
OTHER = "1234568,15/12/2025 10:31,5.30,09970,20131312955,,"


def bank_csv(*lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


def test_a_clean_bank_file_gives_its_payments():
    result = parse_bank_file(bank_csv(ROW, OTHER))
    assert result.ok
    first, second = result.payments
    assert first.paid_at == datetime(2025, 12, 15, 10, 30, 5)
    assert (first.amount, first.payer_document) == (D("53.50"), "45678901")
    assert (second.paid_at, second.case_number) == (datetime(2025, 12, 15, 10, 31), "")


def test_the_same_sequence_on_another_day_is_another_payment():
    assert parse_bank_file(bank_csv(ROW, ROW.replace("2025-12-15", "2025-12-16"))).ok


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (ROW.replace("2025-12-15 10:30:05", "ayer"), "Fecha y hora no válidas: «ayer»"),
        (ROW.replace("53.50", "cincuenta"), "El monto no es un número"),
        (ROW.replace("53.50", "0"), "El monto no puede ser cero"),
        (ROW.replace("1234567,", ",", 1), "Falta sequence"),
        (ROW.replace("4567 8901", "ABC"), "solo lleva números"),
    ],
)
def test_bad_rows_are_marked_and_nothing_is_imported(row, message):
    result = parse_bank_file(bank_csv(OTHER, row))
    assert not result.ok and result.payments == ()
    assert not result.rows[0].errors
    assert message in result.rows[1].errors[0]


def test_a_payment_twice_in_one_file_is_marked_on_the_second_line():
    result = parse_bank_file(bank_csv(ROW, OTHER, ROW))
    assert result.rows[2].errors == ("Pago repetido: la secuencia ya está en la línea 2.",)


def test_a_file_without_the_bank_columns_is_refused_whole():
    result = parse_bank_file("secuencia,monto\n1,2\n")
    assert result.file_errors and "sequence" in result.file_errors[0]
