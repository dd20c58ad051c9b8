"""The staff home's menu, and the desk's day list: only for signed-in desk staff."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from flask import url_for

from blueprints.staff.menu import MENU
from domain.clock import to_utc
from domain.roles import Role
from models import Appointment, AuditEvent, Court
from services import clock
from tests.helpers import HX, PERSON, book, choices, mails, sign_in
from tests.helpers import staff as make_staff


def at_slot_start(appointment, minutes: int = 0) -> None:
    """Move the app's clock to the appointment's start (the desk marks nothing before it)."""
    starts = to_utc(Court.current().timezone, appointment.day, appointment.starts)
    clock.set_now(starts + timedelta(minutes=minutes))


def desk_url(appointment):
    return f"/personal/citas?sede={appointment.sede_id}&dia={appointment.day.isoformat()}"


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get("/personal/citas")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/cuenta/ingresar?next=")


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client, db):
    make_staff("mesa@corte.pe", "mesa_de_partes")
    for email, password in [("mesa@corte.pe", "wrong"), ("nadie@corte.pe", "wrong")]:
        response = sign_in(client, email, password)
        assert "El correo, el documento o la contraseña no son correctos." in response.text
    assert client.get("/personal/citas").status_code == 302


def test_staff_without_a_desk_role_are_refused(client, db):
    make_staff("verifica@corte.pe", "verificador")
    sign_in(client, "verifica@corte.pe")
    assert client.get("/personal/citas").status_code == 403


def test_sign_in_does_not_follow_a_next_link_to_another_site(client, db):
    make_staff("mesa@corte.pe", "mesa_de_partes")
    response = client.post(
        "/cuenta/ingresar?next=//evil.example/x",
        data={"login": "mesa@corte.pe", "password": "Clave-Segura-2026"},
    )
    assert response.headers["Location"] == "/personal/"


def test_the_desk_lists_the_days_appointments_and_records_the_outcome(app, clerk):
    book(app.test_client())
    appointment = Appointment.get()
    at_slot_start(appointment)
    page = clerk.get(desk_url(appointment))
    assert appointment.code in page.text and "Ana María Quispe Mamani" in page.text
    response = clerk.post(
        f"/personal/citas/{appointment.id}/resultado",
        data={"resultado": "no_asistio", "estado": "activa"},
    )
    assert response.status_code == 303
    assert Appointment.get().status == "no_asistio"
    assert "No asistió" in clerk.get(desk_url(appointment)).text


def test_the_desk_list_refreshes_as_a_fragment(app, clerk):
    book(app.test_client())
    fragment = clerk.get(desk_url(Appointment.get()), headers=HX)
    assert fragment.text.startswith("<title>")
    assert '<section id="appointment-rows"' in fragment.text and "<html" not in fragment.text


def test_an_unknown_outcome_is_refused(app, clerk):
    book(app.test_client())
    response = clerk.post(
        f"/personal/citas/{Appointment.get().id}/resultado", data={"resultado": "borrar"}
    )
    assert response.status_code == 400
    assert Appointment.get().status == "activa"


def test_a_second_outcome_from_the_same_stale_page_changes_nothing(app, clerk):
    book(app.test_client())
    appointment = Appointment.get()
    at_slot_start(appointment)
    url = f"/personal/citas/{appointment.id}/resultado"
    clerk.post(url, data={"resultado": "atendida", "estado": "activa"})
    clerk.post(url, data={"resultado": "no_asistio", "estado": "activa"})  # another clerk
    page = clerk.get(desk_url(appointment)).text
    assert f"La cita {appointment.code} cambió mientras tanto; revise su estado." in page
    assert Appointment.get().status == "atendida"


def test_sign_out_ends_the_session(clerk):
    clerk.post("/cuenta/salir")
    assert clerk.get("/personal/citas").status_code == 302


def test_every_menu_entry_is_for_exactly_the_roles_its_screen_lets_in(app):
    for entry in MENU:
        view = app.view_functions[entry.endpoint]
        assert set(view.required_roles) == set(entry.roles), entry.endpoint


@pytest.mark.parametrize("role", list(Role))
def test_the_home_lists_the_screens_of_ones_roles_in_menu_order(app, client, db, role):
    make_staff("persona@corte.pe", role)
    sign_in(client, "persona@corte.pe")
    links = BeautifulSoup(client.get("/personal/").text, "html.parser").select("ul.menu a")
    with app.test_request_context():
        expected = [(e.label, url_for(e.endpoint)) for e in MENU if role in e.roles]
    assert [(a.text, a["href"]) for a in links] == expected


def mark(clerk, appointment, choice, headers=None):
    status = Appointment.get_by_id(appointment.id).status
    return clerk.post(
        f"/personal/citas/{appointment.id}/resultado",
        data={"resultado": choice, "estado": status},
        headers=headers,
        follow_redirects=True,
    )


def test_the_desk_cannot_mark_an_appointment_hours_before_it_starts(app, clerk):
    book(app.test_client())
    appointment = Appointment.get()
    at_slot_start(appointment, -3 * 60)
    page = mark(clerk, appointment, "no_asistio")
    assert "Todavía no es" in page.text and "podrá marcarla" in page.text
    assert Appointment.get().status == "activa"
    at_slot_start(appointment, -15)  # the sede's margin (15 minutes unless set otherwise)
    mark(clerk, appointment, "atendida")
    assert Appointment.get().status == "atendida"


@pytest.mark.parametrize("headers", [None, HX], ids=["no-js", "htmx"])
def test_the_clerk_corrects_and_undoes_an_outcome_the_same_day(app, clerk, headers):
    book(app.test_client())
    appointment = Appointment.get()
    at_slot_start(appointment, 10)
    mark(clerk, appointment, "no_asistio", headers)
    page = clerk.get(desk_url(appointment)).text
    assert "Cambiar a «Atendida»" in page and "Deshacer" in page
    mark(clerk, appointment, "atendida", headers)
    assert Appointment.get().status == "atendida"
    page = mark(clerk, appointment, "deshacer", headers)
    assert Appointment.get().status == "activa"
    if headers is None:
        assert f"Cita {appointment.code}: activa." in page.text
    actions = [e.action for e in AuditEvent.select().where(AuditEvent.subject == appointment.code)]
    assert actions == ["cita_no_asistio", "cita_atendida", "cita_resultado_deshecho"]


def test_the_citizen_reads_the_outcome_in_plain_spanish(app, clerk):
    citizen = app.test_client()
    ticket = book(citizen)
    appointment = Appointment.get()
    at_slot_start(appointment)
    mark(clerk, appointment, "no_asistio")
    page = citizen.get(f"/citas/ticket/{appointment.code}").text
    assert "Usted no asistió a esta cita." in page and "está no asistió" not in page
    assert ticket.status_code == 200


def test_the_desk_finds_an_appointment_by_its_scanned_code_or_the_document(app, clerk):
    book(app.test_client())
    book(app.test_client(), PERSON | {"doc_number": "22222222", "email": "b@example.pe"})
    ana, other = Appointment.select().order_by(Appointment.id)
    scanned = ana.code.lower().replace("-", "")  # a scanner or a hurried clerk
    page = clerk.get(desk_url(ana) + f"&buscar={scanned}").text
    assert ana.code in page and other.code not in page
    page = clerk.get(desk_url(ana) + "&buscar=22222222").text
    assert other.code in page and ana.code not in page
    fragment = clerk.get(desk_url(ana) + "&buscar=22222222", headers=HX).text
    assert other.code in fragment and "buscar=22222222" in fragment  # the polling keeps it
    page = clerk.get(desk_url(ana) + "&buscar=99999999").text
    assert "No hay citas con ese código o documento" in page


def test_the_desk_list_shows_a_moved_appointment_and_where_it_went(app, clerk, tmp_path):
    citizen = app.test_client()
    book(citizen, day_index=1)
    old = Appointment.get()
    body = mails(tmp_path)[-1].get_body(("plain",)).get_content()
    manage = re.search(r"http://localhost(/citas/gestion/\S+)", body).group(1)
    url = manage + "/reprogramar"
    times_page = citizen.get(url, query_string={"dia": old.day.isoformat()})
    times = [t for t in choices(times_page) if ":" in t]  # the day radios come first
    new_time = next(t for t in times if t != old.starts.strftime("%H:%M"))
    key = re.search(r'name="request_key" value="([^"]+)"', times_page.text).group(1)
    moved = citizen.post(
        f"{url}?dia={old.day.isoformat()}", data={"choice": new_time, "request_key": key}
    )
    assert moved.status_code == 303, moved.text
    new = Appointment.get(Appointment.rescheduled_from == old.id)
    page = BeautifulSoup(clerk.get(desk_url(old)).text, "html.parser")
    row = next(li for li in page.select("ol.desk li") if old.code in li.text)
    assert "Reprogramada" in row.text and new.code in row.text
    assert row.select_one("form") is None  # nothing to mark on a moved ticket


def test_a_code_scanned_on_another_day_says_which_day_and_sede(app, clerk):
    book(app.test_client(), day_index=1)
    appointment = Appointment.get()
    other_day = appointment.day - timedelta(days=1)
    url = f"/personal/citas?sede={appointment.sede_id}&dia={other_day.isoformat()}"
    page = clerk.get(url + f"&buscar={appointment.code}").text
    assert "es de otro día o de otra sede" in page
    assert f"dia={appointment.day.isoformat()}" in page and "Ver esa cita" in page
