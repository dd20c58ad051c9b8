"""Identity verification, the citizen's side: sending a photo of the document and a video.

The request follows the identity machine (domain/states.py): a citizen not yet verified, or
rejected, may send one, and is then pending until a verifier judges it. A request to recover an
account by personal data sends one too (submit_for_recovery), from its e-mailed link; that one
leaves the account's own identity state alone: nothing changes until the recovery completes.
"""

from collections.abc import Mapping
from datetime import datetime

from db import write_transaction
from domain.roles import AS_CITIZEN
from domain.states import IDENTITY, RECOVERY, IdentityAction, NotPermitted, RecoveryAction
from models import IdentityVerification, RecoveryRequest, User
from services import audit, uploads
from services.actor import Actor

AREA = "identity"  # files live in UPLOAD_FOLDER/identity
SUBMIT = IdentityAction.ENVIAR
FILES = ("document", "video")  # the kinds of services.uploads each request carries


class FilesRefused(Exception):
    """One file or both cannot be taken; `errors` says why, by kind."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def can_submit(user: User) -> bool:
    """Whether `user` may send a request now: a confirmed e-mail, and a state that allows it."""
    return user.email_confirmed and IDENTITY.allows(user.identity_status, SUBMIT, AS_CITIZEN)


def submit_verification(
    user: User, files: Mapping[str, object], *, actor: Actor, now: datetime
) -> bool:
    """Store the document (`files["document"]`, an uploaded file) and the video and put the
    request before the verifiers. False when one was pending already (a double tap keeps only
    the first; its files stay, these go). FilesRefused, with both files gone, when either
    cannot be taken; TransitionNotAllowed when the state allows no request."""
    if not user.email_confirmed:
        raise NotPermitted("Confirme su correo electrónico antes de verificar su identidad.")
    sent_from = user.identity_status
    status = IDENTITY.check(sent_from, SUBMIT, AS_CITIZEN)
    stored = _store(files)
    (document, document_mime), (video, video_mime) = stored["document"], stored["video"]
    with write_transaction():
        claimed = (
            User.update(identity_status=status, identity_reason="")
            .where(User.id == user.id, User.identity_status == sent_from)
            .execute()
        )
        if claimed:
            IdentityVerification.create(
                user=user,
                submitted_at=now,
                document_file=document,
                document_mime=document_mime,
                video_file=video,
                video_mime=video_mime,
            )
            audit.log(actor.acting_as(user), "verificacion_enviada", now, subject=user.email)
    if not claimed:
        uploads.remove(AREA, document)
        uploads.remove(AREA, video)
        return False
    user.identity_status, user.identity_reason = status, ""
    return True


def submit_for_recovery(
    request: RecoveryRequest, files: Mapping[str, object], *, actor: Actor, now: datetime
) -> bool:
    """Store the document and the video of the person recovering the account by `request` and
    put them before the verifiers, marked as a recovery. False when they were sent a moment
    ago (a double tap); FilesRefused; WrongState once the request is past this step."""
    status = RECOVERY.check(request.status, RecoveryAction.ENVIAR_IDENTIDAD, AS_CITIZEN)
    stored = _store(files)
    (document, document_mime), (video, video_mime) = stored["document"], stored["video"]
    with write_transaction():
        claimed = (
            RecoveryRequest.update(status=status)
            .where(RecoveryRequest.id == request.id, RecoveryRequest.status == request.status)
            .execute()
        )
        if claimed:
            verification = IdentityVerification.create(
                user=request.user_id,
                submitted_at=now,
                document_file=document,
                document_mime=document_mime,
                video_file=video,
                video_mime=video_mime,
            )
            RecoveryRequest.update(verification=verification).where(
                RecoveryRequest.id == request.id
            ).execute()
            audit.log(
                actor.acting_as(request.user),
                "verificacion_de_recuperacion_enviada",
                now,
                subject=request.user.email,
                detail=f"solicitud #{request.id}",
            )
    if not claimed:
        uploads.remove(AREA, document)
        uploads.remove(AREA, video)
        return False
    request.status = status
    return True


def _store(files: Mapping[str, object]) -> dict[str, tuple[str, str]]:
    """Both files stored, (name, mime) by kind, or neither (FilesRefused)."""
    stored, errors = {}, {}
    for kind in FILES:
        try:
            stored[kind] = uploads.save(files[kind], kind, AREA)
        except uploads.Refused as refusal:
            errors[kind] = str(refusal)
    if errors:
        for name, _ in stored.values():
            uploads.remove(AREA, name)
        raise FilesRefused(errors)
    return stored


def latest_request(user: User) -> IdentityVerification | None:
    """The newest request of `user`, whatever its state; not one sent to recover the account
    (someone else may have sent that, and it says nothing of the person's own state)."""
    for_recovery = RecoveryRequest.select(RecoveryRequest.verification).where(
        RecoveryRequest.verification.is_null(False)
    )
    return (
        IdentityVerification.select()
        .where(IdentityVerification.user == user.id)
        .where(IdentityVerification.id.not_in(for_recovery))
        .order_by(IdentityVerification.submitted_at.desc(), IdentityVerification.id.desc())
        .first()
    )
