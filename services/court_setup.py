"""Setting up a court: the demo court, national holidays as closures, the shipped fee tables.

The demo court is a Corte Superior with three Lima sedes; issue #11 will add the screens and
the configuration file a real court sets itself up with.
"""

import os
from datetime import datetime, time

import holidays

from models import Closure, Court, Dependencia, FeeYear, OpeningHours, Sede, Service
from services.clock import utc_now
from services.fee_tables import checked_schedules

WEEKDAYS_MON_FRI = range(5)
DESK_HOURS = [(time(8, 0), time(13, 0)), (time(14, 0), time(16, 40))]

SERVICES = [
    (
        "escritos",
        "Escritos",
        "Presentación de escritos en expedientes en trámite",
        "Su escrito firmado con copias para cada parte, el número de expediente y su DNI. "
        "Si el escrito requiere tasa judicial, el comprobante de pago.",
    ),
    (
        "demandas",
        "Demandas",
        "Presentación de demandas y denuncias nuevas",
        "La demanda firmada con sus anexos y copias para cada demandado, su DNI y, si "
        "corresponde, los aranceles judiciales y derechos de notificación pagados.",
    ),
]

SEDES = [
    ("alzamora", "Sede Javier Alzamora Valdez", "Av. Abancay 459", "Cercado de Lima", 3, 2),
    ("zavala", "Sede Carlos Zavala Loayza", "Jr. Manuel Cuadros 182", "Cercado de Lima", 2, 1),
    ("pierola", "Sede Nicolás de Piérola", "Av. Nicolás de Piérola 745", "Cercado de Lima", 2, 2),
]

DEPENDENCIAS = [
    ("1JCL", "1.er Juzgado Especializado en lo Civil de Lima", "alzamora"),
    ("2JCL", "2.º Juzgado Especializado en lo Civil de Lima", "alzamora"),
    ("3JFL", "3.er Juzgado de Familia de Lima", "pierola"),
    ("1JPL", "1.er Juzgado de Paz Letrado de Lima", "pierola"),
    ("5JIPL", "5.º Juzgado de Investigación Preparatoria de Lima", "zavala"),
    ("1SCL", "Primera Sala Civil de Lima", None),
]


def load_holidays(court: Court, years: list[int]) -> int:
    """Add the country's national holidays as court-wide closures; returns how many were new."""
    added = 0
    # In Spanish: the library names holidays in English unless asked (the sedes page lists them).
    national = holidays.country_holidays(court.country, years=years, language="es")
    for day, name in sorted(national.items()):
        exists = Closure.select().where(Closure.day == day, Closure.sede.is_null()).exists()
        if not exists:
            Closure.create(day=day, reason=name, kind="feriado")
            added += 1
    return added


REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHIPPED_FEES = os.path.join(REPO, "data", "aranceles", "cuadro-valores.csv")


def load_shipped_fees(now: datetime) -> list[int]:
    """The demo court's fee tables: set-up data, stored without an audit row."""
    with open(SHIPPED_FEES, encoding="utf-8") as fh:
        text = fh.read()
    return FeeYear.store(text, checked_schedules(text), now, None, "cuadro-valores.csv")


def create_demo_court(now: datetime | None = None) -> Court:
    """A Peruvian Corte Superior with three sedes, ready for bookings; `now` (UTC, the clock's
    by default) decides which years of holidays are loaded."""
    now = now or utc_now()
    court = Court.create(
        name="Corte Superior de Justicia de Lima", short_name="CSJ Lima", country="PE"
    )
    sedes = {}
    for code, name, address, district, windows, capacity in SEDES:
        sede = Sede.create(
            court=court,
            code=code,
            name=name,
            address=address,
            district=district,
            city="Lima",
            phone="(01) 410-1010",
            windows=windows,
            slot_minutes=20,
            capacity_per_slot=capacity,
            horizon_days=14,
            same_day_cutoff=time(12, 0),
            cancel_cutoff_hours=2,
            instructions="Llegue 10 minutos antes. Muestre su ticket (impreso o en el "
            "celular) y su documento de identidad en la mesa de partes.",
        )
        sedes[code] = sede
        for weekday in WEEKDAYS_MON_FRI:
            for opens, closes in DESK_HOURS:
                OpeningHours.create(sede=sede, weekday=weekday, opens=opens, closes=closes)
        for service_code, service_name, description, bring in SERVICES:
            Service.create(
                sede=sede,
                code=service_code,
                name=service_name,
                description=description,
                what_to_bring=bring,
            )
    for code, name, sede_code in DEPENDENCIAS:
        Dependencia.create(court=court, code=code, name=name, sede=sedes.get(sede_code))
    year = court.local_time(now).year
    load_holidays(court, [year, year + 1])
    load_shipped_fees(now)
    return court
