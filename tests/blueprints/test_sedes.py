"""The sede edit screen: its data, hours with a break, numbers; changes that would break booked
appointments are previewed, confirmed, and cancel them with an e-mail; capacity is refused."""

import re

from db import database
from domain.states import AppointmentStatus
from models import Appointment, OpeningHours, Sede, Slot
from services.sede_changes import settings_of
from tests.blueprints.sede_helpers import actions, booked, edit_url, form_values, sede_named
from tests.helpers import HX, PERSON, book, mails, make_app, sign_in, staff

ZAVALA = 0  # the booking walk lists sedes by name: Carlos Zavala, Javier Alzamora, Piérola
ALZAMORA = 1


def test_the_page_shows_the_sede_with_its_hours_and_break_and_its_fragment_is_the_section(admin):
    sede = sede_named("alzamora")
    page = admin.get(edit_url(sede))
    assert page.status_code == 200 and "<html" in page.text
    values = form_values(page.text)
    assert values["name"] == "Sede Javier Alzamora Valdez" and values["capacity_per_slot"] == "2"
    assert (values["opens_0"], values["break_starts_0"], values["break_ends_0"]) == (
        "08:00",
        "13:00",
        "14:00",
    )
    assert values["closes_4"] == "16:40" and values["opens_6"] == ""  # Sunday: closed
    fragment = admin.get(edit_url(sede), headers=HX)
    body = re.sub(r"^<title>.*?</title>\s*", "", fragment.text, flags=re.S)
    assert "<html" not in fragment.text and body.startswith('<section id="sedes">')
    assert "HX-Request" in fragment.headers["Vary"]


def test_an_unknown_sede_is_a_404(admin):
    assert admin.get("/personal/configuracion/sedes/98765").status_code == 404


def test_a_change_without_bookings_is_saved_and_audited_at_once(admin, db):
    sede = sede_named("pierola")
    values = form_values(admin.get(edit_url(sede)).text)
    changes = {
        "restrict_vulnerable": "y",
        "phone": "(01) 555-0000",
        "break_starts_5": "",
        "opens_5": "09:00",
        "closes_5": "12:00",
    }
    response = admin.post(edit_url(sede), data=values | changes, headers=HX)
    assert response.status_code == 303
    settings = settings_of(Sede.get_by_id(sede.id))
    assert settings.phone == "(01) 555-0000" and settings.restrict_vulnerable
    assert [(o.hour, c.hour) for o, c in settings.week[5]] == [(9, 12)]  # Saturday mornings
    event = actions("sede_cambiada")[-1]
    assert "phone" in event.detail and "week" in event.detail
    assert "30 segundos" not in admin.get(edit_url(sede)).text  # tests keep nothing cached


def test_wrong_hours_and_numbers_are_listed_in_the_summary_and_under_each_field(admin, db):
    sede = sede_named("pierola")
    values = form_values(admin.get(edit_url(sede)).text)
    wrong = {
        "break_starts_0": "07:00",  # before opening
        "closes_1": "07:00",  # before opening
        "opens_2": "",  # closing without opening
        "slot_minutes": "30",  # 14:00-16:40 leaves 10 minutes
        "capacity_per_slot": "0",
        "same_day_cutoff": "mediodía",
    }
    response = admin.post(edit_url(sede), data=values | wrong)
    assert response.status_code == 200 and "<title>Error: " in response.text
    for message in (
        "El descanso del lunes debe empezar después de la apertura",
        "La hora de cierre del martes debe ser posterior a la de apertura",
        "Escriba la hora de apertura del miércoles",
        "sobran 10 minutos",
        "Escriba un número entero de 1 a 500",
        "Escriba la hora como 08:00",
    ):
        assert message in response.text, message
    assert 'href="#break_starts_0"' in response.text  # the summary links to the field
    assert settings_of(Sede.get_by_id(sede.id)) == settings_of(sede)  # nothing saved


def test_an_active_sede_needs_an_open_day(admin, db):
    sede = sede_named("pierola")
    values = form_values(admin.get(edit_url(sede)).text)
    closed = {
        f"{part}_{day}": ""
        for day in range(7)
        for part in ("opens", "closes", "break_starts", "break_ends")
    }
    response = admin.post(edit_url(sede), data=values | closed)
    assert "Una sede activa necesita al menos un día con horario" in response.text


def _close_the_day_of(appointment) -> dict:
    """Form changes that leave the appointment's weekday closed."""
    day = appointment.day.weekday()
    return {f"{part}_{day}": "" for part in ("opens", "closes", "break_starts", "break_ends")}


def test_shorter_hours_list_the_booked_appointment_then_cancel_it_with_a_mail(app, admin, tmp_path):
    book(app.test_client(), sede_index=ZAVALA)
    appointment = booked()
    sede = appointment.sede
    values = form_values(admin.get(edit_url(sede)).text)
    changes = _close_the_day_of(appointment)

    preview = admin.post(edit_url(sede), data=values | changes, headers=HX)
    assert preview.status_code == 200 and "hay que anular 1 cita" in preview.text
    assert "Ana Q. M." in preview.text and "••••8901" in preview.text
    assert PERSON["surnames"] not in preview.text and appointment.code not in preview.text
    assert (
        OpeningHours.select()
        .where(OpeningHours.sede == sede, OpeningHours.weekday == appointment.day.weekday())
        .exists()
    )  # nothing changed yet
    assert booked().status == AppointmentStatus.ACTIVA

    confirmation = form_values(preview.text, edit_url(sede))
    assert confirmation["seen"] and confirmation["name"] == sede.name
    done = admin.post(edit_url(sede), data=confirmation)
    assert done.status_code == 303
    cancelled = booked(appointment.code)
    assert cancelled.status == AppointmentStatus.ANULADA
    assert Slot.get_by_id(cancelled.slot_id).booked == 0
    assert not settings_of(Sede.get_by_id(sede.id)).week.get(appointment.day.weekday())
    mail = mails(tmp_path)[-1]
    assert mail["To"] == PERSON["email"] and appointment.code in mail["Subject"]
    body = mail.get_body(("plain",)).get_content()
    assert "La sede cambió su horario" in body and "http://localhost/citas/" in body
    assert any(
        part.get_filename() == f"cita-{appointment.code}.ics" for part in mail.iter_attachments()
    )
    assert [e.subject for e in actions("cita_anulada_por_la_sede")] == [appointment.code]
    assert "1 citas anuladas" in actions("sede_cambiada")[-1].detail
    ticket = app.test_client().get(f"/citas/ticket/{appointment.code}")
    assert "anulada" in ticket.text.lower()


def test_a_confirmation_for_another_list_shows_the_new_list_and_cancels_nothing(app, admin):
    book(app.test_client(), sede_index=ZAVALA)
    appointment = booked()
    values = form_values(admin.get(edit_url(appointment.sede)).text)
    stale = values | _close_the_day_of(appointment) | {"seen": "0123456789abcdef0123"}
    response = admin.post(edit_url(appointment.sede), data=stale)
    assert response.status_code == 200 and "La lista de citas afectadas cambió" in response.text
    assert booked().status == AppointmentStatus.ACTIVA


def test_capacity_below_what_a_slot_holds_is_refused_naming_the_slot(app, admin):
    for number, mail in (("45678901", "ana@example.pe"), ("40123456", "jose@example.pe")):
        book(app.test_client(), PERSON | {"doc_number": number, "email": mail}, sede_index=ALZAMORA)
    sede = sede_named("alzamora")
    assert Slot.select().where(Slot.booked == 2).count() == 1
    values = form_values(admin.get(edit_url(sede)).text)
    response = admin.post(edit_url(sede), data=values | {"capacity_per_slot": "1"})
    assert response.status_code == 200
    assert "La capacidad no puede bajar de lo ya reservado" in response.text
    assert "(2 reservas)" in response.text
    assert Sede.get_by_id(sede.id).capacity_per_slot == 2


def test_a_later_slot_length_keeps_appointments_that_still_fit_the_hours(app, admin):
    book(app.test_client(), sede_index=ZAVALA)
    appointment = booked()
    values = form_values(admin.get(edit_url(appointment.sede)).text)
    response = admin.post(edit_url(appointment.sede), data=values | {"slot_minutes": "10"})
    assert response.status_code == 303  # 20-minute bookings still lie inside the hours
    assert booked().status == AppointmentStatus.ACTIVA


def test_a_booking_made_between_preview_and_confirmation_is_shown_before_anything_changes(
    app, admin
):
    book(app.test_client(), sede_index=ZAVALA)
    first = booked()
    values = form_values(admin.get(edit_url(first.sede)).text)
    preview = admin.post(edit_url(first.sede), data=values | _close_the_day_of(first))
    assert "hay que anular 1 cita" in preview.text
    other = PERSON | {"doc_number": "40123456", "email": "jose@example.pe", "names": "José"}
    book(app.test_client(), other, sede_index=ZAVALA, time_index=1)
    second = Appointment.get(Appointment.doc_number == "40123456")
    assert second.day == first.day  # the same closed day: the change now breaks two

    again = admin.post(edit_url(first.sede), data=form_values(preview.text, edit_url(first.sede)))
    assert (
        "La lista de citas afectadas cambió" in again.text
        and "hay que anular 2 citas" in again.text
    )
    assert {a.status for a in Appointment.select()} == {AppointmentStatus.ACTIVA}
    done = admin.post(edit_url(first.sede), data=form_values(again.text, edit_url(first.sede)))
    assert done.status_code == 303
    assert {a.status for a in Appointment.select()} == {AppointmentStatus.ANULADA}


def test_the_worker_that_saves_forgets_its_cached_set_up_and_says_when_the_others_follow(
    database_url, tmp_path
):
    app = make_app(database_url, tmp_path, SETUP_CACHE_SECONDS=30)
    admin = app.test_client()
    staff("admin@corte.pe", "administrador")
    sign_in(admin, "admin@corte.pe")
    sede = sede_named("zavala")
    assert sede.name in admin.get("/").text  # now kept by this worker for 30 s
    values = form_values(admin.get(edit_url(sede)).text)
    saved = admin.post(
        edit_url(sede), data=values | {"name": "Sede Zavala (nueva)"}, follow_redirects=True
    )
    assert "en 30 segundos como máximo" in saved.text
    assert "Sede Zavala (nueva)" in admin.get("/").text
    database.close()


def test_a_confirmation_sent_twice_cancels_once_and_mails_once(app, admin, tmp_path):
    book(app.test_client(), sede_index=ZAVALA)
    appointment = booked()
    values = form_values(admin.get(edit_url(appointment.sede)).text)
    preview = admin.post(edit_url(appointment.sede), data=values | _close_the_day_of(appointment))
    confirmation = form_values(preview.text, edit_url(appointment.sede))
    assert admin.post(edit_url(appointment.sede), data=confirmation).status_code == 303
    assert admin.post(edit_url(appointment.sede), data=confirmation).status_code == 303
    assert len(actions("cita_anulada_por_la_sede")) == 1 and len(actions("sede_cambiada")) == 1
    assert len([m for m in mails(tmp_path) if "reserve otra" in m["Subject"]]) == 1


def test_a_form_sent_back_unchanged_changes_nothing_and_says_so(admin, db):
    sede = sede_named("zavala")
    values = form_values(admin.get(edit_url(sede)).text)
    response = admin.post(edit_url(sede), data=values, follow_redirects=True)
    assert "La sede no cambió." in response.text and not actions("sede_cambiada")
