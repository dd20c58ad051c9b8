"""What the queue API's tests share: the sede they use, its addresses, a service, an
appointment of today written straight to the database, the tickets counted."""

from datetime import time, timedelta

from models import Appointment, Sede, Service, Slot
from models.queue import QueueTicket
from services.clock import utc_now
from tests.helpers import TEST_NOW

SEDE = "alzamora"
SETUP = "/api/sedes/{code}/quiosco"
DEVICE = "/api/sedes/{code}/dispositivo"
TICKETS = "/api/sedes/{code}/turnos"
CHECK_INS = "/api/sedes/{code}/citas"
PLACE = "/api/turnos/{token}"
BOARD = "/api/sedes/{code}/tablero"
TODAY = TEST_NOW.date()


def address(path: str, **values) -> str:
    return path.format(**{"code": SEDE, **values})


def sede(code=SEDE) -> Sede:
    return Sede.get(Sede.code == code)


def service(code="escritos", at=SEDE) -> Service:
    return Service.get((Service.sede == sede(at)) & (Service.code == code))


def tickets() -> int:
    return QueueTicket.select().count()


def appointment(starts=time(10, 20), code="AAAA-BBBB-CCCC", doc="45678901", at=SEDE, day=None):
    day = day or TODAY
    svc = service(at=at)
    slot = Slot.create(service=svc, day=day, starts=starts, capacity=1, booked=1)
    return Appointment.create(
        code=code,
        request_key=f"r-{code}",
        slot=slot,
        sede=sede(at),
        service=svc,
        day=day,
        starts=starts,
        ends=time(starts.hour, starts.minute + 19),
        doc_type="DNI",
        doc_number=doc,
        names="Ana María",
        surnames="Quispe Mamani",
        email="ana@example.pe",
        phone="987654321",
        issued_at=utc_now() - timedelta(days=3),
    )
