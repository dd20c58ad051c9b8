"""Spanish counts in words: "1 folio", "2 folios", "3 titulares", never "2 folio(s)"."""

VOWELS = "aeiouáéíóú"


def plural(noun: str) -> str:
    """The plural of a one-word noun of the app's: a vowel takes -s, a consonant -es."""
    return noun + ("s" if noun[-1].lower() in VOWELS else "es")


def count(number: int, noun: str) -> str:
    """'1 derecho', '2 derechos', '0 derechos'."""
    return f"{number} {noun if number == 1 else plural(noun)}"
