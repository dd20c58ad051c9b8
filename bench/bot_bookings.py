"""How many appointments one bot can book in a minute against a live server (issue #12, item 1).

The bot is one session (one cookie jar, one client address) that walks the booking flow as
fast as it can with random valid-looking DNIs and one e-mail address. It passes the human
check the way a program would: it solves the proof-of-work challenge with the altcha library
(as the widget would, without a browser), or, on servers that ask the old arithmetic question
and nothing else, answers it with a regular expression. It never answers the no-JavaScript
question in words: that one needs a person (or a table of answers written for this site).

    python bench/bot_bookings.py                              # this worktree, 60 s
    python bench/bot_bookings.py --root ../main --port 8211   # another checkout, "before"

It starts gunicorn (2 sync workers) from --root on a fresh SQLite demo court in a temporary
folder, runs for --seconds (bounded; a single request times out after 30 s), prints the
bookings, refusals and ticket e-mails, and stops the server. It exits 0 whatever the figure.
"""

import argparse
import base64
import html
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import common
from throughput import HttpBrowser

from tests import live_server

EMAIL = "bot@example.pe"
SOLVING = []  # seconds spent on each proof-of-work puzzle
WORDS = ("cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve")


def start_server(root: Path, port: int, folder: Path, log: Path) -> subprocess.Popen:
    url = f"sqlite:///{folder / 'court.db'}"
    live_server.prepare_database(url)  # same schema on both sides: migrations 0001-0005
    env = live_server.app_env(url, folder)
    env["HUMAN_CHECK_MIN_SECONDS"] = "0"  # a bot need not wait: the figure is an upper bound
    for name in ("HUMAN_CHECK_POW_COST", "HUMAN_CHECK_POW_COUNTER"):
        env.pop(name)  # the puzzle as hard as in production, not as in the tests
    command = [sys.executable, "-m", "gunicorn", "--no-control-socket", "--workers", "2"]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", live_server.APP]
    with open(log, "ab") as output:
        server = subprocess.Popen(command, cwd=root, env=env, stdout=output, stderr=output)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/salud", timeout=2).close()
            return server
        except (urllib.error.URLError, OSError):  # not listening yet, or still booting
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not start:\n{log.read_text(errors='replace')}")


def random_dni() -> str:
    return f"{random.randint(10_000_000, 99_999_999)}"


def check_fields(page: str) -> dict:
    """The human-check fields a bot can fill for this page, or {} when none is asked."""
    found = re.search(r'data-challenge="([^"]+)"', page)
    if found:
        import altcha

        challenge = altcha.Challenge.from_dict(json.loads(html.unescape(found.group(1))))
        started = time.monotonic()
        solution = altcha.solve_challenge(challenge)
        SOLVING.append(time.monotonic() - started)
        payload = altcha.Payload(challenge, solution).to_dict()
        return {"altcha": base64.b64encode(json.dumps(payload).encode()).decode()}
    question = re.search(r"¿Cuánto es (\w+) más (\w+)\?", page)
    if question:
        token = re.search(r'name="human_token" value="([^"]+)"', page).group(1)
        answer = sum(WORDS.index(w) for w in question.groups())
        return {"human_answer": str(answer), "human_token": token, "website": ""}
    return {}


def book_once(browser) -> str:
    """One walk through the flow: 'booked', 'refused' (a message on the page) or 'full'."""
    form = browser.get("/citas/datos")
    person = common.PERSON | {"doc_number": random_dni(), "email": EMAIL}
    fields = person | {"csrf_token": common.csrf_token(form.text)} | check_fields(form.text)
    page = browser.post("/citas/datos", fields)
    if page.path != "/citas/sede":
        return "refused"
    for path in common.CHOICE_STEPS:
        options = common.input_values(page.text, "choice")
        if not options:
            return "full"
        choice = random.choice(options)
        page = browser.post(path, {"choice": choice, "csrf_token": common.csrf_token(page.text)})
    page = browser.get("/citas/revisar")
    keys = common.input_values(page.text, "request_key")
    if not keys:
        return "refused"
    data = {"request_key": keys[0], "csrf_token": common.csrf_token(page.text)}
    page = browser.post("/citas/revisar", data)
    return "booked" if page.path.startswith("/citas/ticket/") else "refused"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=common.ROOT, help="checkout to serve")
    parser.add_argument("--port", type=int, default=8201)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bot-bookings-") as name:
        folder = Path(name)
        server = start_server(args.root.resolve(), args.port, folder, folder / "gunicorn.log")
        outcomes = {"booked": 0, "refused": 0, "full": 0}
        try:
            browser = HttpBrowser(f"http://127.0.0.1:{args.port}")
            start = time.monotonic()
            while time.monotonic() - start < args.seconds:
                outcome = book_once(browser)
                outcomes[outcome] += 1
                if outcome == "full" and outcomes["booked"] and not outcomes["refused"]:
                    break  # the horizon is booked out: no point waiting for the clock
            elapsed = time.monotonic() - start
        finally:
            server.terminate()
            server.wait(timeout=10)
        outbox = folder / "outbox"
        mails = [p for p in outbox.iterdir()] if outbox.exists() else []
        to_bot = sum(1 for p in mails if EMAIL in p.read_text(errors="replace"))
        print(f"Server: {args.root.resolve()} (git {git_head(args.root)}), 2 gunicorn workers")
        if SOLVING:
            print(
                f"Proof of work: {len(SOLVING)} puzzles solved, {sum(SOLVING):.1f} s in all "
                f"({sum(SOLVING) / len(SOLVING):.2f} s each, one core, Python's hashlib)."
            )
        print(
            f"One bot, one session, {elapsed:.0f} s: {outcomes['booked']} appointments booked, "
            f"{outcomes['refused']} attempts refused, {outcomes['full']} walks found no free "
            f"place; {to_bot} ticket e-mails to {EMAIL}."
        )


def git_head(root: Path) -> str:
    result = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return result.stdout.strip() or "?"


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
