"""The CLI commands of the README."""

import email
import email.policy
from datetime import timedelta

from models import Appointment, Closure, Court, Sede, User
from services.clock import court_now, utc_now
from tests.helpers import book


def test_demo_court_has_three_sedes_with_services_hours_and_holidays(db):
    court = Court.current()
    assert court.country == "PE" and court.timezone == "America/Lima"
    assert Sede.select().count() == 3
    for sede in Sede.select():
        assert {s.name for s in sede.services} == {"Escritos", "Demandas"}
        assert {h.weekday for h in sede.opening_hours} == {0, 1, 2, 3, 4}
    year = court.local_time(utc_now()).year
    holidays = {c.day for c in Closure.select().where(Closure.kind == "feriado")}
    assert {h.year for h in holidays} == {year, year + 1}
    assert any(day.month == 7 and day.day == 28 for day in holidays)  # Fiestas Patrias


def test_demo_court_loads_only_once(app, db):
    result = app.test_cli_runner().invoke(args=["demo-court"])
    assert "Ya hay una corte cargada" in result.output
    assert Sede.select().count() == 3


def test_migrate_twice_changes_nothing(app, db):
    result = app.test_cli_runner().invoke(args=["migrate"])
    assert "Migraciones aplicadas: ninguna" in result.output


def test_create_staff_hashes_the_password_with_argon2id(app, db):
    result = app.test_cli_runner().invoke(
        args=[
            "create-staff",
            "Mesa@Corte.pe",
            "--name",
            "Rosa Quispe",
            "--role",
            "mesa_de_partes",
            "--role",
            "administrador",
            "--password",
            "Clave-Segura-2026",
        ],
    )
    assert result.exit_code == 0, result.output
    user = User.by_email("mesa@corte.pe")
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password("Clave-Segura-2026") and not user.check_password("otra")
    assert user.role_set == {"mesa_de_partes", "administrador"}


def test_reminders_go_once_to_tomorrows_active_appointments(app, client, db, tmp_path):
    book(client)
    appointment = Appointment.get()
    tomorrow = court_now().date() + timedelta(days=1)
    Appointment.update(day=tomorrow).execute()
    next((tmp_path / "outbox").iterdir()).unlink()  # the booking's own ticket e-mail
    runner = app.test_cli_runner()
    assert "Recordatorios enviados: 1" in runner.invoke(args=["send-reminders"]).output
    assert "Recordatorios enviados: 0" in runner.invoke(args=["send-reminders"]).output
    [mail_file] = (tmp_path / "outbox").iterdir()
    message = email.message_from_bytes(mail_file.read_bytes(), policy=email.policy.default)
    assert message["Subject"].startswith(f"Recordatorio: su cita {appointment.code}")
    assert Appointment.get().reminder_sent_at <= utc_now()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_template, tmp_path):
    from db import database
    from tests.helpers import make_app

    make_app(f"sqlite:///{sqlite_template}", tmp_path)  # the migrated demo database
    with database.connection_context():
        assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    database.obj.close_all()


def test_with_smtp_configured_mail_goes_through_starttls_and_login(app, monkeypatch):
    from services import mailer

    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            sent.append(("starttls",))

        def login(self, user, password):
            sent.append(("login", user))

        def send_message(self, message):
            sent.append(("send", message["To"], message["Subject"]))

    monkeypatch.setattr(mailer.smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.corte.pe", MAIL_USERNAME="citas", MAIL_PASSWORD="x")
    with app.app_context():
        mailer.send("ana@example.pe", "Asunto", "Texto")
    assert sent == [
        ("connect", "smtp.corte.pe", 587),
        ("starttls",),
        ("login", "citas"),
        ("send", "ana@example.pe", "Asunto"),
    ]


def test_the_demo_court_ships_the_2024_to_2026_fee_tables(db):
    from models import FeeYear

    schedules = FeeYear.schedules()
    assert {2024, 2025, 2026} <= set(schedules)
    assert all(schedules[year].referential for year in (2024, 2025, 2026))
    assert schedules[2026].urp == 550


def test_load_fees_refuses_a_file_with_errors_and_keeps_the_tables(app, db, tmp_path):
    from models import FeeYear

    before = FeeYear.get(FeeYear.year == 2026).csv_text
    bad = tmp_path / "malo.csv"
    bad.write_text("year,urp_pen\n2026,abc\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["load-fees", str(bad)])
    assert result.exit_code != 0 and "errores" in result.output
    assert FeeYear.get(FeeYear.year == 2026).csv_text == before
