import pytest

from domain.identity import InvalidDocument, check_document, check_ruc, mask, mask_email


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


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("ana@example.pe", "a***@e***.pe"),
        ("jose.quispe@correo.pj.gob.pe", "j***@c***.pe"),
        ("x@gmail.com", "x***@g***.com"),
        ("ana@localhost", "a***@l***"),
        ("sin-arroba", "***"),
        ("", "***"),
    ],
)
def test_mask_email_keeps_a_first_letter_and_the_ending(address, shown):
    assert mask_email(address) == shown


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1234567890101", "1234567890101"),  # Guatemala (01), municipality 01
        ("2345 67899 1333", "2345678991333"),  # Huehuetenango's 33rd: Petatán (2015)
        ("4000 12340 0514", "4000123400514"),  # Escuintla's 14th: Sipacate (2015)
    ],
)
def test_valid_cuis_pass(typed, stored):
    assert check_document("CUI", typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("123456789010", "13 dígitos; usted escribió 12"),
        ("1234567890001", "código de departamento"),
        ("1234567892301", "código de departamento"),  # there are 22 departments
        ("1234567890118", "código de municipio"),  # Guatemala has 17
        ("1234567800101", "verificación"),
    ],
)
def test_invalid_cuis_say_which_part_is_wrong(typed, message):
    with pytest.raises(InvalidDocument, match=message):
        check_document("CUI", typed)


def test_passports_are_letters_and_digits():
    assert check_document("PASAPORTE", "ab 123456") == "AB123456"
    with pytest.raises(InvalidDocument, match="de 6 a 12"):
        check_document("PASAPORTE", "AB-12")
