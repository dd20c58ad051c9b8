"""Identity verification by the citizen: document photo and video, state, resubmission."""

from flask import flash
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from blueprints.accounts import bp
from blueprints.htmx import redirect_to, render
from db import write_transaction
from domain.clock import local_now, stamp
from domain.roles import AS_CITIZEN
from domain.states import IDENTITY, IdentityAction
from models import Court, IdentityVerification, User
from services import audit, uploads
from services.clock import utc_now

AREA = "identity"  # files live in UPLOAD_FOLDER/identity
SUBMIT = IdentityAction.ENVIAR


class IdentityForm(FlaskForm):
    document = FileField(
        "Elija la foto o el PDF de su documento",
        validators=[FileRequired("Adjunte la foto o el PDF de su documento de identidad")],
    )
    video = FileField(
        "Elija el video",
        validators=[FileRequired("Adjunte el video en el que dice su nombre y su documento")],
    )


@bp.route("/identidad", methods=["GET", "POST"])
@login_required
def verify_identity():
    user = current_user._get_current_object()
    form = IdentityForm()
    allowed = user.email_confirmed and IDENTITY.allows(user.identity_status, SUBMIT, AS_CITIZEN)
    if allowed and form.validate_on_submit():
        stored = _store(form)
        if stored:
            if not _submit(user, stored):
                flash("Su solicitud ya estaba enviada; no hace falta enviarla otra vez.")
            return redirect_to("accounts.verify_identity")
    return render("accounts/identity.html", "identity", form=form, user=user, allowed=allowed,
                  latest=_latest(user))  # fmt: skip


def _store(form) -> dict | None:
    """Both files stored, or neither (the error goes next to its field)."""
    stored = {}
    for field in (form.document, form.video):
        try:
            stored[field.name] = uploads.save(field.data, field.name, AREA)
        except uploads.Refused as refusal:
            field.errors.append(str(refusal))
    if len(stored) < 2:
        for name, _ in stored.values():
            uploads.remove(AREA, name)
        return None
    return stored


def _submit(user, stored: dict) -> bool:
    """Record the request unless one is already pending (a double tap keeps only the first)."""
    (document, document_mime), (video, video_mime) = stored["document"], stored["video"]
    sent_from = user.identity_status
    status = IDENTITY.check(sent_from, SUBMIT, AS_CITIZEN)
    with write_transaction():
        claimed = (
            User.update(identity_status=status, identity_reason="")
            .where(User.id == user.id, User.identity_status == sent_from)
            .execute()
        )
        if claimed:
            IdentityVerification.create(
                user=user, submitted_at=utc_now(), document_file=document,
                document_mime=document_mime, video_file=video, video_mime=video_mime,
            )  # fmt: skip
            audit.record("verificacion_enviada", subject=user.email, actor=user)
    if not claimed:
        uploads.remove(AREA, document)
        uploads.remove(AREA, video)
    return bool(claimed)


def _latest(user) -> dict | None:
    """The newest request, with its time on the court's clock, for the status box."""
    latest = (
        IdentityVerification.select()
        .where(IdentityVerification.user == user.id)
        .order_by(IdentityVerification.submitted_at.desc(), IdentityVerification.id.desc())
        .first()
    )
    if latest is None:
        return None
    zone = Court.current().timezone
    return {
        "submitted": stamp(local_now(zone, latest.submitted_at)),
        "reviewed": stamp(local_now(zone, latest.reviewed_at)) if latest.reviewed_at else "",
    }
