"""Fee tables (Cuadro de Valores): importing a CSV, from the staff pages or `flask load-fees`."""

from datetime import datetime

from db import write_transaction
from domain.fees import parse_schedules
from models import FeeYear
from services import audit, imports
from services.actor import Actor
from services.imports import AlreadyImported, NotImported

__all__ = ["AlreadyImported", "NotImported", "checked_schedules", "import_fee_table"]


def checked_schedules(text: str) -> dict:
    """The schedules of a clean file, by year; NotImported when a line has errors or there is
    none."""
    result = parse_schedules(text)
    if not result.ok or not result.schedules:
        raise NotImported(
            "El archivo tiene errores: no se importó nada. Corríjalo y súbalo otra vez.", result
        )
    return result.schedules


def import_fee_table(
    text: str, filename: str, *, actor: Actor, now: datetime, staged_as: str = ""
) -> list[int]:
    """Store each year of a clean file (replacing that year only) and return the years.

    `staged_as` names a previewed upload, which is imported once: AlreadyImported after that.
    """
    schedules = checked_schedules(text)
    with write_transaction():
        if staged_as and not imports.claim(staged_as, now):
            raise AlreadyImported("Ese archivo ya se importó; no se cambió nada.")
        user_id = actor.user.id if actor.user else None
        years = FeeYear.store(text, schedules, now, user_id, filename)
        audit.log(
            actor,
            "aranceles_importados",
            now,
            subject=filename,
            detail=f"años: {', '.join(map(str, years))}",
        )
    return years
