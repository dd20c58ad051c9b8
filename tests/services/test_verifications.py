"""The verifier's decision, called directly: once, never on one's own request, audited, told."""

from pathlib import Path

import pytest

from domain.roles import Role
from domain.states import IdentityAction, IdentityStatus, NotPermitted, WrongState
from models import AuditEvent, IdentityVerification, User
from services.actor import SYSTEM, Actor
from services.clock import utc_now
from services.verifications import decide
from tests.helpers import mails

ALREADY = "Otra persona ya resolvió esta solicitud"


def outbox(app) -> list:
    return mails(Path(app.config["OUTBOX_FOLDER"]).parent)


def person(email_address, roles="", **extra) -> User:
    user = User(
        email=email_address,
        full_name="Ana María Quispe Mamani",
        roles=roles,
        is_staff=bool(roles),
        created_at=utc_now(),
        **extra,
    )
    user.set_password("Clave-Segura-2026")
    user.save()
    return user


def request_of(user) -> IdentityVerification:
    User.update(identity_status=IdentityStatus.PENDIENTE).where(User.id == user.id).execute()
    return IdentityVerification.create(
        user=user,
        submitted_at=utc_now(),
        document_file="dni.jpg",
        document_mime="image/jpeg",
        video_file="video.mp4",
        video_mime="video/mp4",
    )


@pytest.fixture
def verifier(ctx) -> Actor:
    return Actor(person("verifica@corte.pe", Role.VERIFICADOR), "10.0.0.7")


@pytest.fixture
def pending(ctx) -> IdentityVerification:
    return request_of(person("ana@example.pe"))


def test_an_approval_is_written_audited_and_told(ctx, verifier, pending):
    now = utc_now()
    assert decide(pending, IdentityAction.APROBAR, actor=verifier, now=now) == "aprobada"
    decided = IdentityVerification.get_by_id(pending.id)
    assert decided.status == IdentityStatus.APROBADA and decided.reviewed_at == now
    assert decided.reviewer_id == verifier.user.id
    assert User.get(User.email == "ana@example.pe").identity_status == IdentityStatus.APROBADA
    event = AuditEvent.get(AuditEvent.action == "verificacion_aprobada")
    assert (event.subject, event.detail, event.at) == ("ana@example.pe", f"#{pending.id}", now)
    assert (event.actor_label, event.ip) == ("verifica@corte.pe", "10.0.0.7")
    [mail] = outbox(ctx)
    assert mail["To"] == "ana@example.pe" and mail["Subject"] == "Su identidad fue verificada"


def test_a_rejection_keeps_the_reason_for_the_person(ctx, verifier, pending):
    reason = "El video no dice el número de documento"
    status = decide(pending, IdentityAction.RECHAZAR, reason, actor=verifier, now=utc_now())
    assert status == IdentityStatus.RECHAZADA
    user = User.get(User.email == "ana@example.pe")
    assert (user.identity_status, user.identity_reason) == (IdentityStatus.RECHAZADA, reason)
    assert AuditEvent.get(AuditEvent.action == "verificacion_rechazada").detail == reason
    [mail] = outbox(ctx)
    assert mail["Subject"] == "Su verificación de identidad fue rechazada"
    assert f"Motivo: {reason}" in mail.get_content()


def test_a_request_already_decided_is_not_decided_again(ctx, verifier, pending):
    decide(pending, IdentityAction.APROBAR, actor=verifier, now=utc_now())
    again = IdentityVerification.get_by_id(pending.id)
    with pytest.raises(WrongState, match=ALREADY):
        decide(again, IdentityAction.RECHAZAR, "Tarde", actor=verifier, now=utc_now())
    assert IdentityVerification.get_by_id(pending.id).status == IdentityStatus.APROBADA
    assert AuditEvent.select().where(AuditEvent.action.startswith("verificacion_")).count() == 1
    assert len(outbox(ctx)) == 1


def test_of_two_verifiers_racing_only_the_first_counts(ctx, verifier, pending):
    """The second read the request while it was still pending: its write finds it decided."""
    admin = Actor(person("admin@corte.pe", Role.ADMINISTRADOR))
    stale = IdentityVerification.get_by_id(pending.id)
    decide(pending, IdentityAction.APROBAR, actor=verifier, now=utc_now())
    with pytest.raises(WrongState, match=ALREADY):
        decide(stale, IdentityAction.RECHAZAR, "Tarde", actor=admin, now=utc_now())
    assert User.get(User.email == "ana@example.pe").identity_status == IdentityStatus.APROBADA
    assert not AuditEvent.select().where(AuditEvent.action == "verificacion_rechazada").exists()
    assert len(outbox(ctx)) == 1


def test_nobody_decides_on_their_own_request(ctx, verifier):
    own = request_of(verifier.user)
    with pytest.raises(NotPermitted, match="su propia identidad"):
        decide(own, IdentityAction.APROBAR, actor=verifier, now=utc_now())
    assert IdentityVerification.get_by_id(own.id).status == IdentityStatus.PENDIENTE
    assert not outbox(ctx) and not AuditEvent.select().exists()


@pytest.mark.parametrize("roles", [Role.MESA_DE_PARTES, ""])
def test_only_verifiers_decide(ctx, pending, roles):
    actor = Actor(person("mesa@corte.pe", roles)) if roles else SYSTEM
    with pytest.raises(NotPermitted, match="Su rol no le permite aprobar"):
        decide(pending, IdentityAction.APROBAR, actor=actor, now=utc_now())
    assert IdentityVerification.get_by_id(pending.id).status == IdentityStatus.PENDIENTE
    assert not outbox(ctx)
