from datetime import date

import pytest

from domain.birth_dates import InvalidBirthDate, parse

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("17/05/1990", date(1990, 5, 17)),
        ("17-05-1990", date(1990, 5, 17)),
        ("17.05.1990", date(1990, 5, 17)),
        ("1990-05-17", date(1990, 5, 17)),
        (" 29/02/2000 ", date(2000, 2, 29)),  # a leap year
        ("02/12/2026", TODAY),  # born today
    ],
)
def test_birth_dates_are_read(typed, day):
    assert parse(typed, TODAY) == day


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/1990", "La fecha 31/02/1990 no existe: revise el día y el mes"),
        ("29/02/1990", "La fecha 29/02/1990 no existe"),  # not a leap year
        ("12/13/1990", "no existe"),  # month 13: typed month first
        ("1990-02-30", "no existe"),
        ("1990/31/12", "Escriba la fecha como día/mes/año"),
        ("ayer", "Escriba la fecha como día/mes/año"),
        ("17/05/90", "Escriba la fecha como día/mes/año"),
        ("03/12/2026", "no puede ser posterior a hoy"),
        ("01/01/1899", "Revise el año"),
    ],
)
def test_a_wrong_birth_date_says_what_is_wrong(typed, message):
    with pytest.raises(InvalidBirthDate, match=message):
        parse(typed, TODAY)
