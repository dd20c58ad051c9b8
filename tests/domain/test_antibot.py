import pytest

from domain import antibot

SECRET = "s3cret"


def answer_of(question: str) -> str:
    words = question.removeprefix("¿Cuánto es ").removesuffix("?").split(" más ")
    return str(sum(antibot.NUMBERS.index(w) for w in words))


def test_the_right_answer_passes_and_returns_the_single_use_nonce():
    challenge = antibot.new_challenge(SECRET, now=1000)
    nonce = antibot.verify(SECRET, challenge.token, answer_of(challenge.question), "", now=1010)
    assert nonce and nonce in challenge.token


def challenge_with_a_one_digit_answer() -> tuple[antibot.Challenge, int]:
    """Sums run from 2 to 18; draw until one has a single-word answer (about half do)."""
    for _ in range(500):
        challenge = antibot.new_challenge(SECRET, now=1000)
        value = int(answer_of(challenge.question))
        if value < 10:
            return challenge, value
    raise AssertionError("500 draws without a sum under 10")


@pytest.mark.parametrize("written", [str.lower, str.upper, lambda word: f"  {word.title()} "])
def test_the_answer_may_be_written_in_words(written):
    challenge, value = challenge_with_a_one_digit_answer()
    word = written(antibot.NUMBERS[value])
    nonce = antibot.verify(SECRET, challenge.token, word, "", now=1010)
    assert nonce and nonce in challenge.token


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"answer": "99"}, "no es correcta"),
        ({"honeypot": "http://spam"}, "No pudimos comprobar"),
        ({"now": 1001}, "demasiado rápido"),  # faster than a person
        ({"now": 1000 + antibot.MAX_SECONDS + 1}, "venció"),
        ({"secret": "other"}, "no es correcta"),  # a token signed elsewhere
        ({"token": "garbage"}, "venció"),
    ],
)
def test_bots_are_refused(change, message):
    challenge = antibot.new_challenge(SECRET, now=1000)
    args = {
        "secret": SECRET,
        "token": challenge.token,
        "answer": answer_of(challenge.question),
        "honeypot": "",
        "now": 1010,
    } | change
    with pytest.raises(antibot.NotHuman, match=message):
        antibot.verify(**args)
