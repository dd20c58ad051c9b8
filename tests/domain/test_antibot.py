import re

import pytest

from domain import antibot

SECRET = "s3cret"
SESSION = "session-a"


def answer_of(question: str) -> str:
    return next(answer for q, answer in antibot.QUESTIONS if q == question)


def test_the_right_answer_passes_and_returns_the_single_use_nonce():
    challenge = antibot.new_challenge(SECRET, SESSION, now=1000)
    answer = answer_of(challenge.question)
    nonce = antibot.verify(SECRET, challenge.token, answer, SESSION, now=1010)
    assert nonce and nonce in challenge.token


def test_the_answer_is_not_on_the_page_for_a_regular_expression_to_lift():
    """The old check asked "¿Cuánto es tres más cuatro?": two words and a sum. Now the answer
    never appears in the question, and the token carries only a signature."""
    for question, answer in antibot.QUESTIONS:
        assert antibot.canonical(answer) not in antibot.canonical(question).split(), question
    challenge = antibot.new_challenge(SECRET, SESSION, now=1000)
    assert antibot.canonical(answer_of(challenge.question)) not in challenge.token.split(".")


def test_the_table_asks_many_questions_in_several_forms():
    assert len(antibot.QUESTIONS) >= 100
    assert len({q for q, _ in antibot.QUESTIONS}) == len(antibot.QUESTIONS)
    asked = {antibot.new_challenge(SECRET, SESSION, now=1000).question for _ in range(50)}
    assert len(asked) > 25


@pytest.mark.parametrize(
    ("question", "typed"),
    [
        ("Si hoy es martes, ¿qué día será mañana?", "  Miercoles "),
        ("Si hoy es martes, ¿qué día será mañana?", "el miércoles."),
        ("¿Qué día de la semana viene antes del lunes?", "DOMINGO"),
        ("¿Qué mes viene después de agosto?", "setiembre"),
        ("¿Cuántos días tiene una semana?", "siete"),
        ("¿Cuántos días tiene una semana?", "7"),
        ("¿Cuántas horas tiene un día?", "veinticuatro"),
        ("¿De qué color es la leche?", "Blanca"),
        ("¿Cuál es la capital del Perú?", "lima"),
    ],
)
def test_answers_are_understood_in_the_forms_people_write_them(question, typed):
    assert antibot.canonical(typed) == antibot.canonical(answer_of(question))


def signed_token_for(question: str, session: str = SESSION, now: int = 1000) -> str:
    for _ in range(5000):
        challenge = antibot.new_challenge(SECRET, session, now)
        if challenge.question == question:
            return challenge.token
    raise AssertionError(f"never drew {question!r}")


def test_a_token_is_bound_to_the_session_it_was_issued_to():
    challenge = antibot.new_challenge(SECRET, SESSION, now=1000)
    answer = answer_of(challenge.question)
    with pytest.raises(antibot.NotHuman, match="no es correcta"):
        antibot.verify(SECRET, challenge.token, answer, "session-b", now=1010)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"answer": "99"}, "no es correcta"),
        ({"now": 1001}, "demasiado rápido"),  # faster than a person
        ({"now": 1000 + antibot.MAX_SECONDS + 1}, "venció"),
        ({"secret": "other"}, "no es correcta"),  # a token signed elsewhere
        ({"token": "garbage"}, "venció"),
        ({"session_id": "another"}, "no es correcta"),
    ],
)
def test_bots_are_refused(change, message):
    challenge = antibot.new_challenge(SECRET, SESSION, now=1000)
    args = {
        "secret": SECRET,
        "token": challenge.token,
        "answer": answer_of(challenge.question),
        "session_id": SESSION,
        "now": 1010,
    } | change
    with pytest.raises(antibot.NotHuman, match=message):
        antibot.verify(**args)


def test_no_question_gives_its_answer_away_by_a_number_in_it():
    for question, _ in antibot.QUESTIONS:
        assert not re.search(r"\d", question), question
