"""What the bench scripts share: the app on sys.path, a demo database, and a booking walk.

The walk works on any "browser" with two methods, so page_weight.py can drive Flask's test
client in-process and throughput.py can drive the real gunicorn server over HTTP:

    get(path, hx=False) -> Page          one GET, redirects not followed
    post(path, data, hx=False) -> Page   one POST, redirects followed (303 -> GET)
"""

import logging
import statistics
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# `python bench/x.py` puts bench/ on sys.path, not the repository; the app's modules
# (app, db, cli, domain...) are imported from the repository root.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def cpu_check() -> str:
    """One line saying how fast and how steady this machine's CPU is right now."""
    timings = []
    for _ in range(50):
        start = time.perf_counter()
        sum(range(200_000))
        timings.append((time.perf_counter() - start) * 1000)
    fastest, median = min(timings), statistics.median(timings)
    return (
        f"CPU check: a fixed Python loop took {fastest:.1f} ms at best, {median:.1f} ms "
        f"median (x{median / fastest:.1f}; near x1 on a quiet machine)."
    )


# A valid citizen for the identity step (the same shape as the tests' PERSON).
PERSON = {
    "doc_type": "DNI",
    "doc_number": "45678901",
    "names": "Ana María",
    "surnames": "Quispe Mamani",
    "birth_date": "1990-05-17",
    "email": "ana.quispe@example.pe",
    "phone": "987654321",
}

# The choice steps, in the order the flow asks them.
CHOICE_STEPS = ["/citas/sede", "/citas/servicio", "/citas/dia", "/citas/hora"]


@dataclass
class Page:
    path: str  # where the response came from (after redirects, if they were followed)
    status: int
    body: bytes
    headers: dict

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def demo_app(folder: Path, **overrides):
    """A Ventanilla app on a fresh SQLite file in `folder`, with the demo court loaded.

    CSRF stays on (unless an override turns it off) so pages carry the same hidden
    csrf_token input as in production and the walk posts it like a browser would.
    """
    from app import create_app
    from db import apply_migrations, database
    from services.court_setup import create_demo_court

    config = {
        "DATABASE_URL": f"sqlite:///{folder / 'court.db'}",
        "SECRET_KEY": "bench-secret-0123456789abcdef0123456789abcdef",
        "PUBLIC_URL": "http://127.0.0.1:8000",  # required outside tests; links are not followed
        "OUTBOX_FOLDER": str(folder / "outbox"),
        "UPLOAD_FOLDER": str(folder / "uploads"),
        "MAIL_SERVER": "",
        "JOBS_DATABASE": str(folder / "jobs.db"),
        "JOBS_IMMEDIATE": True,  # mail is written to the outbox above, by the request itself
        "HUMAN_CHECK_MIN_SECONDS": 0,  # the walk answers faster than people
        **overrides,
    }
    app = create_app(config)
    # The app logs each migration and each e-mail at INFO; in a benchmark that is noise.
    logging.getLogger().setLevel(logging.WARNING)
    with database.connection_context():
        apply_migrations()
        create_demo_court()
    return app


class InProcessBrowser:
    """The Flask test client behind the walk's get/post interface (keeps its cookies)."""

    def __init__(self, app):
        self.client = app.test_client()

    def get(self, path: str, hx: bool = False) -> Page:
        response = self.client.get(path, headers=_hx(hx))
        return Page(path, response.status_code, response.get_data(), dict(response.headers))

    def post(self, path: str, data: dict, hx: bool = False) -> Page:
        response = self.client.post(path, data=data, headers=_hx(hx), follow_redirects=True)
        final = response.request.path
        return Page(final, response.status_code, response.get_data(), dict(response.headers))


def _hx(hx: bool) -> dict:
    # What htmx sends on a partial swap; the app then answers with the #step fragment only.
    return {"HX-Request": "true"} if hx else {}


class _Tags(HTMLParser):
    """Every start tag of a page as (tag, attributes); enough to find inputs and assets."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def input_values(html: str, name: str) -> list[str]:
    """The value of every <input name=...> on the page, in order (radios give several)."""
    return [a.get("value", "") for t, a in tags(html) if t == "input" and a.get("name") == name]


def csrf_token(html: str) -> str:
    tokens = input_values(html, "csrf_token")
    return tokens[0] if tokens else ""  # empty when the form has CSRF turned off


def submit_identity(browser, person: dict = PERSON) -> Page:
    """Fill 'Sus datos' like a browser (with the form's CSRF token); returns the next page."""
    from tests.helpers import human_answer  # the anti-bot question, answered as a person would

    form = browser.get("/citas/datos")
    fields = {**person, "csrf_token": csrf_token(form.text), **human_answer(form.text)}
    return browser.post("/citas/datos", fields)


def choose(browser, path: str) -> Page:
    """Answer one choice step and return the next page.

    The first option, except on the day step: there the LAST day is taken, because a day
    far ahead has every slot free, so the slot page shows its longest list (worst case).
    """
    page = browser.get(path)
    options = input_values(page.text, "choice")
    if not options:
        raise SystemExit(f"{path} offered nothing to choose (status {page.status})")
    value = options[-1] if path == "/citas/dia" else options[0]
    return browser.post(path, {"choice": value, "csrf_token": csrf_token(page.text)})


def confirm(browser) -> Page:
    """Post the review form (its request_key and CSRF token); returns the ticket page."""
    page = browser.get("/citas/revisar")
    data = {
        "request_key": input_values(page.text, "request_key")[0],
        "csrf_token": csrf_token(page.text),
    }
    return browser.post("/citas/revisar", data)


def walk_to(browser, last_path: str) -> None:
    """Fill the draft step by step until `last_path` (one of CHOICE_STEPS) can be shown."""
    submit_identity(browser)
    for path in CHOICE_STEPS:
        if path == last_path:
            return
        choose(browser, path)
    raise ValueError(f"not a choice step: {last_path}")
