"""The worker's periodic jobs: the evening reminders and the nightly clean-up."""

from datetime import datetime, timedelta

import pytest

from models import Appointment, OneTimeCode, RateCounter, UsedToken, User, UserSession
from services import clock, periodic, tickets
from services.cleanup import purge_expired
from tests.helpers import TEST_NOW, book, mails

MORNING = TEST_NOW.replace(hour=10, minute=0)  # court time (Lima), the day the suite runs at
EVENING = TEST_NOW.replace(hour=18, minute=0)


@pytest.fixture
def tomorrows(client, db, tmp_path):
    """One appointment booked for tomorrow; its ticket e-mail already out of the way."""
    book(client)
    tomorrow = clock.court_now().date() + timedelta(days=1)
    Appointment.update(day=tomorrow).execute()
    for sent in (tmp_path / "outbox").iterdir():
        sent.unlink()
    return Appointment.get()


def test_the_reminder_job_waits_for_the_evening(app, tomorrows, tmp_path):
    with app.app_context():
        clock.set_now(MORNING)
        assert periodic.remind_tomorrow.call_local() == 0
        clock.set_now(EVENING)
        assert periodic.remind_tomorrow.call_local() == 1
        clock.advance(timedelta(hours=1))
        assert periodic.remind_tomorrow.call_local() == 0  # already reminded
    [message] = mails(tmp_path)
    assert message["Subject"].startswith(f"Recordatorio: su cita {tomorrows.code}")
    assert [p.get_filename() for p in message.walk() if p.get_filename()] == [
        f"cita-{tomorrows.code}.pdf"
    ]
    assert "http://localhost/citas/gestion/" in message.get_body(("plain",)).get_content()


def test_two_overlapping_runs_remind_each_appointment_once(app, tomorrows, tmp_path, monkeypatch):
    stale = list(Appointment.needing_reminder(tomorrows.day))  # read before either run claims
    with app.app_context():
        assert tickets.send_reminders(clock.utc_now()) == 1
        monkeypatch.setattr(Appointment, "needing_reminder", classmethod(lambda cls, day: stale))
        assert tickets.send_reminders(clock.utc_now()) == 0
    assert len(mails(tmp_path)) == 1


def test_the_cli_command_and_the_job_share_the_claim(app, tomorrows, tmp_path):
    runner = app.test_cli_runner()
    assert "Recordatorios enviados: 1" in runner.invoke(args=["send-reminders"]).output
    clock.set_now(EVENING)
    with app.app_context():
        assert periodic.remind_tomorrow.call_local() == 0
    assert len(mails(tmp_path)) == 1


def test_the_worker_schedules_the_reminders_each_hour_and_the_clean_up_nightly():
    evening_utc = datetime(2026, 12, 2, 23, 0)  # 18:00 in Lima
    night_utc = datetime(2026, 12, 2, 8, 30)  # 03:30 in Lima
    due = {task.name for task in periodic.jobs.huey.read_periodic(evening_utc)}
    assert due == {"remind_tomorrow", "alert_casilla"}  # the casilla's alerts every 5 minutes
    night = {task.name for task in periodic.jobs.huey.read_periodic(night_utc)}
    assert night == {"clean_up", "alert_casilla"}
    odd_minute = datetime(2026, 12, 2, 15, 7)
    assert not {task.name for task in periodic.jobs.huey.read_periodic(odd_minute)}


def account() -> User:
    return User.create(
        email="ana@example.pe", full_name="Ana", password_hash="x", created_at=clock.utc_now()
    )


def test_clean_up_removes_expired_rows_only(app, db):
    now = clock.utc_now()
    user = account()
    minute, day = timedelta(minutes=1), timedelta(days=1)

    def code(name, expires, used=None):
        OneTimeCode.create(
            user=user,
            purpose=name,
            code_hash="h",
            created_at=now - day,
            expires_at=expires,
            used_at=used,
        )

    code("live", now + minute)
    code("expired", now - minute)
    code("used", now + minute, used=now - minute)
    UsedToken.create(token="live", expires_at=now + minute)
    UsedToken.create(token="expired", expires_at=now - minute)

    def sign_in(name, created, seen, remember=False, revoked=None):
        UserSession.create(
            user=user,
            token_hash=name,
            created_at=created,
            last_seen_at=seen,
            remember=remember,
            revoked_at=revoked,
        )

    sign_in("live", now - timedelta(hours=1), now - minute)
    sign_in("remembered", now - timedelta(days=29), now - timedelta(days=20), remember=True)
    sign_in("signed-out", now - timedelta(hours=1), now - minute, revoked=now - minute)
    sign_in("idle", now - timedelta(hours=1), now - timedelta(minutes=31))
    sign_in("too-old", now - timedelta(hours=13), now - minute)
    sign_in("remembered-too-long", now - timedelta(days=31), now - minute, remember=True)
    window = int((now - clock.EPOCH).total_seconds()) // 3600 * 3600
    RateCounter.create(key="this-hour", window_start=window, count=1)
    RateCounter.create(key="last-week", window_start=window - 7 * 86400, count=1)

    with app.app_context():
        removed = purge_expired(now)

    assert removed == {"codes": 2, "tokens": 1, "sessions": 4, "counters": 1}
    assert [c.purpose for c in OneTimeCode.select()] == ["live"]
    assert [t.token for t in UsedToken.select()] == ["live"]
    assert sorted(s.token_hash for s in UserSession.select()) == ["live", "remembered"]
    assert [c.key for c in RateCounter.select()] == ["this-hour"]


def test_clean_up_from_the_cli(app, db):
    output = app.test_cli_runner().invoke(args=["clean-up"]).output
    assert output.strip() == "codes: 0, tokens: 0, sessions: 0, counters: 0"
