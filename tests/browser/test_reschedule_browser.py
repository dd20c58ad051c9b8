"""Rescheduling on a 360 px phone: the times sit in the booking's grid, and on a slow
network the button and a status line say that the request is under way."""

import re

import pytest
from playwright.sync_api import expect

from app import create_app
from models import Sede, Service
from services import appointments
from services.actor import SYSTEM
from services.clock import utc_now
from services.tickets import manage_token
from tests import live_server as live_server_settings
from tests.helpers import PERSON

pytestmark = pytest.mark.browser

ONE_COLUMN_PX = 3149  # the 23 times of a day, one under another (issue #12's measure)


def book_last_day(live_server, doc_number: str) -> tuple[str, str]:
    """Book the first time of the last bookable day (all 23 times listed), as the server's
    own use case would; (the manage path from the e-mail, that day)."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": live_server.database_url,
            "SECRET_KEY": live_server_settings.SECRET_KEY,  # manage links the server accepts
            "OUTBOX_FOLDER": str(live_server.outbox),
            "MAIL_SERVER": "",
        }
    )
    with app.app_context():
        service = Service.select().join(Sede).where(Sede.code == "alzamora").get()
        day = list(appointments.free_days(service, now=utc_now()))[-1]
        start = next(iter(appointments.free_times(service, day, now=utc_now())))
        # An address of its own: the shared live server counts tickets per address.
        person = PERSON | {
            "doc_number": doc_number,
            "birth_date": None,
            "email": f"r{doc_number}@example.pe",
        }
        appointment, _ = appointments.book(
            service=service,
            day=day,
            start=start,
            person=person,
            vulnerable=False,
            request_key=f"browser-{doc_number}",
            actor=SYSTEM,
            now=utc_now(),
        )
        return f"/citas/gestion/{manage_token(appointment)}", day.isoformat()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_reschedule_times_fit_a_phone_in_the_booking_grid(
    open_phone, snap, live_server, javascript
):
    manage, day = book_last_day(live_server, "43210987" if javascript else "43210986")
    page = open_phone(javascript=javascript)
    page.goto(f"{manage}/reprogramar?dia={day}")
    expect(page.get_by_role("heading", name="Cambiar día u hora", level=1)).to_be_visible()
    assert page.locator("#choice input[type=radio]").count() >= 22
    first, second = (page.locator("#choice li").nth(n).bounding_box() for n in (0, 1))
    assert first["y"] == second["y"] and first["x"] < second["x"]  # side by side
    height = page.locator("#choice ul").bounding_box()["height"]
    assert height < ONE_COLUMN_PX / 2, f"the times take {height:.0f} px"  # 1,921 px before
    snap(page, f"reprogramar-horas-{'js' if javascript else 'nojs'}")


def test_on_a_slow_network_the_button_and_a_status_line_say_it_is_loading(open_phone, live_server):
    manage, day = book_last_day(live_server, "43210985")
    page = open_phone(javascript=True)
    page.goto(f"{manage}/reprogramar")
    held = []
    page.route(re.compile(r"/reprogramar\?dia="), lambda route: held.append(route))
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Ver horas libres").click()
    button = page.locator("form[method=get] button[type=submit]")
    expect(button).to_have_text("Buscando…", use_inner_text=True)
    expect(button).to_be_disabled()
    expect(page.locator("#step")).to_have_attribute("aria-busy", "true")
    expect(page.locator("#request-status")).to_have_text("Cargando, espere por favor…")
    held[0].continue_()
    expect(page.locator("#choice")).to_be_visible()
    expect(page.locator("#request-status")).to_have_text("")
    expect(page).to_have_title(re.compile(r"Reprogramar la cita .* · Ventanilla judicial$"))
