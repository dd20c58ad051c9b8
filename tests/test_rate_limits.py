"""Rate limits and lock-outs count across workers: in the database, or in Redis when configured.

Two create_app() instances play two gunicorn workers (each has its own Redis client); a
subprocess plays a worker in another process. Every test runs with the counters in the
database (SQLite and PostgreSQL) and in Redis. The Redis tests use database 15 and delete
only the keys they made; they are skipped when Redis is not running, and fail under CI=true.
"""

import secrets
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis

from db import database
from domain import lockout
from models import AuditEvent, RateCounter, User
from services import clock as app_clock
from services import limits
from services.clock import utc_now
from tests.helpers import make_app

REDIS_PREFIX = "ventanilla:rl:"  # what limits.py puts before every key
PASSWORD = "Clave-Segura-2026"
START = 1_800_000_000  # a fake clock, on a whole minute (and hour), in 2027
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(params=["database", "redis"])
def store(request):
    """Where the counters live: "" for the database, else a Redis URL."""
    return "" if request.param == "database" else request.getfixturevalue("redis_url")


@pytest.fixture
def tag(store):
    """A key prefix of this test's own; its Redis keys are deleted afterwards."""
    prefix = f"test-{secrets.token_hex(6)}"
    yield prefix
    if store:
        client = redis.Redis.from_url(store)
        for name in client.scan_iter(f"{REDIS_PREFIX}{prefix}*"):
            client.delete(name)
        client.close()


@pytest.fixture
def workers(database_url, tmp_path, store):
    """Two apps on the same database and the same counters: two workers of one deployment."""
    apps = [make_app(database_url, tmp_path, REDIS_URL=store) for _ in range(2)]
    yield apps
    for app in apps:
        if "redis" in app.extensions:
            app.extensions["redis"].close()
    database.close()


@pytest.fixture
def clock():
    """The app's clock held still at START; tests move it forward by hand."""
    app_clock.set_now(datetime.fromtimestamp(START, UTC), frozen=True)
    return app_clock


def hit(app, key: str, seconds: int = 60) -> int:
    with app.app_context():
        return limits.hit(key, seconds, app_clock.timestamp())


def check(app, key: str, limit: int, seconds: int = 60) -> None:
    with app.app_context():
        limits.check(key, limit, seconds, app_clock.timestamp())


def count(app, key: str, seconds: int = 60) -> int:
    with app.app_context():
        return limits.count(key, seconds, app_clock.timestamp())


# --- limits.check -----------------------------------------------------------------------


def test_hits_on_two_workers_share_one_budget(workers, tag, clock):
    first, second = workers
    key = f"{tag}:register-ip:10.0.0.1"
    for app in (first, second, first, second, first):
        check(app, key, limit=5)
    with pytest.raises(limits.TooMany, match="demasiados intentos"):
        check(second, key, limit=5)
    assert count(first, key) == count(second, key) == 6


def test_the_window_resets_after_its_seconds(workers, tag, clock):
    first, second = workers
    key = f"{tag}:resend-ip:10.0.0.2"
    check(first, key, limit=2)
    check(second, key, limit=2)
    clock.advance(timedelta(seconds=59))
    with pytest.raises(limits.TooMany):
        check(first, key, limit=2)
    clock.advance(timedelta(seconds=1))  # a new 60-second window
    check(second, key, limit=2)
    assert count(first, key) == 1


def test_a_hit_taken_back_frees_its_place_on_every_worker_and_never_goes_below_zero(
    workers, tag, clock
):
    """A booking counted against its quotas and then refused (the place was lost) is taken
    back, so refused attempts do not use up a person's quota."""
    first, second = workers
    key = f"{tag}:book-document:DNI:45678901"
    hit(first, key, 3600)
    hit(second, key, 3600)
    with first.app_context():
        limits.unhit(key, 3600, app_clock.timestamp())
    assert count(second, key, 3600) == 1
    with second.app_context():
        limits.unhit(key, 3600, app_clock.timestamp())
        limits.unhit(key, 3600, app_clock.timestamp())
    assert count(first, key, 3600) == 0
    assert hit(first, key, 3600) == 1


def test_each_key_has_its_own_budget(workers, tag, clock):
    first, second = workers
    check(first, f"{tag}:a", limit=1)
    check(second, f"{tag}:b", limit=1)
    with pytest.raises(limits.TooMany):
        check(second, f"{tag}:a", limit=1)


def test_counters_live_where_the_configuration_says(workers, tag, clock, store):
    first, _ = workers
    hit(first, f"{tag}:where")
    with first.app_context():
        rows = RateCounter.select().where(RateCounter.key == f"{tag}:where").count()
    assert rows == (0 if store else 1)
    if store:
        client = redis.Redis.from_url(store)
        assert client.get(f"{REDIS_PREFIX}{tag}:where:{START}") == b"1"
        client.close()


SECOND_PROCESS = """
import sys
from services import limits
from app import create_app

url, redis_url, key, times = sys.argv[1:]
app = create_app({"DATABASE_URL": url, "REDIS_URL": redis_url, "TESTING": True})
with app.app_context():
    for _ in range(int(times)):
        limits.hit(key, 10**9, 1_800_000_000)
"""


def test_a_worker_in_another_process_adds_to_the_same_count(workers, tag, database_url, store):
    first, _ = workers
    key = f"{tag}:other-process"
    hit(first, key, 10**9)  # one window from 2001 to 2033: the test cannot straddle two
    subprocess.run(
        [sys.executable, "-c", SECOND_PROCESS, database_url, store, key, "4"],
        cwd=REPO,
        check=True,
        timeout=60,
    )
    assert count(first, key, 10**9) == 5


# --- sign-in lock-out -------------------------------------------------------------------


def make_person(app) -> User:
    """A citizen with an id and an address of its own, so Redis keys never meet another run's."""
    with app.app_context():
        user = User(
            id=10**6 + secrets.randbelow(10**8),
            email=f"{secrets.token_hex(4)}@example.pe",
            full_name="Ana Quispe",
            created_at=utc_now(),
        )
        user.set_password(PASSWORD)
        user.save(force_insert=True)
        return user


def browser(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def sign_in(client, login: str, password: str):
    return client.post("/cuenta/ingresar", data={"login": login, "password": password})


@pytest.fixture
def address(store):
    """A client address of this test's own; its Redis counters are deleted afterwards."""
    value = f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.{secrets.randbelow(256)}"
    yield value
    if store:
        client = redis.Redis.from_url(store)
        for name in client.scan_iter(f"{REDIS_PREFIX}login-ip:{value}:*"):
            client.delete(name)
        client.close()


# --- sliding windows (failed sign-ins) ---------------------------------------------------


def record(app, key: str, seconds: int = 60) -> int:
    with app.app_context():
        return limits.record(key, seconds, app_clock.timestamp())


def recent(app, key: str, seconds: int = 60) -> tuple[int, float | None]:
    with app.app_context():
        return limits.recent(key, seconds, app_clock.timestamp())


def test_a_sliding_window_counts_the_last_seconds_wherever_the_clock_stands(workers, tag, clock):
    first, second = workers
    key = f"{tag}:login-user:1"
    clock.advance(timedelta(seconds=50))  # 10 s before a fixed 60-second window's edge
    assert [record(first, key), record(second, key)] == [1, 2]
    clock.advance(timedelta(seconds=20))  # past the edge: a fixed window would start at 0
    assert record(first, key) == 3
    assert recent(second, key) == (3, START + 70)
    clock.advance(timedelta(seconds=45))  # the first two are now 65 s old
    assert recent(first, key) == (1, START + 70)
    with second.app_context():
        limits.forget(key)
    assert recent(first, key) == (0, None)


def forget_user_counters(store, user: User) -> None:
    if store:
        client = redis.Redis.from_url(store)
        for name in client.scan_iter(f"{REDIS_PREFIX}login-user:{user.id}:*"):
            client.delete(name)
        client.close()


def test_failures_on_two_workers_lock_the_account_together(workers, store, address, clock):
    first, second = workers
    person = make_person(first)
    try:
        phones = [browser(first, address), browser(second, address)]
        for attempt in range(lockout.LOCK_AFTER):
            if attempt:
                clock.advance(timedelta(seconds=61))  # wait out the growing delays
            response = sign_in(phones[attempt % 2], person.email, "Mala-Clave-0000")
            assert "no son correctos" in response.text
        response = sign_in(phones[0], person.email, PASSWORD)  # the right password, too late
        assert "bloqueada por 15 minutos" in response.text
        with second.app_context():
            failures, _ = limits.recent(
                f"login-user:{person.id}", lockout.WINDOW_SECONDS, app_clock.timestamp()
            )
        assert failures == lockout.LOCK_AFTER
        with first.app_context():
            locks = AuditEvent.select().where(AuditEvent.action == "bloqueo").count()
        assert locks == 1
    finally:
        forget_user_counters(store, person)


def test_the_per_address_ceiling_is_shared_by_the_workers(workers, store, address, clock):
    first, second = workers
    person = make_person(first)
    try:
        with first.app_context():
            for _ in range(lockout.PER_ADDRESS_FAILURES):
                limits.record(f"login-ip:{address}", lockout.WINDOW_SECONDS, app_clock.timestamp())
        response = sign_in(browser(second, address), person.email, PASSWORD)
        assert response.status_code == 429
        assert "demasiados intentos desde esta conexión" in response.text
        elsewhere = browser(second, "192.0.2.10")  # only failures count against an address
        assert sign_in(elsewhere, person.email, PASSWORD).status_code == 303
    finally:
        forget_user_counters(store, person)


def test_several_counters_hit_and_counted_at_once_match_one_by_one(workers, tag, clock):
    """hit_all and count_all (the booking quotas: eight counters in one round trip) give each
    counter's own total, in the order asked, as hit() and count() one at a time would."""
    first, second = workers
    counters = [(f"{tag}:a", 3600), (f"{tag}:a", 86400), (f"{tag}:b", 3600)]
    hit(second, f"{tag}:b", 3600)
    with first.app_context():
        assert limits.hit_all(counters, app_clock.timestamp()) == [1, 1, 2]
        assert limits.hit_all(counters[:2], app_clock.timestamp()) == [2, 2]
    with second.app_context():
        assert limits.count_all([*counters, (f"{tag}:c", 60)], app_clock.timestamp()) == [
            2,
            2,
            2,
            0,
        ]
    assert count(first, f"{tag}:a", 86400) == 2
