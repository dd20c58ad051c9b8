"""What the browser tests check on every phone screen."""

import re

from playwright.sync_api import Page


def assert_fits_phone_width(page: Page, name: str) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the phone"


def pass_human_check(page: Page) -> None:
    """The human check as a person meets it. With JavaScript the ALTCHA widget takes the place
    of the question and solves its puzzle by itself: wait until it has. Without, read the
    question in words and answer it (the table stands for what a person knows)."""
    from domain import antibot

    if not page.locator("#human-check").count():
        return  # signed in, or the form was sent back with its check already passed
    if page.locator("#human-check[data-started]").count():
        page.wait_for_function(
            "() => (document.querySelector('input[name=altcha]') || {}).value", timeout=30_000
        )
        return
    label = page.locator("label[for=human_answer]").inner_text()
    question = label.removeprefix("Comprobación: ").strip()
    answer = next(a for q, a in antibot.QUESTIONS if q == question)
    page.get_by_label(re.compile(r"^Comprobación")).fill(answer)
