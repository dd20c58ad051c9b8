"""The staff home's menu, and the desk's day list: only for signed-in desk staff."""

import pytest
from bs4 import BeautifulSoup
from flask import url_for

from blueprints.staff.menu import MENU
from domain.roles import Role
from models import Appointment
from tests.helpers import HX, book, sign_in
from tests.helpers import staff as make_staff


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
    page = clerk.get(desk_url(appointment))
    assert appointment.code in page.text and "Ana María Quispe Mamani" in page.text
    response = clerk.post(
        f"/personal/citas/{appointment.id}/resultado", data={"resultado": "no_asistio"}
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


def test_a_second_outcome_for_the_same_appointment_changes_nothing(app, clerk):
    book(app.test_client())
    appointment = Appointment.get()
    url = f"/personal/citas/{appointment.id}/resultado"
    clerk.post(url, data={"resultado": "atendida"})
    clerk.post(url, data={"resultado": "no_asistio"})
    page = clerk.get(desk_url(appointment)).text
    assert f"La cita {appointment.code} ya no estaba activa; no se cambió." in page
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
