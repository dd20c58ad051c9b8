"""Identity verifications: verifiers see the document and the video, approve or reject."""

from flask import abort, flash, send_file
from peewee import JOIN

from blueprints.actor import current_actor
from blueprints.downloads import as_file
from blueprints.htmx import redirect_to, render
from blueprints.staff.access import roles_required
from blueprints.staff.verifications import bp
from blueprints.staff.verifications.forms import RejectForm
from domain.clock import local_now, stamp
from domain.roles import VERIFY
from domain.states import IdentityAction, IdentityStatus, NotPermitted, RecoveryStatus, WrongState
from models import Court, IdentityVerification, RecoveryRequest, User
from services import uploads, verifications
from services.clock import utc_now
from services.identity import AREA


@bp.route("/verificaciones")
@roles_required(*VERIFY)
def list_pending():
    """Pending requests, oldest first: whoever waited longest is seen first. A recovery's
    verification that its owner stopped is no longer asked of anyone."""
    recovering = RecoveryRequest.verification == IdentityVerification.id
    pending = (
        IdentityVerification.select(IdentityVerification, User, RecoveryRequest)
        .join(User, on=IdentityVerification.user == User.id)
        .switch(IdentityVerification)
        .join(RecoveryRequest, JOIN.LEFT_OUTER, on=recovering)
        .where(IdentityVerification.status == IdentityStatus.PENDIENTE)
        .where(
            RecoveryRequest.id.is_null() | (RecoveryRequest.status == RecoveryStatus.EN_REVISION)
        )
        .order_by(IdentityVerification.submitted_at, IdentityVerification.id)
    )
    rows = [(v, _local(v.submitted_at), _recovery_of_row(v)) for v in pending]
    return render("staff/verifications/list_pending.html", "verification_rows", rows=rows)


@bp.route("/verificaciones/<int:verification_id>")
@roles_required(*VERIFY)
def show_verification(verification_id):
    return _detail(_get(verification_id), RejectForm(formdata=None))


@bp.post("/verificaciones/<int:verification_id>/aprobar")
@roles_required(*VERIFY)
def approve_verification(verification_id):
    return _decide(_get(verification_id), IdentityAction.APROBAR, "")


@bp.post("/verificaciones/<int:verification_id>/rechazar")
@roles_required(*VERIFY)
def reject_verification(verification_id):
    verification, form = _get(verification_id), RejectForm()
    if not form.validate_on_submit():
        return _detail(verification, form)
    return _decide(verification, IdentityAction.RECHAZAR, " ".join(form.reason.data.split()))


@bp.route("/verificaciones/<int:verification_id>/documento")
@roles_required(*VERIFY)
def verification_document(verification_id):
    verification = _get(verification_id)
    return _file(verification.document_file, verification.document_mime)


@bp.route("/verificaciones/<int:verification_id>/video")
@roles_required(*VERIFY)
def verification_video(verification_id):
    verification = _get(verification_id)
    return _file(verification.video_file, verification.video_mime)


def _recovery_of_row(verification) -> RecoveryRequest | None:
    """The recovery request joined to a listed verification, if it was sent for one."""
    joined = getattr(verification, "recoveryrequest", None)
    return joined if joined is not None and joined.id is not None else None


def _get(verification_id) -> IdentityVerification:
    return IdentityVerification.get_or_none(IdentityVerification.id == verification_id) or abort(
        404
    )


def _local(instant) -> str:
    return stamp(local_now(Court.current().timezone, instant))


def _detail(verification, form):
    recovery = verifications.recovery_of(verification)
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
        "staff/verifications/show_verification.html",
        "verification",
        v=verification,
        person=verification.user,
        form=form,
        submitted=_local(verification.submitted_at),
        reviewed=_local(verification.reviewed_at) if verification.reviewed_at else "",
        earlier=[(e, _local(e.submitted_at)) for e in earlier],
        recovery=recovery,
        asked=_local(recovery.created_at) if recovery else "",
    )


def _decide(verification, decision: IdentityAction, reason: str):
    try:
        status = verifications.decide(
            verification, decision, reason, actor=current_actor(), now=utc_now()
        )
    except NotPermitted:  # nobody verifies their own identity
        abort(403)
    except WrongState as refusal:
        flash(str(refusal))
        return redirect_to("staff.verifications.show_verification", verification_id=verification.id)
    flash(f"Solicitud de {verification.user.full_name}: {status}.")
    return redirect_to("staff.verifications.list_pending")


def _file(name: str, mime: str):
    """A stored upload: never cached, sniffed, served from static/ or opened as a page of this
    site. The page shows images and plays videos all the same; a PDF is saved, not opened
    inline, and were anything in a file to run, the sandbox leaves it no origin and no reach."""
    try:
        response = send_file(
            uploads.path(AREA, name),
            mimetype=mime,
            as_attachment=True,
            download_name=name,
            max_age=0,
            etag=False,
        )
    except (ValueError, FileNotFoundError):
        abort(404)
    return as_file(response)
