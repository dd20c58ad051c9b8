"""Identity verifications: verifiers see the document and the video, approve or reject."""

from flask import abort, flash, send_file
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from blueprints.accounts.identity import AREA
from blueprints.htmx import redirect_to, render
from blueprints.staff import bp, roles_required
from blueprints.staff.views import MENU
from db import write_transaction
from domain.clock import local_now, stamp
from models import Court, IdentityVerification, User
from services import audit, uploads
from services.clock import utc_now
from services.notify import notify

VERIFY_ROLES = ("verificador", "administrador")
MENU.append((VERIFY_ROLES, "staff.verifications", "Verificar identidades"))
DECISIONS = {  # status: (audit action, kind of e-mail)
    "aprobada": ("verificacion_aprobada", "identity_approved"),
    "rechazada": ("verificacion_rechazada", "identity_rejected"),
}


class RejectForm(FlaskForm):
    reason = TextAreaField(
        "Motivo del rechazo",
        validators=[
            DataRequired("Escriba el motivo del rechazo, para que la persona sepa qué corregir"),
            Length(max=500, message="Escriba el motivo en 500 caracteres como máximo"),
        ],
    )


@bp.route("/verificaciones")
@roles_required(*VERIFY_ROLES)
def verifications():
    """Pending requests, oldest first: whoever waited longest is seen first."""
    pending = (
        IdentityVerification.select(IdentityVerification, User)
        .join(User, on=IdentityVerification.user == User.id)
        .where(IdentityVerification.status == "pendiente")
        .order_by(IdentityVerification.submitted_at, IdentityVerification.id)
    )
    rows = [(v, _local(v.submitted_at)) for v in pending]
    return render("staff/verifications.html", "verification_rows", rows=rows)


@bp.route("/verificaciones/<int:verification_id>")
@roles_required(*VERIFY_ROLES)
def show_verification(verification_id):
    return _detail(_get(verification_id), RejectForm(formdata=None))


@bp.post("/verificaciones/<int:verification_id>/aprobar")
@roles_required(*VERIFY_ROLES)
def approve_verification(verification_id):
    return _decide(_get(verification_id), "aprobada", "")


@bp.post("/verificaciones/<int:verification_id>/rechazar")
@roles_required(*VERIFY_ROLES)
def reject_verification(verification_id):
    verification, form = _get(verification_id), RejectForm()
    if not form.validate_on_submit():
        return _detail(verification, form)
    return _decide(verification, "rechazada", " ".join(form.reason.data.split()))


@bp.route("/verificaciones/<int:verification_id>/documento")
@roles_required(*VERIFY_ROLES)
def verification_document(verification_id):
    verification = _get(verification_id)
    return _file(verification.document_file, verification.document_mime)


@bp.route("/verificaciones/<int:verification_id>/video")
@roles_required(*VERIFY_ROLES)
def verification_video(verification_id):
    verification = _get(verification_id)
    return _file(verification.video_file, verification.video_mime)


def _get(verification_id) -> IdentityVerification:
    return IdentityVerification.get_or_none(IdentityVerification.id == verification_id) or abort(
        404
    )


def _local(instant) -> str:
    return stamp(local_now(Court.current().timezone, instant))


def _detail(verification, form):
    earlier = (
        IdentityVerification.select()
        .where(
            IdentityVerification.user == verification.user_id,
            IdentityVerification.id != verification.id,
            IdentityVerification.submitted_at <= verification.submitted_at,
        )
        .order_by(IdentityVerification.submitted_at.desc())
    )
    return render(
        "staff/verification.html", "verification", v=verification, person=verification.user,
        form=form, submitted=_local(verification.submitted_at),
        reviewed=_local(verification.reviewed_at) if verification.reviewed_at else "",
        earlier=[(e, _local(e.submitted_at)) for e in earlier],
    )  # fmt: skip


def _decide(verification, status: str, reason: str):
    """Decide once: of two verifiers deciding at the same moment, only the first counts."""
    action, kind = DECISIONS[status]
    person = verification.user
    if person.id == current_user.id:  # nobody verifies their own identity
        abort(403)
    with write_transaction():
        won = (
            IdentityVerification.update(
                status=status, reviewer=current_user.id, reviewed_at=utc_now(), reason=reason
            )
            .where(IdentityVerification.id == verification.id)
            .where(IdentityVerification.status == "pendiente")
            .execute()
        )
        if won:
            User.update(identity_status=status, identity_reason=reason).where(
                User.id == person.id
            ).execute()
            audit.record(action, subject=person.email, detail=reason or f"#{verification.id}")
    if not won:
        flash("Otra persona ya resolvió esta solicitud; no se cambió nada.")
        return redirect_to("staff.show_verification", verification_id=verification.id)
    notify(person.email, kind, user=person, reason=reason)
    flash(f"Solicitud de {person.full_name}: {status}.")
    return redirect_to("staff.verifications")


def _file(name: str, mime: str):
    """A stored upload, shown in the page but never cached, sniffed or served from static/."""
    try:
        response = send_file(uploads.path(AREA, name), mimetype=mime, max_age=0, etag=False)
    except (ValueError, FileNotFoundError):
        abort(404)
    response.headers["Content-Disposition"] = "inline"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response
