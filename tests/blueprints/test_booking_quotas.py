"""Booking quotas: one client, one e-mail or one document cannot book out a sede.

Before them one session booked 207 appointments in 29 s and sent 206 tickets to one address.
Each test lowers one quota (as an administrator would) and leaves the others out of reach."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from domain.quotas import HIGHEST, QUOTAS
from models import Appointment, Setting
from services import clock
from tests.helpers import HX, PERSON, book, choices, human_answer, mails, request_key

pytestmark = pytest.mark.usefixtures("still_clock", "db")


def only_quota(name: str, limit: int) -> None:
    for quota in QUOTAS:
        Setting.write(quota.name, str(limit if quota.name == name else HIGHEST))


def person(n: int, **changes) -> dict:
    return PERSON | {"doc_number": f"4000000{n}", "email": f"p{n}@example.pe"} | changes


def send_identity(client, who: dict, headers=None):
    page = client.get("/citas/datos")
    return client.post("/citas/datos", data=who | human_answer(page.text), headers=headers)


@pytest.mark.parametrize(
    ("quota", "second", "message", "next_to"),
    [
        (
            "quota_document_hour",
            lambda app, client: (client, person(2, doc_number=PERSON["doc_number"])),
            "Con este documento ya se reservaron 1 cita.",
            "doc_number",
        ),
        (
            "quota_email_hour",
            lambda app, client: (client, person(2, email=PERSON["email"])),
            "Ya enviamos 1 ticket a este correo.",
            "email",
        ),
        (
            "quota_session_hour",
            lambda app, client: (client, person(2)),
            "Desde este navegador ya se reservaron 1 cita.",
            None,
        ),
        (
            "quota_address_hour",
            lambda app, client: (app.test_client(), person(2)),  # a new session, same address
            "Desde esta conexión ya se reservaron muchas citas.",
            None,
        ),
    ],
    ids=["document", "email", "session", "address"],
)
def test_each_quota_refuses_the_next_booking_on_the_identity_step(
    app, client, tmp_path, quota, second, message, next_to
):
    only_quota(quota, 1)
    book(client, person(1, doc_number=PERSON["doc_number"], email=PERSON["email"]))
    other, who = second(app, client)
    response = send_identity(other, who)
    assert response.status_code == 200 and "<title>Error: " in response.text
    assert message in response.text
    assert re.search(r"Podrá reservar otra cita desde (mañana a )?las \d\d:00\.", response.text)
    if next_to:  # next to the field it is about, and linked from the summary
        assert f'<a href="#{next_to}">{message}' in response.text
        assert f'id="{next_to}-error">{message}' in response.text
    assert f'value="{who["doc_number"]}"' in response.text  # nothing typed is lost
    assert f'value="{who["email"]}"' in response.text
    assert Appointment.select().count() == 1 and len(mails(tmp_path)) == 1


def test_a_quota_reached_between_the_identity_step_and_the_confirmation_is_refused_there(
    app, client, tmp_path
):
    """Two drafts for one document both pass the identity step; the quota is counted when a
    booking is made, so the second confirmation is refused and its draft is kept."""
    only_quota("quota_document_day", 1)
    other = app.test_client()
    for browser in (client, other):
        send_identity(browser, PERSON)
        for step in ("/citas/sede", "/citas/servicio", "/citas/dia", "/citas/hora"):
            options = choices(browser.get(step))
            later = step == "/citas/dia" and browser is other  # same service, another day
            browser.post(step, data={"choice": options[1 if later else 0]})
    first = client.post(
        "/citas/revisar", data={"request_key": request_key(client.get("/citas/revisar"))}
    )
    assert first.status_code == 303
    key = request_key(other.get("/citas/revisar"))
    response = other.post("/citas/revisar", data={"request_key": key})
    assert response.status_code == 200
    assert "Con este documento ya se reservaron 1 cita." in response.text
    assert re.search(r"Podrá reservar otra cita desde (mañana a )?las 19:00\.", response.text)
    assert "Elegir otra hora" not in response.text
    assert "Quispe Mamani" in other.get("/citas/revisar").text  # the draft is still there
    assert Appointment.select().count() == 1 and len(mails(tmp_path)) == 1


def test_the_refusal_comes_back_in_the_htmx_fragment(client):
    only_quota("quota_session_day", 1)
    book(client)
    response = send_identity(client, person(2), headers=HX)
    assert response.status_code == 200 and "<html" not in response.text
    assert "Desde este navegador ya se reservaron 1 cita." in response.text


def test_a_quota_opens_again_when_its_window_ends(client, court_clock):
    only_quota("quota_session_hour", 1)
    book(client)
    assert send_identity(client, person(2)).status_code == 200
    court_clock.advance(timedelta(hours=1))
    assert send_identity(client, person(2)).headers["Location"] == "/citas/sede"


def test_a_family_books_a_few_appointments_with_the_defaults(app, tmp_path):
    """One browser, one e-mail, four people: within every default quota."""
    family = app.test_client()
    for n in range(4):
        response = book(family, person(n, email="familia@example.pe"))
        assert "Ticket de cita" in response.text
    assert Appointment.select().count() == 4


def test_with_the_defaults_one_bot_session_is_stopped_after_a_few(client):
    """The bot of issue #12: one session, random documents, one e-mail."""
    booked, refused = 0, 0
    for n in range(10):
        if send_identity(client, person(n, email="bot@example.pe")).status_code == 200:
            refused += 1
            continue
        response = book(client, person(n, email="bot@example.pe"))
        booked += "Ticket de cita" in response.text
    assert (booked, refused) == (4, 6) and Appointment.select().count() == 4


def test_attempts_that_book_nothing_are_not_counted(client):
    """A second appointment for the same service and day is refused by the court's rules; that
    refusal does not use up the document's quota (2 an hour by default)."""
    book(client)
    refused = book(client, time_index=1)
    assert "Ya tiene una cita activa" in refused.text
    assert "Ticket de cita" in book(client, service_index=1).text
    assert Appointment.select().count() == 2


@pytest.mark.parametrize("headers", [None, HX], ids=["no-js", "htmx"])
def test_a_reschedule_is_counted_like_a_booking_and_refused_on_its_page(client, tmp_path, headers):
    """Each move mails a new ticket to the same address: without a count one bot could mail
    one address endlessly by moving one appointment back and forth."""
    only_quota("quota_email_hour", 1)
    book(client, day_index=1)
    body = mails(tmp_path)[-1].get_body(("plain",)).get_content()
    url = re.search(r"http://localhost(/citas/gestion/\S+)", body).group(1) + "/reprogramar"
    day = re.findall(r'name="dia" value="([^"]+)"', client.get(url).text)[1]
    page = client.get(url, query_string={"dia": day})
    form = {"choice": choices(page)[-1], "request_key": request_key(page)}
    response = client.post(f"{url}?dia={day}", data=form, headers=headers)
    assert response.status_code == 200
    assert ("<html" in response.text) is (headers is None)
    assert 'class="error-summary"' in response.text
    assert "Ya enviamos 1 ticket a este correo." in response.text
    assert re.search(r"Podrá reservar otra cita desde (mañana a )?las \d\d:00\.", response.text)
    assert Appointment.select().count() == 1 and Appointment.get().is_active
    assert len(mails(tmp_path)) == 1


def test_in_the_first_hour_of_a_utc_day_a_booking_counts_once_per_quota(client):
    """At 00:30 UTC (19:30 in Lima) an hour's window and a day's start at the same second: each
    quota keeps its own count, so the second booking of the same document is still allowed."""
    clock.set_now(datetime(2026, 12, 3, 0, 30, tzinfo=UTC), frozen=True)
    only_quota("quota_document_hour", 2)
    Setting.write("quota_document_day", "2")
    assert "Ticket de cita" in book(client).text
    assert "Ticket de cita" in book(client, service_index=1).text
    assert send_identity(client, person(3, doc_number=PERSON["doc_number"])).status_code == 200
