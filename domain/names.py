"""How the names a person types are compared with the ones on record. No Flask, no database."""

import hmac
import unicodedata


def fold(text: str | None) -> str:
    """A name without accents, case or extra spaces: 'JOSÉ  Pérez' matches 'jose perez'.

    Every diacritic goes, the ñ's tilde too: 'MUÑOZ' folds to 'munoz'.
    """
    plain = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def names_match(typed: tuple[str, str], recorded: tuple[str, str]) -> bool:
    """Whether the typed (names, surnames) are the recorded ones once folded.

    Compared in constant time, so how long the answer takes does not tell how much was right.
    """
    return hmac.compare_digest(_key(recorded), _key(typed))


def _key(names_and_surnames: tuple[str, str]) -> bytes:
    names, surnames = names_and_surnames
    return f"{fold(names)}|{fold(surnames)}".encode()
