"""The calculator's questions as GET forms: nothing is written, so there is no CSRF token."""

import re
from datetime import date, datetime

from wtforms import BooleanField, Form, RadioField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, ValidationError

from domain.fees import ACTS, INSTANCES, PERSONS, PROCESSES, ROLES, InvalidFeeRequest, parse_soles

# "1.234,50" and "60.000": the comma for céntimos and the point for thousands, as many
# Spanish-speaking people write money; parse_soles refuses both, this says how to fix it.
DECIMAL_COMMA = re.compile(r"(S/\.?\s*)?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]{1,2})?|.*,[0-9]{1,2}", re.I)


def radio(label: str, choices: dict, missing: str, **options) -> RadioField:
    return RadioField(
        label,
        choices=choices,
        validators=[InputRequired(missing)],
        invalid_choice_message=missing,
        **options,
    )


def whole_number(text: str | None, what: str, example: str) -> int:
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()):
        raise ValidationError(f"Escriba {what} con números, por ejemplo {example}")
    return int(text)


class StepForm(Form):
    """A step's question; answers() gives what goes in the link, as strings."""

    def answers(self) -> dict[str, str]:
        return {field.name: field.data for field in self}


class ActForm(StepForm):
    act = radio(
        "¿Qué va a presentar o pedir?",
        {key: act.label for key, act in ACTS.items()},
        "Elija qué va a presentar o pedir",
    )


class ProcessForm(StepForm):
    # `process` is a method of every WTForms form; the field keeps the link's name.
    kind = radio("¿En qué tipo de proceso?", PROCESSES, "Elija el tipo de proceso", name="process")


class RoleForm(StepForm):
    role = radio(
        "¿Quién lo presenta en el proceso?", ROLES, "Elija si es demandante, demandado o tercero"
    )
    filers = StringField("¿Cuántas personas lo presentan juntas?")

    def validate_filers(self, field):
        if (field.data or "").strip() and whole_number(field.data, "cuántas personas", "2") < 1:
            raise ValidationError("Escriba cuántas personas lo presentan: 1 o más")

    def answers(self) -> dict[str, str]:
        # Blank or 1 is one person, the common case: its links stay as short as before.
        filers = int((self.filers.data or "").strip() or 1)
        return {"role": self.role.data} | ({"filers": str(filers)} if filers > 1 else {})


class PersonForm(StepForm):
    person = radio("¿Qué tipo de persona es?", PERSONS, "Elija el tipo de persona")


class CuantiaForm(StepForm):
    cuantia = StringField("Cuantía")  # the act's own words replace the label
    unquantified = BooleanField("No se puede expresar en soles (cuantía indeterminable)")

    def validate_cuantia(self, field):
        typed = (field.data or "").strip()
        if "unquantified" in self._fields and self.unquantified.data:
            if typed:
                raise ValidationError("Borre el monto o desmarque «No se puede expresar en soles»")
            return
        if not typed:
            what = "escriba el monto en soles"
            if "unquantified" in self._fields:
                what += " o marque «No se puede expresar en soles»"
            raise ValidationError(what[0].upper() + what[1:])
        check_amount(typed)

    def answers(self) -> dict[str, str]:
        if "unquantified" in self._fields and self.unquantified.data:
            return {"cuantia": ""}
        return {"cuantia": str(parse_soles(self.cuantia.data))}


def check_amount(typed: str) -> None:
    """Raise ValidationError, in words a person can act on, unless `typed` is soles."""
    if DECIMAL_COMMA.fullmatch(typed):
        raise ValidationError(
            "Escriba el monto sin punto para los miles y con punto para los céntimos: "
            "por ejemplo 1234.50, no 1.234,50"
        )
    try:
        value = parse_soles(typed)
    except InvalidFeeRequest as error:
        raise ValidationError(str(error)) from None
    if value is None:  # only "S/"
        raise ValidationError("Escriba el monto en soles, por ejemplo 60000")


class MonthlyForm(StepForm):
    monthly = StringField("Pensión mensual que se reclama")

    def validate_monthly(self, field):
        typed = (field.data or "").strip()
        if not typed:
            raise ValidationError("Escriba la pensión mensual en soles, por ejemplo 1500")
        check_amount(typed)

    def answers(self) -> dict[str, str]:
        return {"monthly": str(parse_soles(self.monthly.data))}


class QuantityForm(StepForm):
    quantity = StringField("Número de folios")

    def validate_quantity(self, field):
        if whole_number(field.data, "cuántos folios", "12") < 1:
            raise ValidationError("Escriba cuántos folios: 1 o más")

    def answers(self) -> dict[str, str]:
        return {"quantity": str(int(self.quantity.data.strip()))}


class SituationsForm(StepForm):
    situations = SelectMultipleField(
        "¿Alguna de estas situaciones es la suya?",
        invalid_choice_message="Elija situaciones de la lista",
    )

    def answers(self) -> dict[str, str]:
        return {"situations": ",".join(sorted(self.situations.data or []))}


class NotificationsForm(StepForm):
    parties = StringField("¿A cuántas partes hay que notificar?")
    instance = radio("¿Ante qué instancia?", INSTANCES, "Elija la instancia")

    def validate_parties(self, field):
        whole_number(field.data, "a cuántas partes hay que notificar", "2; o 0 si a ninguna")

    def answers(self) -> dict[str, str]:
        return {"parties": str(int(self.parties.data.strip())), "instance": self.instance.data}


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


class DayForm(StepForm):
    day = StringField("Fecha de pago")

    def validate_day(self, field):
        field.parsed = self.read((field.data or "").strip())
        if field.parsed is None:
            raise ValidationError("Escriba la fecha como día/mes/año, por ejemplo 02/03/2026")

    @staticmethod
    def read(text: str) -> date | None:
        for pattern in DATE_FORMATS:
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        return None

    def answers(self) -> dict[str, str]:
        return {"day": self.day.parsed.isoformat()}
