"""The administrator's other screens: the password policy and the audit log."""

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from blueprints.staff.admin.views import PAGE_SIZE
from domain.passwords import POLICIES
from domain.quotas import QUOTAS
from models import AuditEvent, Sede, Setting
from services.clock import utc_now
from tests.blueprints.admin_helpers import NEW_PERSON, events
from tests.helpers import HX, PERSON, book, human_answer

# --- password policy --------------------------------------------------------------------


def test_the_policy_page_describes_both_policies_and_marks_the_current_one(admin):
    page = admin.get("/personal/configuracion").text
    for description in POLICIES.values():
        assert description in page
    assert re.search(r'value="asvs" checked', page)  # ASVS's is the default


def test_switching_the_policy_is_saved_audited_and_used_by_registration(client, admin):
    assert POLICIES["asvs"] in client.get("/cuenta/registro").text
    response = admin.post("/personal/configuracion", data={"policy": "seed001"})
    assert response.status_code == 303
    assert Setting.read("password_policy", "") == "seed001"
    assert events("politica_cambiada")[0].detail == "antes: asvs; después: seed001"
    admin.post("/cuenta/salir")
    assert POLICIES["seed001"] in client.get("/cuenta/registro").text


def test_an_unknown_policy_is_refused(admin):
    response = admin.post("/personal/configuracion", data={"policy": "ninguna"})
    assert response.status_code == 200 and "Elija una de las dos políticas" in response.text
    assert Setting.read("password_policy", "asvs") == "asvs"


# --- booking quotas ---------------------------------------------------------------------

QUOTA_DEFAULTS = {q.name: str(q.default) for q in QUOTAS}


def test_the_settings_page_shows_every_booking_quota_with_its_number(admin):
    page = admin.get("/personal/configuracion").text
    assert "Cupos de citas" in page
    for quota in QUOTAS:
        assert f'<label for="{quota.name}">{quota.label}</label>' in page
        assert re.search(rf'id="{quota.name}"[^>]*value="{quota.default}"', page)


def test_changed_quotas_are_saved_audited_and_used_by_booking(app, admin, tmp_path):
    changes = {"quota_document_day": "1", "quota_address_hour": "40"}
    response = admin.post("/personal/configuracion/cupos", data=QUOTA_DEFAULTS | changes)
    assert response.status_code == 303
    assert "Guardamos los cupos" in admin.get("/personal/configuracion").text
    assert Setting.read("quota_document_day", "") == "1"
    [event] = events("cupos_cambiados")
    assert event.actor_label == "admin@corte.pe"
    assert "Por documento de identidad, por día: 3 → 1" in event.detail
    assert "Por conexión (dirección IP), por hora: 20 → 40" in event.detail
    citizen = app.test_client()
    assert "Ticket de cita" in book(citizen).text
    page = citizen.get("/citas/datos")
    refused = citizen.post("/citas/datos", data=PERSON | human_answer(page.text))
    assert "Con este documento ya se reservaron 1 cita." in refused.text


def test_unchanged_quotas_are_not_audited(admin):
    response = admin.post("/personal/configuracion/cupos", data=QUOTA_DEFAULTS)
    assert response.status_code == 303 and not events("cupos_cambiados")
    assert "Los cupos de citas no cambiaron" in admin.get("/personal/configuracion").text


@pytest.mark.parametrize("typed", ["0", "1001", "tres", "", "-2", "2.5", "\u0663", "\uff13"])
def test_a_quota_out_of_range_or_not_a_whole_number_is_refused(admin, typed):
    data = QUOTA_DEFAULTS | {"quota_session_hour": typed}
    response = admin.post("/personal/configuracion/cupos", data=data)
    assert response.status_code == 200 and "<title>Error: " in response.text
    message = "Escriba un número entero de 1 a 1000" if typed else "Escriba el cupo"
    assert 'id="quota_session_hour-error">' + message in response.text
    assert '<a href="#quota_session_hour">' + message in response.text
    assert Setting.read("quota_session_hour", "") == "" and not events("cupos_cambiados")


def test_quotas_are_changed_through_htmx_too(admin):
    data = QUOTA_DEFAULTS | {"quota_email_day": "0"}
    fragment = admin.post("/personal/configuracion/cupos", data=data, headers=HX)
    assert "<html" not in fragment.text and '<section id="admin">' in fragment.text
    assert "Escriba un número entero de 1 a 1000" in fragment.text


def test_only_administrators_change_quotas(app, clerk):
    response = clerk.post("/personal/configuracion/cupos", data=QUOTA_DEFAULTS)
    assert response.status_code == 403
    assert not events("cupos_cambiados")


# --- the desk's outcome margin ---------------------------------------------------------


def margins(**changes) -> dict:
    """Every sede's margin as the page sends it (15 minutes by default), with `changes` by code."""
    return {
        f"margin_{sede.id}": str(changes.get(sede.code, sede.outcome_margin_minutes))
        for sede in Sede.select()
    }


def test_the_settings_page_shows_each_sede_s_outcome_margin(admin):
    Sede.update(outcome_margin_minutes=30).where(Sede.code == "zavala").execute()
    page = admin.get("/personal/configuracion").text
    assert "Margen para marcar la asistencia" in page
    for sede in Sede.select():
        assert f'<label for="margin_{sede.id}">{sede.name}</label>' in page
        assert re.search(rf'id="margin_{sede.id}"[^>]*value="{sede.outcome_margin_minutes}"', page)
    assert 'value="30"' in page


@pytest.mark.parametrize("headers", [None, HX], ids=["no-js", "htmx"])
def test_changed_margins_are_saved_and_audited(admin, headers):
    response = admin.post(
        "/personal/configuracion/margenes", data=margins(zavala=0, pierola=240), headers=headers
    )
    assert response.status_code == 303
    assert "Guardamos los márgenes" in admin.get("/personal/configuracion").text
    by_code = {sede.code: sede.outcome_margin_minutes for sede in Sede.select()}
    assert by_code == {"alzamora": 15, "zavala": 0, "pierola": 240}
    [event] = events("margen_resultado_cambiado")
    assert event.actor_label == "admin@corte.pe"
    assert event.detail == (
        "Sede Carlos Zavala Loayza: 15 → 0 minutos; Sede Nicolás de Piérola: 15 → 240 minutos"
    )
    again = admin.post("/personal/configuracion/margenes", data=margins())
    assert again.status_code == 303 and len(events("margen_resultado_cambiado")) == 1
    assert "Los márgenes no cambiaron" in admin.get("/personal/configuracion").text


@pytest.mark.parametrize("typed", ["241", "-1", "diez", "", "2.5", "\u0663", "\uff13"])
def test_a_margin_out_of_range_or_not_a_whole_number_is_refused(admin, typed):
    sede = Sede.get(Sede.code == "alzamora")
    data = margins() | {f"margin_{sede.id}": typed}
    response = admin.post("/personal/configuracion/margenes", data=data)
    assert response.status_code == 200 and "<title>Error: " in response.text
    message = "Escriba un número entero de 0 a 240" if typed else "Escriba el margen de"
    assert f'id="margin_{sede.id}-error">' + message in response.text
    assert f'<a href="#margin_{sede.id}">' + message in response.text
    assert Sede.get_by_id(sede.id).outcome_margin_minutes == 15
    assert not events("margen_resultado_cambiado")


def test_a_refused_margin_comes_back_in_the_htmx_fragment(admin):
    response = admin.post("/personal/configuracion/margenes", data=margins(zavala=300), headers=HX)
    assert "<html" not in response.text and '<section id="admin">' in response.text
    assert "Escriba un número entero de 0 a 240" in response.text


def test_only_administrators_change_margins(clerk):
    response = clerk.post("/personal/configuracion/margenes", data=margins(zavala=0))
    assert response.status_code == 403
    assert {sede.outcome_margin_minutes for sede in Sede.select()} == {15}


# --- audit log --------------------------------------------------------------------------


def add_event(at: datetime, action="ingreso", actor="ana@example.pe", subject="", detail=""):
    return AuditEvent.create(
        at=at, action=action, actor_label=actor, subject=subject, detail=detail, ip="10.0.0.9"
    )


def rows(response) -> list[str]:
    return re.findall(r"<li>\s*<p><strong>([^<]+)</strong>", response.text)


def test_the_log_is_newest_first_in_court_time_and_paginated(admin):
    start = datetime(2026, 3, 9, 12, 0)  # UTC: 07:00 in Lima
    for n in range(PAGE_SIZE + 10):
        add_event(start + timedelta(minutes=n), "prueba", subject=f"evento {n}")
    first = admin.get("/personal/auditoria?accion=prueba")
    assert f"{PAGE_SIZE + 10} registros" in first.text and "página 1 de 2" in first.text
    shown = rows(first)
    assert len(shown) == PAGE_SIZE and shown[0] == "09/03/2026 07:59:00"
    second = admin.get("/personal/auditoria?accion=prueba&pagina=2")
    assert rows(second)[-1] == "09/03/2026 07:00:00" and len(rows(second)) == 10
    assert "Página anterior" in second.text and "accion=prueba" in second.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("accion=bloqueo", ["bloqueo"]),
        ("actor=ROSA", ["rol_cambiado"]),
        ("texto=45678901", ["ingreso_fallido"]),
        ("desde=2026-03-09&hasta=2026-03-09", ["ingreso_fallido", "bloqueo"]),
        ("desde=2026-03-10&hasta=2026-03-10", ["rol_cambiado"]),
        ("hasta=2026-03-08", []),
    ],
)
def test_the_log_filters_by_action_actor_text_and_court_dates(admin, query, expected):
    add_event(datetime(2026, 3, 9, 5, 0), "ingreso_fallido", subject="45678901")  # 00:00 Lima
    add_event(datetime(2026, 3, 10, 4, 59), "bloqueo", subject="ana@example.pe")  # 23:59 Lima
    add_event(datetime(2026, 3, 10, 5, 0), "rol_cambiado", actor="rosa@corte.pe")  # 10th, Lima
    page = admin.get(f"/personal/auditoria?{query}")
    actions = re.findall(r'<span data-action="([^"]+)">', page.text)
    assert actions == list(reversed(expected))


@pytest.mark.parametrize(
    ("page", "shown"),
    [("9" * 30, 2), (str(2**63), 2), ("99999999999", 2), ("3", 2), ("-5", 1), ("x", 1), ("١", 1)],
)
def test_a_page_past_the_end_or_not_a_number_shows_the_last_or_first_page(admin, page, shown):
    """?pagina= is a link anyone can edit: huge numbers were a 500 (past SQL's integers)."""
    for n in range(PAGE_SIZE + 1):
        add_event(datetime(2026, 3, 9, 12, 0) + timedelta(minutes=n), "prueba")
    response = admin.get(f"/personal/auditoria?accion=prueba&pagina={page}")
    assert response.status_code == 200 and f"página {shown} de 2" in response.text


@pytest.mark.parametrize("address", ["/personal/auditoria", "/personal/auditoria/exportar"])
@pytest.mark.parametrize("dates", ["hasta=9999-12-31", "desde=0001-01-01", "desde=9999-12-31"])
def test_dates_past_the_calendar_are_explained_not_a_server_error(admin, address, dates):
    """hasta=9999-12-31 has no next day to stop before: it was an OverflowError (500)."""
    response = admin.get(f"{address}?{dates}", follow_redirects=True)
    assert response.status_code == 200 and "<title>Error: " in response.text
    assert "Escriba una fecha entre el 01/01/1900 y el 31/12/2100" in response.text


def test_a_wrong_date_filter_is_explained(admin):
    response = admin.get("/personal/auditoria?desde=9/3/2026&hasta=2026-03-01")
    assert response.status_code == 200 and "<title>Error: " in response.text
    assert "Escriba la fecha como año-mes-día" in response.text
    response = admin.get("/personal/auditoria?desde=2026-03-09&hasta=2026-03-01")
    assert "debe ser igual o posterior" in response.text


def test_the_log_is_read_only(app, admin):
    add_event(utc_now())
    page = admin.get("/personal/auditoria").text
    assert 'method="post"' not in page.split('id="admin"')[1].split("</section>")[0]
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/personal/auditoria"):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule.rule


def test_the_log_filters_through_htmx(admin):
    add_event(utc_now(), "bloqueo")
    fragment = admin.get("/personal/auditoria?accion=bloqueo", headers=HX)
    assert "<html" not in fragment.text and '<section id="admin">' in fragment.text


def test_the_csv_export_has_the_filtered_rows_and_no_formulas(admin):
    add_event(datetime(2026, 3, 9, 15, 0), "ingreso_fallido", subject='=HYPERLINK("x")')
    add_event(datetime(2026, 3, 9, 16, 0), "ingreso", subject="ana@example.pe")
    response = admin.get("/personal/auditoria/exportar?accion=ingreso_fallido")
    assert (
        response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    )
    assert response.headers["Cache-Control"] == "no-store"
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert table[0][:2] == ["fecha_hora_local", "accion"]
    assert table[1:] == [
        [
            "09/03/2026 10:00:00",
            "ingreso_fallido",
            "ana@example.pe",
            '\'=HYPERLINK("x")',
            "",
            "10.0.0.9",
        ],
    ]
    assert events("auditoria_exportada")[0].actor_label == "admin@corte.pe"


def test_actions_taken_on_these_screens_show_up_in_the_log(admin):
    admin.post("/personal/usuarios/nuevo", data=NEW_PERSON)
    page = admin.get("/personal/auditoria?accion=personal_creado").text
    assert "rosa.quispe@pj.gob.pe" in page and "admin@corte.pe" in page


def test_the_log_shows_each_action_in_words_and_filters_by_them(admin):
    add_event(datetime(2026, 3, 9, 15, 0), "ingreso_fallido", subject="45678901")
    add_event(datetime(2026, 3, 9, 16, 0), "rol_cambiado", subject="rosa@corte.pe")
    page = admin.get("/personal/auditoria")
    listed = BeautifulSoup(page.text, "html.parser").select("ol.desk li p:first-child span")
    shown = [span.text for span in listed]  # newest first; the admin's own sign-in too
    assert shown[-2:] == ["Roles del personal cambiados", "Ingreso fallido"]
    assert not [text for text in shown if "_" in text]
    options = BeautifulSoup(page.text, "html.parser").select("#accion option")
    offered = {o["value"]: o.text for o in options if o["value"]}
    assert offered["ingreso_fallido"] == "Ingreso fallido"
    assert offered["rol_cambiado"] == "Roles del personal cambiados"
