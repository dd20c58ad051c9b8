"""The accounts' use cases as the CLI, the API or a job would call them: no request, the actor
and the instant passed in (the pages are tested through HTTP in tests/blueprints/)."""

import functools
import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from huey.storage import MemoryStorage

from domain import lockout
from domain.passwords import WeakPassword
from models import AuditEvent, FailedMail, OneTimeCode, User, UserSession
from services import accounts, clock, jobs, limits, recovery, signin
from services.actor import SYSTEM, Actor
from services.clock import utc_now
from tests.helpers import mails

PASSWORD = "Clave-Segura-2026"
NEW_PASSWORD = "Otra-Clave-Nueva-77"
ANA = accounts.NewAccount(
    email="Ana@Example.pe",
    doc_type="DNI",
    doc_number="45678901",
    birth_date=date(1990, 5, 17),
    names="Ana  María",
    surnames="Quispe Mamani",
    phone="987654321",
    password=PASSWORD,
)
HERE = Actor(address="10.0.0.7")


@pytest.fixture
def app_context(app, db):
    with app.app_context():
        yield


def last_body(tmp_path) -> str:
    return mails(tmp_path)[-1].get_body(("plain",)).get_content()


def confirmed_ana(tmp_path) -> User:
    accounts.register(ANA, actor=HERE, now=utc_now())
    token = re.search(r"/cuenta/confirmar/(\S+)", last_body(tmp_path)).group(1)
    return accounts.confirm_email(token, actor=HERE, now=utc_now())


def test_registering_and_confirming_need_no_request(app_context, tmp_path):
    accounts.register(ANA, actor=HERE, now=utc_now())
    user = User.get()
    assert (user.email, user.names, user.email_confirmed) == ("ana@example.pe", "Ana María", False)
    event = AuditEvent.get(AuditEvent.action == "registro")
    assert (event.actor.id, event.ip) == (user.id, "10.0.0.7")
    token = re.search(r"http://localhost/cuenta/confirmar/(\S+)", last_body(tmp_path))[1]
    assert accounts.confirm_email(token, actor=HERE, now=utc_now()).id == user.id
    assert User.get().email_confirmed and User.get().casillero
    with pytest.raises(accounts.LinkInvalid):
        accounts.confirm_email(token + "x", actor=HERE, now=utc_now())


def test_registering_again_only_warns_the_owner(app_context, tmp_path):
    confirmed_ana(tmp_path)
    accounts.register(ANA, actor=HERE, now=utc_now())
    assert User.select().count() == 1
    assert mails(tmp_path)[-1]["Subject"] == "Alguien intentó registrarse con sus datos"


def test_registrations_are_counted_per_address_before_the_password(app_context):
    weak, now = accounts.NewAccount(**(vars(ANA) | {"password": "corta"})), utc_now()
    for _ in range(accounts.REGISTRATIONS_PER_HOUR):
        with pytest.raises(WeakPassword):
            accounts.register(weak, actor=HERE, now=now)
    with pytest.raises(limits.TooMany):
        accounts.register(ANA, actor=HERE, now=now)
    accounts.register(ANA, actor=Actor(address="10.0.0.8"), now=now)
    assert User.select().count() == 1


def attempt(login: str, password: str, now, device=None) -> str:
    """What signing in answers at `now`: "" when it signs in, else the refusal."""
    try:
        signin.sign_in(login, password, remember=False, actor=HERE, now=now, device=device)
    except signin.SignInRefused as refusal:
        return str(refusal)
    return ""


def fail_until_locked(login: str, now, most: int, device=None):
    """Wrong passwords, waiting out each delay the answers ask for, until the account is
    locked or `most` failures were made; (failures made, the instant reached)."""
    failures = 0
    while failures < most:
        answer = attempt(login, "Mala-Clave-1", now, device)
        if "no son correctos" in answer:
            failures += 1
        elif wait := re.search(r"espere (\d+) segundos", answer):
            now += timedelta(seconds=int(wait[1]))
        else:
            break
    return failures, now


def test_failures_slow_down_then_lock_the_account_on_the_instants_passed_in(app_context, tmp_path):
    user = confirmed_ana(tmp_path)
    failures, now = fail_until_locked("ana@example.pe", utc_now(), most=30)
    assert failures == lockout.LOCK_AFTER
    assert AuditEvent.get(AuditEvent.action == "bloqueo").detail == "10 intentos desde otros"
    assert mails(tmp_path)[-1]["Subject"] == "Bloqueamos su cuenta por seguridad"
    assert "bloqueada por 15 minutos" in attempt("45678901", PASSWORD, now)
    now += timedelta(minutes=lockout.LOCK_MINUTES)
    signed_in = signin.sign_in("45678901", PASSWORD, remember=True, actor=HERE, now=now)
    assert signed_in.id == UserSession.resume(signed_in.get_id(), now).id == user.id


def test_failures_straddling_the_edge_of_a_fixed_window_still_lock(app_context, tmp_path):
    """18 failures, 9 before and 9 after the edge of a 15-minute window (now // 900): fixed
    windows counted 9 and 9, and locked nothing. The window slides: the 10th locks."""
    confirmed_ana(tmp_path)
    moment = limits.timestamp_of(utc_now())
    edge = utc_now() + timedelta(seconds=lockout.WINDOW_SECONDS - moment % lockout.WINDOW_SECONDS)
    # The first 9 failures, with their delays (1+2+4+8+16+32 s), take 63 s: the 9th falls
    # 7 s before the edge, and the 60 s the 9th costs carry the 10th past it.
    failures, now = fail_until_locked("ana@example.pe", edge - timedelta(seconds=70), most=18)
    assert failures == lockout.LOCK_AFTER and now > edge
    assert "bloqueada por 15 minutos" in attempt("ana@example.pe", PASSWORD, now)
    assert AuditEvent.select().where(AuditEvent.action == "bloqueo").count() == 1


def test_a_device_that_signed_in_before_keeps_its_own_allowance(app_context, tmp_path):
    user = confirmed_ana(tmp_path)
    phone = signin.device_token(user)
    failures, now = fail_until_locked("ana@example.pe", utc_now(), most=30)
    assert failures == lockout.LOCK_AFTER
    assert "bloqueada" in attempt("ana@example.pe", PASSWORD, now)  # a stranger
    assert attempt("ana@example.pe", PASSWORD, now, device=phone) == ""
    someone_elses = signin.device_token(User(id=user.id + 1))
    assert "bloqueada" in attempt("ana@example.pe", PASSWORD, now, device=someone_elses)


def test_a_known_device_that_fails_too_often_locks_only_itself(app_context, tmp_path):
    user = confirmed_ana(tmp_path)
    phone = signin.device_token(user)  # a stolen cookie, say
    failures, now = fail_until_locked("ana@example.pe", utc_now(), most=30, device=phone)
    assert failures == lockout.LOCK_AFTER
    assert "bloqueada" in attempt("ana@example.pe", PASSWORD, now, device=phone)
    assert attempt("ana@example.pe", PASSWORD, now) == ""  # strangers' count is untouched
    lock = AuditEvent.get(AuditEvent.action == "bloqueo")
    assert lock.detail == "10 intentos desde un dispositivo conocido"
    assert "Bloqueamos su cuenta por seguridad" not in [m["Subject"] for m in mails(tmp_path)]


def test_signing_out_everywhere_ends_every_sign_in(app_context, tmp_path):
    confirmed_ana(tmp_path)
    phone = signin.sign_in("ana@example.pe", PASSWORD, remember=True, actor=HERE, now=utc_now())
    laptop = signin.sign_in("ana@example.pe", PASSWORD, remember=False, actor=HERE, now=utc_now())
    assert signin.sign_out_everywhere(laptop, actor=Actor(laptop), now=utc_now()) == 2
    assert UserSession.resume(phone.get_id(), utc_now()) is None


def test_a_code_asked_for_outside_a_request_links_to_the_local_server(app_context, tmp_path):
    user = confirmed_ana(tmp_path)
    signin.sign_in("ana@example.pe", PASSWORD, remember=True, actor=HERE, now=utc_now())
    recovery.request_code(" 45678901 ", actor=SYSTEM, now=utc_now())
    body = last_body(tmp_path)
    assert "http://localhost/cuenta/recuperar/codigo" in body
    code = re.search(r"^\s+(\d{8})$", body, re.M)[1]
    with pytest.raises(recovery.WrongCode):
        recovery.reset_with_code("45678901", "00000000", NEW_PASSWORD, actor=SYSTEM, now=utc_now())
    recovery.reset_with_code("45678901", code, NEW_PASSWORD, actor=SYSTEM, now=utc_now())
    assert User.get().check_password(NEW_PASSWORD)
    assert not UserSession.select().where(UserSession.revoked_at.is_null()).exists()
    assert AuditEvent.get(AuditEvent.action == "recuperacion").actor.id == user.id


@pytest.fixture
def waiting_queue():
    """Call it to make jobs wait in memory for a worker, as they wait in the SQLite queue in
    production; they run inline again after the test."""
    yield lambda: jobs.huey.configure(functools.partial(MemoryStorage, jobs.NAME), immediate=False)
    jobs.huey.configure(functools.partial(MemoryStorage, jobs.NAME), immediate=True)


def run_waiting_jobs(huey) -> None:
    """What the worker does: every job waiting, and those they queue, until none is left."""
    while (task := huey.dequeue()) is not None:
        huey.execute(task)


def test_a_code_sent_by_a_late_worker_lasts_its_30_minutes_from_when_it_is_sent(
    app_context, tmp_path, waiting_queue
):
    confirmed_ana(tmp_path)
    waiting_queue()
    recovery.request_code("ana@example.pe", actor=HERE, now=utc_now())
    clock.advance(timedelta(minutes=45))  # the worker was down for three quarters of an hour
    run_waiting_jobs(jobs.huey)  # the code job, then the mail it queued
    code = re.search(r"^\s+(\d{8})$", last_body(tmp_path), re.M)[1]
    clock.advance(timedelta(minutes=recovery.CODE_MINUTES - 1))
    recovery.reset_with_code("ana@example.pe", code, NEW_PASSWORD, actor=HERE, now=utc_now())
    assert User.get().check_password(NEW_PASSWORD)


def test_a_queue_that_cannot_be_reached_still_makes_the_code_and_keeps_its_mail(
    app_context, tmp_path, monkeypatch
):
    confirmed_ana(tmp_path)
    mail_count = len(mails(tmp_path))

    def unreachable(*args, **kwargs):
        raise OSError("sin cola")

    monkeypatch.setattr(jobs.huey, "enqueue", unreachable)
    recovery.request_code("ana@example.pe", actor=HERE, now=utc_now())  # no exception
    assert OneTimeCode.select().count() == 1
    [kept] = FailedMail.select()
    assert (
        kept.subject == "Su código para recuperar la contraseña" and "sin cola" in kept.last_error
    )
    assert len(mails(tmp_path)) == mail_count


def test_a_copy_of_a_registration_that_lost_the_race_answers_like_the_first(
    app_context, tmp_path, monkeypatch
):
    accounts.register(ANA, actor=HERE, now=utc_now())  # the first click, committed
    # The second click looked the account up before the first one committed: it saw none.
    unseen = {"by_email": 1, "by_document": 1}
    for name in unseen:
        real = getattr(User, name)

        def lookup(*args, _real=real, _name=name):
            if unseen[_name]:
                unseen[_name] -= 1
                return None
            return _real(*args)

        monkeypatch.setattr(User, name, staticmethod(lookup))
    accounts.register(ANA, actor=HERE, now=utc_now())  # no IntegrityError
    assert User.select().count() == 1
    assert [m["Subject"] for m in mails(tmp_path)] == ["Confirme su correo electrónico"]
    assert AuditEvent.select().where(AuditEvent.action == "registro").count() == 1


def test_a_taken_email_costs_the_same_work_as_a_new_account(app_context, tmp_path, monkeypatch):
    """Timing is measured in bench/mail_timing.py; here, that both ways hash the password,
    look up the e-mail and the document, write in one transaction and queue one e-mail."""
    work = []

    def counted(name, real):
        return lambda *args, **kwargs: work.append(name) or real(*args, **kwargs)

    hasher = accounts.HASHER
    monkeypatch.setattr(accounts, "HASHER", SimpleNamespace(hash=counted("hash", hasher.hash)))
    for name in ("by_email", "by_document"):
        monkeypatch.setattr(User, name, staticmethod(counted(name, getattr(User, name))))
    monkeypatch.setattr(accounts, "write_transaction", counted("write", accounts.write_transaction))
    monkeypatch.setattr(accounts, "notify", counted("mail", accounts.notify))
    accounts.register(ANA, actor=HERE, now=utc_now())
    new_account, work[:] = list(work), []
    accounts.register(ANA, actor=HERE, now=utc_now())  # the e-mail and the document are taken
    assert work == new_account == ["hash", "by_email", "by_document", "write", "mail"]
    assert [m["Subject"] for m in mails(tmp_path)][
        -1
    ] == "Alguien intentó registrarse con sus datos"
