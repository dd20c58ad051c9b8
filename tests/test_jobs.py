"""The job queue and notify(): which queue the config picks, enqueueing, sending, retrying, and
keeping a mail that cannot be sent."""

import email
import email.policy
import functools
import secrets
import smtplib
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
import redis
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from models import Appointment, FailedMail
from services import jobs, mailer
from services.actor import SYSTEM
from services.clock import utc_now
from services.notify import SUBJECTS, notify, render
from services.outbox import retry_mail
from tests.helpers import make_app

BASE = {
    "TESTING": False,
    "JOBS_IMMEDIATE": False,
    "REDIS_URL": "",
    "REDIS_PREFIX": "v:",
    "JOBS_DATABASE": "/tmp/x.db",
}


def outbox(tmp_path) -> list:
    folder = tmp_path / "outbox"
    files = sorted(folder.iterdir()) if folder.exists() else []
    return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]


@pytest.mark.parametrize(
    ("changes", "storage"),
    [
        ({}, SqliteStorage),
        ({"REDIS_URL": "redis://127.0.0.1:6399/0"}, RedisStorage),
        ({"TESTING": True}, MemoryStorage),
        ({"JOBS_IMMEDIATE": True, "REDIS_URL": "redis://127.0.0.1:6399/0"}, MemoryStorage),
    ],
)
def test_the_config_picks_the_queue(changes, storage, tmp_path):
    config = BASE | {"JOBS_DATABASE": str(tmp_path / "jobs.db")} | changes
    opened = jobs.storage_opener(config)()
    assert type(opened) is storage
    if storage is SqliteStorage:
        assert opened.filename == str(tmp_path / "jobs.db")
    if storage is RedisStorage:  # the prefix keeps two deployments sharing a Redis apart
        assert opened.queue_key == "huey.redis.v:jobs"


def test_building_an_app_opens_no_queue_file(tmp_path):
    from app import create_app

    create_app(
        {
            "JOBS_DATABASE": str(tmp_path / "jobs.db"),
            "DATABASE_URL": "sqlite://",
            "SECRET_KEY": "a-production-like-key-0123456789abcdef",
            "PUBLIC_URL": "https://citas.corte.pe",
        }
    )
    assert not (tmp_path / "jobs.db").exists() and not jobs.huey.immediate


@pytest.fixture
def queued(app):
    """The queue as production has it (jobs wait for a worker), in memory."""
    jobs.huey.configure(functools.partial(MemoryStorage, jobs.NAME), immediate=False)
    yield jobs.huey
    jobs.huey.configure(functools.partial(MemoryStorage, jobs.NAME), immediate=True)


def run_pending(huey) -> int:
    """Do what the worker does with every job waiting now; how many ran."""
    ran = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        ran += 1
    return ran


ANA = SimpleNamespace(names="Ana", full_name="Ana Quispe")


def test_every_kind_has_its_template_and_renders_without_a_request(app):
    with app.app_context():
        for kind in SUBJECTS:
            assert app.jinja_env.get_template(f"mail/{kind}.txt")
        subject, body = render("confirm_email", user=ANA, token="abc", hours=48)
    assert subject == "Confirme su correo electrónico"
    assert body.startswith("Hola, Ana:")
    # No request (the worker, the CLI): links are on PUBLIC_URL all the same.
    assert "http://localhost/cuenta/confirmar/abc" in body


def test_links_use_public_url_when_set(app):
    app.config["PUBLIC_URL"] = "https://citas.corte.pe/"
    with app.app_context():
        _, body = render("confirm_email", user=ANA, token="abc", hours=48)
    with app.test_request_context(base_url="http://10.0.0.5:8000"):
        _, in_a_request = render("confirm_email", user=ANA, token="abc", hours=48)
    assert "https://citas.corte.pe/cuenta/confirmar/abc" in body
    assert "https://citas.corte.pe/cuenta/confirmar/abc" in in_a_request


def test_a_request_never_puts_its_own_host_in_links(database_url, tmp_path):
    """Whoever sends a request writes its Host header: without PUBLIC_URL (development, tests)
    links go to the development server, never to that host."""
    app = make_app(database_url, tmp_path, PUBLIC_URL="", TRUSTED_HOSTS=["evil.example"])
    with app.test_request_context(base_url="http://evil.example"):
        _, body = render("confirm_email", user=ANA, token="abc", hours=48)
    assert "evil.example" not in body
    assert "http://127.0.0.1:5000/cuenta/confirmar/abc" in body


def test_notify_enqueues_and_the_worker_sends(app, queued, tmp_path):
    with app.app_context():
        notify("ana@example.pe", "account_locked", user=ANA, minutes=15)
        assert queued.pending_count() == 1 and outbox(tmp_path) == []
        assert run_pending(queued) == 1
    [message] = outbox(tmp_path)
    assert message["To"] == "ana@example.pe"
    assert message["Subject"] == "Bloqueamos su cuenta por seguridad"
    assert "por 15 minutos" in message.get_body(("plain",)).get_content()


def test_inline_mode_sends_at_once(app, tmp_path):
    with app.app_context():
        notify("ana@example.pe", "account_locked", user=ANA, minutes=15)
    assert [m["To"] for m in outbox(tmp_path)] == ["ana@example.pe"]


class BrokenSMTP:
    """A mail server that is down: every connection fails."""

    tries = 0

    def __init__(self, host, port, timeout):
        type(self).tries += 1
        raise smtplib.SMTPConnectError(421, "Servicio no disponible")


@pytest.fixture
def broken_smtp(app, monkeypatch):
    BrokenSMTP.tries = 0
    monkeypatch.setattr(mailer.smtplib, "SMTP", BrokenSMTP)
    app.config.update(MAIL_SERVER="smtp.corte.pe", MAIL_RETRIES=2)
    return BrokenSMTP


def test_a_mail_that_keeps_failing_is_retried_then_kept(app, db, broken_smtp):
    with app.app_context():
        notify("ana@example.pe", "account_locked", user=ANA, minutes=15)
    assert broken_smtp.tries == 3  # the first try and two retries
    kept = FailedMail.get()
    assert (kept.to, kept.subject, kept.attempts) == (
        "ana@example.pe",
        "Bloqueamos su cuenta por seguridad",
        3,
    )
    assert "por 15 minutos" in kept.body and "Servicio no disponible" in kept.last_error


def test_retries_wait_longer_each_time(app, db, queued, broken_smtp):
    app.config["MAIL_RETRY_DELAY"] = 60
    later = datetime(2100, 1, 1)
    with app.app_context():
        notify("ana@example.pe", "account_locked", user=ANA, minutes=15)
        started = queued._get_timestamp()  # huey's own clock: real time, UTC
        run_pending(queued)  # the first try fails
        [first] = queued.read_schedule(later)
        first_eta, first_retries = first.eta, first.retries
        queued.execute(first, timestamp=first.eta)  # the worker, when its time comes
        [second] = queued.read_schedule(later)
    assert (first_retries, second.retries) == (1, 0)
    assert abs(first_eta - started - timedelta(seconds=60)) < timedelta(seconds=5)
    assert abs(second.eta - started - timedelta(seconds=120)) < timedelta(seconds=5)
    assert FailedMail.select().count() == 0  # one try is still left


def test_a_kept_ticket_mail_is_sent_again_with_its_attachments(
    app, client, db, broken_smtp, tmp_path
):
    from tests.helpers import book

    book(client)
    kept = FailedMail.get()
    assert '"ticket_pdf"' in kept.attachments and '"ticket_ics"' in kept.attachments
    app.config["MAIL_SERVER"] = ""  # the mail server is back
    with app.app_context():
        assert retry_mail(kept.id, actor=SYSTEM, now=utc_now()).to == kept.to
        assert retry_mail(kept.id, actor=SYSTEM, now=utc_now()) is None  # a second click
    assert FailedMail.select().count() == 0
    [message] = outbox(tmp_path)
    names = [part.get_filename() for part in message.walk() if part.get_filename()]
    code = Appointment.get().code
    assert names == [f"cita-{code}.pdf", f"cita-{code}.ics"]


def test_a_queue_that_refuses_the_job_keeps_the_mail(app, db, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("Redis no responde")

    monkeypatch.setattr(jobs.huey, "enqueue", down)
    with app.app_context():
        notify("ana@example.pe", "account_locked", user=ANA, minutes=15)
    kept = FailedMail.get()
    assert kept.attempts == 0 and "Redis no responde" in kept.last_error


@pytest.fixture(params=["sqlite", "redis"])
def real_queue(request, app, tmp_path):
    """The queue a worker reads in production: a SQLite file, or Redis (db 15, a prefix of this
    test's own, deleted afterwards)."""
    prefix = f"test-{secrets.token_hex(4)}:"
    config = BASE | {"JOBS_DATABASE": str(tmp_path / "jobs.db"), "REDIS_PREFIX": prefix}
    if request.param == "redis":
        config["REDIS_URL"] = request.getfixturevalue("redis_url")
        client = redis.Redis.from_url(config["REDIS_URL"])
    jobs.huey.configure(jobs.storage_opener(config), immediate=False)
    yield jobs.huey
    jobs.huey.storage.flush_all()
    jobs.huey.configure(functools.partial(MemoryStorage, jobs.NAME), immediate=True)
    if request.param == "redis":
        assert not list(client.scan_iter(f"*{prefix}*"))  # flushed: nothing of ours is left
        client.close()


def test_a_mail_waits_in_the_real_queue_until_the_worker_takes_it(app, real_queue, tmp_path):
    with app.app_context():
        notify("ana@example.pe", "account_locked", user=ANA, minutes=15)
        assert real_queue.pending_count() == 1 and outbox(tmp_path) == []
        assert run_pending(real_queue) == 1
        assert real_queue.pending_count() == 0
    assert [m["To"] for m in outbox(tmp_path)] == ["ana@example.pe"]


def test_with_jobs_immediate_the_worker_still_runs_the_periodic_jobs(app, monkeypatch):
    """Reminders and the clean-up come only from the worker's scheduler: with every other job
    run inline, the worker keeps a queue of its own in memory for them instead of refusing."""
    seen = {}

    def consumer(**options):
        seen.update(options, immediate=jobs.huey.immediate, storage=type(jobs.huey.storage))
        return SimpleNamespace(run=lambda: None)

    monkeypatch.setattr(jobs.huey, "create_consumer", consumer)
    try:
        result = app.test_cli_runner().invoke(args=["worker"])
    finally:
        jobs.huey.configure(functools.partial(MemoryStorage, jobs.NAME), immediate=True)
    assert result.exit_code == 0, result.output
    assert "solo ejecuta los trabajos periódicos" in result.output
    assert seen["periodic"] is True and seen["immediate"] is False
    assert seen["storage"] is MemoryStorage
