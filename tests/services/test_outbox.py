"""Sending a kept mail again, as a use case (no request)."""

from domain.roles import Role
from models import AuditEvent, FailedMail
from services.actor import Actor
from services.clock import utc_now
from services.outbox import retry_mail
from tests.helpers import mails
from tests.helpers import staff as make_staff


def test_a_kept_mail_is_sent_again_once_and_audited(app, db, tmp_path):
    admin = Actor(make_staff("admin@corte.pe", Role.ADMINISTRADOR.value), "10.0.0.5")
    kept = FailedMail.create(
        created_at=utc_now(),
        to="ana@example.pe",
        subject="Su contraseña fue cambiada",
        body="Hola, Ana",
        last_error="SMTPConnectError: (421, 'Caído')",
        attempts=6,
    )
    with app.app_context():
        assert retry_mail(kept.id, actor=admin, now=utc_now()).to == "ana@example.pe"
        assert retry_mail(kept.id, actor=admin, now=utc_now()) is None
    [sent] = mails(tmp_path)
    assert sent["To"] == "ana@example.pe" and not FailedMail.select().exists()
    [event] = AuditEvent.select().where(AuditEvent.action == "correo_reintentado")
    assert (event.actor_label, event.subject, event.detail) == (
        "admin@corte.pe",
        "ana@example.pe",
        "Su contraseña fue cambiada",
    )
