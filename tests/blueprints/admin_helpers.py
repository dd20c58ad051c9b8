"""The administrator's screens: a person to add as staff, and what the audit log recorded."""

from models import AuditEvent

NEW_PERSON = {
    "email": "Rosa.Quispe@PJ.gob.pe",
    "full_name": " Rosa   Quispe ",
    "roles": "verificador",
}


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.select().where(AuditEvent.action == action).order_by(AuditEvent.id))
