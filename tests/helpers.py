"""What tests of every feature share: the test app, the people in it, and the booking walk.

Fixtures stay in conftest.py; everything a test imports comes from here or from a feature's
helpers module next to its tests, never from another test module or a conftest.
"""

import email
import email.policy
import html
import json
import os
import re
from datetime import date, datetime
from typing import NoReturn

import altcha
import pytest

from app import create_app
from domain import antibot
from models import User
from services.clock import utc_now

IN_CI = os.environ.get("CI", "").lower() == "true"


def unavailable(message: str) -> NoReturn:
    """A service the tests need is not there: skip, saying how to provide it; under CI=true
    fail instead, where a skip would hide a missing install step."""
    if IN_CI:
        pytest.fail(f"{message} Under CI=true that is a failure.")
    pytest.skip(message)


HX = {"HX-Request": "true"}
HX_BOOSTED = {"HX-Request": "true", "HX-Boosted": "true"}

# The whole suite runs at one instant of the app's clock, never at the wall clock's: a weekday
# morning by default, or VENTANILLA_TEST_NOW (ISO 8601 with its UTC offset), which
# scripts/test-at-hours uses to prove the suite passes at any hour, on a Saturday and a holiday.
TEST_NOW = datetime.fromisoformat(os.environ.get("VENTANILLA_TEST_NOW", "2026-12-02T10:00-05:00"))


def make_app(database_url, tmp_path, **overrides):
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "PUBLIC_URL": "http://localhost",  # the test client's host: tests follow mail links
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "OUTBOX_FOLDER": str(tmp_path / "outbox"),
            "UPLOAD_FOLDER": str(tmp_path / "uploads"),
            "MAIL_SERVER": "",
            "SETUP_CACHE_SECONDS": 0,  # tests change the set-up between requests
            "HUMAN_CHECK_MIN_SECONDS": 0,  # tests answer faster than people
            "HUMAN_CHECK_POW_COST": 1,  # a puzzle solved in milliseconds, verified in full
            "HUMAN_CHECK_POW_COUNTER": 20,
            **overrides,
        }
    )


# --- people -----------------------------------------------------------------------------

PASSWORD = "Clave-Segura-2026"
PERSON = {
    "doc_type": "DNI",
    "doc_number": "45678901",
    "names": "Ana María",
    "surnames": "Quispe Mamani",
    "birth_date": "17/05/1990",
    "email": "ana@example.pe",
    "phone": "987654321",
}
NEW_CITIZEN = {
    "doc_type": "DNI",
    "doc_number": "45678901",
    "birth_date": "17/05/1990",
    "names": "Ana María",
    "surnames": "Quispe Mamani",
    "email": "Ana@Example.pe",
    "phone": "987654321",
    "password": PASSWORD,
    "password_confirm": PASSWORD,
    "privacy": "y",
}


def citizen(email="ana@example.pe", doc_number="45678901", confirmed=True, **extra) -> User:
    """A registered citizen (Ana by default) who confirmed the e-mail, written straight to the
    database; register() and confirmation_link() go through the pages instead."""
    fields = {
        "full_name": "Ana María Quispe Mamani",
        "names": "Ana María",
        "surnames": "Quispe Mamani",
        "doc_type": "DNI",
        "birth_date": date(1990, 5, 17),
    }
    user = User(
        email=email,
        doc_number=doc_number,
        created_at=utc_now(),
        email_confirmed_at=utc_now() if confirmed else None,
        **(fields | extra),
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def staff(email, roles, password=PASSWORD) -> User:
    """A member of staff with `roles` (comma-separated), written straight to the database."""
    user = User(
        email=email, full_name="Rosa Quispe", roles=roles, created_at=utc_now(), is_staff=True
    )
    user.set_password(password)
    user.save()
    return user


def sign_in(client, login="ana@example.pe", password=PASSWORD, headers=None, **extra):
    data = {"login": login, "password": password, **extra}
    return client.post("/cuenta/ingresar", data=data, headers=headers)


def register(client, **changes):
    page = client.get("/cuenta/registro")
    return client.post("/cuenta/registro", data=NEW_CITIZEN | human_answer(page.text) | changes)


def mails(tmp_path) -> list:
    """The e-mails the app wrote to the outbox folder under `tmp_path`, oldest first."""
    folder = tmp_path / "outbox"
    files = sorted(folder.iterdir()) if folder.exists() else []
    return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]


def confirmation_link(tmp_path) -> str:
    body = mails(tmp_path)[-1].get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/cuenta/confirmar/\S+)", body).group(1)


def human_answer(page_text: str) -> dict:
    """The check's fields as a browser with JavaScript sends them: the page's proof-of-work
    puzzle, solved (as the ALTCHA widget does) by the altcha library. {} when not asked."""
    found = re.search(r'data-challenge="([^"]+)"', page_text)
    if found is None:  # signed in, or this session holds a pass from a form sent back
        return {}
    challenge = altcha.Challenge.from_dict(json.loads(html.unescape(found.group(1))))
    solution = altcha.solve_challenge(challenge, timeout=10)
    return {"altcha": altcha.Payload(challenge, solution).to_base64(), "website": ""}


def question_answer(page_text: str) -> dict:
    """The check's fields as a person without JavaScript fills them: the question in words,
    understood (looked up in the table of questions), and its signed token. {} when not asked."""
    found = re.search(r'<label for="human_answer">Comprobación: ([^<]+)</label>', page_text)
    if found is None:
        return {}
    question = html.unescape(found.group(1))
    answer = next(a for q, a in antibot.QUESTIONS if q == question)
    token = re.search(r'name="human_token" value="([^"]+)"', page_text).group(1)
    return {"human_answer": answer, "human_token": token, "website": ""}


# --- booking ----------------------------------------------------------------------------


def choices(response) -> list[str]:
    """The values of the radio buttons on a page, in order."""
    return re.findall(r'type="radio" id="[^"]+" name="[^"]+" value="([^"]+)"', response.text)


def request_key(response) -> str:
    return re.search(r'name="request_key"[^>]*value="([^"]+)"', response.text).group(1)


def submit_identity(client, person=None, headers=None):
    """Fill 'Sus datos' as a person does, answering the anti-bot question when it is asked."""
    page = client.get("/citas/datos")
    return client.post(
        "/citas/datos", data=(person or PERSON) | human_answer(page.text), headers=headers
    )


def book(client, person=None, sede_index=0, service_index=0, day_index=0, time_index=0):
    """Walk the whole flow as a browser without JavaScript; return the ticket response."""
    submit_identity(client, person)
    sede = choices(client.get("/citas/sede"))[sede_index]
    client.post("/citas/sede", data={"choice": sede})
    service = choices(client.get("/citas/servicio"))[service_index]
    client.post("/citas/servicio", data={"choice": service})
    day = choices(client.get("/citas/dia"))[day_index]
    client.post("/citas/dia", data={"choice": day})
    start = choices(client.get("/citas/hora"))[time_index]
    client.post("/citas/hora", data={"choice": start})
    key = request_key(client.get("/citas/revisar"))
    return client.post("/citas/revisar", data={"request_key": key}, follow_redirects=True)
