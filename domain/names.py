"""People's names: which are accepted, how they are stored, and how the ones a person types
are compared with the ones on record. No Flask, no database."""

import hmac
import unicodedata

# Besides letters of any script and their combining marks, names carry apostrophes (the
# typewriter one and the typographic one phones insert: O'Brien, Q’orianka), hyphens,
# spaces, and the period of an abbreviation (Ma. del Carmen).
APOSTROPHES = "'\u2019\u02bc"  # ' ’ ʼ
PUNCTUATION = set(APOSTROPHES) | set("-\u2010. ")  # hyphen-minus, hyphen, period, space


def clean(text: str | None) -> str:
    """The name as stored: NFC (one code point for "ñ" however the keyboard typed it), single
    spaces. ValueError when it holds anything but letters, marks and PUNCTUATION, or no letter."""
    name = " ".join(unicodedata.normalize("NFC", text or "").split())
    kinds = [unicodedata.category(c)[0] for c in name]
    if not any(kind == "L" for kind in kinds):
        raise ValueError("a name needs a letter")
    for char, kind in zip(name, kinds, strict=True):
        if kind not in "LM" and char not in PUNCTUATION:
            raise ValueError(f"not a name character: {char!r}")
    return name


def fold(text: str | None) -> str:
    """A name without accents, case or extra spaces: 'JOSÉ  Pérez' matches 'jose perez'.

    Every diacritic goes, the ñ's tilde too: 'MUÑOZ' folds to 'munoz'; both apostrophes are one.
    """
    plain = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    for apostrophe in APOSTROPHES[1:]:
        plain = plain.replace(apostrophe, "'")
    return " ".join(plain.casefold().split())


def names_match(typed: tuple[str, str], recorded: tuple[str, str]) -> bool:
    """Whether the typed (names, surnames) are the recorded ones once folded.

    Compared in constant time, so how long the answer takes does not tell how much was right.
    """
    return hmac.compare_digest(_key(recorded), _key(typed))


def _key(names_and_surnames: tuple[str, str]) -> bytes:
    names, surnames = names_and_surnames
    return f"{fold(names)}|{fold(surnames)}".encode()
