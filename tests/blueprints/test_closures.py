"""The closures screen: a year's list, national holidays loaded as a use case, court-declared
closures (one sede or all, part of a day) that cancel booked appointments after a preview, and
deleting a closure after confirming."""

import re
from datetime import date, time, timedelta

from domain.slots import ClosureKind
from domain.states import AppointmentStatus
from models import Closure, Court, Sede, Service
from services import appointments
from services.clock import court_now, utc_now
from tests.blueprints.sede_helpers import actions, booked, day_index, form_values, sede_named
from tests.helpers import HX, book, mails

LIST = "/personal/configuracion/cierres"
NEW = "/personal/configuracion/cierres/nuevo"
HOLIDAYS = "/personal/configuracion/cierres/feriados"


def _a_weekday_ahead() -> date:
    """A weekday within every sede's horizon that is no holiday, whatever day the suite runs."""
    day = court_now().date() + timedelta(days=3)
    closed = {c.day for c in Closure.select()}
    while day.weekday() >= 5 or day in closed:
        day += timedelta(days=1)
    return day


def test_the_list_shows_the_years_holidays_and_its_fragment_is_the_section(admin):
    year = Court.current().local_time(utc_now()).year
    page = admin.get(f"{LIST}?anio={year}")
    assert page.status_code == 200 and "<html" in page.text
    assert f"Cierres y feriados {year}" in page.text and "Feriado nacional" in page.text
    fragment = admin.get(f"{LIST}?anio={year + 1}", headers=HX)
    body = re.sub(r"^<title>.*?</title>\s*", "", fragment.text, flags=re.S)
    assert body.startswith('<section id="sedes">') and "HX-Request" in fragment.headers["Vary"]
    assert f"Cierres y feriados {year + 1}" in fragment.text


def test_a_year_out_of_range_shows_this_year(admin):
    year = court_now().year
    for asked in ("99999999999999999999", "1492", "abc"):
        assert f"Cierres y feriados {year}" in admin.get(f"{LIST}?anio={asked}").text


def test_national_holidays_of_a_year_are_loaded_once_in_spanish_and_audited(admin, db):
    response = admin.post(HOLIDAYS, data={"year": "2031"}, follow_redirects=True)
    assert "Cargamos 1" in response.text or re.search(r"Cargamos \d+ feriados", response.text)
    days = {c.day: c.reason for c in Closure.select().where(Closure.day.year == 2031)}
    assert days[date(2031, 7, 28)] and days[date(2031, 1, 1)] == "Año Nuevo"
    assert actions("feriados_cargados")[-1].subject == "2031"
    again = admin.post(HOLIDAYS, data={"year": "2031"}, follow_redirects=True)
    assert "ya estaban cargados" in again.text
    assert Closure.select().where(Closure.day.year == 2031).count() == len(days)


def test_a_wrong_year_is_refused_next_to_the_field(admin):
    response = admin.post(HOLIDAYS, data={"year": "3000"})
    assert response.status_code == 200 and "Escriba un año de 2000 a 2100" in response.text


def test_a_half_day_closure_hides_the_afternoon_slots_of_that_sede_only(admin, db):
    day = _a_weekday_ahead()
    sede, other = sede_named("zavala"), sede_named("pierola")
    data = {
        "day": day.isoformat(),
        "sede": str(sede.id),
        "closed_from": "13:00",
        "reason": "Mantenimiento",
    }
    assert admin.post(NEW, data=data).status_code == 303
    escritos = Service.get(Service.sede == sede, Service.code == "escritos")
    times = appointments.free_times(escritos, day, now=utc_now())
    assert times and max(times) < time(13, 0)
    elsewhere = Service.get(Service.sede == other, Service.code == "escritos")
    assert max(appointments.free_times(elsewhere, day, now=utc_now())) >= time(14, 0)
    page = admin.get(f"{LIST}?anio={day.year}").text
    assert "Desde las 13:00" in page and "Mantenimiento" in page
    assert "cierre_declarado" in {e.action for e in actions("cierre_declarado")}


def test_until_before_from_is_refused(admin):
    data = {
        "day": "2027-03-03",
        "sede": "todas",
        "closed_from": "13:00",
        "closed_until": "09:00",
        "reason": "x",
    }
    response = admin.post(NEW, data=data)
    assert response.status_code == 200 and "debe ser posterior a la hora «desde»" in response.text
    assert not Closure.select().where(Closure.day == date(2027, 3, 3)).exists()


def test_closing_a_booked_day_lists_it_and_on_confirmation_cancels_it_with_a_mail(
    app, admin, tmp_path
):
    book(app.test_client())
    appointment = booked()
    data = {"day": appointment.day.isoformat(), "sede": "todas", "reason": "Paro nacional"}
    preview = admin.post(NEW, data=data)
    assert "hay que anular 1 cita" in preview.text and "Ana Q. M." in preview.text
    assert not Closure.select().where(Closure.reason == "Paro nacional").exists()
    confirmation = form_values(preview.text, NEW)
    assert confirmation["reason"] == "Paro nacional" and confirmation["seen"]
    assert admin.post(NEW, data=confirmation).status_code == 303
    assert booked().status == AppointmentStatus.ANULADA
    assert Closure.get(Closure.reason == "Paro nacional").sede is None
    body = mails(tmp_path)[-1].get_body(("plain",)).get_content()
    assert "Paro nacional" in body and "http://localhost/citas/" in body
    assert actions("cita_anulada_por_la_sede")[-1].subject == appointment.code


def test_a_closure_before_an_appointment_keeps_it(app, admin):
    book(app.test_client())
    appointment = booked()
    before = (appointment.starts.hour, appointment.starts.minute)
    data = {
        "day": appointment.day.isoformat(),
        "sede": str(appointment.sede_id),
        "closed_until": f"{before[0]:02d}:{before[1]:02d}",
        "reason": "Inventario",
    }
    assert admin.post(NEW, data=data).status_code == 303  # ends when the appointment starts
    assert booked().status == AppointmentStatus.ACTIVA


def test_deleting_a_closure_asks_first_then_deletes_and_audits(admin, db):
    closure = Closure.create(day=date(2027, 5, 5), reason="Fumigación", sede=sede_named("zavala"))
    url = f"{LIST}/{closure.id}/borrar"
    ask = admin.get(url)
    assert "¿Borrar el cierre del" in ask.text and "Fumigación" in ask.text
    assert Closure.get_or_none(Closure.id == closure.id)
    assert admin.post(url).status_code == 303
    assert Closure.get_or_none(Closure.id == closure.id) is None
    assert "Fumigación" in actions("cierre_borrado")[-1].detail
    assert admin.post(url).status_code == 404  # a second click finds nothing


def test_the_command_loads_a_years_holidays_through_the_same_use_case(app, db):
    result = app.test_cli_runner().invoke(args=["load-holidays", "2033"])
    assert result.exit_code == 0 and "Feriados nuevos:" in result.output
    assert Closure.select().where(Closure.day == date(2033, 7, 28)).exists()
    assert actions("feriados_cargados")[-1].subject == "2033"


def test_holidays_that_fall_on_booked_days_are_previewed_and_cancel_them(app, admin, tmp_path):
    today = court_now().date()
    Sede.update(horizon_days=365).execute()  # any next holiday is bookable, whatever the date
    holiday = (
        Closure.select()
        .where(Closure.kind == ClosureKind.FERIADO, Closure.day > today + timedelta(days=1))
        .order_by(Closure.day)
    )
    holiday = next(c for c in holiday if c.day.weekday() < 5)
    holiday.delete_instance()
    citizen = app.test_client()
    book(citizen, day_index=day_index(citizen, holiday.day))
    assert booked().day == holiday.day

    data = {"year": str(holiday.day.year)}
    preview = admin.post(HOLIDAYS, data=data)
    assert "hay que anular 1 cita" in preview.text
    assert not Closure.select().where(Closure.day == holiday.day).exists()
    done = admin.post(HOLIDAYS, data=form_values(preview.text, HOLIDAYS), follow_redirects=True)
    assert "Cargamos 1 feriados" in done.text and "Anulamos 1 citas" in done.text
    assert booked().status == AppointmentStatus.ANULADA
    body = mails(tmp_path)[-1].get_body(("plain",)).get_content()
    assert f"Feriado nacional: {Closure.get(Closure.day == holiday.day).reason}" in body


def test_a_closure_confirmed_twice_is_declared_once(app, admin):
    book(app.test_client())
    appointment = booked()
    data = {"day": appointment.day.isoformat(), "sede": "todas", "reason": "Paro nacional"}
    confirmation = form_values(admin.post(NEW, data=data).text, NEW)
    assert admin.post(NEW, data=confirmation).status_code == 303
    assert admin.post(NEW, data=confirmation).status_code == 303
    assert Closure.select().where(Closure.reason == "Paro nacional").count() == 1
    assert len(actions("cierre_declarado")) == len(actions("cita_anulada_por_la_sede")) == 1
