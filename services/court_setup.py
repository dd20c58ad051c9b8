"""Setting up a court: the demo court, national holidays as closures, the shipped fee tables.

The demo court is a Corte Superior with three Lima sedes, kept as a configuration file
(data/tribunal-demo.yaml, imported through services/court_config.py like any court's).
"""

import os
from datetime import datetime

from domain.clock import national_holidays
from domain.slots import ClosureKind
from models import Closure, Court, FeeYear
from services import config_import
from services.actor import SYSTEM
from services.clock import utc_now
from services.fee_tables import checked_schedules


def load_holidays(court: Court, years: list[int]) -> int:
    """Add the country's national holidays as court-wide closures; returns how many were new."""
    added = 0
    for day, name in national_holidays(court.country, years):
        exists = Closure.select().where(Closure.day == day, Closure.sede.is_null()).exists()
        if not exists:
            Closure.create(day=day, reason=name, kind=ClosureKind.FERIADO)
            added += 1
    return added


REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHIPPED_FEES = os.path.join(REPO, "data", "aranceles", "cuadro-valores.csv")


def load_shipped_fees(now: datetime) -> list[int]:
    """The demo court's fee tables: set-up data, stored without an audit row."""
    with open(SHIPPED_FEES, encoding="utf-8") as fh:
        text = fh.read()
    return FeeYear.store(text, checked_schedules(text), now, None, "cuadro-valores.csv")


DEMO_COURT = os.path.join(REPO, "data", "tribunal-demo.yaml")


def create_demo_court(now: datetime | None = None) -> Court:
    """A Peruvian Corte Superior with three sedes, ready for bookings: the shipped fee tables,
    then data/tribunal-demo.yaml imported like any court's configuration file; `now` (UTC, the
    clock's by default) decides which years of holidays are loaded."""
    now = now or utc_now()
    load_shipped_fees(now)
    with open(DEMO_COURT, encoding="utf-8") as fh:
        config_import.apply(fh.read(), "tribunal-demo.yaml", actor=SYSTEM, now=now, audited=False)
    return Court.current()
