"""What the queue's tests share: the sede they use, its API addresses, a service, an
appointment of today written straight to the database, the tickets counted, and a race of
threads released at once."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import time, timedelta

from db import database
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


def race(app, work, count=2) -> list:
    """`work(n)` in `count` threads released at once, each with its own connection."""
    database.close()
    barrier = threading.Barrier(count)

    def run(n):
        database.connect(reuse_if_open=True)  # peewee keeps one connection per thread
        try:
            with app.app_context():
                barrier.wait(timeout=30)
                return work(n)
        finally:
            database.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))
