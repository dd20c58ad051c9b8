"""Correos no enviados: mail kept after its last failed try; administrators send it again."""

from flask import flash

from blueprints.htmx import redirect_to, render
from blueprints.staff import bp, roles_required
from blueprints.staff.views import MENU
from domain.clock import local_now, stamp
from models import Court, FailedMail
from services import audit
from services.notify import retry_failed

ADMIN = ("administrador",)
MENU.append((ADMIN, "staff.failed_mail", "Correos no enviados"))


@bp.route("/correos")
@roles_required(*ADMIN)
def failed_mail():
    """Newest first. Bodies are not shown: they may hold a recovery code or a sign-up link."""
    zone = Court.current().timezone
    rows = [(mail, stamp(local_now(zone, mail.created_at))) for mail in FailedMail.newest_first()]
    return render("staff/outbox.html", "failed_mail", rows=rows)


@bp.post("/correos/<int:mail_id>/reintentar")
@roles_required(*ADMIN)
def retry_mail(mail_id):
    kept = retry_failed(mail_id)
    if kept is None:
        flash("Ese correo ya se volvió a enviar; no se cambió nada.")
    else:
        audit.record("correo_reintentado", subject=kept.to, detail=kept.subject)
        flash(f"Volvimos a enviar el correo a {kept.to}. Si falla otra vez, volverá a esta lista.")
    return redirect_to("staff.failed_mail")
