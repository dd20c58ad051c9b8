"""The set-up use cases, called directly: their audit actions are labelled, and what they
refuse or keep does not depend on the page that calls them."""

from datetime import datetime

from domain.audit import AuditAction
from models import AuditEvent, Court, Sede, Service, Window
from services import court_settings
from services.actor import SYSTEM
from services.court_settings import SetupRefusal

NOW = datetime(2026, 12, 2, 15, 0)


def test_every_action_of_the_set_up_screens_is_labelled():
    for created, changed in court_settings.AUDITED.values():
        assert created in AuditAction.choices() and changed in AuditAction.choices()


def test_a_service_code_is_created_once(db):
    sede = Sede.select().first()
    values = {"name": "Copias", "description": "", "what_to_bring": ""}
    court_settings.save_service("copias", values, {sede.id}, new=True, actor=SYSTEM, now=NOW)
    try:
        court_settings.save_service("copias", values, {sede.id}, new=True, actor=SYSTEM, now=NOW)
    except SetupRefusal as refusal:
        assert refusal.field == "code"
    else:
        raise AssertionError("a second service with the same code was accepted")
    assert Service.select().where(Service.code == "copias").count() == 1


def test_saving_the_same_window_twice_writes_one_audit_row(db):
    window = Window.select().first()
    values = {"number": window.number, "name": "Caja", "active": True}
    court_settings.save_window(window, values, set(), actor=SYSTEM, now=NOW)
    court_settings.save_window(Window.get_by_id(window.id), values, set(), actor=SYSTEM, now=NOW)
    assert Window.get_by_id(window.id).label == "Caja"
    assert AuditEvent.select().where(AuditEvent.action == "ventanilla_cambiada").count() == 1


def test_the_setup_is_done_with_a_court_and_a_sede(db):
    assert court_settings.progress().done and Court.saved() is not None
