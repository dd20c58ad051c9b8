"""Telling people things: every e-mail the app sends goes through `notify`.

`notify(to, kind, **data)` renders `templates/mail/<kind>.txt` with `data` and the subject
written once below, right away (no request needed: links come from `public_url`), and
enqueues the message. The `deliver` job sends it, retrying with a doubling delay; a message
that still cannot be sent is kept in `failed_mail` for an administrator to retry. Never lost.

Attachments travel as (builder, argument) pairs that the job rebuilds (the ticket's PDF from
its code), so the queue stores no files and the page does not wait for them.
"""

import logging
from collections.abc import Callable

import jinja2
from flask import current_app, render_template

from models import FailedMail
from services import jobs, mailer
from services.clock import utc_now

log = logging.getLogger("ventanilla.mail")

# The subject of each kind of message (Jinja, over the same data as its template).
SUBJECTS = {
    "already_registered": "Alguien intentó registrarse con sus datos",
    "confirm_email": "Confirme su correo electrónico",
    "email_change": "Pidieron cambiar el correo de su cuenta",
    "email_in_use": "Alguien quiso usar su correo en otra cuenta",
    "account_locked": "Bloqueamos su cuenta por seguridad",
    "password_changed": "Su contraseña fue cambiada",
    "recover_code": "Su código para recuperar la contraseña",
    "recovery_started": "Pidieron recuperar su cuenta con sus datos personales",
    "recovery_continue": "Verifique su identidad para recuperar su cuenta",
    "recovery_no_match": "Sus datos no coinciden con los de una cuenta",
    "recovery_address_taken": "Ese correo ya es de otra cuenta",
    "recovery_stopped": "El titular detuvo la recuperación de la cuenta",
    "recovery_approved": "Elija su contraseña para recuperar su cuenta",
    "recovery_rejected": "No pudimos aprobar la recuperación de la cuenta",
    "recovered_by_data": "Su cuenta pasó a otro correo con sus datos personales",
    "identity_approved": "Su identidad fue verificada",
    "identity_rejected": "Su verificación de identidad fue rechazada",
    "staff_welcome": "Su cuenta de personal en la Ventanilla judicial",
    "ticket": "Su cita {{ ticket.code }}: {{ ticket.day }}, {{ ticket.time }}",
    "reminder": "Recordatorio: su cita {{ ticket.code }} es mañana a las {{ ticket.time[:5] }}",
    "rescheduled": "Su cita cambió de día u hora: ahora {{ ticket.day }}, {{ ticket.time }}",
    "cancelled": "Su cita {{ ticket.code }} fue anulada",
    "assistance_received": "Recibimos su pedido de asistencia {{ ticket.number }}",
    "assistance_answer": "Respuesta a su pedido de asistencia {{ ticket.number }}",
    "notification_alert": "Tiene una notificación en su casilla electrónica",
    "cancelled_by_court": "La sede no atenderá en el horario de su cita {{ ticket.code }}: "
    "reserve otra",
    "filing_received": "Trámite {{ filing.tracking_number }} recibido",
    "filing_moved": "Su trámite {{ filing.tracking_number }}: {{ filing.status | lower }}",
}
# Subjects are plain text: no HTML escaping, and a misspelt name fails loudly.
_subjects = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined)
_compiled: dict[str, jinja2.Template] = {}

# name -> function(argument) -> (filename, bytes, mimetype); see `attachment`.
BUILDERS: dict[str, Callable] = {}


def public_url(endpoint: str, **values) -> str:
    """An absolute link for e-mails, always on PUBLIC_URL (create_app requires it in production).

    Never on the request's Host header: whoever sends the request writes that, and a forged
    one would put their site, with a live code or token, in a real e-mail from the court."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    return base + current_app.url_map.bind("localhost").build(endpoint, values)


def attachment(name: str):
    """Register a builder the deliver job calls to rebuild an attachment from its argument."""

    def register(build: Callable) -> Callable:
        BUILDERS[name] = build
        return build

    return register


def render(kind: str, **data) -> tuple[str, str]:
    """(subject, body) of a message of `kind`."""
    if kind not in _compiled:
        _compiled[kind] = _subjects.from_string(SUBJECTS[kind])
    subject = _compiled[kind].render(**data)
    body = render_template(f"mail/{kind}.txt", public_url=public_url, **data)
    return subject, body


def notify(to: str, kind: str, *, attachments=(), **data) -> None:
    """Render a message of `kind` for `to` and put it on the queue.

    `attachments`: (builder name, argument) pairs, e.g. ("ticket_pdf", "AB12-CD34-EF56").
    """
    subject, body = render(kind, **data)
    enqueue({"to": to, "subject": subject, "body": body, "files": [list(a) for a in attachments]})


def enqueue(mail: dict) -> None:
    """Hand a message to the deliver job; if the queue cannot take it, keep it right away."""
    config = current_app.config
    mail = {"attempts_before": 0, **mail, "retries": config["MAIL_RETRIES"]}
    delay = 0 if jobs.huey.immediate else config["MAIL_RETRY_DELAY"]  # inline: retry at once
    try:
        deliver(mail, retries=mail["retries"], retry_delay=delay, retry_backoff=2)
    except Exception as error:  # the queue's storage is down: the mail must not be lost
        log.exception("No se pudo poner en cola el correo a %s", mail["to"])
        _keep(mail, f"No se pudo poner en cola: {error}", mail["attempts_before"])


@jobs.task(context=True)
def deliver(mail: dict, task=None) -> None:
    """Send one message; after its last failed try, keep it in failed_mail."""
    try:
        files = [BUILDERS[name](argument) for name, argument in mail["files"]]
        mailer.send(mail["to"], mail["subject"], mail["body"], attachments=files)
    except Exception as error:
        if task is not None and task.retries:
            log.warning("Correo a %s no enviado (%s); se reintentará", mail["to"], error)
            raise
        attempts = mail["attempts_before"] + mail["retries"] + 1
        log.error("Correo a %s no enviado tras %d intentos: %s", mail["to"], attempts, error)
        _keep(mail, f"{type(error).__name__}: {error}", attempts)


def _keep(mail: dict, error: str, attempts: int) -> None:
    FailedMail.keep(mail, error, attempts, utc_now())


def take_failed(mail_id: int):
    """Take a kept message off the list, inside the caller's transaction; None if another click
    took it first. Queue it with `enqueue(kept.as_mail())` once the transaction commits."""
    kept = FailedMail.get_or_none(FailedMail.id == mail_id)
    if kept is None or not FailedMail.delete().where(FailedMail.id == mail_id).execute():
        return None
    return kept
