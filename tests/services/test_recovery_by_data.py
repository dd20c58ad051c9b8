"""Recovery by personal data, called as use cases: nothing changes in the account until the
request is approved and completed; each step happens once; a stop wins over a late decision."""

import io
from datetime import date
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage

from domain.roles import Role
from domain.states import IdentityAction, IdentityStatus, RecoveryStatus, WrongState
from models import AuditEvent, IdentityVerification, RecoveryRequest, User, UserSession
from services import identity, recovery_by_data
from services.accounts import AddressTaken
from services.actor import Actor
from services.clock import utc_now
from services.verifications import decide
from tests.blueprints.identity_helpers import JPEG, MP4
from tests.helpers import PASSWORD, citizen, mails, staff

NEW = "ana.nueva@example.pe"
DATA = ("DNI", "45678901", date(1990, 5, 17), "Ana María", "Quispe Mamani")
STRANGER = Actor(None, "203.0.113.9")
NEW_PASSWORD = "Otra-Clave-Nueva-77"


def outbox(app) -> list:
    return mails(Path(app.config["OUTBOX_FOLDER"]).parent)


@pytest.fixture
def ana(ctx) -> User:
    return citizen()


@pytest.fixture
def verifier(ctx) -> Actor:
    return Actor(staff("verifica@corte.pe", Role.VERIFICADOR), "10.0.0.7")


def ask(*data, new_email=NEW) -> RecoveryRequest | None:
    recovery_by_data.request_by_data(*(data or DATA), new_email, actor=STRANGER, now=utc_now())
    return RecoveryRequest.select().order_by(RecoveryRequest.id.desc()).first()


def files() -> dict:
    return {
        "document": FileStorage(io.BytesIO(JPEG), "dni.jpg"),
        "video": FileStorage(io.BytesIO(MP4), "video.mp4"),
    }


def under_review() -> RecoveryRequest:
    request = ask()
    assert identity.submit_for_recovery(request, files(), actor=STRANGER, now=utc_now())
    return RecoveryRequest.get_by_id(request.id)


def approved(verifier) -> RecoveryRequest:
    request = under_review()
    decide(request.verification, IdentityAction.APROBAR, actor=verifier, now=utc_now())
    return RecoveryRequest.get_by_id(request.id)


def test_matching_data_open_a_request_and_change_nothing(app, ana):
    UserSession.start(ana, False, utc_now(), "10.0.0.1")
    request = ask()
    assert request.user_id == ana.id and request.new_email == NEW
    assert request.status == RecoveryStatus.ESPERANDO_IDENTIDAD and request.ip == STRANGER.address
    user = User.get_by_id(ana.id)
    assert user.email == "ana@example.pe" and user.check_password(PASSWORD)
    assert UserSession.get().revoked_at is None
    assert {mail["To"] for mail in outbox(app)} == {"ana@example.pe", NEW}


def test_unmatched_data_do_the_same_work_in_the_request_and_open_nothing(app, ana):
    ask()
    ask("DNI", "45678901", date(1990, 5, 18), "Ana María", "Quispe Mamani")
    asked = AuditEvent.select().where(AuditEvent.action == "recuperacion_por_datos_pedida")
    assert [event.subject for event in asked] == ["DNI 45678901"] * 2
    assert [event.actor for event in asked] == [None, None]  # the request names no account
    assert RecoveryRequest.select().count() == 1
    assert "no coinciden" in outbox(app)[-1].get_body(("plain",)).get_content()


def test_the_identity_files_go_once_and_leave_her_own_identity_alone(ana):
    request = ask()
    assert identity.submit_for_recovery(request, files(), actor=STRANGER, now=utc_now())
    with pytest.raises(WrongState):
        identity.submit_for_recovery(request, files(), actor=STRANGER, now=utc_now())
    request = RecoveryRequest.get_by_id(request.id)
    assert request.status == RecoveryStatus.EN_REVISION and request.verification is not None
    assert User.get_by_id(ana.id).identity_status == IdentityStatus.SIN_VERIFICAR
    assert identity.latest_request(ana) is None  # her identity page knows nothing of it


def test_nothing_completes_before_a_verifier_approves(ana):
    request = ask()
    with pytest.raises(WrongState):
        recovery_by_data.complete(request, NEW_PASSWORD, actor=STRANGER, now=utc_now())
    request = under_review()
    with pytest.raises(WrongState):
        recovery_by_data.complete(request, NEW_PASSWORD, actor=STRANGER, now=utc_now())
    assert User.get_by_id(ana.id).check_password(PASSWORD)


def test_completing_moves_the_account_ends_sessions_and_closes_other_requests(app, ana, verifier):
    UserSession.start(ana, True, utc_now(), "10.0.0.1")
    other = ask(new_email="otro@example.pe")
    request = approved(verifier)
    assert User.get_by_id(ana.id).identity_status == IdentityStatus.SIN_VERIFICAR
    user = recovery_by_data.complete(request, NEW_PASSWORD, actor=STRANGER, now=utc_now())
    user = User.get_by_id(user.id)
    assert user.email == NEW and user.check_password(NEW_PASSWORD) and user.email_confirmed
    assert UserSession.get().revoked_at is not None
    assert RecoveryRequest.get_by_id(request.id).status == RecoveryStatus.COMPLETADA
    assert RecoveryRequest.get_by_id(other.id).status == RecoveryStatus.ANULADA
    with pytest.raises(WrongState):  # the same link again
        recovery_by_data.complete(request, "Tercera-Clave-99", actor=STRANGER, now=utc_now())
    assert outbox(app)[-1]["To"] == "ana@example.pe"


def test_a_stop_during_review_wins_over_a_late_approval(ana, verifier):
    request = under_review()
    recovery_by_data.stop(request, actor=STRANGER, now=utc_now())
    with pytest.raises(WrongState, match="ya no está en revisión"):
        decide(request.verification, IdentityAction.APROBAR, actor=verifier, now=utc_now())
    assert IdentityVerification.get().status == IdentityStatus.PENDIENTE  # nothing written
    with pytest.raises(WrongState):  # stopped once
        recovery_by_data.stop(request, actor=STRANGER, now=utc_now())
    stopped = RecoveryRequest.get_by_id(request.id)
    assert stopped.status == RecoveryStatus.DETENIDA


def test_an_approved_request_can_still_be_stopped_and_then_not_completed(ana, verifier):
    request = approved(verifier)
    recovery_by_data.stop(request, actor=STRANGER, now=utc_now())
    with pytest.raises(WrongState):
        recovery_by_data.complete(request, NEW_PASSWORD, actor=STRANGER, now=utc_now())
    assert User.get_by_id(ana.id).email == "ana@example.pe"


def test_an_address_another_account_took_meanwhile_is_refused(ana, verifier):
    request = approved(verifier)
    citizen(NEW, "12345678")
    with pytest.raises(AddressTaken):
        recovery_by_data.complete(request, NEW_PASSWORD, actor=STRANGER, now=utc_now())
    user = User.get_by_id(ana.id)
    assert user.email == "ana@example.pe" and user.check_password(PASSWORD)
    assert RecoveryRequest.get_by_id(request.id).status == RecoveryStatus.APROBADA


def test_a_new_address_that_is_another_accounts_opens_nothing(app, ana):
    citizen(NEW, "12345678")
    assert ask() is None
    told = outbox(app)[-1]
    assert told["To"] == NEW and told["Subject"] == "Ese correo ya es de otra cuenta"
    assert User.get_by_id(ana.id).email == "ana@example.pe"
