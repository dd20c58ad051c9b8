"""Booking a desk appointment in a real browser on a phone, with JavaScript on and off.

The app runs under gunicorn (see conftest.py); Chromium talks to it like a citizen's phone
would: a 360 px wide touch screen, Spanish (Peru). With JavaScript on, htmx swaps each step
into <section id="step">; with it off, the same forms post and the server redirects.
"""

import email
import email.policy
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.phone import pass_human_check
from tests.helpers import PERSON

pytestmark = pytest.mark.browser

CODE = r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}"
MAX_PDF_BYTES = 40 * 1024  # the ticket must download quickly on a prepaid data plan

# Each test books with its own DNI: the app refuses a second active appointment for the
# same person, service and day, and all tests share one database.
ANA = PERSON
JOSE = {**ANA, "doc_number": "40123456", "names": "José Ñique", "email": "jose@example.pe"}
ROSA = {**ANA, "doc_number": "41234567", "names": "Rosa", "email": "rosa@example.pe"}


# --- helpers ----------------------------------------------------------------------------


def expect_step(page: Page, path: str, heading: str, javascript: bool = True) -> None:
    """The browser shows `path` and its heading; with htmx, focus has moved to the heading
    (site.js does that after the swap so screen readers announce the new step)."""
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))
    title = page.get_by_role("heading", name=heading, level=1)
    expect(title).to_be_visible()
    if javascript:
        expect(title).to_be_focused()


def start_booking(page: Page, javascript: bool = True) -> None:
    """From the home page to the data form, the way a citizen gets there."""
    page.goto("/")
    page.get_by_role("link", name="Reservar una cita en mesa de partes").click()
    expect(page).to_have_url(re.compile(r"/citas/$"))
    page.get_by_role("link", name="Empezar").click()
    expect_step(page, "/citas/datos", "Sus datos", javascript)


def fill_identity(page: Page, person: dict, vulnerable: bool = False) -> None:
    page.get_by_role("radio", name="DNI", exact=True).check()
    page.get_by_label("Número de documento").fill(person["doc_number"])
    page.get_by_label("Nombres").fill(person["names"])
    page.get_by_label("Apellidos").fill(person["surnames"])
    page.get_by_label("Fecha de nacimiento").fill(person["birth_date"])  # typed as día/mes/año
    page.get_by_role("checkbox", name=re.compile("vulnerabilidad")).set_checked(vulnerable)
    page.get_by_label("Correo electrónico").fill(person["email"])
    page.get_by_label("Celular o teléfono").fill(person["phone"])
    pass_human_check(page)


def expect_identity_kept(page: Page, person: dict, vulnerable: bool = False) -> None:
    expect(page.get_by_role("radio", name="DNI", exact=True)).to_be_checked()
    expect(page.get_by_label("Número de documento")).to_have_value(person["doc_number"])
    expect(page.get_by_label("Nombres")).to_have_value(person["names"])
    expect(page.get_by_label("Apellidos")).to_have_value(person["surnames"])
    expect(page.get_by_label("Fecha de nacimiento")).to_have_value(person["birth_date"])
    expect(page.get_by_role("checkbox", name=re.compile("vulnerabilidad"))).to_be_checked(
        checked=vulnerable
    )
    expect(page.get_by_label("Correo electrónico")).to_have_value(person["email"])
    expect(page.get_by_label("Celular o teléfono")).to_have_value(person["phone"])


def choose(page: Page, question: str, option: str | int) -> None:
    """Answer a one-question step: an option by its label, or by position (-1: the last)."""
    group = page.get_by_role("group", name=question)
    if isinstance(option, int):
        group.get_by_role("radio").nth(option).check()
    else:
        group.get_by_role("radio", name=option).check()
    page.get_by_role("button", name="Continuar").click()


def book_from_data_step(page, person, sede, javascript=True, snap=None) -> str:
    """Continue from a filled-in data form to the ticket; return the appointment code."""
    snap = snap or (lambda page, name: None)
    page.get_by_role("button", name="Continuar").click()
    expect_step(page, "/citas/sede", "¿En qué sede desea ser atendido?", javascript)
    snap(page, "sede")
    choose(page, "¿En qué sede desea ser atendido?", sede)
    expect_step(page, "/citas/servicio", "¿Qué va a presentar?", javascript)
    snap(page, "servicio")
    choose(page, "¿Qué va a presentar?", "Escritos")
    expect_step(page, "/citas/dia", "¿Qué día desea ir?", javascript)
    snap(page, "dia")
    # The last day offered is two weeks away: no same-day cutoff or past hour can refuse it,
    # whatever time of day the tests run.
    choose(page, "¿Qué día desea ir?", -1)
    expect_step(page, "/citas/hora", "¿A qué hora?", javascript)
    snap(page, "hora")
    choose(page, "¿A qué hora?", 0)
    expect_step(page, "/citas/revisar", "Revise su cita", javascript)
    expect(page.get_by_text(f"{person['names']} {person['surnames']}")).to_be_visible()
    snap(page, "revisar")
    page.get_by_role("button", name="Confirmar y obtener el ticket").click()
    expect(page).to_have_url(re.compile(rf"/citas/ticket/{CODE}$"))
    code = page.url.rsplit("/", 1)[-1]
    expect_step(page, f"/citas/ticket/{code}", "Ticket de cita", javascript)
    expect(page.locator(".code")).to_have_text(code)
    return code


def ticket_mail(outbox: Path, code: str) -> email.message.EmailMessage:
    for path in outbox.glob("*.eml"):
        with open(path, "rb") as fh:
            message = email.message_from_binary_file(fh, policy=email.policy.default)
        if code in message["Subject"]:
            return message
    raise AssertionError(f"no e-mail for {code} in {outbox}")


# --- tests ------------------------------------------------------------------------------


def test_booking_with_javascript_swaps_each_step_and_ends_with_a_downloadable_ticket(
    open_phone, snap, live_server
):
    page = open_phone(javascript=True)
    page.goto("/")
    snap(page, "inicio")
    page.get_by_role("link", name="Reservar una cita en mesa de partes").click()
    expect(page).to_have_url(re.compile(r"/citas/$"))
    snap(page, "empezar")
    # Survives only if no step reloads the page: proves htmx did the swaps.
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("link", name="Empezar").click()
    expect_step(page, "/citas/datos", "Sus datos")
    snap(page, "datos")

    # A DNI one digit short: the error shows in the summary and next to the field, and
    # nothing the citizen typed is lost.
    fill_identity(page, {**ANA, "doc_number": "4567890"})
    page.get_by_role("button", name="Continuar").click()
    summary = page.get_by_role("alert").filter(has_text="Revise lo siguiente")
    expect(summary).to_contain_text("8 dígitos")
    expect(summary).to_be_focused()
    number = page.get_by_label("Número de documento")
    expect(number).to_have_accessible_description(re.compile("8 dígitos"))
    expect(page.locator(".field.has-error", has=number)).to_contain_text("8 dígitos")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page).to_have_url(re.compile(r"/citas/datos$"))
    expect_identity_kept(page, {**ANA, "doc_number": "4567890"})
    snap(page, "datos-error")

    number.fill(ANA["doc_number"])
    code = book_from_data_step(page, ANA, "Sede Javier Alzamora Valdez", snap=snap)
    # masked: anyone with the code may open this page
    expect(page.get_by_text("También le enviamos el ticket a a***@e***.pe")).to_be_visible()
    assert page.evaluate("window.stillTheSamePage === true"), "a step reloaded the whole page"
    snap(page, "ticket")

    with page.expect_download() as started:
        page.get_by_role("link", name="Descargar ticket (PDF)").click()
    download = started.value
    assert download.suggested_filename == f"cita-{code}.pdf"
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(pdf) < MAX_PDF_BYTES, f"ticket PDF is {len(pdf)} bytes"
    expect(page.get_by_role("link", name="Añadir a mi calendario")).to_be_visible()

    mail = ticket_mail(live_server.outbox, code)
    assert mail["To"] == ANA["email"]
    assert f"cita-{code}.pdf" in [part.get_filename() for part in mail.iter_attachments()]


def test_booking_without_javascript_posts_each_step_and_shows_the_ticket(open_phone):
    page = open_phone(javascript=False)
    start_booking(page, javascript=False)
    fill_identity(page, JOSE)
    # Another sede than the JavaScript test, so the two bookings never compete for a place.
    code = book_from_data_step(page, JOSE, "Sede Nicolás de Piérola", javascript=False)
    expect(page.get_by_text(code, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Descargar ticket (PDF)")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_back_link_from_the_sede_step_keeps_what_was_typed(open_phone, javascript):
    page = open_phone(javascript=javascript)
    start_booking(page, javascript)
    fill_identity(page, ROSA, vulnerable=True)
    page.get_by_role("button", name="Continuar").click()
    expect_step(page, "/citas/sede", "¿En qué sede desea ser atendido?", javascript)

    page.get_by_role("link", name="Volver").click()
    expect_step(page, "/citas/datos", "Sus datos", javascript)
    expect_identity_kept(page, ROSA, vulnerable=True)
