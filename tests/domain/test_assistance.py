"""The assistance desk's rules: ticket numbers, business days, the complaint period and the
ticket's states."""

from datetime import date

import pytest

from domain.assistance import (
    add_business_days,
    business_days_between,
    claim_period,
    parse_number,
    ticket_number,
)
from domain.roles import CITIZEN, Role
from domain.states import (
    ASSISTANCE,
    AssistanceAction,
    AssistanceStatus,
    NotPermitted,
    WrongState,
)

HOLIDAYS = {date(2026, 12, 8), date(2026, 12, 25), date(2027, 1, 1)}
S, DO = AssistanceStatus, AssistanceAction
DESK, ADMIN = (Role.ATENCION,), (Role.ADMINISTRADOR,)


@pytest.mark.parametrize(
    ("year", "sequence", "number"),
    [(2026, 1, "AS-2026-000001"), (2026, 123, "AS-2026-000123"), (2027, 999999, "AS-2027-999999")],
)
def test_ticket_numbers_read_back(year, sequence, number):
    assert ticket_number(year, sequence) == number
    assert parse_number(number) == (year, sequence)


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        (" as-2026-000123 ", (2026, 123)),
        ("AS-2026-123", None),
        ("AS-2026-0001234", None),
        ("XX-2026-000123", None),
        ("AS-２０２６-000123", None),  # full-width digits are not the number
        ("", None),
        ("9" * 40, None),
    ],
)
def test_typed_numbers(typed, parsed):
    assert parse_number(typed) == parsed


@pytest.mark.parametrize(
    ("start", "days", "deadline"),
    [
        (date(2026, 12, 2), 1, date(2026, 12, 3)),  # Wednesday: Thursday
        (date(2026, 12, 4), 1, date(2026, 12, 7)),  # Friday: Monday, the weekend skipped
        (date(2026, 12, 5), 1, date(2026, 12, 7)),  # arrived on Saturday: Monday is day 1
        (date(2026, 12, 7), 1, date(2026, 12, 9)),  # Tuesday 8 is a national holiday
        (date(2026, 12, 2), 5, date(2026, 12, 10)),
        (date(2026, 12, 2), 30, date(2027, 1, 18)),  # across Christmas and New Year
        (date(2026, 12, 2), 0, date(2026, 12, 2)),
    ],
)
def test_business_days_skip_weekends_and_holidays(start, days, deadline):
    assert add_business_days(start, days, HOLIDAYS) == deadline


@pytest.mark.parametrize(
    ("first", "last", "count"),
    [
        (date(2026, 12, 2), date(2026, 12, 2), 0),
        (date(2026, 12, 2), date(2026, 12, 9), 4),  # Thu, Fri, Mon, Wed (8 is a holiday)
        (date(2026, 12, 9), date(2026, 12, 2), -4),
        (date(2026, 12, 5), date(2026, 12, 6), 0),  # a weekend
    ],
)
def test_business_days_between(first, last, count):
    assert business_days_between(first, last, HOLIDAYS) == count


@pytest.mark.parametrize(
    ("today", "remaining", "overdue"),
    [
        (date(2026, 12, 2), 5, False),  # the day it arrived
        (date(2026, 12, 5), 3, False),  # a Saturday counts nothing
        (date(2026, 12, 10), 0, False),  # the last day
        (date(2026, 12, 11), -1, True),
        (date(2026, 12, 14), -2, True),
    ],
)
def test_claim_period_counts_down_and_past_the_deadline(today, remaining, overdue):
    period = claim_period(date(2026, 12, 2), today, 5, HOLIDAYS)
    assert period.deadline == date(2026, 12, 10)
    assert (period.remaining, period.overdue) == (remaining, overdue)


@pytest.mark.parametrize(
    ("state", "action", "roles", "answer"),
    [
        (S.ABIERTO, DO.RESPONDER, DESK, S.RESPONDIDO),
        (S.ABIERTO, DO.RESPONDER, ADMIN, S.RESPONDIDO),
        (S.RESPONDIDO, DO.RESPONDER, DESK, S.RESPONDIDO),  # a second answer
        (S.ABIERTO, DO.CERRAR, DESK, S.CERRADO),  # spam is closed unanswered
        (S.RESPONDIDO, DO.CERRAR, ADMIN, S.CERRADO),
        (S.CERRADO, DO.RESPONDER, DESK, WrongState),
        (S.CERRADO, DO.CERRAR, DESK, WrongState),  # a second tap of "Cerrar"
        (S.ABIERTO, DO.RESPONDER, (Role.VERIFICADOR,), NotPermitted),
        (S.ABIERTO, DO.CERRAR, (Role.MESA_DE_PARTES,), NotPermitted),
        (S.ABIERTO, DO.RESPONDER, (CITIZEN,), NotPermitted),
    ],
)
def test_the_assistance_machine(state, action, roles, answer):
    if isinstance(answer, type):
        with pytest.raises(answer):
            ASSISTANCE.check(state, action, roles)
    else:
        assert ASSISTANCE.check(state, action, roles) == answer
