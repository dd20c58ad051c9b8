"""The load generator of bench/peak_hour.py: N citizens as gevent greenlets, one process.

Run by peak_hour.py (pinned with taskset to its own core):
    python bench/peak_hour_citizens.py URL CITIZENS RAMP_SECONDS MEASURE_SECONDS

Each citizen, on its own keep-alive connection and cookies, thinks 1-3 s between pages and
walks: home, the fee calculator's result page, then the whole booking journey without
JavaScript (start, datos, sede, servicio, dia, hora, revisar, ticket: every form posted with
its CSRF token and the anti-bot answer, each 303 followed), then starts again as a new citizen.
Citizens start evenly over RAMP_SECONDS; only requests that start after the ramp, within
MEASURE_SECONDS, are counted. Prints one JSON line: per page label, the list of
[milliseconds, ok] samples, and the journeys completed and failed.
"""

from gevent import monkey

monkey.patch_all()

import gzip  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.helpers import human_answer  # noqa: E402  (the question, answered as a person would)

FEE_PAGE = (
    "/aranceles/resultado?act=ofrecimiento_pruebas&process=civil&role=demandante&person=natural"
    "&cuantia=60000&day=2026-03-02&situations=&parties=3&instance=especializado&quantity=1"
)
TIMEOUT = 30
INPUT = re.compile(r"<input\b[^>]*>")
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


class Failed(Exception):
    pass


class Citizen:
    def __init__(self, host: str, port: int, record):
        self.host, self.port, self.record = host, port, record
        self.cookies: dict[str, str] = {}
        self.connection = None

    def request(self, label: str, method: str, path: str, form: dict | None = None):
        """One request (and the GET its 303 leads to); returns (status, path, body)."""
        headers = {"Accept-Encoding": "gzip", "Host": self.host}  # as browsers do
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            status, response_headers, data = self._send(method, path, body, headers)
        except (OSError, http.client.HTTPException) as error:
            self.record(label, start, False)
            raise Failed(f"{method} {path}: {error}") from None
        self.record(label, start, status < 400)
        for name, value in response_headers:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        if status >= 400:
            raise Failed(f"{method} {path}: {status}")
        if status in (302, 303):
            location = dict((k.lower(), v) for k, v in response_headers)["location"]
            target = urllib.parse.urlsplit(location)
            next_path = target.path + (f"?{target.query}" if target.query else "")
            return self.request(f"GET {label_of(target.path)}", "GET", next_path)
        return status, path, data.decode("utf-8", "replace")

    def _send(self, method, path, body, headers):
        for attempt in (1, 2):
            reused = self.connection is not None
            if not reused:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = None
                if reused and attempt == 1:
                    continue  # the server closed an idle kept-alive connection: a new one
                raise
            if response.getheader("Content-Encoding") == "gzip":
                data = gzip.decompress(data)
            if response.will_close:
                self.connection.close()
                self.connection = None
            return response.status, response.getheaders(), data
        raise AssertionError("unreachable")

    def close(self):
        if self.connection is not None:
            self.connection.close()


def label_of(path: str) -> str:
    if path.startswith("/citas/ticket/"):
        return "/citas/ticket/<code>"
    return path.split("?")[0]


def inputs(html: str, name: str) -> list[str]:
    values = []
    for tag in INPUT.findall(html):
        attrs = dict(ATTR.findall(tag))
        if attrs.get("name") == name:
            values.append(attrs.get("value", ""))
    return values


def think():
    gevent.sleep(random.uniform(1, 3))


def journey(citizen: Citizen) -> None:
    get = citizen.request
    get("GET /", "GET", "/")
    think()
    get("GET /aranceles/resultado", "GET", FEE_PAGE)
    think()
    get("GET /citas/", "GET", "/citas/")
    think()
    _, _, page = get("GET /citas/datos", "GET", "/citas/datos")
    think()
    person = {
        "doc_type": "DNI",
        "doc_number": f"{random.randrange(10_000_000, 99_999_999)}",
        "names": "Ana María",
        "surnames": "Quispe Mamani",
        "birth_date": "1990-05-17",
        "email": f"ciudadano{random.randrange(10**9)}@example.pe",
        "phone": "987654321",
        "csrf_token": inputs(page, "csrf_token")[0],
        **human_answer(page),
    }
    _, path, page = get("POST /citas/datos", "POST", "/citas/datos", person)
    for step in ("/citas/sede", "/citas/servicio", "/citas/dia", "/citas/hora"):
        if path != step:
            raise Failed(f"expected {step}, got {path}")
        options = inputs(page, "choice")
        if not options:
            raise Failed(f"{step} offered nothing")
        think()
        form = {"choice": random.choice(options), "csrf_token": inputs(page, "csrf_token")[0]}
        _, path, page = get(f"POST {step}", "POST", step, form)
    if path != "/citas/revisar":
        raise Failed(f"expected /citas/revisar, got {path}")
    think()
    form = {
        "request_key": inputs(page, "request_key")[0],
        "csrf_token": inputs(page, "csrf_token")[0],
    }
    _, path, page = get("POST /citas/revisar", "POST", "/citas/revisar", form)
    if not path.startswith("/citas/ticket/"):
        raise Failed(f"the booking ended on {path}, not a ticket")


def main() -> None:
    url, citizens, ramp, seconds = (
        sys.argv[1],
        int(sys.argv[2]),
        float(sys.argv[3]),
        float(sys.argv[4]),
    )
    target = urllib.parse.urlsplit(url)
    begin = time.perf_counter() + ramp
    end = begin + seconds
    samples: dict[str, list] = {}
    outcome = {"journeys": 0, "failed": 0, "failures": {}, "requests": 0}

    def record(label, start, ok):
        outcome["requests"] += 1  # every request, measured or not: the server's CPU per request
        if begin <= start < end:
            samples.setdefault(label, []).append([(time.perf_counter() - start) * 1000, ok])

    def citizen_loop(delay):
        gevent.sleep(delay)
        while time.perf_counter() < end:
            citizen = Citizen(target.hostname, target.port, record)
            try:
                journey(citizen)
                outcome["journeys"] += 1
            except Failed as failure:
                outcome["failed"] += 1
                reason = re.sub(r"\d{4,}", "N", str(failure))[:80]
                outcome["failures"][reason] = outcome["failures"].get(reason, 0) + 1
                think()
            finally:
                citizen.close()

    greenlets = [gevent.spawn(citizen_loop, ramp * i / citizens) for i in range(citizens)]
    # Journeys under way at the end are cut: what they would still ask is not counted anyway.
    gevent.joinall(greenlets, timeout=ramp + seconds + 1)
    gevent.killall(greenlets, timeout=5)
    print(json.dumps({"samples": samples, **outcome}))


if __name__ == "__main__":
    main()
