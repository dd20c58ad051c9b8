"""What a person on a slow network sees while htmx sends: the button says so, a status line
tells screen readers, and a swapped step keeps the page's whole title."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.helpers import HX, submit_identity

SITE = " · Ventanilla judicial"  # the suffix every page's <title> ends with


@pytest.mark.parametrize("url", ["/citas/datos", "/citas/sede", "/cuenta/ingresar"])
def test_an_htmx_fragment_carries_the_page_s_whole_title(client, db, url):
    submit_identity(client)
    whole = BeautifulSoup(client.get(url).text, "html.parser").title.text
    fragment = client.get(url, headers=HX).text
    title = re.match(r"<title>([^<]+)</title>", fragment).group(1)
    assert whole.endswith(SITE) and title == whole


def test_an_error_fragment_keeps_the_suffix_too(client, db):
    response = submit_identity(client, {"doc_type": "DNI"}, headers=HX)
    title = re.match(r"<title>([^<]+)</title>", response.text).group(1)
    assert title.startswith("Error: ") and title.endswith(SITE)


def test_a_form_s_button_reads_enviando_while_htmx_sends_it(client, db):
    page = BeautifulSoup(client.get("/citas/datos").text, "html.parser")
    form = page.select_one("form[hx-post]")
    assert form["hx-disabled-elt"] == "find button"
    button = form.select_one("button[type=submit]")
    assert button.select_one(".when-idle").text == "Continuar"
    assert button.select_one(".when-busy").text == "Enviando…"  # shown under .htmx-request


def test_every_page_has_the_status_line_that_announces_a_request_under_way(client, db):
    page = BeautifulSoup(client.get("/citas/").text, "html.parser")
    status = page.select_one("#request-status")
    # A polite live region, but not role="status": that role stays for the page's messages.
    assert status["aria-live"] == "polite" and not status.get("role")
    script = (Path(__file__).parents[2] / "static" / "site.js").read_text(encoding="utf-8")
    assert "request-status" in script and "aria-busy" in script
