"""The kept mail, newest first, and sending one again."""

from flask import flash

from blueprints.actor import current_actor
from blueprints.htmx import redirect_to, render
from blueprints.staff.access import roles_required
from blueprints.staff.outbox import bp
from domain.clock import local_now, stamp
from domain.roles import ADMIN
from models import Court, FailedMail
from services import outbox
from services.clock import utc_now


@bp.route("/correos")
@roles_required(*ADMIN)
def list_failed_mail():
    """Newest first. Bodies are not shown: they may hold a recovery code or a sign-up link."""
    zone = Court.current().timezone
    rows = [(mail, stamp(local_now(zone, mail.created_at))) for mail in FailedMail.newest_first()]
    return render("staff/outbox/list_failed_mail.html", "failed_mail", rows=rows)


@bp.post("/correos/<int:mail_id>/reintentar")
@roles_required(*ADMIN)
def retry_mail(mail_id):
    kept = outbox.retry_mail(mail_id, actor=current_actor(), now=utc_now())
    if kept is None:
        flash("Ese correo ya se volvió a enviar; no se cambió nada.")
    else:
        flash(f"Volvimos a enviar el correo a {kept.to}. Si falla otra vez, volverá a esta lista.")
    return redirect_to("staff.outbox.list_failed_mail")
