"""Queue tickets for the staff pages' tests: a kiosk of the sede and walk-ins, written by the
same use cases the kiosk's API calls."""

import itertools

from domain.roles import Role
from models import Sede, Service, Window
from services import queue
from services.actor import Actor
from services.clock import utc_now
from tests.helpers import staff

_keys = itertools.count(1)


def sede(code="alzamora") -> Sede:
    return Sede.get(Sede.code == code)


def service(sede_row, code="escritos") -> Service:
    return Service.get((Service.sede == sede_row) & (Service.code == code))


def window(sede_row, number=1) -> Window:
    return Window.get((Window.sede == sede_row) & (Window.number == number))


def kiosk(sede_row):
    admin = Actor(staff(f"kiosk-admin-{next(_keys)}@corte.pe", Role.ADMINISTRADOR))
    device, _key = queue.create_kiosk(sede_row, "Hall", actor=admin, now=utc_now())
    return device


def walk_in(sede_row, device, code="escritos", preference="", now=None):
    ticket, _ = queue.take_ticket(
        sede_row,
        service_id=service(sede_row, code).id,
        preference=preference,
        request_key=f"test-key-{next(_keys):06d}",
        kiosk=device,
        now=now or utc_now(),
    )
    return ticket


def sit_at(client, window_row):
    """The clerk picks the window they sit at (kept in the session)."""
    response = client.post("/personal/cola/ventanilla", data={"ventanilla": str(window_row.id)})
    assert response.status_code == 303
    return response
