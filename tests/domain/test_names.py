import pytest

from domain.names import clean, fold, names_match


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("José Pérez", "jose perez"),  # accents
        ("ÁÉÍÓÚ Ü", "aeiou u"),
        ("MUÑOZ", "munoz"),  # the ñ's tilde goes like any other diacritic
        ("Peña", "pena"),
        ("MARÍA del CARMEN", "maria del carmen"),  # case
        ("  JOSÉ   Pérez  ", "jose perez"),  # extra spaces, inside and around
        ("Ana\tLucía\n", "ana lucia"),  # any whitespace
        ("", ""),
        (None, ""),
    ],
)
def test_fold_drops_accents_case_and_extra_spaces(typed, folded):
    assert fold(typed) == folded


@pytest.mark.parametrize(
    "typed",
    [
        ("JOSÉ  LUIS", "MUÑOZ PEÑA"),
        ("jose luis", "munoz pena"),
        (" José Luis ", "Muñoz  Peña"),
    ],
)
def test_names_typed_with_other_accents_case_or_spaces_match(typed):
    assert names_match(typed, ("José Luis", "Muñoz Peña"))


@pytest.mark.parametrize(
    "typed",
    [
        ("Jose", "Munoz Pena"),  # a name left out
        ("Jose Luis", "Munoz"),  # a surname left out
        ("Munoz Pena", "Jose Luis"),  # names and surnames swapped
        ("Jose Luis Munoz", "Pena"),  # the same words split elsewhere
        ("JoseLuis", "MunozPena"),  # words run together
    ],
)
def test_other_names_do_not_match(typed):
    assert not names_match(typed, ("José Luis", "Muñoz Peña"))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("João Gonçalves", "João Gonçalves"),
        ("Zoë", "Zoë"),
        ("Hélène Noël", "Hélène Noël"),
        ("Dvořák", "Dvořák"),
        ("Łukasz", "Łukasz"),
        ("Nguyễn", "Nguyễn"),
        ("Nguye\u0302\u0303n", "Nguyễn"),  # decomposed (e and two marks) is stored composed
        ("Q’orianka", "Q’orianka"),  # the apostrophe phones type
        ("O'Brien-Smith", "O'Brien-Smith"),
        ("Ma. del  Carmen ", "Ma. del Carmen"),
        ("李小龙", "李小龙"),
        ("Ольга", "Ольга"),
    ],
)
def test_names_in_any_script_are_accepted_and_stored_nfc(typed, stored):
    assert clean(typed) == stored


@pytest.mark.parametrize("typed", ["", "   ", "-'.", "Ana2", "Ana<b>", "Ana_Luz", "Ana@x", "😀"])
def test_digits_symbols_or_no_letter_are_not_a_name(typed):
    with pytest.raises(ValueError):
        clean(typed)


def test_both_apostrophes_fold_alike():
    assert names_match(("Q’orianka", "O’Brien"), ("Q'orianka", "O'Brien"))
