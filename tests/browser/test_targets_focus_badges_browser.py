"""What a thumb and a keyboard need on a phone: targets big enough to hit (WCAG 2.2, 2.5.8:
24 px; 44 px for the header's controls), a focus ring that stands out (3:1 against what is
next to it, 1.4.11) and status badges that do not pass for buttons."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

CSS = (Path(__file__).parents[2] / "static" / "site.css").read_text(encoding="utf-8")
PAGES = [
    "/",
    "/aranceles/",
    "/aranceles/acto",
    "/cuenta/ingresar",
    "/aranceles/resultado?act=ofrecimiento_pruebas&process=civil&role=demandante"
    "&person=natural&cuantia=60000&day=2026-03-02&parties=1&instance=especializado",
]
MEASURE = """() => [...document.querySelectorAll('a, button, summary')]
  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden'
               && e.getBoundingClientRect().left >= 0)
  .map(e => ({text: e.textContent.trim().slice(0, 40), height: e.getBoundingClientRect().height,
              header: !!e.closest('.top'), button: e.classList.contains('button')}))"""


@pytest.mark.parametrize("address", PAGES)
def test_every_link_and_button_is_at_least_24px_tall_and_the_header_44(open_phone, address):
    page = open_phone(javascript=False)
    page.goto(address)
    targets = page.evaluate(MEASURE)
    assert targets, address
    small = [t for t in targets if t["height"] < 24]
    assert not small, f"{address}: targets under 24 px: {small}"
    cramped = [t for t in targets if (t["header"] or t["button"]) and t["height"] < 44]
    assert not cramped, f"{address}: primary controls under 44 px: {cramped}"


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one, other) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colours(text: str) -> list[tuple[int, int, int]]:
    return [tuple(map(int, found)) for found in re.findall(r"rgba?\((\d+), (\d+), (\d+)", text)]


def ring(page: Page, selector: str) -> tuple[list, tuple]:
    """The focus ring's colours (outline first, then the halo) and the colour around it."""
    element = page.locator(selector).first
    element.focus()
    style = element.evaluate(
        """e => { const s = getComputedStyle(e); let p = e.parentElement;
                  while (p && getComputedStyle(p).backgroundColor === 'rgba(0, 0, 0, 0)')
                    p = p.parentElement;
                  return {outline: s.outlineColor, width: s.outlineWidth, style: s.outlineStyle,
                          shadow: s.boxShadow,
                          around: p ? getComputedStyle(p).backgroundColor : 'rgb(255,255,255)'}}"""
    )
    assert style["style"] == "solid" and style["width"] == "3px", style
    return colours(style["outline"]) + colours(style["shadow"]), colours(style["around"])[0]


@pytest.mark.parametrize(("selector", "where"), [("main a", "page"), (".nav a", "red header")])
def test_the_focus_ring_stands_out_3_to_1_wherever_it_is(open_phone, selector, where):
    page = open_phone(javascript=False)
    page.goto("/")
    (outline, halo), around = ring(page, selector)
    # Two rings (WCAG technique C40): each is 3:1 against the other, and one of them is
    # 3:1 against the colour the element sits on, whether white or the header's red.
    assert contrast(outline, halo) >= 3, (outline, halo)
    assert max(contrast(outline, around), contrast(halo, around)) >= 3, (where, around)
    inside = colours(page.locator(selector).first.evaluate("e => getComputedStyle(e).color"))[0]
    assert contrast(outline, inside) >= 3 or contrast(outline, around) >= 3


def test_a_status_badge_does_not_look_like_a_button(chromium):
    page = chromium.new_page()
    page.set_content(
        f"<style>{CSS}</style><main><span class='badge'>Sin verificar</span>"
        "<span class='badge ok'>Verificada</span>"
        "<a class='button secondary' href='#'>Editar</a><button class='button primary'>Ir"
        "</button></main>"
    )
    look = """e => { const s = getComputedStyle(e);
        return {radius: parseFloat(s.borderTopLeftRadius), shadow: s.boxShadow, cursor: s.cursor,
                size: parseFloat(s.fontSize), background: s.backgroundColor,
                height: e.getBoundingClientRect().height}}"""
    badges = [page.locator(".badge").nth(n).evaluate(look) for n in range(2)]
    buttons = [page.locator(".button").nth(n).evaluate(look) for n in range(2)]
    page.close()
    for badge in badges:
        assert badge["radius"] > 0 and all(b["radius"] == 0 for b in buttons)  # a pill, not a box
        assert badge["shadow"] == "none" and all(b["shadow"] != "none" for b in buttons)
        assert badge["cursor"] == "default"
        assert badge["size"] < min(b["size"] for b in buttons)
        assert badge["height"] < 0.75 * min(b["height"] for b in buttons)
        assert badge["background"] not in {b["background"] for b in buttons}
