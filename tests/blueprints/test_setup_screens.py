"""The administrator's set-up screens on the demo court: each list whole and as a fragment,
each form's errors, the audit row of every change, and nothing a booking uses deleted."""

import io
from datetime import datetime, time

from models import (
    Appointment,
    AuditEvent,
    Court,
    Dependencia,
    ReceptionHours,
    Sede,
    Service,
    Window,
)
from services import filings
from tests.blueprints.setup_helpers import PROFILE, SEDE, SERVICE, is_setup_fragment, logo_png
from tests.helpers import HX, book, choices, submit_identity

BASE = "/personal/configuracion"
LISTS = [
    "/tribunal",
    "/sedes",
    "/sedes/nueva",
    "/servicios",
    "/servicios/nuevo",
    "/servicios/escritos",
    "/ventanillas",
    "/dependencias",
    "/dependencias/nueva",
    "/primeros-pasos",
]


def actions(action: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.id))


def test_each_screen_is_a_whole_page_or_only_its_block_for_htmx(admin):
    window = Window.select().first()
    dependencia = Dependencia.select().first()
    paths = [
        *LISTS,
        f"/ventanillas/{window.id}",
        f"/ventanillas/nueva/{window.sede_id}",
        f"/dependencias/{dependencia.id}",
    ]
    for path in paths:
        page = admin.get(BASE + path)
        assert page.status_code == 200 and "<html" in page.text, path
        part = admin.get(BASE + path, headers=HX)
        assert is_setup_fragment(part) and "HX-Request" in part.headers["Vary"], path


def test_the_menu_offers_the_set_up_screens_to_administrators(admin):
    menu = admin.get("/personal/").text
    for label in ("Datos del tribunal", "Sedes", "Trámites", "Ventanillas", "Dependencias"):
        assert label in menu


# --- the court's profile ----------------------------------------------------------------


def test_the_profile_shows_what_the_country_decides(admin):
    page = admin.get(BASE + "/tribunal").text
    assert 'value="Corte Superior de Justicia de Lima"' in page
    assert "CUI del DPI" in page and "soles" in page


def test_an_empty_profile_lists_every_error(admin):
    response = admin.post(BASE + "/tribunal", data={"country": "AR", "timezone": "Europe/Madrid"})
    assert response.status_code == 200 and "<title>Error: " in response.text
    for message in (
        "Escriba el nombre del tribunal",
        "Elija Perú o Guatemala",
        "Elija una zona horaria de la lista",
    ):
        assert message in response.text
    part = admin.post(BASE + "/tribunal", data={}, headers=HX)
    assert is_setup_fragment(part) and "Revise lo siguiente" in part.text
    assert Court.current().name == "Corte Superior de Justicia de Lima" and not actions(
        "tribunal_cambiado"
    )


def test_changing_the_profile_is_audited_field_by_field(admin):
    changed = PROFILE | {"country": "GT", "timezone": "America/Guatemala"}
    response = admin.post(BASE + "/tribunal", data=changed)
    assert response.status_code == 303 and response.headers["Location"] == BASE + "/tribunal"
    court = Court.current()
    assert (court.name, court.country, court.timezone) == (
        PROFILE["name"],
        "GT",
        "America/Guatemala",
    )
    (event,) = actions("tribunal_cambiado")
    assert "country: PE → GT" in event.detail and event.actor_label == "admin@corte.pe"
    assert "Cambió el país: cargue los feriados de Guatemala" in admin.get(BASE + "/tribunal").text
    assert "CUI del DPI" in admin.get("/cuenta/registro").text  # documents follow the country
    admin.post(BASE + "/tribunal", data=changed)
    assert len(actions("tribunal_cambiado")) == 1  # saving the same again changes nothing


def test_a_logo_heads_the_ticket_pdf_and_can_be_removed(admin, client, tmp_path):
    upload = {"logo": (io.BytesIO(logo_png()), "escudo.png")}
    response = admin.post(
        BASE + "/tribunal", data=PROFILE | upload, content_type="multipart/form-data"
    )
    assert response.status_code == 303
    stored = Court.current().logo_file
    assert stored.endswith(".png") and (tmp_path / "uploads" / "court" / stored).exists()
    assert "logotipo: nuevo" in actions("tribunal_cambiado")[0].detail
    ticket = book(admin.application.test_client())
    code = ticket.request.path.rsplit("/", 1)[-1]
    pdf = admin.get(f"/citas/ticket/{code}/pdf").data
    assert b"/Subtype /Image" in pdf

    admin.post(BASE + "/tribunal", data=PROFILE | {"drop_logo": "y"})
    assert (
        Court.current().logo_file == "" and not (tmp_path / "uploads" / "court" / stored).exists()
    )
    assert b"/Subtype /Image" not in admin.get(f"/citas/ticket/{code}/pdf").data


LOGO_MISTAKES = [
    (b"MZ\x90\x00 not an image", "El logotipo debe ser una imagen PNG o JPG"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "El logotipo no se puede leer"),
    (b"%PDF-1.4 a pdf", "El logotipo debe ser una imagen PNG o JPG"),
    (logo_png(2100, 2000), "El logotipo tiene demasiados píxeles"),
]


def test_a_logo_is_judged_by_its_content(admin, tmp_path):
    for content, message in LOGO_MISTAKES:
        upload = {"logo": (io.BytesIO(content), "logo.png")}
        response = admin.post(
            BASE + "/tribunal", data=PROFILE | upload, content_type="multipart/form-data"
        )
        assert response.status_code == 200 and message in response.text, message
    assert Court.current().logo_file == "" and not actions("tribunal_cambiado")
    folder = tmp_path / "uploads" / "court"
    assert not folder.exists() or not list(folder.iterdir())


# --- sedes --------------------------------------------------------------------------------


def test_the_sedes_list_links_each_sede_to_its_edit_screen(admin):
    page = admin.get(BASE + "/sedes").text
    for sede in Sede.select():
        assert sede.name in page and f'href="{BASE}/sedes/{sede.id}"' in page


def test_a_new_sede_is_open_and_audited(admin, client):
    response = admin.post(BASE + "/sedes/nueva", data=SEDE)
    assert response.status_code == 303 and response.headers["Location"] == BASE + "/sedes"
    sede = Sede.get(Sede.code == "plaza")
    assert sede.active and sede.court_id == Court.current().id and sede.phone == "(054) 531-010"
    assert actions("sede_creada")[0].subject == "plaza"
    submit_identity(client)
    assert str(sede.id) in choices(client.get("/citas/sede"))


SEDE_MISTAKES = [
    ({"name": ""}, "Escriba el nombre de la sede"),
    ({"code": "Plaza Central"}, "Escriba de 1 a 30 letras minúsculas"),
    ({"code": "alzamora"}, "Ya hay una sede con ese código"),
    ({"phone": "llamar"}, "Escriba solo números"),
    ({"address": "x" * 161}, "Escriba hasta 160 caracteres"),
]


def test_a_new_sede_with_a_mistake_is_not_saved(admin):
    for changes, message in SEDE_MISTAKES:
        response = admin.post(BASE + "/sedes/nueva", data=SEDE | changes)
        assert response.status_code == 200 and message in response.text, changes
        assert "Revise lo siguiente" in response.text and Sede.select().count() == 3


def test_a_new_sede_suggests_the_city_of_the_others(admin):
    assert 'value="Lima"' in admin.get(BASE + "/sedes/nueva").text


# --- services -----------------------------------------------------------------------------


def test_the_services_list_shows_each_code_once_with_its_sedes(admin):
    page = admin.get(BASE + "/servicios").text
    assert page.count(f'href="{BASE}/servicios/escritos"') == 1
    assert "Sede Javier Alzamora Valdez" in page


def test_a_new_service_is_offered_at_the_chosen_sedes(admin):
    alzamora = Sede.get(Sede.code == "alzamora")
    response = admin.post(BASE + "/servicios/nuevo", data=SERVICE | {"sedes": [str(alzamora.id)]})
    assert response.status_code == 303
    (row,) = Service.select().where(Service.code == "copias")
    assert row.sede_id == alzamora.id and row.active and row.what_to_bring.startswith("El número")
    assert actions("servicio_creado")[0].subject == "copias"


SERVICE_MISTAKES = [
    ({"sedes": []}, "Elija al menos una sede"),
    ({"code": "escritos"}, "Ya hay un trámite con ese código"),
    ({"code": "Copias"}, "Escriba de 1 a 30 letras minúsculas"),
    ({"sedes": ["987654"]}, "Elija sedes de la lista"),
    ({"name": ""}, "Escriba el nombre del trámite"),
]


def test_a_new_service_with_a_mistake_is_not_saved(admin):
    for changes, message in SERVICE_MISTAKES:
        data = SERVICE | {"sedes": [str(Sede.select().first().id)]} | changes
        response = admin.post(BASE + "/servicios/nuevo", data=data)
        assert response.status_code == 200 and message in response.text, changes
        assert not Service.select().where(Service.code == "copias").exists()


def test_a_sede_that_stops_offering_a_service_keeps_its_bookings(admin):
    citizen = admin.application.test_client()
    ticket = book(citizen)
    booked = Appointment.get().service
    others = [
        str(s.sede_id)
        for s in Service.select().where(Service.code == booked.code, Service.id != booked.id)
    ]
    data = {"name": booked.name, "description": "Otra", "what_to_bring": "DNI", "sedes": others}
    response = admin.post(f"{BASE}/servicios/{booked.code}", data=data)
    assert response.status_code == 303
    assert not Service.get_by_id(booked.id).active  # kept, not deleted: the booking refers to it
    rows = Service.select().where(Service.code == booked.code)
    assert rows.count() == 3 and {r.description for r in rows} == {"Otra"}
    assert f"sede {booked.sede_id}: no ofrece" in actions("servicio_cambiado")[0].detail
    assert citizen.get(ticket.request.path).status_code == 200
    submit_identity(citizen)
    citizen.post("/citas/sede", data={"choice": str(booked.sede_id)})
    assert str(booked.id) not in choices(citizen.get("/citas/servicio"))


def test_an_unknown_service_code_is_404(admin):
    assert admin.get(BASE + "/servicios/no-existe").status_code == 404


# --- windows ------------------------------------------------------------------------------


def test_the_demo_sedes_have_their_windows_serving_every_service(admin):
    counts = {s.code: s.windows.count() for s in Sede.select()}
    assert counts == {"alzamora": 3, "zavala": 2, "pierola": 2}
    window = Window.select().first()
    assert window.service_ids() == set()  # none listed: all of them
    assert [s.code for s in window.serves()] == ["demandas", "escritos"]
    assert admin.get(BASE + "/ventanillas").text.count("todos los trámites de la sede") == 7


def test_adding_a_window_numbers_it_after_the_last(admin):
    sede = Sede.get(Sede.code == "zavala")
    page = admin.get(f"{BASE}/ventanillas/nueva/{sede.id}")
    assert 'value="3"' in page.text
    escritos = Service.get(Service.sede == sede, Service.code == "escritos")
    data = {"number": "3", "name": "Preferente", "services": [str(escritos.id)], "active": "y"}
    response = admin.post(f"{BASE}/ventanillas/nueva/{sede.id}", data=data)
    assert response.status_code == 303
    window = Window.get(Window.sede == sede, Window.number == 3)
    assert window.label == "Preferente" and [s.code for s in window.serves()] == ["escritos"]
    assert actions("ventanilla_creada")[0].subject == "zavala Preferente"
    assert "Atiende: Escritos" in admin.get(BASE + "/ventanillas").text


WINDOW_MISTAKES = [
    ({"number": "1"}, "Esa sede ya tiene una ventanilla con ese número"),
    ({"number": "0"}, "Escriba un número entero de 1 a 99"),
    ({"number": "٣"}, "Escriba un número entero de 1 a 99"),
    ({"services": ["987654"]}, "Elija trámites de la lista"),
]


def test_a_window_with_a_mistake_is_not_saved(admin):
    sede = Sede.get(Sede.code == "zavala")
    for changes, message in WINDOW_MISTAKES:
        data = {"number": "5"} | changes
        response = admin.post(f"{BASE}/ventanillas/nueva/{sede.id}", data=data)
        assert response.status_code == 200 and message in response.text, changes
        assert sede.windows.count() == 2


def test_a_window_of_another_sede_cannot_serve_this_sedes_services(admin):
    window = Window.select().join(Sede).where(Sede.code == "zavala").first()
    foreign = Service.select().join(Sede).where(Sede.code == "alzamora").first()
    response = admin.post(
        f"{BASE}/ventanillas/{window.id}",
        data={"number": str(window.number), "services": [str(foreign.id)]},
    )
    assert response.status_code == 200 and "Elija trámites de la lista" in response.text


def test_deactivating_a_window_keeps_it_listed(admin):
    window = Window.select().join(Sede).where(Sede.code == "zavala").order_by(Window.number).first()
    response = admin.post(f"{BASE}/ventanillas/{window.id}", data={"number": "1", "services": []})
    assert response.status_code == 303
    window = Window.get_by_id(window.id)
    assert not window.active and window.service_ids() == set()
    assert "active: sí → no" in actions("ventanilla_cambiada")[0].detail
    assert "Desactivada" in admin.get(BASE + "/ventanillas").text


def test_an_unknown_window_or_sede_is_404(admin):
    assert admin.get(f"{BASE}/ventanillas/987654").status_code == 404
    assert admin.get(f"{BASE}/ventanillas/nueva/987654").status_code == 404


# --- dependencias -------------------------------------------------------------------------


def test_a_new_dependencia_with_no_sede_serves_the_whole_court(admin):
    data = {"code": "2jpl", "name": "2.º Juzgado de Paz Letrado de Lima", "sede": "", "active": "y"}
    response = admin.post(BASE + "/dependencias/nueva", data=data)
    assert response.status_code == 303
    row = Dependencia.get(Dependencia.code == "2JPL")
    assert row.sede_id is None and row.active
    assert actions("dependencia_creada")[0].subject == "2JPL"


DEPENDENCIA_MISTAKES = [
    ({"code": "1JCL"}, "Ya hay una dependencia con ese código"),
    ({"code": "1 JCL"}, "Escriba de 1 a 20 letras mayúsculas"),
    ({"sede": "987654"}, "Elija una sede de la lista"),
    ({"name": ""}, "Escriba el nombre de la dependencia"),
]


def test_a_dependencia_with_a_mistake_is_not_saved(admin):
    for changes, message in DEPENDENCIA_MISTAKES:
        data = {"code": "9JCL", "name": "Noveno", "sede": ""} | changes
        response = admin.post(BASE + "/dependencias/nueva", data=data)
        assert response.status_code == 200 and message in response.text, changes
        assert Dependencia.select().count() == 6


def test_a_dependencia_is_deactivated_not_deleted(admin):
    row = Dependencia.get(Dependencia.code == "1JCL")
    data = {"code": "1JCL", "name": row.name, "sede": str(row.sede_id)}
    assert admin.post(f"{BASE}/dependencias/{row.id}", data=data).status_code == 303
    assert not Dependencia.get_by_id(row.id).active
    assert "active: sí → no" in actions("dependencia_cambiada")[0].detail
    assert admin.get(f"{BASE}/dependencias/987654").status_code == 404


def test_reception_hours_are_set_per_weekday_audited_and_move_the_reception(admin):
    row = Dependencia.get(Dependencia.code == "1JCL")
    form = admin.get(f"{BASE}/dependencias/{row.id}").text
    assert (
        "Horario de recepción de escritos" in form
        and "de lunes a viernes, de 08:00 a 16:45" in form
    )
    data = {"code": "1JCL", "name": row.name, "sede": str(row.sede_id), "active": "y"}
    # Monday with a break, Saturday morning; every other day closed.
    hours = {"opens_0": "08:00", "closes_0": "16:00", "break_starts_0": "13:00"}
    wrong = admin.post(f"{BASE}/dependencias/{row.id}", data=data | hours, headers=HX)
    assert is_setup_fragment(wrong) and "Escriba el fin del descanso del lunes" in wrong.text
    backwards = data | {"opens_5": "12:00", "closes_5": "09:00"}
    page = admin.post(f"{BASE}/dependencias/{row.id}", data=backwards).text
    assert "<title>Error: " in page and "La hora de cierre del sábado debe ser posterior" in page
    assert ReceptionHours.of(row) == {} and not actions("dependencia_cambiada")
    hours |= {"break_ends_0": "14:00", "opens_5": "09:00", "closes_5": "12:00"}
    assert admin.post(f"{BASE}/dependencias/{row.id}", data=data | hours).status_code == 303
    assert ReceptionHours.of(row) == {
        0: [(time(8), time(13)), (time(14), time(16))],
        5: [(time(9), time(12))],
    }
    [event] = actions("dependencia_cambiada")
    assert event.detail == (
        "horario: general → lunes: 08:00-13:00 y 14:00-16:00, sábado: 09:00-12:00"
    )
    shown = admin.get(f"{BASE}/dependencias/{row.id}").text
    assert 'value="14:00"' in shown and 'value="09:00"' in shown
    # Wednesday 2 December 2026, 10:00 in Lima: now closed; Saturday 09:00 is 14:00 UTC.
    assert filings.reception_for(row, datetime(2026, 12, 2, 15)) == datetime(2026, 12, 5, 14)
    # Saturday 10:00 is within the new hours: received at once.
    assert filings.reception_for(row, datetime(2026, 12, 5, 15)) == datetime(2026, 12, 5, 15)
    # Every day left empty: the court's default hours again.
    assert admin.post(f"{BASE}/dependencias/{row.id}", data=data).status_code == 303
    assert ReceptionHours.of(row) == {}
    assert filings.reception_for(row, datetime(2026, 12, 2, 15)) == datetime(2026, 12, 2, 15)
