"""Identity verification by the citizen: document photo and video, state, resubmission."""

from flask import flash
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from blueprints.accounts import bp
from blueprints.actor import current_actor
from blueprints.htmx import redirect_to, render
from domain.clock import local_now, stamp
from models import Court
from services import identity
from services.clock import utc_now


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
    allowed = identity.can_submit(user)
    if allowed and form.validate_on_submit():
        files = {"document": form.document.data, "video": form.video.data}
        try:
            sent = identity.submit_verification(user, files, actor=current_actor(), now=utc_now())
        except identity.FilesRefused as refusal:
            for kind, message in refusal.errors.items():
                form[kind].errors.append(message)
        else:
            if not sent:
                flash("Su solicitud ya estaba enviada; no hace falta enviarla otra vez.")
            return redirect_to("accounts.verify_identity")
    return render(
        "accounts/identity.html",
        "identity",
        form=form,
        user=user,
        allowed=allowed,
        latest=_latest(user),
    )


def _latest(user) -> dict | None:
    """The newest request, with its time on the court's clock, for the status box."""
    latest = identity.latest_request(user)
    if latest is None:
        return None
    zone = Court.current().timezone
    return {
        "submitted": stamp(local_now(zone, latest.submitted_at)),
        "reviewed": stamp(local_now(zone, latest.reviewed_at)) if latest.reviewed_at else "",
    }
