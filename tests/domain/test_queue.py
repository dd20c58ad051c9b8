"""The queue's rules: letters, the call order, when an appointment checks in, the wait."""

from datetime import date, datetime, time, timedelta

import pytest

from domain import queue
from domain.queue import TicketKind, Waiting

NOW = datetime(2026, 12, 2, 15, 0)


def ticket(id, kind=TicketKind.SIN_CITA, minutes_ago=0, service=1, appointment_in=None):
    at = NOW + timedelta(minutes=appointment_in) if appointment_in is not None else None
    return Waiting(id, kind, service, NOW - timedelta(minutes=minutes_ago), at)


@pytest.mark.parametrize(
    "services, letters",
    [
        ([(1, "Escritos", ""), (2, "Demandas", "")], {1: "E", 2: "D"}),
        # P and C are the preferential and appointment queues: the next letter is taken.
        ([(1, "Pagos", ""), (2, "Consultas", "")], {1: "A", 2: "B"}),
        ([(1, "Escritos", ""), (2, "Exhortos", "")], {1: "E", 2: "A"}),
        ([(1, "Escritos", "x"), (2, "Exhortos", "")], {1: "X", 2: "E"}),
        ([(2, "Ñandú", ""), (1, "Órdenes", "")], {1: "O", 2: "N"}),
    ],
)
def test_each_service_gets_a_letter_of_its_own(services, letters):
    assert queue.service_prefixes(services) == letters


@pytest.mark.parametrize(
    "typed, problem",
    [("E", None), ("", None), ("P", "preferenciales"), ("C", "citas"), ("EE", "una sola")],
)
def test_a_chosen_letter_is_checked(typed, problem):
    found = queue.prefix_problem(typed)
    assert (found is None) if problem is None else (problem in found)


def test_labels_have_three_digits():
    assert queue.label("E", 14) == "E-014"
    assert queue.label("P", 1234) == "P-1234"


def test_preferential_then_due_appointments_then_arrival():
    waiting = [
        ticket(1, minutes_ago=30),
        ticket(2, TicketKind.CITA, minutes_ago=40, appointment_in=30),  # early: waits by arrival
        ticket(3, TicketKind.CITA, minutes_ago=5, appointment_in=0),
        ticket(4, TicketKind.PREFERENCIAL, minutes_ago=1),
        ticket(5, TicketKind.CITA, minutes_ago=2, appointment_in=-10),
        ticket(6, TicketKind.PREFERENCIAL, minutes_ago=3),
    ]
    assert [t.id for t in queue.call_order(waiting, NOW)] == [6, 4, 5, 3, 2, 1]


def test_a_window_calls_only_the_services_it_serves():
    waiting = [ticket(1, service=1, minutes_ago=9), ticket(2, service=2, minutes_ago=20)]
    assert [t.id for t in queue.call_order(waiting, NOW, services={1})] == [1]
    assert [t.id for t in queue.call_order(waiting, NOW, services=None)] == [2, 1]


@pytest.mark.parametrize(
    "every, recent, first",
    [
        (1, [True, True, True], 2),  # always first
        (2, [False], 2),  # the last call went to a walk-in: priority's turn
        (2, [True], 1),  # one in every two: now a walk-in
        (3, [False, True], 1),
        (3, [False, False], 2),
        (3, [], 2),
    ],
)
def test_one_in_every_n_calls_goes_to_priority_so_nobody_starves(every, recent, first):
    waiting = [ticket(1, minutes_ago=50), ticket(2, TicketKind.PREFERENCIAL, minutes_ago=1)]
    order = queue.call_order(waiting, NOW, priority_every=every, recent_calls_priority=recent)
    assert order[0].id == first
    assert {t.id for t in order} == {1, 2}  # the other is next, not dropped


def test_with_only_priority_tickets_waiting_they_are_called_anyway():
    waiting = [ticket(2, TicketKind.PREFERENCIAL)]
    order = queue.call_order(waiting, NOW, priority_every=3, recent_calls_priority=[True])
    assert [t.id for t in order] == [2]


DAY = date(2026, 12, 2)


def problem(at: str, **changes):
    values = dict(
        active=True,
        sede_matches=True,
        sede_name="Sede Zavala",
        day=DAY,
        starts=time(10, 20),
        now_local=datetime.combine(DAY, time.fromisoformat(at)),
        ticket_label=None,
    )
    return queue.check_in_problem(**(values | changes))


@pytest.mark.parametrize(
    "at, changes, expected",
    [
        ("10:00", {}, None),
        ("09:20", {}, None),
        ("10:35", {}, None),
        ("09:19", {}, "muy temprano"),
        ("10:36", {}, "pasaron más de 15 minutos"),
        ("10:00", {"sede_matches": False}, "Sede Zavala"),
        ("10:00", {"active": False}, "no está vigente"),
        ("10:00", {"ticket_label": "C-004"}, "C-004"),
        ("10:00", {"day": date(2026, 12, 3)}, "otro día"),
        ("10:00", {"day": date(2026, 12, 1)}, "ya pasó"),
    ],
)
def test_when_an_appointment_may_check_in(at, changes, expected):
    found = problem(at, **changes)
    assert (found is None) if expected is None else (expected in found)


@pytest.mark.parametrize(
    "ahead, times, windows, minutes",
    [
        (0, [30], 1, 0),
        (3, [], 1, 30),  # no service attended yet today: 10 minutes each
        (3, [4, 6, 20], 1, 18),  # the median, 6
        (3, [4, 6, 20], 2, 9),
        (1, [7], 0, 7),  # no window set up: counted as one
    ],
)
def test_the_estimated_wait(ahead, times, windows, minutes):
    assert queue.estimated_wait_minutes(ahead, times, windows) == minutes


def test_the_days_figures():
    rows = [("atendido", 2.0), ("atendido", 10.0), ("no_se_presento", 4.0), ("en_espera", None)]
    figures = queue.figures("Escritos", rows)
    assert (figures.issued, figures.served, figures.no_shows, figures.waiting) == (4, 2, 1, 1)
    assert figures.median_wait == 4.0 and figures.p90_wait == 10.0
    assert queue.figures("Nada", []).median_wait is None
