"""Forms of the court's set-up: its profile, a new sede, services, windows, a sede's queue,
dependencias."""

import re

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from blueprints.staff.sedes.forms import HOUR_LABELS, HOUR_PARTS, hour_field
from domain import sede_setup
from domain.clock import WEEKDAYS
from domain.court_profile import (
    COUNTRIES,
    TIMEZONES,
    WINDOW_NUMBERS,
    dependencia_code_problem,
    slug_problem,
)
from domain.queue import PRIORITY_EVERY_CHOICES, priority_every_label

PHONE = re.compile(r"^[0-9 ()+\-]{6,30}$")


def text(label: str, missing: str, longest: int, **kwargs) -> StringField:
    return StringField(
        label,
        validators=[
            InputRequired(missing),
            Length(max=longest, message=f"Escriba hasta {longest} caracteres"),
        ],
        filters=[lambda value: " ".join(value.split()) if value else value],
        **kwargs,
    )


def optional_text(label: str, longest: int, field=StringField) -> StringField:
    return field(
        label,
        validators=[Optional(), Length(max=longest, message=f"Escriba hasta {longest} caracteres")],
        filters=[lambda value: value.strip() if value else ""],
    )


def checked_by(problem):
    """A validator from a domain function that says what is wrong with a text, or None."""

    def check(form, field):
        message = problem(field.data or "")
        if message:
            raise ValidationError(message)

    return check


class CourtProfileForm(FlaskForm):
    name = text("Nombre del tribunal", "Escriba el nombre del tribunal", 120)
    short_name = text("Nombre corto", "Escriba un nombre corto, por ejemplo CSJ Lima", 40)
    country = RadioField(
        "País",
        choices={code: country.name for code, country in COUNTRIES.items()},
        validators=[InputRequired("Elija el país del tribunal")],
        invalid_choice_message="Elija Perú o Guatemala",
    )
    timezone = SelectField(
        "Zona horaria",
        choices={zone: zone.split("/")[-1].replace("_", " ") for zone in TIMEZONES},
        validators=[InputRequired("Elija la zona horaria del tribunal")],
        invalid_choice_message="Elija una zona horaria de la lista",
    )
    logo = FileField("Logotipo para los PDF (opcional)")
    drop_logo = BooleanField("Quitar el logotipo actual")

    def values(self) -> dict:
        return {f: getattr(self, f).data for f in ("name", "short_name", "country", "timezone")}


class NewSedeForm(FlaskForm):
    name = text("Nombre de la sede", "Escriba el nombre de la sede", 120)
    code = StringField(
        "Código",
        validators=[InputRequired("Escriba un código para la sede"), checked_by(slug_problem)],
        filters=[lambda value: value.strip() if value else value],
    )
    address = text("Dirección", "Escriba la dirección de la sede", 160)
    district = text("Distrito", "Escriba el distrito", 80)
    city = text("Ciudad", "Escriba la ciudad", 80)
    phone = StringField(
        "Teléfono (opcional)", filters=[lambda value: value.strip() if value else ""]
    )

    def validate_phone(self, field):
        if field.data and not PHONE.match(field.data):
            raise ValidationError("Escriba solo números, espacios, paréntesis, + o guiones")

    def values(self) -> dict:
        return {
            f: getattr(self, f).data
            for f in ("name", "code", "address", "district", "city", "phone")
        }


def sedes_field(label: str) -> SelectMultipleField:
    return SelectMultipleField(label, invalid_choice_message="Elija sedes de la lista")


class ServiceForm(FlaskForm):
    """A trámite: its code only when it is new (bookings and files refer to it)."""

    code = StringField(
        "Código",
        validators=[InputRequired("Escriba un código para el trámite"), checked_by(slug_problem)],
        filters=[lambda value: value.strip() if value else value],
    )
    name = text("Nombre del trámite", "Escriba el nombre del trámite", 80)
    description = optional_text("Descripción (opcional)", 200)
    what_to_bring = optional_text("Qué traer (opcional)", 1000, TextAreaField)
    sedes = sedes_field("Sedes que lo ofrecen")

    def values(self) -> dict:
        return {f: getattr(self, f).data for f in ("name", "description", "what_to_bring")}


class WindowForm(FlaskForm):
    number = StringField(
        "Número",
        validators=[InputRequired("Escriba el número de la ventanilla")],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 2},
    )
    name = optional_text("Nombre (opcional)", 40)
    services = SelectMultipleField(
        "Trámites que atiende", invalid_choice_message="Elija trámites de la lista"
    )
    active = BooleanField("Activa (atiende al público)", default=True)

    def validate_number(self, field):
        typed = (field.data or "").strip()
        if not (typed.isascii() and typed.isdigit()) or int(typed) not in WINDOW_NUMBERS:
            raise ValidationError(
                f"Escriba un número entero de {WINDOW_NUMBERS[0]} a {WINDOW_NUMBERS[-1]}"
            )

    def values(self) -> dict:
        return {
            "number": int(self.number.data.strip()),
            "name": self.name.data,
            "active": self.active.data,
        }


# --- a sede's lobby queue (setup/queue.py) ----------------------------------------------

NAME_MISSING = "Escriba un nombre, por ejemplo «Hall, junto a la puerta»"


def _choice(value) -> int:
    """The option's number; 0 (no option) for anything else typed into the request."""
    typed = str(value or "")
    return int(typed) if typed.isascii() and typed.isdigit() and len(typed) <= 3 else 0


class KioskForm(FlaskForm):
    name = text("Nombre del terminal", NAME_MISSING, 80)

    def validate_name(self, field):
        if not field.data:  # only spaces, emptied by the field's filter
            raise ValidationError(NAME_MISSING)


class CallOrderForm(FlaskForm):
    every = SelectField(
        "Turnos preferenciales y citas de la hora",
        choices={n: priority_every_label(n) for n in PRIORITY_EVERY_CHOICES},
        coerce=_choice,
        validators=[InputRequired("Elija una de las opciones")],
        invalid_choice_message="Elija una de las opciones",
    )


class ConfirmForm(FlaskForm):
    """Only the CSRF token: the letters' fields are read by their service's id."""


class DependenciaForm(FlaskForm):
    code = StringField(
        "Código",
        validators=[
            InputRequired("Escriba el código de la dependencia"),
            checked_by(dependencia_code_problem),
        ],
        filters=[lambda value: value.strip().upper() if value else value],
    )
    name = text("Nombre", "Escriba el nombre de la dependencia", 160)
    sede = SelectField("Sede", invalid_choice_message="Elija una sede de la lista")
    active = BooleanField("Activa (recibe escritos)", default=True)

    def fill_hours(self, week: dict) -> None:
        """Show stored reception hours ({weekday: [(opens, closes)]}) in the day fields."""
        for weekday in range(7):
            hours = sede_setup.day_hours(week.get(weekday, []))
            for part in HOUR_PARTS:
                getattr(self, f"{part}_{weekday}").data = getattr(hours, part)

    def week(self) -> dict[int, sede_setup.DayHours]:
        return {
            weekday: sede_setup.DayHours(
                *(getattr(self, f"{part}_{weekday}").data for part in HOUR_PARTS)
            )
            for weekday in range(7)
        }

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, then a sede's hour rules (domain/sede_setup.py) on each
        weekday; no slot length: filings are received at any minute of the period."""
        valid = super().validate(extra_validators)
        for weekday, hours in self.week().items():
            if any(getattr(self, f"{part}_{weekday}").errors for part in HOUR_PARTS):
                continue
            for part, message in sede_setup.check_day(weekday, hours, None).items():
                getattr(self, f"{part}_{weekday}").errors.append(message)
        return valid and not self.errors

    def values(self) -> dict:
        return {
            "code": self.code.data,
            "name": self.name.data,
            "sede_id": int(self.sede.data) if self.sede.data else None,
            "active": self.active.data,
            "week": {day: h.periods for day, h in self.week().items() if h.periods},
        }


for _weekday, _day in enumerate(WEEKDAYS):
    for _part in HOUR_PARTS:
        setattr(
            DependenciaForm,
            f"{_part}_{_weekday}",
            hour_field(f"{_day.capitalize()}: {HOUR_LABELS[_part].lower()}"),
        )
