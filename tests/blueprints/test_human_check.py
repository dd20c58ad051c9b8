"""The human check on public forms: a proof-of-work puzzle with JavaScript, a question in words
without; each signed, bound to its session, single use, and no cookie that skips it.

The old check (a sum in words answered by a regular expression, tokens valid in any session,
a "trusted for 30 minutes" mark in the session cookie) fails every test here."""

import base64
import json
import re
from datetime import timedelta

import pytest

from blueprints.human_check import POW_SECONDS
from models import Appointment
from tests.helpers import (
    HX,
    PERSON,
    book,
    choices,
    human_answer,
    question_answer,
    request_key,
)

PUZZLE = 'data-challenge="'


def datos(client, answer=None, headers=None, **changes):
    """GET the identity step and send it with the check answered by `answer` (a helper)."""
    page = client.get("/citas/datos")
    fields = (answer or human_answer)(page.text)
    return client.post("/citas/datos", data=PERSON | fields | changes, headers=headers)


def tampered(payload: str, change) -> str:
    solved = json.loads(base64.b64decode(payload))
    change(solved)
    return base64.b64encode(json.dumps(solved).encode()).decode()


# --- proof of work (JavaScript on) ------------------------------------------------------------


def test_the_form_carries_a_signed_puzzle_and_the_self_hosted_widget(client):
    page = client.get("/citas/datos").text
    puzzle = json.loads(re.search(r'data-challenge="([^"]+)"', page).group(1).replace("&#34;", '"'))
    assert puzzle["signature"] and puzzle["parameters"]["algorithm"] == "PBKDF2/SHA-256"
    assert puzzle["parameters"]["data"]["session"]  # bound to this session
    assert 'data-script="/static/vendor/altcha-3.2.2/altcha.min.js' in page
    assert 'data-worker="/static/vendor/altcha-3.2.2/pbkdf2.js' in page
    assert "https://" not in page.split('id="human-check"')[1].split("</div>")[0]  # no CDN


def test_a_solved_puzzle_passes(client):
    assert datos(client).headers["Location"] == "/citas/sede"


def test_a_solved_puzzle_is_accepted_once(client):
    page = client.get("/citas/datos")
    solved = human_answer(page.text)
    assert client.post("/citas/datos", data=PERSON | solved).status_code == 303
    again = client.post("/citas/datos", data=PERSON | solved | {"doc_number": "11111111"})
    assert again.status_code == 200 and "La comprobación ya se usó" in again.text
    assert PUZZLE in again.text  # and a fresh puzzle to solve


def test_a_puzzle_solved_in_another_session_is_refused(app, client):
    solved = human_answer(client.get("/citas/datos").text)
    bot = app.test_client()
    bot.get("/citas/datos")
    response = bot.post("/citas/datos", data=PERSON | solved)
    assert response.status_code == 200 and "no es de esta sesión" in response.text


def test_an_expired_puzzle_is_refused(client, court_clock):
    solved = human_answer(client.get("/citas/datos").text)
    court_clock.advance(timedelta(seconds=POW_SECONDS + 1))
    response = client.post("/citas/datos", data=PERSON | solved)
    assert response.status_code == 200 and "La comprobación venció" in response.text


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p["challenge"]["parameters"]["data"].update(until=4102444800),  # re-dated
        lambda p: p["solution"].update(derivedKey="00" * 32),  # not solved
        lambda p: p["challenge"].update(signature=None),  # unsigned
    ],
    ids=["re-dated", "unsolved", "unsigned"],
)
def test_a_forged_or_unsolved_puzzle_is_refused(client, change):
    solved = human_answer(client.get("/citas/datos").text)
    forged = {"altcha": tampered(solved["altcha"], change)}
    response = client.post("/citas/datos", data=PERSON | forged)
    assert response.status_code == 200 and "No pudimos comprobar" in response.text


def test_garbage_instead_of_a_solution_is_refused_not_a_server_error(client):
    client.get("/citas/datos")
    nested = base64.b64encode(b"[" * 100_000).decode()
    for garbage in ("x", "e30=", base64.b64encode(b'{"challenge": 1}').decode(), nested):
        response = client.post("/citas/datos", data=PERSON | {"altcha": garbage})
        assert response.status_code == 200 and "No pudimos comprobar" in response.text


def test_every_booking_costs_a_new_check(client, db):
    book(client)
    page = client.get("/citas/datos")
    assert PUZZLE in page.text
    second = PERSON | {"doc_number": "11111111", "email": "otra@example.pe"}
    response = client.post("/citas/datos", data=second)  # "the session answered once"
    assert "Responda la pregunta de comprobación" in response.text
    assert Appointment.select().count() == 1


# --- the question (JavaScript off) ------------------------------------------------------------


def test_without_javascript_a_labelled_question_in_words_is_asked(client):
    page = client.get("/citas/datos").text
    label = re.search(r'<label for="human_answer">Comprobación: ([^<]+)</label>', page)
    assert label and not re.search(r"\d", label.group(1))
    assert "¿Cuánto es" not in page  # the old sum a regular expression solved
    assert 'id="human_answer" name="human_answer"' in page
    assert 'aria-describedby="human_answer-hint"' in page


def test_the_whole_flow_without_javascript_answers_the_question(client, db):
    page = client.get("/citas/datos")
    response = client.post("/citas/datos", data=PERSON | question_answer(page.text))
    assert response.headers["Location"] == "/citas/sede"
    for step in ("/citas/sede", "/citas/servicio", "/citas/dia", "/citas/hora"):
        client.post(step, data={"choice": choices(client.get(step))[0]})
    key = request_key(client.get("/citas/revisar"))
    ticket = client.post("/citas/revisar", data={"request_key": key}, follow_redirects=True)
    assert "Ticket de cita" in ticket.text and Appointment.select().count() == 1


def test_a_question_is_answered_once(client):
    page = client.get("/citas/datos")
    answer = question_answer(page.text)
    assert client.post("/citas/datos", data=PERSON | answer).status_code == 303
    again = client.post("/citas/datos", data=PERSON | answer | {"doc_number": "11111111"})
    assert "La comprobación ya se usó" in again.text


def test_a_question_answered_in_another_session_is_refused(app, client):
    answer = question_answer(client.get("/citas/datos").text)
    bot = app.test_client()
    bot.get("/citas/datos")
    response = bot.post("/citas/datos", data=PERSON | answer)
    assert response.status_code == 200 and "no es correcta" in response.text


def test_a_wrong_answer_keeps_what_was_typed_and_asks_a_new_question(client):
    page = client.get("/citas/datos")
    answer = question_answer(page.text) | {"human_answer": "no sé"}
    response = client.post("/citas/datos", data=PERSON | answer)
    assert response.status_code == 200 and "<title>Error: " in response.text
    assert '<a href="#human-check">La respuesta de la comprobación no es correcta' in response.text
    assert 'value="Quispe Mamani"' in response.text and 'value="ana@example.pe"' in response.text
    assert question_answer(response.text)["human_token"] != answer["human_token"]


# --- cookies ----------------------------------------------------------------------------------


def test_a_copied_cookie_does_not_skip_the_check(app, client):
    assert datos(client).status_code == 303  # this browser answered
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    response = thief.post("/citas/datos", data=PERSON | {"doc_number": "11111111"})
    assert response.status_code == 200 and "Responda la pregunta de comprobación" in response.text


def test_a_form_sent_back_keeps_its_check_for_one_sending_only(app, client):
    """Another mistake does not ask again; the pass that remembers it is spent once, so a
    copy of the cookie that holds it is worth nothing once the owner has used it."""
    response = datos(client, doc_number="123")
    assert "tiene 8 dígitos" in response.text and PUZZLE not in response.text
    copied = client.get_cookie("session").value
    assert client.post("/citas/datos", data=PERSON).status_code == 303
    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.post("/citas/datos", data=PERSON | {"doc_number": "11111111"})
    assert "Responda la pregunta de comprobación" in response.text


def test_the_honeypot_still_catches_simple_bots(client):
    response = datos(client, website="http://spam.example")
    assert "No pudimos comprobar" in response.text


# --- htmx -------------------------------------------------------------------------------------


def test_with_htmx_a_solved_puzzle_moves_on_and_a_refusal_comes_back_in_the_fragment(client):
    page = client.get("/citas/datos", headers=HX)
    assert "<html" not in page.text and PUZZLE in page.text
    refused = client.post("/citas/datos", data=PERSON | {"altcha": "x"}, headers=HX)
    assert refused.status_code == 200 and "<html" not in refused.text
    assert "No pudimos comprobar" in refused.text and PUZZLE in refused.text
    solved = human_answer(refused.text)
    moved = client.post("/citas/datos", data=PERSON | solved, headers=HX)
    assert moved.headers.get("HX-Location", moved.headers.get("Location", "")).endswith("/sede")


# --- the other public forms -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/cuenta/registro", {"email": "x@example.pe"}),
        ("/cuenta/recuperar", {"login": "45678901"}),
    ],
)
def test_other_public_forms_ask_the_same_check(client, path, fields):
    page = client.get(path)
    assert PUZZLE in page.text and 'for="human_answer"' in page.text
    response = client.post(path, data=fields)
    assert "Responda la pregunta de comprobación" in response.text
