import pytest

from domain.identity import InvalidDocument, check_document, check_ruc, mask


@pytest.mark.parametrize(
    ("doc_type", "typed", "stored"),
    [
        ("DNI", "45678901", "45678901"),
        ("DNI", " 4567 8901 ", "45678901"),
        ("DNI", "45.678.901", "45678901"),
        ("CE", "001234567", "001234567"),
        ("PTP", "123456789", "123456789"),
    ],
)
def test_valid_documents_are_normalized(doc_type, typed, stored):
    assert check_document(doc_type, typed) == stored


@pytest.mark.parametrize(
    ("doc_type", "typed", "message"),
    [
        ("DNI", "", "Escriba el número de su DNI"),
        ("DNI", "4567890", "tiene 8 dígitos; usted escribió 7"),
        ("DNI", "456789012", "tiene 8 dígitos; usted escribió 9"),
        ("DNI", "4567890A", "solo tiene números"),
        ("DNI", "00000000", "válido"),
        ("CE", "12345678", "tiene 9 dígitos"),
        ("PTP", "12345", "tiene 9 dígitos"),
        ("LIBRETA", "12345678", "Elija el tipo de documento"),
    ],
)
def test_invalid_documents_say_what_is_wrong(doc_type, typed, message):
    with pytest.raises(InvalidDocument, match=message):
        check_document(doc_type, typed)


@pytest.mark.parametrize("ruc", ["20131312955", "20100047218", "10467793549"])
def test_real_rucs_pass_the_check_digit(ruc):
    assert check_ruc(ruc) == ruc


@pytest.mark.parametrize(
    ("ruc", "message"),
    [
        ("2013131295", "11 dígitos"),
        ("30131312955", "empieza por"),
        ("20131312956", "último dígito"),
    ],
)
def test_bad_rucs_are_refused(ruc, message):
    with pytest.raises(InvalidDocument, match=message):
        check_ruc(ruc)


def test_mask_keeps_only_the_last_four_digits():
    assert mask("45678901") == "••••8901"
