"""Recovery by personal data (seed 003, b), for people who lost their e-mail.

Document, birth date and names are often public or leaked, so they only open a request;
nothing changes in the account until it is proven:
  1. the data and the new address are given: the same answer and work whether or not they
     match (the job does the rest); a match opens a request, tells the old address (with a
     link to stop it) and sends the new one a link to a fresh identity verification
     (services.identity.submit_for_recovery);
  2. a verifier approves that verification (services/verifications.py);
  3. the new address gets a link to set the password; only then the account moves to the new
     address, gets the password, every sign-in ends and the old address is told.
The owner can stop it at any step before 3 ends; the account works as usual meanwhile. The
request's states are domain.states.RECOVERY.
"""

from datetime import date, datetime

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from peewee import IntegrityError

from db import write_transaction
from domain.clock import stamp
from domain.names import names_match
from domain.passwords import check_password
from domain.roles import AS_CITIZEN
from domain.states import LIVE_RECOVERY, RECOVERY, RecoveryAction, RecoveryStatus, WrongState
from models import Court, RecoveryRequest, User
from services import audit, jobs, limits
from services.accounts import AddressTaken, password_policy, password_words, store_password
from services.actor import Actor
from services.clock import utc_now
from services.notify import notify, public_url
from services.recovery import REQUESTS_PER_ACCOUNT, REQUESTS_PER_ADDRESS, log
from services.signin import forget_failures

DATA_SENT = (
    "Recibimos su pedido. Si los datos corresponden a una cuenta, enviamos a su correo nuevo un "
    "enlace para verificar su identidad, y avisamos al correo anterior de la cuenta. Revise "
    "su correo nuevo, también la carpeta de correo no deseado."
)
IDENTITY_DAYS = 7  # for sending the document and the video
PASSWORD_HOURS = 24  # for setting the password once approved
STOP_DAYS = 60  # the owner's stop link: longer than any request stays under way
REQUESTS_PER_NEW_EMAIL = 3  # per hour: one mailbox cannot be used to probe many documents
LINK_INVALID = "El enlace no es válido. Cópielo completo del correo."
LINK_EXPIRED = "El enlace venció. Si aún lo necesita, pida la recuperación otra vez."
NOT_LIVE = "Esta solicitud de recuperación ya no está en curso: {status}."
TAKEN = (
    "Otra cuenta ya usa el correo {email}. Pida la recuperación otra vez con otro correo, o "
    "acérquese a la mesa de partes con su documento."
)


class BadLink(Exception):
    """A recovery link that is not ours (or not for this step), or expired."""


class _SignerAt(TimestampSigner):
    """Stamps and ages links on the app's clock (the `now` use cases get), not the wall's."""

    def __init__(self, *args, at: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.at = at

    def get_timestamp(self) -> int:
        return self.at


def _signer(purpose: str, now: datetime) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.secret_key,
        salt=f"recuperar-por-datos:{purpose}",
        signer=_SignerAt,
        signer_kwargs={"at": int(limits.timestamp_of(now))},
    )


def link_token(request: RecoveryRequest, purpose: str, now: datetime) -> str:
    """A signed link for one step of one request, made at `now`; which steps: LINK_AGES."""
    return _signer(purpose, now).dumps({"id": request.id, "to": request.new_email})


LINK_AGES = {  # purpose: how long its link works
    "identidad": IDENTITY_DAYS * 86400,
    "clave": PASSWORD_HOURS * 3600,
    "detener": STOP_DAYS * 86400,
}


def request_of_link(token: str, purpose: str, now: datetime) -> RecoveryRequest:
    """The request a link names; BadLink if it is no link of ours for `purpose` or expired at
    `now`. Whether the request still allows the step is the step's own check (a replay)."""
    try:
        data = _signer(purpose, now).loads(token or "", max_age=LINK_AGES[purpose])
    except SignatureExpired:
        raise BadLink(LINK_EXPIRED) from None
    except BadSignature:
        raise BadLink(LINK_INVALID) from None
    request = RecoveryRequest.get_or_none(RecoveryRequest.id == data["id"])
    if request is None or request.new_email != data["to"]:
        raise BadLink(LINK_INVALID)
    return request


def not_live(request: RecoveryRequest) -> str:
    return NOT_LIVE.format(status=request.status_label.lower())


def _matching_account(doc_type, doc_number, birth_date, names, surnames) -> User | None:
    user = User.by_document(doc_type, doc_number)
    if not user or not user.active or user.birth_date != birth_date:
        return None
    return user if names_match((names, surnames), (user.names, user.surnames)) else None


def request_by_data(
    doc_type: str,
    doc_number: str,
    birth_date: date,
    names: str,
    surnames: str,
    new_email: str,
    *,
    actor: Actor,
    now: datetime,
) -> None:
    """Ask to recover the account these data are of, at `new_email`. The same work and answer
    whether they match or not: the rate limits, one audit row, one job (open_data_recovery).
    TooMany past the address's, the document's or the new e-mail's hourly limit."""
    document = f"{doc_type} {doc_number}"
    new_email = new_email.strip().lower()
    timestamp = limits.timestamp_of(now)
    limits.check(f"recover-data-ip:{actor.address}", REQUESTS_PER_ADDRESS, 3600, timestamp)
    limits.check(f"recover-data-doc:{document}", REQUESTS_PER_ACCOUNT, 3600, timestamp)
    limits.check(f"recover-data-to:{new_email}", REQUESTS_PER_NEW_EMAIL, 3600, timestamp)
    audit.log(actor, "recuperacion_por_datos_pedida", now, subject=document, detail=new_email)
    job = (doc_type, doc_number, birth_date, names, surnames, new_email, actor.address, now)
    try:
        open_data_recovery(*job)
    except Exception:  # the queue's storage is down: do it here; notify keeps its mail
        log.exception("No se pudo poner en cola la recuperación por datos")
        open_data_recovery.call_local(*job)


@jobs.task()
def open_data_recovery(
    doc_type: str,
    doc_number: str,
    birth_date: date,
    names: str,
    surnames: str,
    new_email: str,
    address: str,
    asked_at: datetime,
) -> None:
    """Open the request if the data are an active account's: tell its address (with the stop
    link) and send `new_email` the link to verify the identity. If not, tell `new_email` the
    data matched no account, so a person who mistyped is not left waiting. A job reads the
    clock itself."""
    now = max(asked_at, utc_now())
    actor = Actor(None, address)
    user = _matching_account(doc_type, doc_number, birth_date, names, surnames)
    if user is None:
        owner = User.by_document(doc_type, doc_number)
        document = f"{doc_type} {doc_number}"
        audit.log(actor.acting_as(owner), "recuperacion_por_datos_fallida", now, subject=document)
        notify(new_email, "recovery_no_match", link=public_url("accounts.recover_data"))
        return
    other = User.by_email(new_email)
    if other and other.id != user.id:  # it could never move there: say so before any upload
        audit.log(actor.acting_as(user), "recuperacion_por_datos_correo_en_uso", now, new_email)
        notify(new_email, "recovery_address_taken", link=public_url("accounts.recover_data"))
        return
    with write_transaction():
        request = RecoveryRequest.create(user=user, new_email=new_email, created_at=now, ip=address)
        audit.log(
            actor.acting_as(user),
            "recuperacion_por_datos_abierta",
            now,
            subject=user.email,
            detail=f"solicitud #{request.id}, correo nuevo {new_email}",
        )
    when = stamp(Court.current().local_time(now))
    stop = public_url("accounts.recover_stop", token=link_token(request, "detener", now))
    notify(user.email, "recovery_started", user=user, new_email=new_email, when=when, link=stop)
    upload = public_url("accounts.recover_identity", token=link_token(request, "identidad", now))
    notify(new_email, "recovery_continue", user=user, link=upload, days=IDENTITY_DAYS)


def live_requests(user: User) -> list[RecoveryRequest]:
    """The account's requests still under way, newest first: its page warns the owner, who
    may not read the old address any more than the person asking does."""
    return list(
        RecoveryRequest.select()
        .where(RecoveryRequest.user == user.id, RecoveryRequest.status.in_(LIVE_RECOVERY))
        .order_by(RecoveryRequest.created_at.desc())
    )


def request_of_owner(user: User, request_id: int) -> RecoveryRequest | None:
    """One of the account's requests, live or not; None for anyone else's."""
    return RecoveryRequest.get_or_none(
        RecoveryRequest.id == request_id, RecoveryRequest.user == user.id
    )


def _move(request: RecoveryRequest, status: str, now: datetime) -> None:
    """Move the request on only from the state it was read in: of two tabs, or a stop and an
    approval at the same moment, one wins and the other is told why (WrongState)."""
    won = (
        RecoveryRequest.update(status=status, decided_at=now)
        .where(RecoveryRequest.id == request.id, RecoveryRequest.status == request.status)
        .execute()
    )
    if not won:
        raise WrongState(not_live(RecoveryRequest.get_by_id(request.id)))


def stop(request: RecoveryRequest, *, actor: Actor, now: datetime) -> None:
    """The owner, from the link sent to the account's address or signed in on the account's
    page, stops the request; the new address is told. WrongState once it is over (stopped
    already, rejected, completed)."""
    status = RECOVERY.check(request.status, RecoveryAction.DETENER, AS_CITIZEN)
    with write_transaction():
        _move(request, status, now)
        audit.log(
            actor.acting_as(request.user),
            "recuperacion_detenida",
            now,
            subject=request.user.email,
            detail=f"solicitud #{request.id}",
        )
    request.status = status
    notify(request.new_email, "recovery_stopped", user=request.user)


def complete(request: RecoveryRequest, password: str, *, actor: Actor, now: datetime) -> User:
    """With the link sent to the new address once a verifier approved: move the account to
    that address, set its password, end every sign-in, close the account's other requests and
    tell the old address. WrongState if the request is not approved (or used a moment ago);
    WeakPassword; AddressTaken if another account has the new address by now."""
    user = request.user
    status = RECOVERY.check(request.status, RecoveryAction.COMPLETAR, AS_CITIZEN)
    address = request.new_email
    check_password(password, password_policy(), password_words(user.doc_number, address))
    old_email = user.email
    changes = {User.email: address, User.pending_email: None}
    if not user.email_confirmed:  # the link just proved the address
        changes[User.email_confirmed_at] = now
    user.set_password(password)  # argon2 outside the transaction: it takes ~20 ms
    try:
        with write_transaction():
            _move(request, status, now)
            User.update(changes).where(User.id == user.id).execute()
            store_password(user, now)  # also ends every sign-in
            RecoveryRequest.update(status=RecoveryStatus.ANULADA, decided_at=now).where(
                RecoveryRequest.user == user.id,
                RecoveryRequest.id != request.id,
                RecoveryRequest.status.in_(LIVE_RECOVERY),
            ).execute()
            audit.log(
                actor.acting_as(user),
                "recuperacion_por_datos",
                now,
                subject=old_email,
                detail=f"solicitud #{request.id}: correo {old_email} → {address}, contraseña "
                "nueva, sesiones cerradas",
            )
    except IntegrityError:
        raise AddressTaken(TAKEN.format(email=address)) from None
    user.email = address
    forget_failures(user, now)
    when = stamp(Court.current().local_time(now))
    notify(old_email, "recovered_by_data", user=user, new_email=address, when=when)
    return user
