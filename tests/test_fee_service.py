"""The fee calculator's use case as the pages and the API call it: no request, the date given."""

from datetime import date

import pytest

from domain.fees import InvalidFeeRequest, NoSchedule
from services.fees import calculate_fee

CIVIL = {
    "act": "ofrecimiento_pruebas",
    "process": "civil",
    "role": "demandante",
    "person": "natural",
    "cuantia": "60000",
    "parties": "1",
}


def test_without_a_date_the_table_is_the_one_of_the_day_passed_in(db):
    for today in (date(2025, 6, 30), date(2026, 1, 2)):
        fee_request, result = calculate_fee(CIVIL, today=today)
        assert fee_request.day == today and result.year == today.year


def test_a_date_in_the_answers_wins_over_today(db):
    _, result = calculate_fee(CIVIL | {"day": "2024-05-02"}, today=date(2026, 1, 2))
    assert result.year == 2024


def test_errors_name_the_answer_to_correct(db):
    with pytest.raises(NoSchedule) as no_table:
        calculate_fee(CIVIL, today=date(2031, 1, 2))
    assert no_table.value.field == "day"
    with pytest.raises(InvalidFeeRequest) as wrong_act:
        calculate_fee(CIVIL | {"act": "vuelo"}, today=date(2026, 1, 2))
    assert wrong_act.value.field == "act"
