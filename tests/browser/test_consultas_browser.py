"""The public queries on a 360 px phone, JavaScript on and off: verify a ticket by its typed
code and check the PDF one holds; filter the hearings schedule; read the sedes."""

import re
from datetime import time, timedelta

import pytest
from playwright.sync_api import expect

from app import create_app
from models import Dependencia, Sede, Service
from services import appointments, hearings
from services.actor import SYSTEM
from services.clock import court_now, utc_now
from services.hearings import HearingDraft
from tests.helpers import PERSON

pytestmark = pytest.mark.browser


def seed(live_server, doc_number: str) -> tuple[str, str]:
    """A booked appointment and a hearing of 3JFL, as the server's own use cases would make
    them; (the ticket's code, the hearing's case number)."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": live_server.database_url,
            "OUTBOX_FOLDER": str(live_server.outbox),
            "MAIL_SERVER": "",
        }
    )
    with app.app_context():
        # Piérola: the reschedule test counts the free times of Alzamora's last day.
        service = Service.select().join(Sede).where(Sede.code == "pierola").get()
        day = list(appointments.free_days(service, now=utc_now()))[-1]
        start = next(iter(appointments.free_times(service, day, now=utc_now())))
        appointment, _ = appointments.book(
            service=service,
            day=day,
            start=start,
            # An address of its own: the shared live server counts tickets per address.
            person=PERSON
            | {"doc_number": doc_number, "birth_date": None, "email": f"c{doc_number}@example.pe"},
            vulnerable=False,
            request_key=f"consultas-{doc_number}",
            actor=SYSTEM,
            now=utc_now(),
        )
        case = f"{doc_number[-5:]}-2026-0-1801-JR-FC-03"
        hearings.publish(
            HearingDraft(
                dependencia_id=Dependencia.get(Dependencia.code == "3JFL").id,
                day=court_now().date() + timedelta(days=1),
                starts=time(9, 30),
                minutes=60,
                case_number=case,
                kind="unica",
                room="Sala 2",
                virtual_url="https://meet.pj.gob.pe/familia-3",
            ),
            request_key=f"consultas-{doc_number}",
            actor=SYSTEM,
            now=utc_now(),
        )
        return appointment.code, case


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_verify_a_ticket_and_check_its_pdf_on_a_phone(
    open_phone, snap, live_server, tmp_path, javascript
):
    code, _ = seed(live_server, "43210971" if javascript else "43210972")
    page = open_phone(javascript=javascript)
    page.goto("/")
    page.get_by_role("link", name="Verificar un documento").click()
    page.get_by_label("Código del documento").fill(code.lower().replace("-", ""))
    page.get_by_role("button", name="Verificar").click()
    expect(page).to_have_url(re.compile(f"/verificar/cita/{code}$"))
    expect(page.get_by_text("Documento auténtico")).to_be_visible()
    assert PERSON["surnames"] not in page.content()
    pdf = tmp_path / "ticket.pdf"
    pdf.write_bytes(page.request.get(f"/citas/ticket/{code}/pdf").body())
    page.get_by_label("El PDF que usted tiene").set_input_files(pdf)
    page.get_by_role("button", name="Comprobar el PDF").click()
    expect(page.get_by_text("El PDF coincide")).to_be_visible()
    snap(page, f"verificar-{'js' if javascript else 'nojs'}")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_filter_the_hearings_schedule_on_a_phone(open_phone, snap, live_server, javascript):
    _, case = seed(live_server, "43210973" if javascript else "43210974")
    page = open_phone(javascript=javascript)
    page.goto("/audiencias")
    page.get_by_label("Día").fill((court_now().date() + timedelta(days=1)).isoformat())
    if not javascript:
        page.get_by_role("button", name="Ver audiencias").click()
    expect(page.get_by_text(case)).to_be_visible()
    page.get_by_label("Juzgado o sala").select_option(
        label="1.er Juzgado Especializado en lo Civil de Lima"
    )
    if not javascript:
        page.get_by_role("button", name="Ver audiencias").click()
    expect(page.get_by_text("No hay audiencias publicadas")).to_be_visible()
    expect(page.get_by_text(case)).to_have_count(0)
    snap(page, f"audiencias-{'js' if javascript else 'nojs'}")


def test_the_sedes_page_fits_a_phone(open_phone, snap):
    page = open_phone(javascript=False)
    page.goto("/sedes")
    expect(page.get_by_role("heading", name="Sede Javier Alzamora Valdez")).to_be_visible()
    # One map link per sede shown (other modules share this server and may add a sede).
    sedes = page.locator("article[id^='sede-']").count()
    assert sedes >= 3 and page.locator("a[href^='geo:']").count() == sedes
    snap(page, "sedes")
