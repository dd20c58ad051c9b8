"""The fee calculator on a phone, with JavaScript on (htmx swaps each question) and off.

The same cheap Android phone as the booking tests; every screen is photographed (see
conftest.py's screenshot_dir) after checking it is no wider than the phone.
"""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ACT = re.compile(r"^Ofrecimiento de pruebas")


def expect_question(page: Page, slug: str, heading: str, javascript: bool) -> None:
    """The address bar holds the step and the answers so far; with htmx, focus is on the
    new heading (site.js moves it after each swap, for screen readers)."""
    expect(page).to_have_url(re.compile(rf"/aranceles/{slug}(\?.*)?$"))
    title = page.get_by_role("heading", name=heading, level=1)
    expect(title).to_be_visible()
    if javascript:
        expect(title).to_be_focused()


def choose(page: Page, question: str, option) -> None:
    page.get_by_role("group", name=question).get_by_role("radio", name=option).check()


def go_on(page: Page) -> None:
    page.get_by_role("button", name="Continuar").click()


def calculate(page: Page, javascript: bool, shot) -> None:
    """From the home page to the result of a civil ofrecimiento de pruebas of S/ 60,000."""
    page.goto("/")
    page.get_by_role("link", name="Calcular aranceles judiciales").click()
    expect(page.get_by_role("heading", name="Calcular aranceles judiciales")).to_be_visible()
    page.evaluate("window.stillTheSamePage = true")  # lost if a later step reloads the page
    shot(page, "inicio")
    page.get_by_role("link", name="Empezar").click()
    expect_question(page, "acto", "¿Qué va a presentar o pedir?", javascript)
    shot(page, "acto")
    go_on(page)  # nothing chosen: the error is said, and nothing breaks
    expect(page.get_by_role("alert")).to_contain_text("Elija qué va a presentar o pedir")
    expect(page).to_have_title(re.compile("^Error: "))
    choose(page, "¿Qué va a presentar o pedir?", ACT)
    go_on(page)
    expect_question(page, "proceso", "¿En qué tipo de proceso?", javascript)
    choose(page, "¿En qué tipo de proceso?", "Civil")
    go_on(page)
    expect_question(page, "rol", "¿Quién lo presenta en el proceso?", javascript)
    choose(page, "¿Quién lo presenta en el proceso?", re.compile("^Demandante"))
    go_on(page)
    expect_question(page, "persona", "¿Qué tipo de persona es?", javascript)
    choose(page, "¿Qué tipo de persona es?", "Persona natural")
    go_on(page)
    expect_question(page, "cuantia", "¿De cuánto dinero se trata?", javascript)
    page.get_by_label("Cuantía del petitorio").fill("60.000")
    go_on(page)
    expect(page.locator(".field.has-error")).to_contain_text("sin punto para los miles")
    shot(page, "cuantia-error")
    page.get_by_label("Cuantía del petitorio").fill("60000")
    go_on(page)
    expect_question(page, "situaciones", "¿Alguna de estas situaciones es la suya?", javascript)
    shot(page, "situaciones")
    go_on(page)  # none applies
    expect_question(page, "notificacion", "Notificaciones e instancia", javascript)
    page.get_by_label("¿A cuántas partes hay que notificar?").fill("1")
    choose(page, "¿Ante qué instancia?", "Juzgado Especializado o Mixto")
    shot(page, "notificacion")
    go_on(page)
    expect_question(page, "fecha", "¿Qué día va a pagar?", javascript)
    page.get_by_label("Fecha de pago").fill("2026-03-02")
    shot(page, "fecha")
    go_on(page)
    expect_question(page, "resultado", "Aranceles a pagar", javascript)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_phone_reaches_the_result_and_its_link_reproduces_it(open_phone, snap, javascript):
    page = open_phone(javascript=javascript)
    name = "js" if javascript else "no-js"

    def shot(page, step):
        snap(page, f"aranceles-{name}-{step}")

    calculate(page, javascript, shot)
    expect(page.get_by_text("Total a pagar: S/\u00a087.80")).to_be_visible()
    expect(page.get_by_text(re.compile("^Valores referenciales"))).to_be_visible()
    swapped = page.evaluate("window.stillTheSamePage === true")
    assert swapped == javascript, "with JavaScript, htmx swaps; without, pages load whole"
    shot(page, "resultado")
    page.emulate_media(media="print")  # the printed page: the result, not the navigation
    expect(page.get_by_role("link", name="Cambiar la cuantía")).to_be_hidden()
    expect(page.get_by_text("Total a pagar: S/\u00a087.80")).to_be_visible()
    shot(page, "impreso")
    page.emulate_media(media="screen")

    link = page.locator("h2:text('Enlace a este cálculo') ~ p a").first
    href = link.get_attribute("href")
    assert link.inner_text().replace("\n", "") == href == page.url
    page.goto(href)
    expect(page.get_by_text("Total a pagar: S/\u00a087.80")).to_be_visible()

    page.get_by_role("link", name="Cambiar la cuantía").click()
    expect_question(page, "cuantia", "¿De cuánto dinero se trata?", javascript)
    expect(page.get_by_label("Cuantía del petitorio")).to_have_value("60000")
    page.get_by_label("Cuantía del petitorio").fill("300000")
    go_on(page)
    expect(page.get_by_text("Total a pagar: S/\u00a0142.80")).to_be_visible()
    if javascript:
        page.go_back()  # htmx pushed each step: the browser's back button works
        expect_question(page, "cuantia", "¿De cuánto dinero se trata?", javascript=False)
        expect(page.get_by_label("Cuantía del petitorio")).to_have_value("60000")


def test_back_links_keep_the_answers_with_javascript(open_phone):
    page = open_phone(javascript=True)
    page.goto("/aranceles/acto")
    choose(page, "¿Qué va a presentar o pedir?", ACT)
    go_on(page)
    choose(page, "¿En qué tipo de proceso?", "Laboral")
    go_on(page)
    expect_question(page, "rol", "¿Quién lo presenta en el proceso?", True)
    page.get_by_role("link", name="Volver").click()
    expect_question(page, "proceso", "¿En qué tipo de proceso?", True)
    expect(page.get_by_role("radio", name="Laboral")).to_be_checked()
    page.get_by_role("link", name="Volver").click()
    expect(page.get_by_role("radio", name=ACT)).to_be_checked()
