"""Password recovery by personal data (seed 003, b), through HTTP: a request that changes
nothing until a verifier approves a fresh identity verification and the new address sets the
password; the old address is told at once and can stop it."""

import re
from datetime import timedelta

import pytest

from domain.states import IdentityStatus, RecoveryStatus
from models import AuditEvent, IdentityVerification, RecoveryRequest, User
from services import clock
from services.recovery import REQUESTS_PER_ACCOUNT
from services.recovery_by_data import IDENTITY_DAYS, PASSWORD_HOURS, REQUESTS_PER_NEW_EMAIL
from tests.blueprints.recovery_helpers import (
    NEW_EMAIL,
    NEW_PASSWORD,
    body,
    link,
    mails_to,
    send_data,
    set_password,
    signed_in,
    upload_identity,
)
from tests.helpers import HX, PASSWORD, citizen, sign_in

OLD_EMAIL = "ana@example.pe"
SENT_PAGE = "/cuenta/recuperar/datos/enviado"


@pytest.fixture
def owner(app, db):
    """Ana, signed in on her own device."""
    citizen()
    device = app.test_client()
    assert sign_in(device).status_code == 303
    return device


def ana() -> User:
    return User.get(User.doc_number == "45678901")


def verifier_decides(verifier, decision="aprobar", reason=""):
    verification = IdentityVerification.select().order_by(IdentityVerification.id.desc()).get()
    url = f"/personal/verificaciones/{verification.id}/{decision}"
    return verifier.post(url, data={"reason": reason} if reason else {})


def request_and_upload(client, tmp_path):
    """Ask with Ana's data and send the identity files from the link; the link's path."""
    assert send_data(client).headers["Location"] == SENT_PAGE
    url = link(mails_to(tmp_path, NEW_EMAIL)[-1], "identidad")
    assert upload_identity(client, url).status_code == 303
    return url


def test_matching_data_no_longer_set_a_password_or_sign_anyone_in(owner, client, db, tmp_path):
    response = send_data(client)
    assert response.status_code == 303 and response.headers["Location"] == SENT_PAGE
    assert "Revise su correo nuevo" in client.get(SENT_PAGE).text
    assert not signed_in(client) and signed_in(owner)  # the owner's sign-in goes on
    # the old takeover's page is gone, and nothing it used to do happened
    assert client.get("/cuenta/recuperar/datos/nueva-contrasena").status_code == 404
    sent = client.post(
        "/cuenta/recuperar/datos/nueva-contrasena",
        data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD, "new_email": NEW_EMAIL},
    )
    assert sent.status_code in (404, 405)
    user = ana()
    assert user.email == OLD_EMAIL and user.pending_email is None and user.check_password(PASSWORD)
    assert sign_in(client, password=NEW_PASSWORD).status_code == 200  # refused
    assert RecoveryRequest.get().status == RecoveryStatus.ESPERANDO_IDENTIDAD


def test_data_that_match_and_data_that_do_not_get_the_same_answer(app, owner, db, tmp_path):
    answers = []
    for changes in ({}, {"birth_date": "18/05/1990"}, {"doc_number": "45678902"}):
        client = app.test_client()
        response = send_data(client, **changes)
        page = client.get(response.headers["Location"])
        answers.append((response.status_code, response.headers["Location"], page.text))
    assert answers[0] == answers[1] == answers[2]
    assert RecoveryRequest.select().count() == 1  # only the matching data opened one
    to_new = mails_to(tmp_path, NEW_EMAIL)
    assert len(to_new) == 3 and sum("/identidad/" in body(m) for m in to_new) == 1
    assert len(mails_to(tmp_path, OLD_EMAIL)) == 1
    failures = AuditEvent.select().where(AuditEvent.action == "recuperacion_por_datos_fallida")
    assert failures.count() == 2


def test_the_whole_recovery_end_to_end(app, owner, client, verifier, db, tmp_path):
    assert send_data(client, names="ANA MARIA", surnames="  quispe   mamaní ").status_code == 303
    warning = mails_to(tmp_path, OLD_EMAIL)[-1]
    assert NEW_EMAIL in body(warning) and "/cuenta/recuperar/datos/detener/" in body(warning)

    upload_url = link(mails_to(tmp_path, NEW_EMAIL)[-1], "identidad")
    page = client.get(upload_url)
    assert "solicito recuperar mi cuenta" in page.text and 'name="video"' in page.text
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert upload_identity(client, upload_url).headers["Location"] == upload_url
    assert "Recibimos su documento y su video" in client.get(upload_url).text
    assert ana().identity_status == IdentityStatus.SIN_VERIFICAR  # her own state: untouched
    assert sign_in(app.test_client()).status_code == 303  # her account works meanwhile

    listing = verifier.get("/personal/verificaciones").text
    assert "Recuperación de cuenta" in listing
    verification = IdentityVerification.get()
    detail = verifier.get(f"/personal/verificaciones/{verification.id}").text
    assert "Es para recuperar una cuenta" in detail and NEW_EMAIL in detail
    assert verifier_decides(verifier).status_code == 303
    assert AuditEvent.get(AuditEvent.action == "recuperacion_aprobada").actor.roles == "verificador"
    assert ana().email == OLD_EMAIL and signed_in(owner)  # approval alone changes nothing

    password_url = link(mails_to(tmp_path, NEW_EMAIL)[-1], "clave")
    assert "Elija su contraseña nueva" in client.get(password_url).text
    response = set_password(client, password_url)
    assert response.headers["Location"] == "/cuenta/ingresar"

    user = ana()
    assert user.email == NEW_EMAIL and user.check_password(NEW_PASSWORD)
    assert user.identity_status == IdentityStatus.SIN_VERIFICAR
    assert not signed_in(owner)  # every earlier sign-in ended
    assert sign_in(client, OLD_EMAIL, NEW_PASSWORD).status_code == 200  # refused
    assert sign_in(client, NEW_EMAIL, NEW_PASSWORD).status_code == 303 and signed_in(client)
    told = mails_to(tmp_path, OLD_EMAIL)[-1]
    assert "se completó la recuperación" in body(told) and NEW_EMAIL in body(told)
    assert RecoveryRequest.get().status == RecoveryStatus.COMPLETADA
    assert AuditEvent.get(AuditEvent.action == "recuperacion_por_datos").actor == user


def test_the_owner_stops_it_from_the_old_address(app, owner, client, verifier, db, tmp_path):
    upload_url = request_and_upload(client, tmp_path)
    stop_url = link(mails_to(tmp_path, OLD_EMAIL)[-1], "detener")
    page = owner.get(stop_url)  # a mail scanner opening the link stops nothing
    assert "Detener la recuperación" in page.text and NEW_EMAIL in page.text
    assert RecoveryRequest.get().status == RecoveryStatus.EN_REVISION

    stranger = app.test_client()  # the link alone is enough: the owner may not be signed in
    assert stranger.post(stop_url).headers["Location"] == stop_url
    assert RecoveryRequest.get().status == RecoveryStatus.DETENIDA
    assert "El titular de la cuenta detuvo" in body(mails_to(tmp_path, NEW_EMAIL)[-1])
    assert "ya no está en curso" in stranger.get(stop_url).text
    again = stranger.post(stop_url)  # single use
    assert again.status_code == 200 and "ya no está en curso" in again.text
    assert AuditEvent.select().where(AuditEvent.action == "recuperacion_detenida").count() == 1

    assert "Recuperación de cuenta" not in verifier.get("/personal/verificaciones").text
    verifier_decides(verifier)  # a verifier who had the page open still cannot approve it
    assert IdentityVerification.get().status == IdentityStatus.PENDIENTE
    assert not mails_to(tmp_path, NEW_EMAIL)[-1]["Subject"].startswith("Elija")
    assert "ya no está en curso" in client.get(upload_url).text
    assert ana().email == OLD_EMAIL and signed_in(owner)


WARNING = "Alguien pidió recuperar esta cuenta con sus datos personales el "


@pytest.mark.parametrize("headers", [None, HX], ids=["no-js", "htmx"])
def test_the_signed_in_owner_is_warned_and_stops_it_on_the_account_page(
    app, owner, client, db, tmp_path, headers
):
    """The owner may no longer read the old address (or it may be why this way was chosen):
    the account page says a request is under way and stops it, as the e-mailed link does."""
    assert WARNING not in owner.get("/cuenta/").text
    send_data(client)
    home = owner.get("/cuenta/", headers=headers).text
    assert re.search(WARNING + r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d, para pasarla", home)
    assert "si no fue usted, deténgalo." in home and NEW_EMAIL in home
    stop_url = re.search(r'href="(/cuenta/recuperacion/\d+/detener)"', home).group(1)
    page = owner.get(stop_url, headers=headers)  # it asks first
    assert page.status_code == 200 and f'action="{stop_url}"' in page.text
    assert "Volver a mi cuenta" in page.text and NEW_EMAIL in page.text
    assert RecoveryRequest.get().status == RecoveryStatus.ESPERANDO_IDENTIDAD

    stranger = app.test_client()
    citizen(email="jose@example.pe", doc_number="40123456")
    sign_in(stranger, "jose@example.pe")
    assert stranger.post(stop_url).status_code == 404  # not his account's request
    assert RecoveryRequest.get().status == RecoveryStatus.ESPERANDO_IDENTIDAD

    response = owner.post(stop_url, headers=headers)
    assert response.status_code == 303
    assert RecoveryRequest.get().status == RecoveryStatus.DETENIDA
    stopped = AuditEvent.get(AuditEvent.action == "recuperacion_detenida")
    assert stopped.actor == ana() and stopped.subject == OLD_EMAIL
    assert "El titular de la cuenta detuvo" in body(mails_to(tmp_path, NEW_EMAIL)[-1])
    home = owner.get("/cuenta/").text
    assert "Detuvimos la solicitud. Su cuenta sigue igual." in home and WARNING not in home
    again = owner.post(stop_url)  # a second tap: said, not stopped twice
    assert again.status_code == 303 and "No se puede detener" in owner.get("/cuenta/").text
    assert AuditEvent.select().where(AuditEvent.action == "recuperacion_detenida").count() == 1


def test_a_rejection_tells_the_new_address_and_changes_nothing(owner, client, verifier, tmp_path):
    request_and_upload(client, tmp_path)
    response = verifier_decides(verifier, "rechazar", "El video no muestra la cara.")
    assert response.status_code == 303
    told = mails_to(tmp_path, NEW_EMAIL)[-1]
    assert "no pudimos aprobarla" in body(told) and "El video no muestra la cara." in body(told)
    assert RecoveryRequest.get().status == RecoveryStatus.RECHAZADA
    assert AuditEvent.get(AuditEvent.action == "recuperacion_rechazada").detail.endswith("cara.")
    user = ana()
    assert user.email == OLD_EMAIL and user.identity_status == IdentityStatus.SIN_VERIFICAR
    assert signed_in(owner)


def test_the_password_link_works_once(owner, client, verifier, db, tmp_path):
    request_and_upload(client, tmp_path)
    verifier_decides(verifier)
    password_url = link(mails_to(tmp_path, NEW_EMAIL)[-1], "clave")
    weak = set_password(client, password_url, "corta")
    assert weak.status_code == 200 and "al menos 12 caracteres" in weak.text
    assert ana().email == OLD_EMAIL  # a refused password changes nothing
    assert set_password(client, password_url).status_code == 303
    replay = set_password(client, password_url, "Tercera-Clave-99")
    assert replay.status_code == 404 and "ya no está en curso" in replay.text
    assert ana().check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("step", "age"),
    [
        ("identidad", timedelta(days=IDENTITY_DAYS, minutes=1)),
        ("clave", timedelta(hours=PASSWORD_HOURS, minutes=1)),
    ],
)
def test_links_expire(owner, client, verifier, db, tmp_path, step, age):
    request_and_upload(client, tmp_path) if step == "clave" else send_data(client)
    if step == "clave":
        verifier_decides(verifier)
    url = link(mails_to(tmp_path, NEW_EMAIL)[-1], step)
    assert client.get(url).status_code == 200
    clock.advance(age)
    page = client.get(url)
    assert page.status_code == 404 and "El enlace venció" in page.text
    assert set_password(client, url).status_code == 404
    assert ana().email == OLD_EMAIL


def test_a_link_opens_only_its_own_step_of_its_own_request(app, owner, client, db, tmp_path):
    citizen("luis@example.pe", "12345678", names="Luis", surnames="Huamán Ríos")
    send_data(client)
    luis = app.test_client()
    send_data(luis, doc_number="12345678", names="Luis", surnames="Huamán Ríos", new_email="l@x.pe")
    ana_stop = link(mails_to(tmp_path, OLD_EMAIL)[-1], "detener")
    luis_upload = link(mails_to(tmp_path, "l@x.pe")[-1], "identidad")
    token = ana_stop.rsplit("/", 1)[1]
    for wrong in (
        f"/cuenta/recuperar/datos/identidad/{token}",  # a stop link is no upload link
        f"/cuenta/recuperar/datos/clave/{token}",
        luis_upload.replace("identidad", "detener"),
        ana_stop[:-3] + "abc",  # tampered
    ):
        response = client.post(wrong)
        assert response.status_code == 404 and "no es válido" in response.text, wrong
    assert all(r.status == RecoveryStatus.ESPERANDO_IDENTIDAD for r in RecoveryRequest.select())


def test_the_pages_are_fragments_for_htmx(owner, client, db, tmp_path):
    send_data(client)
    upload_url = link(mails_to(tmp_path, NEW_EMAIL)[-1], "identidad")
    fragment = client.get(upload_url, headers=HX)
    assert re.match(r"<title>[^<]+</title>\s*<section id=\"identity\"", fragment.text)
    stop_url = link(mails_to(tmp_path, OLD_EMAIL)[-1], "detener")
    fragment = client.get(stop_url, headers=HX)
    assert re.match(r"<title>[^<]+</title>\s*<section id=\"main-block\"", fragment.text)
    response = client.post(stop_url, headers=HX)
    assert response.status_code == 303  # htmx follows it with its header: the fragment again


def test_requests_are_limited_per_document_and_per_new_address(app, owner, client, db, still_clock):
    for _ in range(REQUESTS_PER_ACCOUNT):
        assert send_data(client, birth_date="01/01/1990").status_code == 303
    response = send_data(app.test_client())  # right data, but too many tries for the document
    assert response.status_code == 200 and "Hizo demasiados intentos" in response.text
    assert "<title>Error:" in response.text
    assert RecoveryRequest.select().count() == 0
    for _ in range(REQUESTS_PER_NEW_EMAIL):
        send_data(app.test_client(), doc_number="11111111", new_email="x@example.pe")
    response = send_data(app.test_client(), doc_number="22222222", new_email="x@example.pe")
    assert "Hizo demasiados intentos" in response.text
