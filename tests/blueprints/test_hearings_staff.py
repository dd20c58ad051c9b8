"""The desk publishes, changes and withdraws hearings; every change is audited."""

from models import AuditEvent, Hearing
from tests.blueprints.consultas_helpers import (
    CASE,
    NEW_HEARING,
    court_day,
    hearing_fields,
    is_fragment,
    publish,
)
from tests.helpers import HX, sign_in, staff


def audited(action):
    return list(AuditEvent.select().where(AuditEvent.action == action))


def test_a_clerk_publishes_a_hearing_once_even_tapping_twice(clerk):
    fields = hearing_fields(case_number="123-2026-0-1801-jr-ci-1", request_key="k1")
    first = clerk.post(NEW_HEARING, data=fields)
    second = clerk.post(NEW_HEARING, data=fields)
    assert first.status_code == second.status_code == 303
    [hearing] = Hearing.select()
    assert hearing.case_number == CASE  # stored in its printed form
    assert (hearing.minutes, hearing.kind, hearing.version) == (45, "conciliacion", 0)
    [event] = audited("audiencia_publicada")
    assert event.subject == CASE and "1JCL" in event.detail
    listing = clerk.get(first.headers["Location"])
    assert CASE in listing.text and "Publicamos la audiencia" in listing.text


WRONG_FIELDS = [
    ({"case_number": "123/2026"}, "Escriba el número de expediente completo"),
    ({"case_number": "00123-2099-0-1801-JR-CI-01"}, "debe estar entre 1950"),
    ({"virtual_url": "http://meet.pj.gob.pe/x"}, "debe empezar con https://"),
    ({"virtual_url": "", "room": ""}, "Escriba la sala, el enlace de la sala virtual o ambos"),
    ({"day": "9999-12-31"}, "Escriba una fecha entre"),
    ({"day": "mañana"}, "Escriba la fecha como año-mes-día"),
    ({"starts": "25:00"}, "Escriba la hora como horas:minutos"),
    ({"minutes": "99999999999999999999"}, "Escriba una duración entre 5 y 720"),
    ({"kind": "linchamiento"}, "Elija uno de los tipos de audiencia"),
    ({"dependencia": "987654"}, "Elija uno de los juzgados o salas"),
    ({"request_key": "k" * 65}, "El formulario no es válido"),
    ({"case_number": CASE + "x" * 5000}, "Escriba el número de expediente completo"),
    ({"room": "x" * 121}, "120 caracteres o menos"),
]


def test_a_wrong_field_is_refused_next_to_it_and_nothing_is_published(clerk):
    for changes, message in WRONG_FIELDS:  # one app for all: each case is one request
        response = publish(clerk, **changes)
        assert response.status_code == 200, changes
        assert message in response.text and "<title>Error: " in response.text, changes
        assert 'class="error-summary"' in response.text
    assert not Hearing.select().exists() and not audited("audiencia_publicada")


def test_the_form_is_a_page_or_its_fragment(clerk):
    page, fragment = clerk.get(NEW_HEARING), clerk.get(NEW_HEARING, headers=HX)
    assert "<html" in page.text and is_fragment(fragment, "hearing-form")
    refused = clerk.post(NEW_HEARING, data=hearing_fields(case_number="x"), headers=HX)
    assert refused.status_code == 200 and is_fragment(refused, "hearing-form")


def test_changing_a_hearing_raises_its_calendar_sequence_and_is_audited(clerk):
    publish(clerk)
    hearing = Hearing.get()
    url = f"/personal/audiencias/{hearing.id}/editar"
    assert CASE in clerk.get(url).text
    moved = hearing_fields(starts="11:00", room="Sala 7", virtual_url="")
    assert clerk.post(url, data=moved).status_code == 303
    hearing = Hearing.get()
    assert (hearing.starts.strftime("%H:%M"), hearing.room, hearing.virtual_url) == (
        "11:00",
        "Sala 7",
        "",
    )
    assert hearing.version == 1
    assert len(audited("audiencia_modificada")) == 1


def test_withdrawing_asks_first_then_removes_it_once(clerk):
    publish(clerk)
    hearing = Hearing.get()
    url = f"/personal/audiencias/{hearing.id}/retirar"
    confirm = clerk.get(url)
    assert "¿Retirar esta audiencia" in confirm.text and Hearing.select().count() == 1
    assert clerk.post(url).status_code == 303
    assert not Hearing.select().exists()
    assert clerk.post(url).status_code == 404  # a second tap: nothing left to withdraw
    assert len(audited("audiencia_retirada")) == 1


def test_the_list_is_filtered_by_court_and_bounded(clerk):
    publish(clerk, dependencia_code="1JCL")
    publish(clerk, dependencia_code="3JFL", case_number="00456-2025-0-1801-JR-FC-03")
    other = Hearing.get(Hearing.case_number != CASE).dependencia_id
    clerk.get("/personal/audiencias")  # shows (and so clears) the two confirmations
    only = clerk.get(f"/personal/audiencias?juzgado={other}&desde={court_day(0).isoformat()}")
    assert "00456-2025" in only.text and CASE not in only.text
    for bad in ("desde=9999-12-31", "juzgado=99999999999999999999", "desde=ayer"):
        response = clerk.get(f"/personal/audiencias?{bad}")
        assert response.status_code == 400 and "La solicitud no es válida" in response.text


def test_the_administrator_may_publish_and_other_roles_may_not(admin, app):
    assert publish(admin).status_code == 303
    staff("verifica@corte.pe", "verificador")
    verifier = app.test_client()
    sign_in(verifier, "verifica@corte.pe")
    assert verifier.get(NEW_HEARING).status_code == 403
    assert publish(verifier, request_key="other").status_code == 403
    assert Hearing.select().count() == 1
