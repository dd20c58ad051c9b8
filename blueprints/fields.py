"""Form field checks that the booking and the account forms share: names, documents, phones."""

import re

from wtforms.validators import ValidationError

from domain.identity import InvalidDocument, check_document

NAME_PATTERN = r"^[A-Za-zÁÉÍÓÚÜÑáéíóúüñ' .\-]+$"


def check_document_number(form, field) -> None:
    """The number, checked offline against the chosen type (a missing type has its own error)."""
    if form.doc_type.errors:
        if not (field.data or "").strip():
            raise ValidationError("Escriba el número de su documento")
        return
    try:
        field.data = check_document(form.doc_type.data, field.data)
    except InvalidDocument as error:
        raise ValidationError(str(error)) from None


def phone_digits(text: str | None) -> str:
    """A Peruvian mobile (9 digits) or landline, without spaces, dashes or +51."""
    digits = re.sub(r"[\s\-()]", "", text or "").removeprefix("+51")
    if not digits:
        raise ValidationError("Escriba su número de celular o teléfono")
    if not digits.isdigit() or not 7 <= len(digits) <= 9:
        raise ValidationError("Escriba un celular de 9 dígitos o un teléfono fijo")
    return digits
