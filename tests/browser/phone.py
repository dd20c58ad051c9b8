"""What the browser tests check on every phone screen."""

from playwright.sync_api import Page


def assert_fits_phone_width(page: Page, name: str) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the phone"
