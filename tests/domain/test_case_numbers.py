from datetime import date

import pytest

from domain.case_numbers import InvalidCaseNumber, normalize_case_number

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("00123-2026-0-1801-JR-CI-01", "00123-2026-0-1801-JR-CI-01"),
        ("123-2026-0-1801-jr-ci-1", "00123-2026-0-1801-JR-CI-01"),
        (" 04567-2019-12-1801-JP-FC-03 ", "04567-2019-12-1801-JP-FC-03"),
        ("00010 - 1950 - 1 - 0401 - SP - PE - 02", "00010-1950-1-0401-SP-PE-02"),
        ("00123–2026–0–1801–JR–CI–01", "00123-2026-0-1801-JR-CI-01"),  # en dashes pasted
    ],
)
def test_case_numbers_are_read_in_their_printed_form(typed, normalized):
    assert normalize_case_number(typed, TODAY) == normalized


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "completo"),
        ("123/2026", "completo"),
        ("00123-2026-0-1801-JR-CI", "completo"),
        ("00123-2026-0-18010-JR-CI-01", "completo"),
        ("123456-2026-0-1801-JR-CI-01", "completo"),
        ("00123-2026-0-1801-J1-CI-01", "completo"),
        ("00123-2027-0-1801-JR-CI-01", "2027"),
        ("00123-1949-0-1801-JR-CI-01", "1949"),
        ("00000-2026-0-1801-JR-CI-01", "00000"),
        ("00123-2026-0-1801-JR-CI-01; DROP", "completo"),
    ],
)
def test_what_is_not_a_case_number_is_refused_saying_why(typed, says):
    with pytest.raises(InvalidCaseNumber, match=says):
        normalize_case_number(typed, TODAY)
