"""Public queries: a hearing as the desk publishes it, and what a public page must not show."""

import re
import secrets
from datetime import timedelta

from models import Dependencia
from services.clock import court_now

NEW_HEARING = "/personal/audiencias/nueva"
CASE = "00123-2026-0-1801-JR-CI-01"


def court_day(days=1):
    return court_now().date() + timedelta(days=days)


def hearing_fields(dependencia_code="1JCL", **changes) -> dict:
    dependencia = Dependencia.get(Dependencia.code == dependencia_code)
    return {
        "dependencia": str(dependencia.id),
        "day": court_day().isoformat(),
        "starts": "09:30",
        "minutes": "45",
        "case_number": CASE,
        "kind": "conciliacion",
        "room": "Sala 3, piso 5",
        "virtual_url": "https://meet.pj.gob.pe/sala-3",
        "request_key": changes.pop("request_key", None) or secrets.token_urlsafe(12),
    } | changes


def publish(client, **changes):
    return client.post(NEW_HEARING, data=hearing_fields(**changes))


def is_fragment(response, element_id: str) -> bool:
    """Only the block: an optional <title> for htmx, then the element with that id."""
    return bool(
        re.match(rf"(<title>[^<]*</title>)?\s*<section id=\"{element_id}\"", response.text)
    ) and ("<html" not in response.text)
