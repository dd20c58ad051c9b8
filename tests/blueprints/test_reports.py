"""The reports' pages, fragments and CSV, with figures checked against hand-counted fixtures
(tests/blueprints/report_helpers.py says what each fixture holds and why)."""

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from domain import slots
from domain.roles import CITIZEN
from models import Appointment, Dependencia, Service
from services import clock
from services.clock import court_now
from services.reports import REPORTS
from tests.blueprints import report_helpers as fixtures
from tests.blueprints.report_helpers import PERIOD
from tests.helpers import HX, book

URL = "/personal/informes"


def table(response) -> list[list[str]]:
    """The report's table as text, header first."""
    soup = BeautifulSoup(response.text, "html.parser")
    return [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in soup.select(".report-table tr")
    ]


def csv_rows(response) -> list[list[str]]:
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_list_names_every_report(admin):
    page = admin.get(URL)
    for report in REPORTS.values():
        assert f'href="{URL}/{report.slug}"' in page.text
        assert report.title in page.text


def test_bookings_per_day_and_sede(admin):
    fixtures.the_week()
    a, b = fixtures.two_sedes()
    rows = table(admin.get(f"{URL}/citas", query_string=PERIOD))
    header, days = rows[0], {row[0]: row[1:] for row in rows[1:]}
    sedes = header[1:-1]
    assert header[0] == "Día" and header[-1] == "Total" and a.name in sedes
    at = {name: i for i, name in enumerate(sedes)}
    assert days["24/11"][at[a.name]] == "2" and days["24/11"][at[b.name]] == "1"
    assert days["24/11"][-1] == "3"
    assert days["25/11"][-1] == "1"  # the cancelled one; the moved one counts on the 26th
    assert days["26/11"][-1] == "1"
    assert days["23/11"][-1] == days["29/11"][-1] == "0"
    assert len(days) == 7


def test_attendance_and_changes_per_sede(admin):
    fixtures.the_week()
    a, b = fixtures.two_sedes()
    attendance = {r[0]: r[1:] for r in table(admin.get(f"{URL}/asistencia", query_string=PERIOD))}
    assert attendance[a.name] == ["2", "1", "0", "33.3"]
    assert attendance[b.name] == ["0", "0", "1", "—"]
    changes = {r[0]: r[1:] for r in table(admin.get(f"{URL}/anulaciones", query_string=PERIOD))}
    assert changes[a.name] == ["5", "1", "1", "40.0"]
    assert changes[b.name] == ["1", "0", "0", "0.0"]


def test_lead_time_counts_days_on_the_courts_calendar(admin):
    fixtures.the_week()
    page = admin.get(f"{URL}/anticipacion", query_string=PERIOD)
    bands = {r[0]: r[1] for r in table(page)[1:]}
    assert bands == {
        "El mismo día": "1",
        "1 día antes": "1",  # booked at 23:00 in Lima, already the next day in UTC
        "2 o 3 días": "2",
        "4 a 7 días": "1",
        "8 a 14 días": "0",
        "15 a 30 días": "1",
        "Más de 30 días": "0",
    }
    assert "Mediana: 3 días" in page.text


def test_booking_and_moving_store_the_lead_time_on_the_courts_calendar(app, db):
    # 23:30 in Lima is already tomorrow in UTC: the lead counts from the court's date.
    clock.set_now(datetime.fromisoformat("2026-12-02T23:30-05:00"))
    book(app.test_client())
    booked = Appointment.get()
    assert booked.lead_days == (booked.day - date(2026, 12, 2)).days
    clock.set_now(datetime.fromisoformat("2026-12-03T05:00-05:00"))
    later = booked.day + timedelta(days=1)
    while not slots.day_slots(booked.sede.rules(later), later):
        later += timedelta(days=1)
    start = slots.day_slots(booked.sede.rules(later), later)[0]
    moved, _ = booked.reschedule(
        later, start, "moved-1", clock.utc_now(), court_now(), by=(CITIZEN,)
    )
    assert moved.lead_days == (later - date(2026, 12, 3)).days


def test_fill_rate_per_hour_of_one_sede(admin):
    fixtures.the_week()
    a, _ = fixtures.two_sedes()
    page = admin.get(f"{URL}/ocupacion", query_string=PERIOD | {"sede": a.id})
    hours = {r[0]: r[1:] for r in table(page)[1:]}
    services = Service.select().where(Service.sede == a, Service.active).count()
    # Monday to Friday open, three 20-minute slots an hour, each with the sede's capacity.
    offered = 5 * 3 * a.capacity_per_slot * services
    assert hours["09:00"][:2] == [str(offered), "2"]  # attended and no-show keep their place
    assert hours["10:00"][1] == "0"  # cancelled and moved gave theirs back
    assert hours["08:00"][1] == "1"
    assert hours["14:00"][1] == "0"  # sede B's appointment is not in sede A's report
    assert hours["09:00"][2] == f"{round(100 * 2 / offered, 1)}"


def test_identity_verifications_and_the_median_time_to_decision(admin):
    fixtures.verifications()
    page = admin.get(f"{URL}/verificaciones", query_string=PERIOD)
    assert table(page)[1:] == [
        ["Pendiente de confirmar", "1"],
        ["Aprobada", "1"],
        ["Rechazada", "1"],
    ]
    assert "Mediana del envío a la decisión: 1 h 0 min." in page.text
    assert "Pendientes hoy, enviadas en cualquier fecha: 2." in page.text
    assert 'id="sede"' not in page.text  # no sede filter where the data has no sede


def test_receipts_used_per_day_on_the_courts_calendar(admin):
    payments = fixtures.receipts()
    page = admin.get(f"{URL}/comprobantes", query_string=PERIOD)
    days = {r[0]: r[1:] for r in table(page)[1:]}
    two = payments[0].amount + payments[1].amount
    assert days["24/11"] == ["2", f"{Decimal(two):.2f}"]
    assert days["25/11"][0] == "0" and days["27/11"][0] == "1"
    assert "3 comprobantes validados" in page.text


def test_the_csv_holds_the_table_and_defuses_formulas(admin, db):
    fixtures.the_week()
    a, _ = fixtures.two_sedes()
    a.name = "=HYPERLINK(1)"
    a.save()
    response = admin.get(f"{URL}/asistencia/csv", query_string=PERIOD)
    rows = csv_rows(response)
    assert rows[0] == ["Sede", "Atendidas", "No asistió", "Sin marcar", "Inasistencia (%)"]
    assert ["'=HYPERLINK(1)", "2", "1", "0", "33.3"] in rows
    assert (
        "attachment; filename=informe-asistencia-2026-11-23-2026-11-29.csv"
        == (response.headers["Content-Disposition"])
    )


def test_the_chart_is_an_accessible_svg_next_to_its_table(admin):
    fixtures.the_week()
    soup = BeautifulSoup(admin.get(f"{URL}/asistencia", query_string=PERIOD).text, "html.parser")
    svg = soup.select_one("figure svg")
    assert svg["role"] == "img"
    title, desc = svg.find("title"), svg.find("desc")
    assert svg["aria-labelledby"] == f"{title['id']} {desc['id']}"
    assert title.get_text() == "Asistencia por sede" and desc.get_text()
    assert soup.select_one("figure + .table-wrap table caption")
    assert not soup.select("script[src*='chart'], link[href^='http']")


def test_the_filter_form_answers_htmx_with_the_report_only(admin):
    fixtures.the_week()
    whole = admin.get(f"{URL}/citas", query_string=PERIOD)
    assert "<html" in whole.text and 'hx-get="/personal/informes/citas"' in whole.text
    fragment = admin.get(f"{URL}/citas", query_string=PERIOD, headers=HX)
    assert fragment.text.split("\n", 1)[1].lstrip().startswith('<section id="report">')
    assert "<html" not in fragment.text and "HX-Request" in fragment.headers["Vary"]
    assert table(fragment) == table(whole)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"desde": "9999-12-31"}, "Escriba una fecha entre"),
        ({"desde": "2026-13-01"}, "Escriba la fecha como año-mes-día"),
        ({"desde": "2024-01-01", "hasta": "2026-01-01"}, "hasta 366 días"),
        ({"desde": "2020-01-01"}, "hasta 366 días"),  # to today: too long as well
        ({"desde": "2026-11-29", "hasta": "2026-11-23"}, "igual o posterior"),
        ({"sede": "99999999999999999999999"}, "Elija una sede de la lista"),
    ],
)
def test_filters_out_of_bounds_are_explained_and_their_csv_is_a_400(admin, query, message):
    page = admin.get(f"{URL}/citas", query_string=query)
    assert page.status_code == 200 and message in page.text
    assert page.text.count("<title>Error: ") == 1 and "report-table" not in page.text
    refused = admin.get(f"{URL}/citas/csv", query_string=query)
    assert refused.status_code == 400 and "La solicitud no es válida" in refused.text


def test_without_filters_the_last_30_days_of_every_sede(admin):
    page = admin.get(f"{URL}/citas")
    assert "Del 03/11/2026 al 02/12/2026 · Todas las sedes" in page.text
    assert len(table(page)) == 31


def test_an_unknown_report_is_not_found(admin):
    assert admin.get(f"{URL}/ventas").status_code == 404
    assert admin.get(f"{URL}/ventas/csv").status_code == 404


def test_a_clerk_reads_the_reports_and_a_verifier_does_not(clerk, verifier):
    assert clerk.get(f"{URL}/citas").status_code == 200
    assert clerk.get(f"{URL}/citas/csv").status_code == 200
    assert verifier.get(f"{URL}/citas").status_code == 403


def test_filings_by_dependencia_and_state_with_the_wait_for_the_first_clerk_action(admin):
    fixtures.filings()
    names = {d.code: d.name for d in Dependencia.select()}
    page = admin.get(f"{URL}/tramites", query_string=PERIOD)
    rows = table(page)
    assert rows[0] == [
        "Dependencia",
        "Pendiente de validación",
        "Observado",
        "Derivado",
        "Atendido",
        "Anulado",
        "Total",
        "Mediana a la 1.ª acción",
    ]
    found = {row[0]: row[1:] for row in rows[1:]}
    assert found[names["1JCL"]] == ["1", "0", "1", "1", "0", "3", "1 h 15 min"]
    assert found[names["3JFL"]] == ["0", "1", "0", "0", "0", "1", "1 día 0 h"]
    assert found[names["1SCL"]] == ["0", "0", "0", "0", "1", "1", "—"]  # the filer's own act
    assert found[names["2JCL"]] == ["0", "0", "0", "0", "0", "0", "—"]
    assert found["Todas"] == ["1", "1", "1", "1", "1", "5", "2 h 0 min"]
    assert '<svg class="chart"' in page.text and "Trámites recibidos por dependencia" in page.text
    # One sede: its dependencias only; 1SCL has no sede.
    sede = Dependencia.get(Dependencia.code == "1JCL").sede
    one = admin.get(f"{URL}/tramites", query_string=PERIOD | {"sede": sede.id}, headers=HX)
    assert "<html" not in one.text
    in_sede = {d.name for d in Dependencia.select().where(Dependencia.sede == sede)}
    found = {row[0]: row[1:] for row in table(one)[1:]}
    assert set(found) == in_sede | {"Todas"} and found["Todas"][5] == "3"
    exported = csv_rows(admin.get(f"{URL}/tramites/csv", query_string=PERIOD))
    assert exported[-1] == ["Todas", "1", "1", "1", "1", "1", "5", "2 h 0 min"]
