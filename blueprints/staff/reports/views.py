"""The reports: a list, then each report's filters, table, chart and CSV download."""

from flask import abort, request

from blueprints.htmx import render
from blueprints.staff.access import roles_required
from blueprints.staff.csv_download import csv_response
from blueprints.staff.reports import bp
from blueprints.staff.reports.forms import ReportFilterForm
from domain import charts
from domain.roles import DESK
from models import Court
from services import reports
from services.clock import court_now

FILTERS = ("desde", "hasta", "sede")  # the fields of ReportFilterForm, kept in every link


def _report(name: str) -> reports.Report:
    return reports.REPORTS.get(name) or abort(404)


def _filters() -> dict:
    return {k: v for k, v in request.args.items() if k in FILTERS and v}


def _result(report: reports.Report):
    """The filter form as read from the URL and, when it is valid, the report it asks for."""
    sedes = reports.sedes()
    form = ReportFilterForm.of(request.args, sedes, court_now().date())
    if not form.validate():
        return form, None
    sede = next((s for s in sedes if str(s.id) == form.sede.data), None)
    result = reports.run(
        report, form.period(), sede, today=form.today, timezone=Court.current().timezone
    )
    return form, result


@bp.route("/informes")
@roles_required(*DESK)
def list_reports():
    return render("staff/reports/list_reports.html", "reports", reports=reports.REPORTS.values())


@bp.route("/informes/<string:name>")
@roles_required(*DESK)
def show_report(name):
    report = _report(name)
    form, result = _result(report)
    return render(
        "staff/reports/show_report.html",
        "report",
        report=report,
        form=form,
        result=result,
        period=form.period() if result else None,
        chart=charts.render(result.chart, f"grafico-{report.slug}") if result else "",
        filters=_filters(),
        others=[r for r in reports.REPORTS.values() if r is not report],
    )


@bp.route("/informes/<string:name>/csv")
@roles_required(*DESK)
def export_report(name):
    """The report's table as CSV; filters no person could type from the page are a 400."""
    report = _report(name)
    form, result = _result(report)
    if result is None:
        abort(400)
    period = form.period()
    filename = f"informe-{report.slug}-{period.first}-{period.last}.csv"
    return csv_response(filename, result.columns, result.rows)
