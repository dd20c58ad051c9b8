"""Slow clients against the README's start command: is the site still there for everyone else?

Run: python bench/slow_clients.py [--seconds 20] [--slowloris 10] [--uploads 3]

For each serving set-up it builds the demo court (SQLite, temporary folder), starts the
Procfile's `web` line the way scripts/start does (bash, migrate, then gunicorn; HOST unset, so
the line's own default bind), and then, all at once from this process:

- `--slowloris` connections (10) that send a request's headers one byte every 0.5 s and
  never finish them;
- `--uploads` connections (3) that POST a 4 MB multipart body to /citas/datos at 100 KB/s
  (what an identity upload over a poor link looks like to the server);
- one normal client that asks for /api/salud and the home page in turn, one request at a
  time on a new connection, for `--seconds`, each with a 5 s time-out (a time-out counts
  as 5000 ms and an error).

It prints, per page, requests, p50, p95, max and errors, with the target p95 < 200 ms. The
first set-up, "before", is the Procfile line main had (sync workers, 0.0.0.0); "now" is the
Procfile in this tree. Nothing here is asserted: tests/test_serving.py does that.
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import common

from tests import live_server

BEFORE = (
    "flask --app app migrate && exec gunicorn --workers ${WEB_CONCURRENCY:-3} "
    '--bind ${HOST:-0.0.0.0}:${PORT:-8000} "app:create_app()"'
)
PAGES = ("/api/salud", "/")
TIMEOUT = 5.0
TARGET_P95_MS = 200
UPLOAD_BYTES = 4 * 1024 * 1024
UPLOAD_RATE = 100 * 1024  # bytes per second
BOUNDARY = "benchboundary"


async def slowloris(port: int, stop: asyncio.Event) -> None:
    """Headers one byte every half second, never the blank line that ends them."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return
    head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\nX-Padding: "
    sent = 0
    try:
        while not stop.is_set():
            writer.write(head[sent : sent + 1] or b"a")
            sent += 1
            await writer.drain()
            try:
                await asyncio.wait_for(stop.wait(), 0.5)
            except TimeoutError:
                pass
    except OSError:
        pass  # the server gave up on it: fine, that is one way to survive
    finally:
        writer.close()


async def trickle_upload(port: int, stop: asyncio.Event) -> None:
    """A multipart POST whose body arrives at UPLOAD_RATE, 10 KB every 0.1 s."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return
    preamble = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="document"; '
        f'filename="dni.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
    ).encode()
    ending = f"\r\n--{BOUNDARY}--\r\n".encode()
    length = len(preamble) + UPLOAD_BYTES + len(ending)
    head = (
        f"POST /citas/datos HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()
    chunk = UPLOAD_RATE // 10
    sent = 0
    try:
        writer.write(head + preamble)
        while sent < UPLOAD_BYTES and not stop.is_set():
            writer.write(b"\xff" * chunk)
            await writer.drain()
            sent += chunk
            try:
                await asyncio.wait_for(stop.wait(), 0.1)
            except TimeoutError:
                pass
    except OSError:
        pass
    finally:
        writer.close()


async def timed_get(port: int, path: str) -> tuple[float, bool]:
    """One GET on a new connection: (milliseconds, answered with 2xx)."""
    start = time.perf_counter()
    try:
        async with asyncio.timeout(TIMEOUT):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
            )
            await writer.drain()
            status = await reader.readline()
            await reader.read()  # the whole answer, until the server closes
            writer.close()
        ok = status.split()[1:2] in ([b"200"],)
    except (TimeoutError, OSError, IndexError):
        return TIMEOUT * 1000, False
    return (time.perf_counter() - start) * 1000, ok


async def measure(port: int, seconds: float, slowloris_count: int, uploads: int) -> dict:
    stop = asyncio.Event()
    attackers = [asyncio.create_task(slowloris(port, stop)) for _ in range(slowloris_count)]
    attackers += [asyncio.create_task(trickle_upload(port, stop)) for _ in range(uploads)]
    await asyncio.sleep(2)  # every attacker connected and under way
    results = {path: [] for path in PAGES}
    deadline = time.monotonic() + seconds
    turn = 0
    while time.monotonic() < deadline:
        path = PAGES[turn % len(PAGES)]
        results[path].append(await timed_get(port, path))
        turn += 1
        await asyncio.sleep(0.05)  # a person, not a load generator
    stop.set()
    await asyncio.gather(*attackers)
    return results


def summary(samples: list[tuple[float, bool]]) -> dict:
    times = sorted(ms for ms, _ in samples)
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    return {
        "requests": len(times),
        "p50": statistics.median(times),
        "p95": p95,
        "max": times[-1],
        "errors": sum(1 for _, ok in samples if not ok),
    }


def run(name: str, command: str, args) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-slow-") as folder_name:
        folder = Path(folder_name)
        app = common.demo_app(folder)
        env = live_server.app_env(app.config["DATABASE_URL"], folder)
        env.pop("HOST", None)  # the Procfile line's own default bind
        log = folder / "gunicorn.log"
        server = live_server.start_procfile(command, env=env, log=log)
        try:
            bind = next(
                (
                    line.split("Listening at: ")[1]
                    for line in log.read_text().splitlines()
                    if "Listening at: " in line
                ),
                "?",
            )
            results = asyncio.run(measure(server.port, args.seconds, args.slowloris, args.uploads))
        finally:
            server.stop()
    print(f"{name}: {command}")
    print(f"  listening at {bind}")
    return {path: summary(samples) for path, samples in results.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help="length of each measurement")
    parser.add_argument("--slowloris", type=int, default=10, help="slow-header connections")
    parser.add_argument("--uploads", type=int, default=3, help="uploads at 100 KB/s")
    parser.add_argument("--only-now", action="store_true", help="skip the 'before' set-up")
    args = parser.parse_args()
    print(common.cpu_check())
    print(
        f"{args.slowloris} slowloris connections (a header byte every 0.5 s) and {args.uploads} "
        f"uploads at {UPLOAD_RATE // 1024} KB/s, while one client asks for "
        f"{' and '.join(PAGES)} in turn for {args.seconds:g} s (time-out {TIMEOUT:g} s)."
    )
    setups = [("now", live_server.procfile_command())]
    if not args.only_now:
        setups.insert(0, ("before", BEFORE))
    tables = [(name, run(name, command, args)) for name, command in setups]
    print()
    print(
        f"  {'set-up':<8} {'page':<12} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'max ms':>8} {'errors':>7}  target p95 < {TARGET_P95_MS} ms"
    )
    for name, table in tables:
        for path, r in table.items():
            verdict = "ok" if r["p95"] < TARGET_P95_MS and not r["errors"] else "FAILS"
            print(
                f"  {name:<8} {path:<12} {r['requests']:>8} {r['p50']:>8.1f} {r['p95']:>8.1f} "
                f"{r['max']:>8.1f} {r['errors']:>7}  {verdict}"
            )


if __name__ == "__main__":
    main()
