"""How long pages that send e-mail take when the mail server is slow, and whether "forgot my
password" and registration answer as fast for an unknown account as for a real one.

Run: python bench/mail_timing.py [--requests 5] [--recovery 200] [--registration 100]
     [--sign-in 100] [--smtp-delay 2]

What it does:
 1. builds a demo database (SQLite, in a temporary folder) and starts a small SMTP server on
    127.0.0.1 that waits --smtp-delay seconds before accepting each message (a slow or distant
    mail server);
 2. (a) times, in-process with Flask's test client, the POST of registration, of the recovery
    request (an existing account) and of the booking's confirmation, --requests times each:
    - inline: JOBS_IMMEDIATE=true, the mail is sent inside the request, as before the queue;
    - queued: the mail goes on the SQLite queue and a real worker process
      (`flask --app app worker`) sends it; the bench then waits for the SMTP server to get every
      message and prints how long after the last answer the last one arrived;
 3. (b) times the recovery request, by code and then by personal data (document, birth date,
    names and a new e-mail), --recovery times for existing accounts and as many times for
    unknown ones, in pairs of one each in random order (so noise hits both alike), with
    the mail queued (no worker running, so it does not compete for the CPU), and prints the
    medians, the quartiles and a bootstrap 95 % interval of the difference of the medians;
 4. (c) the same for registration (POST /cuenta/registro), --registration times with the
    e-mail of an existing account (and a new document) and as many with a new e-mail and
    document, paired the same way: the page says the same, and should take as long;
 5. (d) the same for a wrong password (POST /cuenta/ingresar), --sign-in times for existing
    accounts and as many for unknown e-mails.

Each request comes from its own client address and each recovery names another account, so no
rate limit answers instead of the page. Timing is never asserted.
"""

import argparse
import os
import random
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import common

PASSWORD = "Clave-Segura-2026"


# --- a slow SMTP server ----------------------------------------------------------------------


class SlowSMTP(socketserver.ThreadingTCPServer):
    """Just enough SMTP for smtplib (no TLS, no auth), waiting `delay` s before each 250 to DATA."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, delay: float):
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.delay = delay
        self.received: list[tuple[float, str]] = []  # (when, Subject)
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return self.server_address[1]


class _SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self.reply("220 bench ESMTP")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250 bench")
            elif verb == b"DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                subject = ""
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    if data.lower().startswith(b"subject:") and not subject:
                        subject = data[8:].decode(errors="replace").strip()
                time.sleep(self.server.delay)
                with self.server.lock:
                    self.server.received.append((time.perf_counter(), subject))
                self.reply("250 ok")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.reply("250 ok")


# --- the app and the flows -------------------------------------------------------------------


def human_fields(html: str) -> dict:
    """The human check's fields, as a browser with JavaScript sends them (empty if not asked)."""
    from tests.helpers import human_answer

    return human_answer(html)


class Clients:
    """A fresh test client (empty session) from a new client address each time."""

    def __init__(self, app):
        self.app, self.n = app, 0

    def new(self):
        self.n += 1
        client = self.app.test_client()
        n = self.n
        client.environ_base["REMOTE_ADDR"] = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
        return client


def timed_post(client, path: str, data: dict) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.post(path, data=data)
    return time.perf_counter() - start, response.status_code


def register(clients, n: int, email: str = "") -> tuple[float, int]:
    client = clients.new()
    page = client.get("/cuenta/registro").get_data(as_text=True)
    data = {
        "doc_type": "DNI",
        "doc_number": f"7{n:07d}",
        "birth_date": "17/05/1990",
        "names": "Ana María",
        "surnames": "Quispe Mamani",
        "email": email or f"nueva{n}@example.pe",
        "phone": "987654321",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        "privacy": "y",
        **human_fields(page),
    }
    return timed_post(client, "/cuenta/registro", data)


def recover(clients, login: str) -> tuple[float, int]:
    client = clients.new()
    page = client.get("/cuenta/recuperar").get_data(as_text=True)
    return timed_post(client, "/cuenta/recuperar", {"login": login, **human_fields(page)})


def recover_by_data(clients, doc_number: str) -> tuple[float, int]:
    """Ask to recover the account of `doc_number` by personal data (to a new address each time,
    so no per-address limit answers instead)."""
    client = clients.new()
    page = client.get("/cuenta/recuperar/datos").get_data(as_text=True)
    data = {
        "doc_type": "DNI",
        "doc_number": doc_number,
        "birth_date": "17/05/1990",
        "names": "Ana",
        "surnames": "Quispe",
        "new_email": f"nuevo{doc_number}@example.pe",
        **human_fields(page),
    }
    return timed_post(client, "/cuenta/recuperar/datos", data)


def confirm_booking(clients, n: int) -> tuple[float, int]:
    browser = common.InProcessBrowser(clients.app)
    client = browser.client = clients.new()
    person = common.PERSON | {"doc_number": f"6{n:07d}", "email": f"cita{n}@example.pe"}
    page = client.get("/citas/datos").get_data(as_text=True)
    client.post("/citas/datos", data=person | human_fields(page))
    for path in common.CHOICE_STEPS:
        common.choose(browser, path)
    review = client.get("/citas/revisar").get_data(as_text=True)
    key = common.input_values(review, "request_key")[0]
    return timed_post(client, "/citas/revisar", {"request_key": key})


def make_accounts(prefix: str, count: int, first_document: int) -> list[str]:
    """`count` confirmed citizens, fast (one argon2 hash shared by all); their e-mails."""
    from datetime import date

    from db import database
    from models import User
    from models.accounts import HASHER
    from services.clock import utc_now

    password_hash = HASHER.hash(PASSWORD)
    emails = [f"{prefix}{n}@example.pe" for n in range(count)]
    with database.connection_context(), database.atomic():
        for n, email in enumerate(emails):
            User.create(
                email=email,
                full_name="Ana Quispe",
                names="Ana",
                surnames="Quispe",
                password_hash=password_hash,
                created_at=utc_now(),
                email_confirmed_at=utc_now(),
                doc_type="DNI",
                doc_number=str(first_document + n),
                birth_date=date(1990, 5, 17),
            )
    return emails


def build_app(folder: Path, smtp: SlowSMTP, inline: bool):
    from app import create_app

    config = {
        "DATABASE_URL": f"sqlite:///{folder / 'court.db'}",
        "JOBS_DATABASE": str(folder / "jobs.db"),
        "SECRET_KEY": "bench-secret-0123456789abcdef0123456789abcdef",
        "PUBLIC_URL": "http://127.0.0.1:8000",  # required outside tests; links are not followed
        "OUTBOX_FOLDER": str(folder / "outbox"),
        "UPLOAD_FOLDER": str(folder / "uploads"),
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp.port,
        "MAIL_USE_TLS": False,
        "JOBS_IMMEDIATE": inline,
        "WTF_CSRF_ENABLED": False,
        "HUMAN_CHECK_MIN_SECONDS": 0,
        "HUMAN_CHECK_POW_COST": 1,  # what is timed is the mail, not the puzzle
        "HUMAN_CHECK_POW_COUNTER": 20,
    }
    return create_app(config), config


def start_worker(config: dict, folder: Path) -> subprocess.Popen:
    from services import clock

    env = {**os.environ, **{k: str(v) for k, v in config.items() if k != "WTF_CSRF_ENABLED"}}
    env["MAIL_USE_TLS"] = "false"
    env["JOBS_IMMEDIATE"] = "false"
    env["CLOCK_OFFSET_SECONDS"] = str(clock.offset_seconds())
    path = folder / "worker.log"
    with open(path, "ab") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "worker", "--workers", "2"],
            cwd=common.ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
    deadline = time.monotonic() + 30  # timing starts once it booted: no CPU shared with that
    while "consumer started" not in path.read_text(errors="replace").lower():
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the worker did not start:\n{path.read_text(errors='replace')}")
        time.sleep(0.1)
    return worker


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def run_flows(clients, requests: int, offset: int) -> dict[str, list[float]]:
    """Registration, recovery request (existing account) and booking confirmation, timed."""
    accounts = make_accounts(f"a{offset}-", requests, 50_000_000 + offset)
    times = {"registro": [], "recuperar (cuenta existente)": [], "confirmar cita": []}
    for n in range(requests):
        for name, run, argument in (
            ("registro", register, offset + n),
            ("recuperar (cuenta existente)", recover, accounts[n]),
            ("confirmar cita", confirm_booking, offset + n),
        ):
            seconds, status = run(clients, argument)
            if status != 303:
                raise SystemExit(f"{name}: answered {status}, not 303: the flow broke")
            times[name].append(seconds)
    return times


def part_a(folder: Path, smtp: SlowSMTP, requests: int) -> None:
    print(f"(a) POST response time with an SMTP server that takes {smtp.delay:g} s per message")
    print(f"    {requests} requests each; median (min-max)\n")
    results = {}
    for mode, inline in (("inline", True), ("queued", False)):
        app, config = build_app(folder, smtp, inline)
        worker = None if inline else start_worker(config, folder)
        try:
            sent_before = len(smtp.received)
            started = time.perf_counter()
            results[mode] = run_flows(Clients(app), requests, 0 if inline else 1000)
            answered = time.perf_counter()
            expected = 3 * requests
            deadline = answered + 3 * requests * smtp.delay + 30
            while len(smtp.received) - sent_before < expected and time.perf_counter() < deadline:
                time.sleep(0.1)
            got = smtp.received[sent_before:]
            if len(got) < expected:
                raise SystemExit(f"{mode}: the SMTP server got {len(got)} of {expected} mails")
            if not inline:
                last = got[-1][0] - answered
                print(
                    f"    queued: all {expected} mails reached the SMTP server {last:.1f} s "
                    f"after the last answer ({answered - started:.1f} s of requests; "
                    f"2 worker threads, {smtp.delay:g} s each)"
                )
        finally:
            if worker:
                worker.terminate()
                worker.wait(timeout=30)
    print()
    print(f"    {'':32}{'inline (before)':>22}{'queued (now)':>22}")
    for flow in results["inline"]:
        cells = []
        for mode in ("inline", "queued"):
            values = results[mode][flow]
            cells.append(
                f"{ms(statistics.median(values))} ({min(values) * 1000:.0f}-"
                f"{max(values) * 1000:.0f})"
            )
        print(f"    {flow:32}{cells[0]:>22}{cells[1]:>22}")
    print()


def bootstrap_ci(a: list[float], b: list[float], rounds: int = 2000) -> tuple[float, float]:
    rng = random.Random(13)
    diffs = sorted(
        statistics.median(rng.choices(a, k=len(a))) - statistics.median(rng.choices(b, k=len(b)))
        for _ in range(rounds)
    )
    return diffs[int(rounds * 0.025)], diffs[int(rounds * 0.975)]


def recovery_series(app, count: int, series: int, by_data=False) -> tuple[list, list]:
    """`count` recovery requests for existing accounts and as many for unknown ones, in pairs
    (one of each, in random order), after a few not counted (the queue file, caches, both).
    `by_data`: by personal data (the document names the account) instead of by code."""
    first = 52_000_000 + series * 100_000
    made = make_accounts(f"b{series}-", count + 10, first)
    recover_one = recover
    unknown = [f"nadie{series}-{n}@example.pe" for n in range(count)]
    if by_data:
        recover_one = recover_by_data
        made = [str(first + n) for n in range(count + 10)]
        unknown = [str(first + 50_000 + n) for n in range(count)]  # no account has these
    warm_up, accounts = made[:10], made[10:]
    clients = Clients(app)
    clients.n = 50_000 + series * 10_000
    for n, login in enumerate(warm_up):
        recover_one(clients, login if n % 2 else f"calentar{series}-{n}@example.pe")
    existing, missing = [], []
    order = random.Random(series)
    for known, nobody in zip(accounts, unknown, strict=True):
        pair = [(known, existing), (nobody, missing)]
        order.shuffle(pair)  # which goes first in each pair is left to chance
        for login, into in pair:
            seconds, status = recover_one(clients, login)
            if status != 303:
                raise SystemExit(f"recovery answered {status}, not 303")
            into.append(seconds)
    return existing, missing


def part_b(folder: Path, smtp: SlowSMTP, count: int, before: int) -> None:
    if before:
        app, _ = build_app(folder, smtp, inline=True)
        existing, missing = recovery_series(app, before, 1)
        print(
            f"(b) before, mail sent inline, {before} each: existing account "
            f"{ms(statistics.median(existing)).strip()}, no such account "
            f"{ms(statistics.median(missing)).strip()} (medians)\n"
        )
    app, _ = build_app(folder, smtp, inline=False)  # queued, and no worker running
    for series, path in ((2, "/cuenta/recuperar"), (3, "/cuenta/recuperar/datos")):
        existing, missing = recovery_series(app, count, series, by_data=series == 3)
        print(f"(b) recovery request (POST {path}), {count} each, paired; queued mail")
        compare(existing, missing)


def registration_series(app, count: int) -> tuple[list[float], list[float]]:
    """`count` registrations with a taken e-mail and as many with a new one, in pairs (one of
    each, in random order), after a few not counted."""
    taken = make_accounts("c-", count + 10, 54_000_000)
    clients = Clients(app)
    clients.n = 200_000
    for n in range(10):  # warm-up, both ways
        register(clients, 5_000_000 + n, taken[count + n] if n % 2 else "")
    existing, missing = [], []
    order = random.Random(3)
    for n in range(count):
        pair = [(taken[n], existing, 6_000_000 + n), ("", missing, 6_500_000 + n)]
        order.shuffle(pair)
        for email, into, document in pair:
            seconds, status = register(clients, document, email)
            if status != 303:
                raise SystemExit(f"registration answered {status}, not 303")
            into.append(seconds)
    return existing, missing


def part_c(folder: Path, smtp: SlowSMTP, count: int) -> None:
    app, _ = build_app(folder, smtp, inline=False)  # queued, and no worker running
    existing, missing = registration_series(app, count)
    print(f"\n(c) registration (POST /cuenta/registro), {count} each, paired; queued mail")
    compare(existing, missing, ("e-mail taken", "new e-mail"))


def sign_in_series(app, count: int) -> tuple[list[float], list[float]]:
    """`count` wrong passwords for existing accounts and as many for unknown e-mails, paired;
    each names another account, so no delay or lock answers instead."""
    accounts = make_accounts("d-", count, 56_000_000)
    clients = Clients(app)
    clients.n = 300_000
    existing, missing = [], []
    order = random.Random(4)
    for n in range(count):
        pair = [(accounts[n], existing), (f"nadie-d{n}@example.pe", missing)]
        order.shuffle(pair)
        for login, into in pair:
            client = clients.new()
            seconds, status = timed_post(
                client, "/cuenta/ingresar", {"login": login, "password": "Mala-Clave-2026"}
            )
            if status != 200:
                raise SystemExit(f"sign-in answered {status}, not 200")
            into.append(seconds)
    return existing, missing


def part_d(folder: Path, smtp: SlowSMTP, count: int) -> None:
    app, _ = build_app(folder, smtp, inline=False)
    existing, missing = sign_in_series(app, count)
    print(f"\n(d) wrong password (POST /cuenta/ingresar), {count} each, paired")
    compare(existing, missing)


def compare(existing, missing, names=("existing account", "no such account")) -> None:
    print(f"    {'':22}{'median':>12}{'p25':>12}{'p75':>12}{'mean':>12}")
    for name, values in zip(names, (existing, missing), strict=True):
        q1, _, q3 = statistics.quantiles(values, n=4)
        print(
            f"    {name:22}{ms(statistics.median(values)):>12}{ms(q1):>12}{ms(q3):>12}"
            f"{ms(statistics.mean(values)):>12}"
        )
    diff = statistics.median(existing) - statistics.median(missing)
    low, high = bootstrap_ci(existing, missing)
    print(
        f"    difference of medians ({names[0]} - {names[1]}): {diff * 1000:+.2f} ms "
        f"(95 % bootstrap interval {low * 1000:+.2f} to {high * 1000:+.2f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=5, help="(a): requests per flow and mode")
    parser.add_argument("--recovery", type=int, default=200, help="(b): requests per series")
    parser.add_argument("--registration", type=int, default=100, help="(c): per series")
    parser.add_argument("--sign-in", type=int, default=100, help="(d): per series")
    parser.add_argument("--smtp-delay", type=float, default=2.0, help="seconds per message")
    before = "(b): a short series with mail sent inline, as before; 0: none"
    parser.add_argument("--recovery-before", type=int, default=5, help=before)
    args = parser.parse_args()

    print(common.cpu_check())
    smtp = SlowSMTP(args.smtp_delay)
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory(prefix="ventanilla-mail-") as tmp:
        folder = Path(tmp)
        # schema and demo court
        common.demo_app(folder, SECRET_KEY="bench-secret-0123456789abcdef0123456789abcdef")
        if args.requests:
            part_a(folder, smtp, args.requests)
        if args.recovery:
            part_b(folder, smtp, args.recovery, args.recovery_before)
        if args.registration:
            part_c(folder, smtp, args.registration)
        if args.sign_in:
            part_d(folder, smtp, args.sign_in)
    smtp.shutdown()


if __name__ == "__main__":
    main()
