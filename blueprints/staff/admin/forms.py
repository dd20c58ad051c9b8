"""Forms of the administrator's screens: staff users, roles, password policy, audit filters."""

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    Form,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from blueprints.query import calendar_day
from blueprints.staff.menu import MENU
from domain.quotas import HIGHEST, LOWEST, QUOTAS
from domain.roles import Role
from domain.slots import MARGIN_HIGHEST, MARGIN_LOWEST
from models.accounts import User

# What each role opens today, in the menu's words: no promise of a screen that is not there.
ROLE_HINTS = {
    Role.ADMINISTRADOR: "Datos del tribunal, sedes, trámites, ventanillas y dependencias; "
    "personal y roles, registro de auditoría, política de contraseñas, correos no enviados, "
    "tablas de aranceles, pedidos de asistencia e informes",
    Role.MESA_DE_PARTES: "Citas del día, la agenda pública de audiencias, comprobantes de pago "
    "(importar los pagos del banco, registrarlos, habilitarlos y devolverlos) e informes",
    Role.VERIFICADOR: "Revisa las verificaciones de identidad",
    Role.NOTIFICADOR: "Envía notificaciones a las casillas electrónicas",
    Role.ATENCION: "Responde y cierra los pedidos de asistencia (consultas, sugerencias y "
    "reclamos)",
}
# A role is offered once a screen opens for it (the menu says which).
OFFERED = tuple(role for role in Role if any(role in entry.roles for entry in MENU))
POLICY_LABELS = {"asvs": "Solo longitud (ASVS, recomendada)", "seed001": "Regla de la semilla 001"}
DATE_HELP = "Escriba la fecha como año-mes-día, por ejemplo 2026-03-31"


def roles_field() -> SelectMultipleField:
    return SelectMultipleField(
        "Roles",
        choices={role.value: role.label for role in OFFERED},
        invalid_choice_message="Elija los roles de la lista",
    )


class RolesCheck:
    def validate_roles(self, field):
        if not field.data:
            raise ValidationError(
                "Elija al menos un rol. Para quitarle todo acceso, desactive la cuenta"
            )


class RolesForm(RolesCheck, FlaskForm):
    roles = roles_field()


class NewStaffForm(RolesCheck, FlaskForm):
    email = EmailField(
        "Correo electrónico",
        validators=[
            InputRequired("Escriba el correo de la persona"),
            Email("Escriba un correo válido, por ejemplo nombre@pj.gob.pe"),
            Length(max=120, message="El correo puede tener hasta 120 caracteres"),
        ],
    )
    full_name = StringField(
        "Nombre completo",
        validators=[
            InputRequired("Escriba el nombre completo de la persona"),
            Length(max=120, message="El nombre puede tener hasta 120 caracteres"),
        ],
    )
    roles = roles_field()

    def validate_email(self, field):
        if User.by_email(field.data):
            raise ValidationError("Ya existe una cuenta con ese correo. Use otro correo")


class PolicyForm(FlaskForm):
    policy = RadioField(
        "Política de contraseñas",
        choices=POLICY_LABELS,
        validators=[InputRequired("Elija una política de contraseñas")],
        invalid_choice_message="Elija una de las dos políticas",
    )


def _whole_number(lowest: int, highest: int):
    def in_range(form, field):
        # Only 0-9: int() would also take Arabic-Indic and full-width digits.
        typed = (field.data or "").strip()
        if not (typed.isascii() and typed.isdigit()) or not lowest <= int(typed) <= highest:
            raise ValidationError(f"Escriba un número entero de {lowest} a {highest}")

    return in_range


_quota_in_range = _whole_number(LOWEST, HIGHEST)


class QuotasForm(FlaskForm):
    """One number per booking quota (domain/quotas.py), in its order."""


for _quota in QUOTAS:
    setattr(
        QuotasForm,
        _quota.name,
        StringField(
            _quota.label,
            validators=[InputRequired(f"Escriba el cupo «{_quota.label}»"), _quota_in_range],
            render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 4},
        ),
    )


def quota_values(form: QuotasForm) -> dict[str, int]:
    return {q.name: int(getattr(form, q.name).data.strip()) for q in QUOTAS}


class MarginsForm(FlaskForm):
    """One number per sede: how many minutes before an appointment's start the desk may mark
    it attended or not (Sede.outcome_margin_minutes). Its fields are the sedes: see of()."""

    @classmethod
    def of(cls, sedes, **kwargs) -> "MarginsForm":
        fields = {
            margin_field(sede): StringField(
                sede.name,
                validators=[
                    InputRequired(f"Escriba el margen de «{sede.name}»"),
                    _whole_number(MARGIN_LOWEST, MARGIN_HIGHEST),
                ],
                render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 3},
            )
            for sede in sedes
        }
        return type("SedeMarginsForm", (cls,), fields)(**kwargs)


def margin_field(sede) -> str:
    return f"margin_{sede.id}"


def margin_values(form: MarginsForm, sedes) -> dict[int, int]:
    return {sede.id: int(getattr(form, margin_field(sede)).data.strip()) for sede in sedes}


class AuditFilterForm(Form):
    """Filters of the audit log: a GET form (no CSRF token), read from the query string."""

    accion = SelectField("Acción", validate_choice=False)
    actor = StringField("Correo de quien actuó", validators=[Length(max=120)])
    desde = DateField(
        "Desde", validators=[Optional(), calendar_day], invalid_value_message=DATE_HELP
    )
    hasta = DateField(
        "Hasta", validators=[Optional(), calendar_day], invalid_value_message=DATE_HELP
    )
    texto = StringField("Texto en el asunto", validators=[Length(max=120)])

    def validate_hasta(self, field):
        if field.data and self.desde.data and field.data < self.desde.data:
            raise ValidationError("La fecha «Hasta» debe ser igual o posterior a «Desde»")
