from datetime import date, datetime, time

import pytest

from domain.sede_hours import map_uri, open_state, upcoming, week_hours

DESK = [(time(8), time(13)), (time(14), time(16, 40))]
MON_FRI = {weekday: DESK for weekday in range(5)}
HOLIDAY = {date(2026, 12, 8): "Inmaculada Concepción"}


@pytest.mark.parametrize(
    ("now", "open_now", "text"),
    [
        (datetime(2026, 12, 2, 10, 0), True, "Abierta ahora, hasta las 13:00"),
        (datetime(2026, 12, 2, 8, 0), True, "Abierta ahora, hasta las 13:00"),
        (datetime(2026, 12, 2, 13, 0), False, "Cerrada ahora; abre hoy a las 14:00"),
        (datetime(2026, 12, 2, 7, 59), False, "Cerrada ahora; abre hoy a las 08:00"),
        (datetime(2026, 12, 2, 16, 40), False, "Cerrada ahora; hoy atendió hasta las 16:40"),
        (datetime(2026, 12, 5, 10, 0), False, "Cerrada hoy: no atiende los sábados"),
        (datetime(2026, 12, 7, 10, 0), True, "Abierta ahora, hasta las 13:00"),
        (datetime(2026, 12, 8, 10, 0), False, "Cerrada hoy: Inmaculada Concepción"),
    ],
)
def test_open_state_at_each_moment_of_the_week(now, open_now, text):
    state = open_state(MON_FRI, HOLIDAY, now)
    assert (state.open_now, state.text) == (open_now, text)


@pytest.mark.parametrize(
    ("opening", "lines"),
    [
        (MON_FRI, [("lunes a viernes", "08:00 a 13:00 y 14:00 a 16:40")]),
        ({0: DESK, 1: DESK}, [("lunes y martes", "08:00 a 13:00 y 14:00 a 16:40")]),
        (
            {0: DESK, 2: DESK, 5: [(time(9), time(12))]},
            [
                ("lunes", "08:00 a 13:00 y 14:00 a 16:40"),
                ("miércoles", "08:00 a 13:00 y 14:00 a 16:40"),
                ("sábado", "09:00 a 12:00"),
            ],
        ),
        ({}, []),
    ],
)
def test_week_hours_group_days_with_the_same_hours(opening, lines):
    assert week_hours(opening) == lines


def test_upcoming_closures_are_the_next_ones_by_date():
    closures = {date(2026, 12, 25): "Navidad", date(2026, 12, 1): "ayer", **HOLIDAY}
    assert upcoming(closures, date(2026, 12, 2), 1) == [
        (date(2026, 12, 8), "Inmaculada Concepción")
    ]
    assert [day for day, _ in upcoming(closures, date(2026, 12, 2), 5)] == [
        date(2026, 12, 8),
        date(2026, 12, 25),
    ]


@pytest.mark.parametrize(
    ("lat", "lon", "uri"),
    [
        (
            -12.0553,
            -77.0365,
            "geo:-12.055300,-77.036500?q=-12.055300,-77.036500(Sede%20Alzamora)",
        ),
        (None, None, "geo:0,0?q=Av.%20Abancay%20459%2C%20Cercado%20de%20Lima%2C%20Lima"),
        (-12.0553, None, "geo:0,0?q=Av.%20Abancay%20459%2C%20Cercado%20de%20Lima%2C%20Lima"),
    ],
)
def test_the_map_link_is_a_geo_uri_of_the_point_or_of_the_address(lat, lon, uri):
    assert map_uri(lat, lon, "Sede Alzamora", "Av. Abancay 459, Cercado de Lima, Lima") == uri
