"""The reports: one declared list, each entry a title, a sentence and a function that builds it.

Adding a report (queue waiting times, when they land) is one `build_*`
function in services/report_builders.py and one entry in REPORTS: the pages, the chart and
the CSV come from the list. A report reads the period and the sedes chosen, asks
models/reports.py for counts grouped by the database, and domain/reports.py for the
arithmetic. Nothing is written.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from domain.reports import Period, ReportResult
from models import Sede
from services.report_builders import (
    Filters,
    build_attendance,
    build_bookings,
    build_changes,
    build_filings,
    build_fill_rate,
    build_lead_time,
    build_receipts,
    build_verifications,
)


@dataclass(frozen=True)
class Report:
    slug: str  # its URL: /personal/informes/<slug>
    title: str
    summary: str
    build: Callable[[Filters], ReportResult]
    by_sede: bool = True  # False: the data has no sede, the sede filter does not apply


REPORTS = {
    r.slug: r
    for r in (
        Report("citas", "Citas por día y sede", "Cuántas citas hubo cada día.", build_bookings),
        Report(
            "asistencia",
            "Asistencia e inasistencias",
            "Citas atendidas, no asistidas y sin marcar.",
            build_attendance,
        ),
        Report(
            "anulaciones",
            "Anulaciones y reprogramaciones",
            "Cuántas citas se anularon o se movieron.",
            build_changes,
        ),
        Report(
            "anticipacion",
            "Anticipación de las reservas",
            "Cuántos días antes de la cita reserva la gente.",
            build_lead_time,
        ),
        Report(
            "ocupacion",
            "Ocupación por hora",
            "Qué parte de los cupos de cada hora se reserva.",
            build_fill_rate,
        ),
        Report(
            "verificaciones",
            "Verificaciones de identidad",
            "Pendientes, aprobadas, rechazadas y cuánto tarda la decisión.",
            build_verifications,
            by_sede=False,
        ),
        Report(
            "comprobantes",
            "Comprobantes de pago",
            "Comprobantes validados contra el banco y usados.",
            build_receipts,
            by_sede=False,
        ),
        Report(
            "tramites",
            "Trámites por estado",
            "Trámites recibidos por dependencia y estado, y cuánto tarda mesa de partes.",
            build_filings,
        ),
    )
}


def sedes() -> list:
    """Every sede a report can be about, closed ones too (their history counts), by name.

    Staff users have no sede of their own (models/accounts.py), so an administrator and a
    clerk choose among the same sedes, as on the desk's day list."""
    return list(Sede.select().order_by(Sede.name))


def run(report: Report, period: Period, sede, *, today: date, timezone: str) -> ReportResult:
    """The report for `period` and one sede (None: every sede)."""
    chosen = (sede,) if sede is not None and report.by_sede else tuple(sedes())
    filters = Filters(period, chosen, sede is None or not report.by_sede, today, timezone)
    return report.build(filters)
