"""What the casilla's unread badge costs on the signed-in home page: queries and time.

Run: python bench/unread_count.py [--requests 300]

Three citizens on the demo court (SQLite, temporary folder), signed in through the real form:
one never notified, one with an unread notification, one who has opened it. Each asks for the
home page (/) and the account page (/cuenta/) --requests times, taking turns; the table prints
the SQL statements each request ran (peewee's query log) and the median wall time in ms.

The badge reads User.casilla_unread from the row that the sign-in check loads anyway, so a
person with the counter at zero costs no query; a person with unread notifications costs one
COUNT over an index (available ones only: scheduled ones are counted but not yet shown).
"""

import argparse
import io
import logging
import statistics
import tempfile
import time
from pathlib import Path

import common

PASSWORD = "Clave-Segura-2026"


class QueryCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record):
        self.count += 1


def a_pdf() -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def people(app) -> None:
    """Three verified citizens, a notifier, and one notification issued to two of them."""
    from werkzeug.datastructures import FileStorage

    from db import database
    from models import Dependencia, User
    from services import casilla
    from services.actor import Actor
    from services.clock import utc_now

    def person(email, doc, casillero, **extra):
        user = User(
            email=email, full_name=email.split("@")[0].title(), created_at=utc_now(),
            doc_type="DNI", doc_number=doc, casillero=casillero, email_confirmed_at=utc_now(),
            identity_status="aprobada", **extra,
        )  # fmt: skip
        user.set_password(PASSWORD)
        user.save()
        return user

    with app.app_context(), database.connection_context():
        person("sin@example.pe", "40000001", "200001")
        unread = person("con@example.pe", "40000002", "200002")
        read = person("leida@example.pe", "40000003", "200003")
        notifier = person("notifica@corte.pe", "40000004", None, is_staff=True, roles="notificador")
        draft = casilla.Draft(
            dependencia=Dependencia.select().first(), case_number="00123-2026-0-1801-JR-CI-01",
            act_kind="resolucion", resolution_number="5", resolution_date=utc_now().date(),
            summary="Bench", available_at=None,
        )  # fmt: skip
        document = FileStorage(io.BytesIO(a_pdf()), filename="r.pdf")
        actor = Actor(notifier)
        notification_id = casilla.create_draft(
            draft, document, [], [unread, read], actor=actor, now=utc_now()
        )
        from models import Notification, NotificationDelivery

        casilla.issue(Notification.get_by_id(notification_id), actor=actor, now=utc_now())
        delivery = NotificationDelivery.get(NotificationDelivery.user == read.id)
        casilla.record_opening(delivery, actor=actor, session_token="", now=utc_now())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    print(common.cpu_check())
    with tempfile.TemporaryDirectory() as folder:
        app = common.demo_app(Path(folder), WTF_CSRF_ENABLED=False)
        people(app)
        clients = {}
        for label, email in (
            ("sin notificaciones", "sin@example.pe"),
            ("1 sin leer", "con@example.pe"),
            ("1 leída", "leida@example.pe"),
        ):
            client = app.test_client()
            answer = client.post("/cuenta/ingresar", data={"login": email, "password": PASSWORD})
            assert answer.status_code == 303, email
            clients[label] = client
        counter = QueryCounter()
        peewee_log = logging.getLogger("peewee")
        peewee_log.addHandler(counter)
        peewee_log.setLevel(logging.DEBUG)
        peewee_log.propagate = False
        results = {}
        for _ in range(args.requests):
            for label, client in clients.items():
                for path in ("/", "/cuenta/"):
                    before = counter.count
                    start = time.perf_counter()
                    response = client.get(path)
                    elapsed = (time.perf_counter() - start) * 1000
                    assert response.status_code == 200, (label, path, response.status_code)
                    shown = 'class="count"' in response.text
                    queries, times, badge = results.setdefault((label, path), ([], [], shown))
                    queries.append(counter.count - before)
                    times.append(elapsed)
        print(f"{'persona':<20} {'página':<9} {'consultas':>9} {'mediana ms':>11}  insignia")
        for (label, path), (queries, times, badge) in results.items():
            print(
                f"{label:<20} {path:<9} {statistics.median(queries):>9.0f} "
                f"{statistics.median(times):>11.2f}  {'sí' if badge else 'no'}"
            )


if __name__ == "__main__":
    main()
