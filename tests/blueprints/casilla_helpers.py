"""The casilla electrónica: people who can be notified, a notifier, and preparing and issuing
a notification through the staff pages."""

import io
import re

from models import Dependencia, Notification
from tests.blueprints.identity_helpers import pdf
from tests.helpers import citizen, sign_in, staff

CASE = "00123-2026-0-1801-JR-CI-01"


def addressee(email="ana@example.pe", doc_number="45678901", casillero="100001", **extra):
    """A citizen with a confirmed e-mail and an approved identity."""
    return citizen(
        email=email, doc_number=doc_number, casillero=casillero, identity_status="aprobada",
        **extra,
    )  # fmt: skip


def signed_in(app, login, password=None):
    client = app.test_client()
    response = sign_in(client, login, **({"password": password} if password else {}))
    assert response.status_code == 303, login
    return client


def notifier(app, email="notifica@corte.pe"):
    staff(email, "notificador")
    return signed_in(app, email)


def form(**changes) -> dict:
    """What a notifier types, with a passive PDF as the document."""
    return {
        "addressees": "45678901",
        "dependencia": str(Dependencia.select().order_by(Dependencia.id).first().id),
        "case_number": "123-2026-0-1801-jr-ci-1",
        "act_kind": "resolucion",
        "resolution_number": "5",
        "resolution_date": "01/12/2026",
        "summary": "Se admite la demanda y se corre traslado.",
        "document": (io.BytesIO(pdf()), "resolucion-5.pdf"),
        "when": "ahora",
        "scheduled_day": "",
        "scheduled_time": "",
    } | changes


def prepare(client, **changes):
    return client.post("/personal/notificaciones/nueva", data=form(**changes))


def prepared_id(response) -> int:
    return int(re.search(r"/personal/notificaciones/(\d+)$", response.headers["Location"])[1])


def issue(client, **changes) -> Notification:
    """Prepare and issue a notification; the issued Notification."""
    notification_id = prepared_id(prepare(client, **changes))
    response = client.post(f"/personal/notificaciones/{notification_id}/emitir")
    assert response.status_code == 303
    return Notification.get_by_id(notification_id)
