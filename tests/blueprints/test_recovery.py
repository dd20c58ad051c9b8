"""Password recovery by an e-mailed code, through HTTP."""

import functools
import re
from datetime import timedelta

import pytest
from huey.storage import MemoryStorage

from models import AuditEvent, OneTimeCode
from services import jobs
from services.clock import utc_now
from services.recovery import MAX_TRIES, REQUESTS_PER_ACCOUNT, WRONG_CODE
from tests.blueprints.recovery_helpers import NEW_PASSWORD, signed_in
from tests.helpers import HX, confirmation_link, human_answer, mails, register, sign_in

SAME_ANSWER = "Si los datos corresponden a una cuenta, le enviamos un código"


@pytest.fixture
def citizen(client, db, tmp_path):
    """A registered citizen with a confirmed e-mail; returns the client, not signed in."""
    register(client)
    client.get(confirmation_link(tmp_path))
    return client


def ask_for_code(client, login="ana@example.pe", headers=None):
    page = client.get("/cuenta/recuperar")
    data = {"login": login} | human_answer(page.text)
    return client.post("/cuenta/recuperar", data=data, headers=headers)


def last_code(tmp_path) -> str:
    message = mails(tmp_path)[-1]
    assert message["Subject"] == "Su código para recuperar la contraseña"
    body = message.get_body(("plain",)).get_content()
    return re.search(r"^\s+(\d{8})\s*$", body, re.M).group(1)


def send_code(client, code, login="ana@example.pe", password=NEW_PASSWORD, headers=None):
    data = {"login": login, "code": code, "password": password, "password_confirm": password}
    return client.post("/cuenta/recuperar/codigo", data=data, headers=headers)


@pytest.mark.parametrize(
    ("url", "element"),
    [
        ("/cuenta/recuperar", "recover-form"),
        ("/cuenta/recuperar/codigo", "code-form"),
        ("/cuenta/recuperar/datos", "data-form"),
    ],
)
def test_each_recovery_page_is_whole_without_htmx_and_a_fragment_with_it(client, url, element):
    page = client.get(url)
    fragment = client.get(url, headers=HX)
    assert page.status_code == fragment.status_code == 200
    assert "<html" in page.text and "<html" not in fragment.text
    assert re.match(rf"<title>[^<]+</title>\s*<section id=\"{element}\"", fragment.text)
    assert "HX-Request" in fragment.headers["Vary"]
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_the_login_page_links_to_recovery(client):
    assert 'href="/cuenta/recuperar"' in client.get("/cuenta/ingresar").text


def test_recovery_by_code_from_request_to_new_password(app, citizen, db, tmp_path):
    other_device = app.test_client()
    sign_in(other_device)
    response = ask_for_code(citizen)
    assert response.status_code == 303
    assert response.headers["Location"] == "/cuenta/recuperar/codigo"
    code = last_code(tmp_path)
    stored = OneTimeCode.get()
    assert stored.purpose == "recuperar" and code not in stored.code_hash
    assert len(stored.code_hash) == 64
    assert stored.expires_at - stored.created_at == timedelta(minutes=30)

    page = citizen.get("/cuenta/recuperar/codigo")
    assert SAME_ANSWER in page.text and 'value="ana@example.pe"' in page.text
    response = send_code(citizen, code)
    assert response.status_code == 303 and response.headers["Location"] == "/cuenta/ingresar"
    assert "Cambiamos su contraseña" in citizen.get("/cuenta/ingresar").text
    assert not signed_in(citizen)  # never signed in by a recovery
    assert not signed_in(other_device)
    assert sign_in(citizen).status_code == 200  # the old password fails
    assert sign_in(citizen, password=NEW_PASSWORD).status_code == 303
    notice = mails(tmp_path)[-1]
    assert notice["To"] == "ana@example.pe" and notice["Subject"] == "Su contraseña fue cambiada"
    assert AuditEvent.get(AuditEvent.action == "recuperacion").actor.email == "ana@example.pe"


def test_a_document_number_also_asks_for_a_code(citizen, db, tmp_path):
    ask_for_code(citizen, login="45678901")
    assert send_code(citizen, last_code(tmp_path), login="45678901").status_code == 303


def test_an_unknown_account_gets_the_same_answer_and_no_mail(citizen, db, tmp_path):
    sent = len(mails(tmp_path))
    known = ask_for_code(citizen)
    unknown = ask_for_code(citizen, login="nadie@example.pe")
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    assert SAME_ANSWER in citizen.get(unknown.headers["Location"]).text
    assert len(mails(tmp_path)) == sent + 1
    response = send_code(citizen, "12345678", login="nadie@example.pe")
    assert response.status_code == 200 and WRONG_CODE in response.text


def test_the_request_does_the_same_work_with_or_without_an_account(citizen, db, tmp_path):
    """One audit row and one queued job each: the code is made and mailed by the job, so the
    answer's timing does not tell whether the account exists (bench/mail_timing.py)."""
    huey = jobs.huey
    huey.configure(functools.partial(MemoryStorage, jobs.NAME), immediate=False)
    try:
        for login in ("ana@example.pe", "nadie@example.pe"):
            codes = OneTimeCode.select().count()
            ask_for_code(citizen, login=login)
            assert huey.pending_count() == 1
            [job] = huey.pending()
            assert job.name == "send_recovery_code"
            event = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
            assert (event.action, event.subject) == ("recuperacion_pedida", login)
            assert OneTimeCode.select().count() == codes  # not made by the request
            while (pending := huey.dequeue()) is not None:  # the worker: the job, then its mail
                huey.execute(pending)
        assert OneTimeCode.select().count() == 1  # made for the account only
        assert mails(tmp_path)[-1]["To"] == "ana@example.pe"
    finally:
        huey.configure(functools.partial(MemoryStorage, jobs.NAME), immediate=True)


def test_an_expired_code_is_refused(citizen, db, tmp_path):
    ask_for_code(citizen)
    OneTimeCode.update(expires_at=utc_now() - timedelta(seconds=1)).execute()
    response = send_code(citizen, last_code(tmp_path))
    assert response.status_code == 200 and WRONG_CODE in response.text
    assert "<title>Error:" in response.text
    assert sign_in(citizen).status_code == 303  # the password did not change


def test_a_code_works_only_once(citizen, db, tmp_path):
    ask_for_code(citizen)
    code = last_code(tmp_path)
    assert send_code(citizen, code).status_code == 303
    response = send_code(citizen, code, password="Tercera-Clave-99")
    assert WRONG_CODE in response.text
    assert sign_in(citizen, password=NEW_PASSWORD).status_code == 303


def test_five_wrong_tries_kill_the_code(citizen, db, tmp_path):
    ask_for_code(citizen)
    code = last_code(tmp_path)
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    for _ in range(MAX_TRIES):
        assert WRONG_CODE in send_code(citizen, wrong).text
    assert WRONG_CODE in send_code(citizen, code).text
    assert OneTimeCode.get().attempts == MAX_TRIES
    assert sign_in(citizen).status_code == 303


def test_a_newer_code_invalidates_the_older_one(citizen, db, tmp_path):
    ask_for_code(citizen)
    first = last_code(tmp_path)
    ask_for_code(citizen)
    second = last_code(tmp_path)
    assert WRONG_CODE in send_code(citizen, first).text
    assert send_code(citizen, second).status_code == 303


def test_a_weak_password_is_explained_and_does_not_spend_the_code(citizen, db, tmp_path):
    ask_for_code(citizen)
    code = last_code(tmp_path)
    response = send_code(citizen, code, password="Ana45678901!")
    assert "número de documento" in response.text
    assert OneTimeCode.get().attempts == 0
    assert send_code(citizen, code).status_code == 303


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "1234"}, "El código tiene 8 números"),
        ({"code": ""}, "Escriba el código que le enviamos"),
        ({"password_confirm": "Otra-Cosa-2026"}, "no coinciden"),
        ({"login": ""}, "Escriba su correo o su número de documento"),
    ],
)
def test_the_code_form_explains_each_problem(client, db, changes, message):
    data = {"login": "ana@example.pe", "code": "12345678", "password": NEW_PASSWORD}
    data |= {"password_confirm": NEW_PASSWORD} | changes
    response = client.post("/cuenta/recuperar/codigo", data=data)
    assert response.status_code == 200 and message in response.text


def test_codes_per_account_are_limited(citizen, db, tmp_path, still_clock):
    for _ in range(REQUESTS_PER_ACCOUNT):
        assert ask_for_code(citizen).status_code == 303
    sent = len(mails(tmp_path))
    response = ask_for_code(citizen, login="45678901")  # the same account by its document
    assert response.status_code == 200 and "Hizo demasiados intentos" in response.text
    assert len(mails(tmp_path)) == sent


def test_requests_per_address_are_limited(client, db, still_clock):
    for n in range(5):
        assert ask_for_code(client, login=f"persona{n}@example.pe").status_code == 303
    response = ask_for_code(client, login="otra@example.pe")
    assert "Hizo demasiados intentos. Espere unos 60 minutos" in response.text


def test_htmx_requests_get_a_fragment_or_a_full_page_redirect(citizen, db, tmp_path):
    response = ask_for_code(citizen, headers=HX)
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/cuenta/recuperar/codigo"
    wrong = send_code(citizen, "00000000", headers=HX)
    assert wrong.text.startswith("<title>Error:") and "<html" not in wrong.text
    done = send_code(citizen, last_code(tmp_path), headers=HX)
    assert done.headers["HX-Redirect"] == "/cuenta/ingresar"
