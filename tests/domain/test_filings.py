"""Electronic filing's rules as tables: the legal reception instant, tracking numbers, the
filing's data and its files' limits."""

from datetime import date, datetime, time

import pytest

from domain.filings import (
    DEFAULT_RECEPTION_HOURS,
    FileLimits,
    FileRefused,
    FilingData,
    check_annex,
    check_main,
    data_errors,
    file_size,
    outside_hours,
    parse_tracking_number,
    reception_time,
    tracking_number,
)

MB = 1024 * 1024
# Monday to Friday with a lunch break, as a juzgado might receive.
SPLIT = {day: [(time(8, 0), time(13, 0)), (time(14, 0), time(16, 45))] for day in range(5)}
HOLIDAY = date(2026, 12, 8)  # Tuesday: Inmaculada Concepción


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute)


@pytest.mark.parametrize(
    ("hours", "closed", "sent", "received"),
    [
        (DEFAULT_RECEPTION_HOURS, set(), at(2, 10), at(2, 10)),  # Wednesday morning: at once
        (DEFAULT_RECEPTION_HOURS, set(), at(2, 8), at(2, 8)),  # the opening minute counts
        (DEFAULT_RECEPTION_HOURS, set(), at(2, 16, 45), at(3, 8)),  # closing minute does not
        (DEFAULT_RECEPTION_HOURS, set(), at(2, 6, 30), at(2, 8)),  # early: the same morning
        (DEFAULT_RECEPTION_HOURS, set(), at(2, 22), at(3, 8)),  # evening: the next day
        (DEFAULT_RECEPTION_HOURS, set(), at(4, 17), at(7, 8)),  # Friday evening: Monday
        (DEFAULT_RECEPTION_HOURS, set(), at(5, 11), at(7, 8)),  # Saturday: Monday
        (DEFAULT_RECEPTION_HOURS, set(), at(6, 23, 59), at(7, 8)),  # Sunday night: Monday
        (DEFAULT_RECEPTION_HOURS, {HOLIDAY}, at(7, 18), at(9, 8)),  # holiday skipped
        (DEFAULT_RECEPTION_HOURS, {HOLIDAY}, at(8, 10), at(9, 8)),  # on the holiday itself
        (SPLIT, set(), at(2, 13, 30), at(2, 14)),  # lunch break: the afternoon opening
        (SPLIT, set(), at(2, 12, 59), at(2, 12, 59)),
        (SPLIT, {date(2026, 12, 24), date(2026, 12, 25)}, at(23, 17), at(28, 8)),
    ],
)
def test_when_a_filing_counts_as_received(hours, closed, sent, received):
    assert reception_time(sent, hours, frozenset(closed)) == received
    assert outside_hours(sent, received) is (sent != received)


def test_a_dependencia_that_never_opens_is_a_set_up_error_not_an_endless_search():
    with pytest.raises(ValueError, match="día hábil"):
        reception_time(at(2, 10), {}, frozenset())


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("2026-000123", (2026, 123)),
        (" 2026 - 123 ", (2026, 123)),
        ("2026-0000001", (2026, 1)),
        ("2026-000000", None),  # numbers start at 1
        ("1999-000001", None),
        ("2026000123", None),
        ("2026-", None),
        ("", None),
        ("2026-9999999999", None),  # past what a column holds: unknown, not an error
    ],
)
def test_tracking_numbers_read_as_typed(typed, parsed):
    assert parse_tracking_number(typed) == parsed


def test_tracking_numbers_are_year_and_six_digits():
    assert tracking_number(2026, 123) == "2026-000123"
    assert parse_tracking_number(tracking_number(2026, 1_000_000)) == (2026, 1_000_000)


def data(**changes) -> FilingData:
    fields = {
        "filer_kind": "natural",
        "contact_email": "ana@example.pe",
        "contact_phone": "987654321",
        "dependencia_id": 1,
        "document_type": "escrito",
        "document_number": "SN",
        "case_number": "00123-2026-0-1801-JR-CI-01",
        "subject": "Apersonamiento",
        "folios": 3,
    }
    return FilingData(**(fields | changes))


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({}, set()),
        ({"document_type": "carta", "case_number": ""}, set()),  # only escritos need a case
        ({"case_number": " "}, {"case_number"}),
        ({"document_type": "memorando"}, {"document_type"}),
        ({"filer_kind": "otra"}, {"filer_kind"}),
        ({"document_number": ""}, {"document_number"}),
        ({"document_number": "12<script>"}, {"document_number"}),
        ({"subject": "  "}, {"subject"}),
        ({"subject": "x" * 501}, {"subject"}),
        ({"folios": 0}, {"folios"}),
        ({"folios": 10_001}, {"folios"}),
    ],
)
def test_the_data_of_a_filing(changes, fields):
    assert set(data_errors(data(**changes))) == fields


LIMITS = FileLimits()


@pytest.mark.parametrize(
    ("position", "name", "size", "refusal"),
    [
        (1, "pruebas.zip", 30 * MB, None),  # the first annex takes up to 30 MB
        (1, "pruebas.zip", 30 * MB + 1, "el anexo 1 admite hasta 30,0 MB"),
        (2, "foto.JPG", 5 * MB, None),
        (2, "foto.jpg", 5 * MB + 1, "el anexo 2 admite hasta 5,0 MB"),
        (5, "cuadro.xlsx", 1, None),
        (6, "sexto.pdf", 1, "como máximo 5 anexos"),
        (1, "programa.exe", 1, "no se admite"),
        (1, "sin-extension", 1, "no se admite"),
    ],
)
def test_the_limits_of_each_annex(position, name, size, refusal):
    if refusal is None:
        check_annex(LIMITS, position, name, size)
    else:
        with pytest.raises(FileRefused, match=refusal) as refused:
            check_annex(LIMITS, position, name, size)
        assert name in str(refused.value)  # each refusal names its file


def test_the_main_document_takes_up_to_twenty_megabytes():
    check_main(LIMITS, "escrito.pdf", 20 * MB)
    with pytest.raises(FileRefused, match="«escrito.pdf» pesa 20,0 MB"):
        check_main(LIMITS, "escrito.pdf", 20 * MB + 1)


@pytest.mark.parametrize(
    ("size", "shown"),
    [(1, "1 KB"), (1536, "2 KB"), (MB - 1, "1024 KB"), (MB, "1,0 MB"), (20 * MB, "20,0 MB")],
)
def test_file_sizes_read_in_kilobytes_or_megabytes(size, shown):
    assert file_size(size) == shown


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("00123-2026-0-1801-JR-CI-01", None),
        ("123-2026-0-1801-jr-ci-1", None),  # read as the judiciary prints it
        ("12345", "Escriba el número de expediente completo"),
        ("00123-2031-0-1801-JR-CI-01", "debe estar entre 1950 y 2026"),
    ],
)
def test_a_case_number_is_checked_in_the_peruvian_format(typed, message):
    errors = data_errors(data(case_number=typed), date(2026, 12, 2))
    if message is None:
        assert "case_number" not in errors
    else:
        assert message in errors["case_number"]
