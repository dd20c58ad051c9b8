"""What the race tests against tests.live_server share: the server's database, a citizen's
browser with its own cookies and CSRF token, and what the server's log must never show."""

import http.client
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests import postgres

HTTP_TIMEOUT = 30  # seconds; no single exchange may hang the suite
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TICKET = re.compile(r"/citas/ticket/([0-9A-Z-]+)$")
# What must never appear in the server's output while citizens race.
SERVER_FAILURES = ("database is locked", "Traceback", "WORKER TIMEOUT", "[ERROR]", "ERROR:")


def empty_database(request, folder: Path) -> str:
    """The URL of an empty database for a module's server, as its fixture's param says: a
    SQLite file in `folder`, or this run's PostgreSQL database emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{folder / 'court.db'}"
    url = request.getfixturevalue("postgres_url")
    postgres.reset(url)
    return url


@dataclass
class Reply:
    status: int
    location: str
    text: str

    @property
    def ticket_code(self) -> str | None:
        found = self.status == 303 and TICKET.search(self.location)
        return found.group(1) if found else None


@dataclass
class Browser:
    """One citizen: its own session cookie and CSRF token; redirects are not followed."""

    port: int
    cookies: dict = field(default_factory=dict)
    csrf: str = ""

    def tab(self) -> "Browser":
        """Another tab of the same browser: same cookie, same token (a double tap)."""
        return Browser(self.port, dict(self.cookies), self.csrf)

    def connect(self) -> http.client.HTTPConnection:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT)
        connection.connect()
        return connection

    def get(self, path: str) -> Reply:
        return self.send("GET", path)

    def post(self, path: str, fields: dict, connection=None) -> Reply:
        return self.send("POST", path, {**fields, "csrf_token": self.csrf}, connection)

    def send(self, method, path, fields=None, connection=None) -> Reply:
        connection = connection or self.connect()
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            reply = Reply(
                response.status, response.getheader("Location", ""), response.read().decode()
            )
            self._remember(response.headers.get_all("Set-Cookie") or [], reply.text)
            return reply
        finally:
            connection.close()

    def _remember(self, set_cookies: list[str], text: str) -> None:
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:  # Flask empties the cookie when the session is cleared
                    self.cookies.pop(name, None)
        token = CSRF.search(text)
        if token:
            self.csrf = token.group(1)

    def step(self, path: str, fields: dict, next_path: str) -> None:
        reply = self.post(path, fields)
        assert reply.status == 303 and reply.location.endswith(next_path), (
            f"POST {path} answered {reply.status} {reply.location!r}, not 303 to {next_path}"
        )


def refusal(html: str) -> str:
    """The error summary of a page, to say in a failure what the citizen was told."""
    found = re.search(r'class="error-summary"[^>]*>(.*?)</ul>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split()) if found else html[:200]
