"""How each report is built from the counts the database groups: its table, chart and notes.

services/reports.py lists them; each `build_*` takes the Filters and returns a ReportResult.
"""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal

from domain import reports as rules
from domain.charts import Chart, Series
from domain.clock import to_utc, utc_span
from domain.reports import Period, ReportResult, share
from domain.states import AppointmentStatus, FilingStatus, IdentityStatus
from models import Closure, Dependencia, Service
from models import reports as counts


@dataclass(frozen=True)
class Filters:
    period: Period
    sedes: tuple  # the Sede rows chosen: one, or every sede
    all_sedes: bool  # no sede chosen: the report is the whole court's
    today: date  # the court's date: what is past and what is still ahead
    timezone: str

    @property
    def sede_ids(self):
        return None if self.all_sedes else tuple(s.id for s in self.sedes)

    def names(self) -> dict[int, str]:
        return {s.id: s.name for s in self.sedes}

    def instants(self) -> tuple[datetime, datetime]:
        """The period as naive UTC instants [start, end), as instants are stored."""
        start, end = utc_span(self.timezone, self.period.first, self.period.last)
        return start.replace(tzinfo=None), end.replace(tzinfo=None)

    def utc_offset_seconds(self) -> int:
        """The court's offset from UTC at the period's start (Lima and Guatemala keep one)."""
        local = to_utc(self.timezone, self.period.first, datetime.min.time())
        naive = datetime.combine(self.period.first, datetime.min.time(), tzinfo=UTC)
        return int((naive - local).total_seconds())


NO_MONEY = Decimal("0.00")
ALL_COURT = "Las verificaciones de identidad no tienen sede: el informe es de toda la corte."


def build_bookings(f: Filters) -> ReportResult:
    grain = rules.granularity(f.period)
    names = f.names()
    table: dict[date, dict[int, int]] = {}
    for day, sede, n in counts.booked_by_day(f.period.first, f.period.last, f.sede_ids):
        cell = table.setdefault(rules.bucket_of(day, grain), {})
        cell[sede] = cell.get(sede, 0) + n
    starts = rules.buckets(f.period, grain)
    rows = []
    for start in starts:
        per_sede = [table.get(start, {}).get(sede_id, 0) for sede_id in names]
        rows.append((rules.bucket_label(start, grain), *per_sede, sum(per_sede)))
    total = sum(row[-1] for row in rows)
    chart = Chart(
        "columns",
        f"Citas por {grain}",
        f"Columnas con las citas de cada {grain} del periodo, de izquierda a derecha: {total} "
        "en total; la tabla muestra cada cifra por sede.",
        tuple(row[0] for row in rows),
        (Series("Citas", tuple(row[-1] for row in rows)),),
    )
    return ReportResult(
        (grain.capitalize(), *names.values(), "Total"),
        rows,
        chart,
        (
            f"{total} citas en el periodo. Una cita reprogramada cuenta una vez, en su nuevo día; "
            "las anuladas también cuentan.",
        ),
    )


def _status_table(f: Filters) -> dict[int, dict[tuple[str, bool], int]]:
    """{sede id: {(status, day already past?): appointments}}."""
    found: dict[int, dict] = {sede_id: {} for sede_id in f.names()}
    for day, sede, status, n in counts.by_status(f.period.first, f.period.last, f.sede_ids):
        cells = found.setdefault(sede, {})
        key = (status, day < f.today)
        cells[key] = cells.get(key, 0) + n
    return found


def _either(cells: dict, status: str) -> int:
    return cells.get((status, True), 0) + cells.get((status, False), 0)


def build_attendance(f: Filters) -> ReportResult:
    status = AppointmentStatus
    rows, table = [], _status_table(f)
    for sede_id, name in f.names().items():
        cells = table.get(sede_id, {})
        attended, absent = _either(cells, status.ATENDIDA), _either(cells, status.NO_ASISTIO)
        unmarked = cells.get((status.ACTIVA, True), 0)
        rows.append((name, attended, absent, unmarked, share(absent, attended + absent)))
    chart = Chart(
        "bars",
        "Asistencia por sede",
        "Barras por sede: citas atendidas y citas a las que la persona no asistió.",
        tuple(row[0] for row in rows),
        (
            Series("Atendidas", tuple(row[1] for row in rows)),
            Series("No asistió", tuple(row[2] for row in rows)),
        ),
    )
    return ReportResult(
        ("Sede", "Atendidas", "No asistió", "Sin marcar", "Inasistencia (%)"),
        rows,
        chart,
        ("«Sin marcar»: citas de días ya pasados que la mesa no marcó.",),
    )


def build_changes(f: Filters) -> ReportResult:
    status = AppointmentStatus
    rows, table = [], _status_table(f)
    for sede_id, name in f.names().items():
        cells = table.get(sede_id, {})
        issued = sum(cells.values())
        cancelled, moved = _either(cells, status.ANULADA), _either(cells, status.REPROGRAMADA)
        rows.append((name, issued, cancelled, moved, share(cancelled + moved, issued)))
    chart = Chart(
        "bars",
        "Anulaciones y reprogramaciones por sede",
        "Barras por sede: citas anuladas y citas reprogramadas.",
        tuple(row[0] for row in rows),
        (
            Series("Anuladas", tuple(row[2] for row in rows)),
            Series("Reprogramadas", tuple(row[3] for row in rows)),
        ),
    )
    return ReportResult(
        ("Sede", "Tickets emitidos", "Anuladas", "Reprogramadas", "Cambiadas (%)"),
        rows,
        chart,
        ("Cada reprogramación emite un ticket nuevo: por eso cuenta entre los emitidos.",),
    )


def build_lead_time(f: Filters) -> ReportResult:
    found = counts.lead_days(f.period.first, f.period.last, f.sede_ids)
    total = sum(found.values())
    rows = [(label, n, share(n, total)) for label, n in rules.lead_bands(found)]
    median = rules.median_of_counts(found)
    chart = Chart(
        "bars",
        "Anticipación de las reservas",
        "Barras por cuántos días antes de la cita se reservó.",
        tuple(row[0] for row in rows),
        (Series("Citas", tuple(row[1] for row in rows)),),
    )
    said = "—" if median is None else f"{median:g} días"
    return ReportResult(
        ("Anticipación", "Citas", "Del total (%)"),
        rows,
        chart,
        (f"Mediana: {said} entre la reserva y la cita ({total} tickets emitidos).",),
    )


def build_fill_rate(f: Filters) -> ReportResult:
    offered: dict[int, int] = {}
    for sede in f.sedes:
        sede_rules = replace(
            sede.rules(f.period.first),
            closed_days=Closure.days_for(sede, f.period.first, f.period.last),
        )
        services = len(Service.offered_at(sede))
        for hour, n in rules.offered_by_hour(sede_rules, f.period, services).items():
            offered[hour] = offered.get(hour, 0) + n
    taken: dict[int, int] = {}
    for _sede, start, n in counts.places_by_start(f.period.first, f.period.last, f.sede_ids):
        taken[start.hour] = taken.get(start.hour, 0) + n
    hours = sorted(set(offered) | set(taken))
    rows = [
        (
            f"{h:02d}:00",
            offered.get(h, 0),
            taken.get(h, 0),
            share(taken.get(h, 0), offered.get(h, 0)),
        )
        for h in hours
    ]
    chart = Chart(
        "bars",
        "Ocupación por hora",
        "Barras por hora de inicio del turno: porcentaje de los cupos ofrecidos que se reservaron.",
        tuple(row[0] for row in rows),
        (Series("Ocupación (%)", tuple(row[3] or 0 for row in rows)),),
    )
    return ReportResult(
        ("Hora", "Cupos ofrecidos", "Cupos reservados", "Ocupación (%)"),
        rows,
        chart,
        (
            "Cupos ofrecidos: los turnos de cada día abierto según el horario y el cupo actuales "
            "de la sede, por cada servicio activo. Las citas anuladas o movidas liberan su cupo.",
        ),
    )


def build_verifications(f: Filters) -> ReportResult:
    start, end = f.instants()
    found = counts.verifications_by_status(start, end)
    rows = [
        (state.label, found.get(state, 0))
        for state in (IdentityStatus.PENDIENTE, IdentityStatus.APROBADA, IdentityStatus.RECHAZADA)
    ]
    median = rules.median_of_counts(counts.decision_minutes(start, end))
    chart = Chart(
        "bars",
        "Verificaciones de identidad enviadas",
        "Barras por estado de las verificaciones enviadas en el periodo.",
        tuple(row[0] for row in rows),
        (Series("Verificaciones", tuple(row[1] for row in rows)),),
    )
    return ReportResult(
        ("Estado", "Verificaciones"),
        rows,
        chart,
        (
            f"Mediana del envío a la decisión: {rules.duration_words(median)}.",
            f"Pendientes hoy, enviadas en cualquier fecha: {counts.pending_verifications()}.",
            ALL_COURT,
        ),
    )


def build_receipts(f: Filters) -> ReportResult:
    start, end = f.instants()
    grain = rules.granularity(f.period)
    used: dict[date, list] = {}
    for day, n, amount in counts.receipts_used_by_day(start, end, f.utc_offset_seconds()):
        cell = used.setdefault(rules.bucket_of(day, grain), [0, NO_MONEY])
        cell[0] += n
        cell[1] += amount
    rows = [
        (rules.bucket_label(b, grain), *used.get(b, [0, NO_MONEY]))
        for b in rules.buckets(f.period, grain)
    ]
    totals = counts.receipt_totals(f.period.first, f.period.last, start, end)
    chart = Chart(
        "columns",
        f"Comprobantes validados y usados por {grain}",
        f"Columnas con los comprobantes de pago validados y usados en cada {grain}.",
        tuple(row[0] for row in rows),
        (Series("Comprobantes", tuple(row[1] for row in rows)),),
    )
    return ReportResult(
        (grain.capitalize(), "Comprobantes usados", "Monto pagado"),
        rows,
        chart,
        (
            f"{sum(r[1] for r in rows)} comprobantes validados contra los pagos del banco y "
            f"usados; {totals['typo']} con un error de digitación aceptado.",
            f"Pagos del banco hechos en el periodo: {totals['paid']}. "
            f"Comprobantes habilitados de nuevo: {totals['habilitated']}.",
            "Los comprobantes no tienen sede: el informe es de toda la corte.",
        ),
    )


def _dependencias(f: Filters, counted: set[int]) -> list:
    """The dependencias a filings report lists: every active one of the sedes chosen (a zero
    says something too), and any other that received filings in the period."""
    query = Dependencia.select().order_by(Dependencia.name)
    if not f.all_sedes:
        query = query.where(Dependencia.sede.in_([s.id for s in f.sedes]))
    return [d for d in query if d.active or d.id in counted]


def build_filings(f: Filters) -> ReportResult:
    start, end = f.instants()
    states = tuple(FilingStatus)
    found: dict[int, dict[str, int]] = {}
    for dependencia, status, n in counts.filings_by_status(start, end, f.sede_ids):
        found.setdefault(dependencia, {})[status] = n
    waits: dict[int, dict[int, int]] = {}
    for dependencia, minutes, n in counts.first_action_minutes(start, end, f.sede_ids):
        # A clerk may act before a filing sent after hours counts as received: no wait.
        cell = waits.setdefault(dependencia, {})
        cell[max(minutes, 0)] = cell.get(max(minutes, 0), 0) + n
    rows = []
    for dependencia in _dependencias(f, set(found)):
        cells = found.get(dependencia.id, {})
        figures = [cells.get(state, 0) for state in states]
        median = rules.median_of_counts(waits.get(dependencia.id, {}))
        rows.append((dependencia.name, *figures, sum(figures), rules.duration_words(median)))
    everywhere: dict[int, int] = {}
    for cell in waits.values():
        for minutes, n in cell.items():
            everywhere[minutes] = everywhere.get(minutes, 0) + n
    total = sum(row[-2] for row in rows)
    chart = Chart(
        "bars",
        "Trámites recibidos por dependencia y estado",
        "Barras por dependencia con los trámites recibidos en el periodo, por su estado de "
        f"hoy: {total} en total; la tabla muestra cada cifra.",
        tuple(row[0] for row in rows),
        tuple(
            Series(state.label, tuple(row[1 + i] for row in rows)) for i, state in enumerate(states)
        ),
    )
    sums = [sum(row[1 + i] for row in rows) for i in range(len(states))]
    median = rules.duration_words(rules.median_of_counts(everywhere))
    return ReportResult(
        ("Dependencia", *(state.label for state in states), "Total", "Mediana a la 1.ª acción"),
        [*rows, ("Todas", *sums, total, median)],
        chart,
        (
            f"{total} trámites recibidos en el periodo (por su hora de recepción legal: uno "
            "enviado fuera del horario cuenta desde la siguiente apertura), en su estado de hoy.",
            "Mediana a la 1.ª acción: de la recepción a la primera vez que mesa de partes lo "
            "observó, derivó o atendió; solo los trámites ya atendidos por mesa de partes.",
            "Cada trámite cuenta en la dependencia a la que se presentó. Las dependencias sin "
            "sede aparecen solo con «todas las sedes».",
        ),
    )
