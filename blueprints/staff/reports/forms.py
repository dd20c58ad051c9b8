"""The reports' filters: a GET form (no CSRF token: it changes nothing), read from the URL."""

from wtforms import DateField, Form, SelectField
from wtforms.validators import Optional

from blueprints.query import calendar_day
from domain.reports import Period, default_period, span_problem

DATE_HELP = "Escriba la fecha como año-mes-día, por ejemplo 2026-03-31"


class ReportFilterForm(Form):
    desde = DateField(
        "Desde", validators=[Optional(), calendar_day], invalid_value_message=DATE_HELP
    )
    hasta = DateField(
        "Hasta", validators=[Optional(), calendar_day], invalid_value_message=DATE_HELP
    )
    sede = SelectField("Sede", default="", invalid_choice_message="Elija una sede de la lista")

    @classmethod
    def of(cls, args, sedes, today) -> "ReportFilterForm":
        form = cls(args)
        form.sede.choices = {"": "Todas las sedes"} | {str(s.id): s.name for s in sedes}
        form.today = today
        return form

    def period(self) -> Period:
        """The period asked for; a missing end comes from the default (the last 30 days)."""
        default = default_period(self.today)
        return Period(self.desde.data or default.first, self.hasta.data or default.last)

    def validate(self, extra_validators=None) -> bool:
        """The fields, then the period they make (an empty «Hasta» is today, so it is checked
        here rather than in a validator of that field, which an empty field skips)."""
        if not super().validate(extra_validators):
            return False
        period = self.period()
        problem = span_problem(period.first, period.last)
        if problem:
            self.hasta.errors = [*self.hasta.errors, problem]
        return not problem
