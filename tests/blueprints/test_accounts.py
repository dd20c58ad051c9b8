"""Registration, e-mail confirmation, sign-in with throttling, and sessions that really end."""

from datetime import timedelta

import pytest

from domain import lockout
from models import Appointment, AuditEvent, Setting, User, UserSession
from services import clock
from services.clock import utc_now
from tests.helpers import (
    NEW_CITIZEN,
    PERSON,
    book,
    confirmation_link,
    human_answer,
    mails,
    question_answer,
    register,
    sign_in,
)


@pytest.fixture
def citizen(client, db, tmp_path):
    """A registered citizen who confirmed the e-mail; returns the client, not signed in."""
    register(client)
    client.get(confirmation_link(tmp_path))
    return client


def test_registration_creates_an_unconfirmed_account_and_sends_a_link(client, db, tmp_path):
    response = register(client)
    assert (
        response.status_code == 303 and response.headers["Location"] == "/cuenta/revise-su-correo"
    )
    user = User.get()
    assert user.email == "ana@example.pe" and user.doc_number == "45678901"
    assert not user.email_confirmed and user.casillero is None
    assert user.password_hash.startswith("$argon2id$")
    assert mails(tmp_path)[-1]["To"] == "ana@example.pe"
    assert AuditEvent.get(AuditEvent.action == "registro").ip == "127.0.0.1"


def test_the_link_confirms_the_email_and_assigns_a_casillero(client, db, tmp_path):
    register(client)
    response = client.get(confirmation_link(tmp_path))
    assert response.status_code == 302
    user = User.get()
    assert user.email_confirmed and user.casillero == str(100000 + user.id)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"doc_number": "4567890"}, "El número de DNI tiene 8 dígitos"),
        ({"doc_type": "CUI"}, "Elija el tipo de documento de la lista"),
        ({"password": "corta", "password_confirm": "corta"}, "al menos 12 caracteres"),
        ({"password": "Password123!", "password_confirm": "Password123!"}, "más usadas"),
        ({"password": "Ana45678901!", "password_confirm": "Ana45678901!"}, "número de documento"),
        ({"password_confirm": "Otra-Clave-2026"}, "no coinciden"),
        ({"privacy": ""}, "Acepte la política de privacidad"),
        ({"birth_date": "1990/31/12"}, "día/mes/año"),
        ({"birth_date": "31/02/1990"}, "La fecha 31/02/1990 no existe"),
        ({"names": "Ana<b>"}, "escriba solo letras"),
        ({"surnames": "12345"}, "escriba solo letras"),
    ],
)
def test_registration_explains_each_problem(client, db, changes, message):
    response = register(client, **changes)
    assert response.status_code == 200 and message in response.text
    assert User.select().count() == 0


def test_a_birth_date_after_today_is_refused_and_today_is_not(client, db):
    today = clock.court_now().date()
    tomorrow = (today + timedelta(days=1)).strftime("%d/%m/%Y")
    response = register(client, birth_date=tomorrow)
    assert "no puede ser posterior a hoy" in response.text and User.select().count() == 0
    assert register(client, birth_date=today.strftime("%d/%m/%Y")).status_code == 303


def test_every_broken_password_rule_is_reported_at_once_with_the_other_errors(
    client, db, admin_chose_seed001
):
    response = register(client, doc_number="123", password="ana", password_confirm="ana")
    summary = response.text.split('class="error-summary"')[1].split("</ul>")[0]
    assert "tiene 8 dígitos" in summary  # another field's error, in the same answer
    for rule in ("al menos 8 caracteres", "una letra mayúscula", "un número", "carácter especial"):
        assert rule in summary
    assert User.select().count() == 0


@pytest.fixture
def admin_chose_seed001(db):
    """A court that kept seed 001's policy (the administrator's setting)."""
    Setting.write("password_policy", "seed001")


@pytest.mark.parametrize(
    ("names", "surnames"),
    [
        ("João", "Gonçalves"),
        ("Zoë", "Dvořák"),
        ("Hélène", "Noël"),
        ("Łukasz", "Nguyễn"),
        ("Q’orianka", "O'Brien-Kilcher"),
        ("Ma. del Carmen", "Huamán"),
    ],
)
def test_real_names_of_any_script_register(client, db, names, surnames):
    assert register(client, names=names, surnames=surnames).status_code == 303
    assert (User.get().names, User.get().surnames) == (names, surnames)


def test_names_are_stored_nfc_normalised(client, db):
    decomposed = "Nguye\u0302\u0303n"  # how some keyboards send "Nguyễn": e, then two marks
    register(client, names="Thi\u0323", surnames=decomposed)
    assert (User.get().names, User.get().surnames) == ("Thị", "Nguyễn")


def test_a_wrong_or_missing_human_check_is_refused(client, db):
    page = client.get("/cuenta/registro")
    answer = question_answer(page.text)
    response = client.post("/cuenta/registro", data=NEW_CITIZEN | answer | {"human_answer": "x"})
    assert "La respuesta de la comprobación no es correcta" in response.text
    response = client.post("/cuenta/registro", data=NEW_CITIZEN | answer | {"website": "x.com"})
    assert "No pudimos comprobar" in response.text
    assert User.select().count() == 0


def test_a_human_check_answer_cannot_be_replayed(app, client, db):
    page = client.get("/cuenta/registro")
    answer = human_answer(page.text)
    assert client.post("/cuenta/registro", data=NEW_CITIZEN | answer).status_code == 303
    other = {"email": "otra@example.pe", "doc_number": "87654321"}
    response = client.post("/cuenta/registro", data=NEW_CITIZEN | answer | other)
    assert "ya se usó" in response.text
    bot = app.test_client()  # another session replaying the same answer
    response = bot.post("/cuenta/registro", data=NEW_CITIZEN | answer | other)
    assert "no es de esta sesión" in response.text
    assert User.select().count() == 1


def test_an_answered_check_is_not_asked_again_in_the_same_session(client, db):
    page = client.get("/cuenta/registro")
    response = client.post(
        "/cuenta/registro", data=NEW_CITIZEN | human_answer(page.text) | {"doc_number": "123"}
    )
    assert "tiene 8 dígitos" in response.text and "data-challenge=" not in response.text
    assert client.post("/cuenta/registro", data=NEW_CITIZEN).status_code == 303


def test_registering_a_taken_email_or_document_looks_the_same_and_warns_the_owner(
    client, db, tmp_path
):
    first = register(client)
    second = register(client, doc_number="40000001")  # same e-mail
    third = register(client, email="otra@example.pe")  # same document
    assert first.headers["Location"] == second.headers["Location"] == third.headers["Location"]
    assert User.select().count() == 1
    warnings = [m for m in mails(tmp_path) if "intentó registrarse" in m["Subject"]]
    assert [m["To"] for m in warnings] == ["ana@example.pe", "ana@example.pe"]


def test_sign_in_with_email_or_document_number(citizen, db):
    assert sign_in(citizen).headers["Location"] == "/cuenta/"
    assert "Ana María" in citizen.get("/cuenta/").text
    citizen.post("/cuenta/salir")
    assert sign_in(citizen, login="45678901").headers["Location"] == "/cuenta/"


def test_unknown_account_and_wrong_password_get_the_same_answer(citizen, db):
    unknown = sign_in(citizen, login="nadie@example.pe")
    wrong = sign_in(citizen, password="Otra-Clave-2026")
    message = "El correo, el documento o la contraseña no son correctos."
    assert unknown.status_code == wrong.status_code == 200
    assert message in unknown.text and message in wrong.text


def test_failures_slow_down_then_lock_the_account_and_tell_the_owner(
    citizen, db, tmp_path, still_clock
):
    for _ in range(lockout.FREE_FAILURES):
        sign_in(citizen, password="Mala-Clave-0000")
    response = sign_in(citizen)  # right password, but inside the delay
    assert "espere 1 segundos" in response.text
    for _ in range(lockout.LOCK_AFTER - lockout.FREE_FAILURES):
        clock.advance(timedelta(seconds=61))  # wait out each delay (60 s at most)
        assert "no son correctos" in sign_in(citizen, password="Mala-Clave-0000").text
    response = sign_in(citizen)
    assert "bloqueada por 15 minutos" in response.text
    assert mails(tmp_path)[-1]["Subject"] == "Bloqueamos su cuenta por seguridad"
    assert AuditEvent.select().where(AuditEvent.action == "bloqueo").count() == 1
    clock.advance(timedelta(minutes=lockout.LOCK_MINUTES))
    assert sign_in(citizen).status_code == 303


def lock_out(client, login="ana@example.pe") -> None:
    """A stranger's LOCK_AFTER wrong passwords, waiting out each delay."""
    for failure in range(lockout.LOCK_AFTER):
        if failure:
            clock.advance(timedelta(seconds=61))
        assert "no son correctos" in sign_in(client, login=login, password="Mala-Clave-0").text


def test_a_lock_ends_no_sign_in_and_the_owners_devices_still_sign_in(app, citizen, db, still_clock):
    assert sign_in(citizen).status_code == 303  # the owner's phone: signed in, device known
    laptop = app.test_client()
    assert sign_in(laptop).status_code == 303
    laptop.post("/cuenta/salir")  # signed out, but the laptop keeps its device cookie
    lock_out(app.test_client())
    assert "bloqueada por 15 minutos" in sign_in(app.test_client()).text  # a stranger waits
    assert citizen.get("/cuenta/").status_code == 200  # the phone's sign-in goes on
    assert UserSession.select().where(UserSession.revoked_at.is_null()).count() == 1
    assert sign_in(laptop).status_code == 303  # the owner's device signs in despite the lock
    # A known device has an allowance of its own: its typos do not add to strangers' lock,
    # and strangers' failures do not use it up.
    laptop.post("/cuenta/salir")
    for _ in range(lockout.FREE_FAILURES - 1):
        assert "no son correctos" in sign_in(laptop, password="Mala-Clave-0").text
    assert sign_in(laptop).status_code == 303


def test_a_device_cookie_we_did_not_sign_counts_as_a_stranger(app, citizen, db, still_clock):
    lock_out(app.test_client())
    forged = app.test_client()
    forged.set_cookie(
        "dispositivo", "eyJ1c2VyIjoxLCJub25jZSI6IngifQ.forged", path="/cuenta/ingresar"
    )
    assert "bloqueada por 15 minutos" in sign_in(forged).text


def error_summary(response) -> str:
    return response.text.split('class="error-summary"')[1].split("</ul>")[0]


def test_an_unknown_account_is_slowed_down_and_locked_like_a_real_one(
    app, citizen, db, still_clock
):
    real, nobody = app.test_client(), app.test_client()
    seen = []
    for _ in range(14):  # every 20 s: delays, refusals while waiting, then the lock
        answers = [
            error_summary(sign_in(client, login=login, password="Mala-Clave-0"))
            for client, login in ((real, "ana@example.pe"), (nobody, "nadie@example.pe"))
        ]
        assert answers[0] == answers[1]
        seen.append(answers[0])
        clock.advance(timedelta(seconds=20))
    assert any("espere" in answer for answer in seen)
    assert "bloqueada por 15 minutos" in seen[-1]


def test_a_document_number_two_kinds_of_document_share_signs_in_the_right_person(
    app, citizen, db, tmp_path
):
    traveller = User(
        email="viajero@example.pe",
        full_name="Li Wei",
        names="Li",
        surnames="Wei",
        doc_type="PASAPORTE",
        doc_number="45678901",  # the digits of Ana's DNI
        created_at=utc_now(),
    )
    traveller.set_password("Pasaporte-Propio-2026")
    traveller.save()
    assert sign_in(citizen, login="45678901", password="Pasaporte-Propio-2026").status_code == 303
    assert AuditEvent.get(AuditEvent.action == "ingreso").actor.id == traveller.id
    assert not AuditEvent.select().where(AuditEvent.action == "ingreso_fallido").exists()
    citizen.post("/cuenta/salir")
    assert sign_in(app.test_client(), login="45678901").status_code == 303  # Ana's, too
    assert AuditEvent.select().where(AuditEvent.action == "ingreso").count() == 2
    # A wrong password with the shared number is nobody's in particular: logged without an
    # account, and counted for both (a guess at that number is a guess at each).
    sign_in(app.test_client(), login="45678901", password="Mala-Clave-0")
    failed = AuditEvent.get(AuditEvent.action == "ingreso_fallido")
    assert failed.actor is None and failed.subject == "45678901"


def test_a_copied_session_cookie_stops_working_after_sign_out(app, citizen, db):
    sign_in(citizen)
    copied = citizen.get_cookie("session").value
    citizen.post("/cuenta/salir")
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/cuenta/").status_code == 302


def test_sign_out_everywhere_ends_every_device(app, citizen, db):
    sign_in(citizen)
    other_device = app.test_client()
    sign_in(other_device)
    assert other_device.get("/cuenta/").status_code == 200
    citizen.post("/cuenta/salir-de-todos")
    assert other_device.get("/cuenta/").status_code == 302
    assert UserSession.select().where(UserSession.revoked_at.is_null()).count() == 0


def test_sign_in_starts_a_new_session_cookie(citizen, db):
    citizen.get("/cuenta/ingresar")
    citizen.set_cookie("session", "planted-by-an-attacker")
    sign_in(citizen)
    assert citizen.get_cookie("session").value != "planted-by-an-attacker"
    assert citizen.get("/cuenta/").status_code == 200


def test_remember_me_sets_a_30_day_http_only_cookie(citizen, db):
    response = sign_in(citizen, remember="y")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "remember_token" in c)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert UserSession.get().remember


def test_citizens_cannot_open_staff_pages(citizen, db):
    sign_in(citizen)
    assert citizen.get("/personal/citas").status_code == 403


def test_the_account_lists_the_persons_appointments(citizen, db):
    book(citizen, PERSON | {"email": "ana@example.pe"})
    book(citizen, PERSON | {"doc_number": "11111111", "email": "otro@example.pe"})
    mine, someone_elses = Appointment.select().order_by(Appointment.id)
    sign_in(citizen)
    page = citizen.get("/cuenta/")
    assert mine.code in page.text and someone_elses.code not in page.text


def test_signing_in_with_htmx_loads_the_account_as_a_whole_page(citizen, db):
    response = sign_in(citizen, headers={"HX-Request": "true"})
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/cuenta/"


def test_a_right_password_forgets_earlier_failures(app, citizen, db, still_clock):
    for _ in range(lockout.FREE_FAILURES - 1):
        sign_in(citizen, password="Mala-Clave-0000")
    assert sign_in(citizen).status_code == 303
    stranger = app.test_client()  # no device cookie: strangers' count, which starts again
    for _ in range(lockout.FREE_FAILURES - 1):
        sign_in(stranger, password="Mala-Clave-0000")
    assert sign_in(stranger).status_code == 303  # 4 failures in a row would have to wait


def test_confirming_an_address_another_account_took_meanwhile_is_explained(client, db, tmp_path):
    register(client)
    link = confirmation_link(tmp_path)
    User.update(email="otra@example.pe").execute()
    User.create(email="ana@example.pe", full_name="Otra", password_hash="x", created_at=utc_now())
    User.update(pending_email="ana@example.pe").where(User.email == "otra@example.pe").execute()
    response = client.get(link)
    assert response.status_code == 409 and "Ese correo ya está en uso" in response.text
