"""Forms of the sede and closure screens; the rules they check live in domain/sede_setup.py."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from blueprints.query import calendar_day
from domain import sede_setup
from domain.clock import WEEKDAYS
from domain.sede_setup import BOUNDS, DayHours
from services.sede_changes import ClosureSpec, SedeSettings

HOUR_HELP = "Escriba la hora como 08:00"
HOUR_PARTS = ("opens", "closes", "break_starts", "break_ends")
HOUR_LABELS = {
    "opens": "Abre",
    "closes": "Cierra",
    "break_starts": "Descanso desde",
    "break_ends": "Descanso hasta",
}


def hour_field(label: str) -> TimeField:
    return TimeField(
        label,
        format=["%H:%M", "%H:%M:%S"],
        validators=[Optional()],
        invalid_value_message=HOUR_HELP,
    )


def number_field(label: str, missing: str) -> StringField:
    return StringField(
        label,
        validators=[InputRequired(missing)],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 4},
    )


def whole(text: str | None) -> int | None:
    """Only 0-9: int() would also take Arabic-Indic and full-width digits."""
    typed = (text or "").strip()
    return int(typed) if typed.isascii() and typed.isdigit() and len(typed) <= 4 else None


class SedeForm(FlaskForm):
    name = StringField(
        "Nombre de la sede",
        validators=[
            InputRequired("Escriba el nombre de la sede"),
            Length(max=120, message="El nombre puede tener hasta 120 caracteres"),
        ],
    )
    address = StringField(
        "Dirección",
        validators=[
            InputRequired("Escriba la dirección de la sede"),
            Length(max=200, message="La dirección puede tener hasta 200 caracteres"),
        ],
    )
    district = StringField(
        "Distrito",
        validators=[
            InputRequired("Escriba el distrito"),
            Length(max=80, message="El distrito puede tener hasta 80 caracteres"),
        ],
    )
    city = StringField(
        "Ciudad",
        validators=[
            InputRequired("Escriba la ciudad"),
            Length(max=80, message="La ciudad puede tener hasta 80 caracteres"),
        ],
    )
    phone = StringField(
        "Teléfono",
        validators=[Length(max=40, message="El teléfono puede tener hasta 40 caracteres")],
        render_kw={"autocomplete": "off", "inputmode": "tel"},
    )
    instructions = TextAreaField(
        "Indicaciones para el ticket",
        validators=[
            Length(max=1000, message="Las indicaciones pueden tener hasta 1000 caracteres")
        ],
    )
    active = BooleanField("La sede recibe reservas")
    slot_minutes = number_field(
        "Duración de cada turno (minutos)", "Escriba cuántos minutos dura cada turno"
    )
    capacity_per_slot = number_field(
        "Personas por turno y trámite", "Escriba cuántas personas caben en un turno"
    )
    horizon_days = number_field(
        "Días de anticipación para reservar", "Escriba con cuántos días se puede reservar"
    )
    same_day_cutoff = hour_field("Reservas para el mismo día hasta las")
    cancel_cutoff_hours = number_field(
        "Horas antes del turno para anular o reprogramar",
        "Escriba hasta cuántas horas antes se puede anular",
    )
    outcome_margin_minutes = number_field(
        "Minutos antes del turno para marcar la asistencia",
        "Escriba el margen para marcar la asistencia",
    )
    restrict_vulnerable = BooleanField(
        "No dar citas a personas de 65 años o más ni a personas en situación de vulnerabilidad "
        "(regla de la semilla 000; se les da turno preferente en la sede)"
    )
    seen = HiddenField()

    @classmethod
    def of(cls, settings: SedeSettings) -> "SedeForm":
        """The form filled in with a sede's current settings."""
        data = {
            name: getattr(settings, name)
            for name in SedeSettings.__dataclass_fields__
            if name != "week"
        }
        data = {
            k: (str(v) if isinstance(v, int) and not isinstance(v, bool) else v)
            for k, v in data.items()
        }
        for weekday in range(7):
            hours = sede_setup.day_hours(settings.week.get(weekday, []))
            for part in HOUR_PARTS:
                data[f"{part}_{weekday}"] = getattr(hours, part)
        return cls(data=data)

    def week(self) -> dict[int, DayHours]:
        return {
            weekday: DayHours(*(getattr(self, f"{part}_{weekday}").data for part in HOUR_PARTS))
            for weekday in range(7)
        }

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, then the sede's rules (domain/sede_setup.py) on the numbers
        and the hours, every message under its field."""
        valid = super().validate(extra_validators)
        for name in BOUNDS:
            field = getattr(self, name)
            if field.errors:
                continue
            check = sede_setup.check_slot_minutes if name == "slot_minutes" else None
            wrong = (
                check(whole(field.data))
                if check
                else sede_setup.check_number(name, whole(field.data))
            )
            if wrong:
                field.errors.append(wrong)
        slot = None if self.slot_minutes.errors else whole(self.slot_minutes.data)
        for weekday, hours in self.week().items():
            if any(getattr(self, f"{part}_{weekday}").errors for part in HOUR_PARTS):
                continue
            for part, message in sede_setup.check_day(weekday, hours, slot).items():
                getattr(self, f"{part}_{weekday}").errors.append(message)
        wrong_week = sede_setup.check_week(self.week(), self.active.data)
        if wrong_week:
            self.form_errors.append(wrong_week)
        return valid and not self.errors and not self.form_errors

    def settings(self) -> SedeSettings:
        week = {day: hours.periods for day, hours in self.week().items() if hours.periods}
        numbers = {name: whole(getattr(self, name).data) for name in BOUNDS}
        return SedeSettings(
            name=self.name.data.strip(),
            address=self.address.data.strip(),
            district=self.district.data.strip(),
            city=self.city.data.strip(),
            phone=(self.phone.data or "").strip(),
            instructions=(self.instructions.data or "").strip(),
            active=self.active.data,
            same_day_cutoff=self.same_day_cutoff.data,
            restrict_vulnerable=self.restrict_vulnerable.data,
            week=week,
            **numbers,
        )


for _weekday, _day in enumerate(WEEKDAYS):
    for _part in HOUR_PARTS:
        setattr(
            SedeForm,
            f"{_part}_{_weekday}",
            hour_field(f"{_day.capitalize()}: {HOUR_LABELS[_part].lower()}"),
        )


ALL_SEDES = "todas"


class ClosureForm(FlaskForm):
    day = DateField(
        "Fecha",
        validators=[InputRequired("Escriba la fecha del cierre"), calendar_day],
        invalid_value_message="Escriba la fecha como año-mes-día, por ejemplo 2027-03-31",
    )
    sede = SelectField("Sede", invalid_choice_message="Elija una sede de la lista, o todas")
    closed_from = hour_field("Cerrada desde (opcional)")
    closed_until = hour_field("Cerrada hasta (opcional)")
    reason = StringField(
        "Motivo",
        validators=[
            InputRequired("Escriba el motivo del cierre, por ejemplo «Fumigación»"),
            Length(max=200, message="El motivo puede tener hasta 200 caracteres"),
        ],
    )
    seen = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.closed_from.errors or self.closed_until.errors):
            wrong = sede_setup.check_closure_times(self.closed_from.data, self.closed_until.data)
            for message in wrong.values():
                self.closed_until.errors.append(message)
        return valid and not self.errors

    def spec(self, sede) -> ClosureSpec:
        """The closure to declare, at `sede` (None: every sede)."""
        return ClosureSpec(
            day=self.day.data,
            reason=self.reason.data.strip(),
            sede=sede,
            closed_from=self.closed_from.data,
            closed_until=self.closed_until.data,
        )


class HolidaysForm(FlaskForm):
    year = StringField(
        "Año",
        validators=[InputRequired("Escriba el año, por ejemplo 2027")],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 4},
    )
    seen = HiddenField()

    def validate_year(self, field):
        if whole(field.data) is None or not 2000 <= whole(field.data) <= 2100:
            raise ValidationError("Escriba un año de 2000 a 2100, por ejemplo 2027")
