"""A filing's big files against the README's server (the Procfile's `web` line, gevent workers).

Run: python bench/filing_uploads.py [--megabytes 20] [--slow 5] [--seconds 20]

Three figures, on a fresh SQLite demo court with one verified citizen and one draft:

1. Resume: a 20 MB PDF sent with the tus protocol is cut at 60 % (the socket closed mid-body,
   as a phone losing its link does), then resumed from the offset the server reports. Prints
   the bytes sent in all and the bytes sent twice.
2. Memory and time to accept: the worker's peak resident memory (VmHWM) after a 2 MB upload
   and after a 20 MB one, plain multipart and tus, and how long each took. With one worker,
   the peak must not grow with the file (files are streamed to disk, never held).
3. The home page while `--slow` phones (5) upload 20 MB each at 100 KB/s: p50 and p95 of
   /api/salud and / (one request at a time, new connection each), before and during.
"""

import argparse
import asyncio
import io
import re
import socket
import statistics
import tempfile
import time
from pathlib import Path

import common
import pypdf
import requests
from pypdf.generic import DecodedStreamObject, NameObject
from slow_clients import timed_get

from tests import live_server

MB = 1024 * 1024
RATE = 100 * 1024  # bytes per second of a slow phone
PASSWORD = "Clave-Segura-2026"


def big_pdf(size: int) -> bytes:
    """A valid one-page PDF of about `size` bytes: its content stream is comment lines."""
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(200, 200)
    line = b"% " + b"x" * 77 + b"\n"
    stream = DecodedStreamObject()
    stream.set_data(line * max(1, (size - 4096) // len(line)))  # the rest is the PDF around it
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def prepare(folder: Path):
    from db import database
    from domain.states import IdentityStatus
    from tests.helpers import citizen

    app = common.demo_app(folder)
    with database.connection_context():
        citizen(identity_status=IdentityStatus.APROBADA)
    return app


def signed_in(url: str) -> tuple[requests.Session, str]:
    """A session signed in as the citizen, and the CSRF token of its pages."""
    session = requests.Session()
    page = session.get(f"{url}/cuenta/ingresar").text
    token = common.csrf_token(page)
    reply = session.post(
        f"{url}/cuenta/ingresar",
        data={"csrf_token": token, "login": "ana@example.pe", "password": PASSWORD},
    )
    reply.raise_for_status()
    page = session.get(f"{url}/tramites/nuevo").text
    return session, common.csrf_token(page)


def new_draft(session, url: str, token: str) -> str:
    reply = session.post(f"{url}/tramites/nuevo", data={"csrf_token": token}, allow_redirects=False)
    return re.search(r"/borrador/([^/]+)/", reply.headers["Location"]).group(1)


def tus_create(session, url, key, token, length) -> str:
    reply = session.post(
        f"{url}/tramites/borrador/{key}/subidas",
        headers={
            "Tus-Resumable": "1.0.0",
            "Upload-Length": str(length),
            "Upload-Metadata": "filename ZXNjcml0by5wZGY=,role cHJpbmNpcGFs",  # escrito.pdf
            "X-CSRFToken": token,
        },
    )
    assert reply.status_code == 201, reply.text
    return reply.headers["Location"]


def tus_patch(session, url, location, token, data: bytes, offset: int) -> requests.Response:
    return session.patch(
        url + location,
        data=data,
        headers={
            "Tus-Resumable": "1.0.0",
            "Upload-Offset": str(offset),
            "Content-Type": "application/offset+octet-stream",
            "X-CSRFToken": token,
        },
    )


def cut_patch(port, session, location, token, body: bytes, stop_at: int) -> int:
    """PATCH the whole body but close the socket after `stop_at` bytes; bytes written."""
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    head = (
        f"PATCH {location} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n"
        f"Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nX-CSRFToken: {token}\r\n"
        f"Content-Type: application/offset+octet-stream\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(head)
        sent = 0
        while sent < stop_at:
            piece = body[sent : min(stop_at, sent + 64 * 1024)]
            conn.sendall(piece)
            sent += len(piece)
        conn.shutdown(socket.SHUT_RDWR)  # the link drops mid-body
    time.sleep(0.5)  # the server notices and keeps what reached it
    return sent


def resume(port, url, megabytes) -> dict:
    session, token = signed_in(url)
    key = new_draft(session, url, token)
    body = big_pdf(megabytes * MB)
    location = tus_create(session, url, key, token, len(body))
    first = cut_patch(port, session, location, token, body, len(body) * 6 // 10)
    offset = int(
        session.head(url + location, headers={"Tus-Resumable": "1.0.0"}).headers["Upload-Offset"]
    )
    started = time.perf_counter()
    reply = tus_patch(session, url, location, token, body[offset:], offset)
    assert reply.status_code == 204, reply.text
    rest = len(body) - offset
    return {
        "size": len(body),
        "first": first,
        "offset": offset,
        "rest": rest,
        "again": first + rest - len(body),
        "rest_seconds": time.perf_counter() - started,
    }


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def memory(server, url) -> list[tuple[str, int, float, int]]:
    """(how, megabytes, seconds, worker's peak KB after) for each upload, smallest first."""
    [worker] = worker_pids(server.process.pid)
    session, token = signed_in(url)
    rows = [("start", 0, 0.0, peak_kb(worker))]
    for megabytes in (2, 20):
        body = big_pdf(megabytes * MB)
        key = new_draft(session, url, token)
        started = time.perf_counter()
        reply = session.post(
            f"{url}/tramites/borrador/{key}/archivos",
            data={"csrf_token": token},
            files={"main_document": ("escrito.pdf", body, "application/pdf")},
            allow_redirects=False,
        )
        assert reply.status_code == 303, reply.text[:500]
        rows.append(("multipart", megabytes, time.perf_counter() - started, peak_kb(worker)))
        key = new_draft(session, url, token)
        started = time.perf_counter()
        location = tus_create(session, url, key, token, len(body))
        offset = 0
        for start in range(0, len(body), 5 * MB):  # the browser client's pieces
            reply = tus_patch(session, url, location, token, body[start : start + 5 * MB], offset)
            assert reply.status_code == 204, reply.text
            offset = int(reply.headers["Upload-Offset"])
        rows.append(("tus", megabytes, time.perf_counter() - started, peak_kb(worker)))
    return rows


async def trickle(port: int, cookie: str, token: str, path: str, size: int, stop) -> None:
    """A tus PATCH whose body arrives at RATE, 10 KB every 0.1 s."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return
    head = (
        f"PATCH {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nTus-Resumable: 1.0.0"
        f"\r\nUpload-Offset: 0\r\nX-CSRFToken: {token}\r\n"
        f"Content-Type: application/offset+octet-stream\r\nContent-Length: {size}\r\n\r\n"
    ).encode()
    sent = 0
    try:
        writer.write(head)
        while sent < size and not stop.is_set():
            writer.write(b"x" * (RATE // 10))
            await writer.drain()
            sent += RATE // 10
            try:
                await asyncio.wait_for(stop.wait(), 0.1)
            except TimeoutError:
                pass
    except OSError:
        pass
    finally:
        writer.close()


async def pages_while(port, seconds, slow: list[tuple[str, str, str]], size) -> dict:
    stop = asyncio.Event()
    tasks = [asyncio.create_task(trickle(port, *s, size, stop)) for s in slow]
    if tasks:
        await asyncio.sleep(2)
    results = {"/api/salud": [], "/": []}
    deadline = time.monotonic() + seconds
    turn = 0
    while time.monotonic() < deadline:
        path = ("/api/salud", "/")[turn % 2]
        results[path].append(await timed_get(port, path))
        turn += 1
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.gather(*tasks)
    return results


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(q * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=20)
    parser.add_argument("--slow", type=int, default=5, help="phones uploading at 100 KB/s")
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    print(common.cpu_check())
    with tempfile.TemporaryDirectory(prefix="bench-filing-") as name:
        folder = Path(name)
        app = prepare(folder)
        env = live_server.app_env(app.config["DATABASE_URL"], folder) | {"WEB_CONCURRENCY": "1"}
        server = live_server.start_procfile(
            live_server.procfile_command(), env=env, log=folder / "gunicorn.log"
        )
        url = f"http://127.0.0.1:{server.port}"
        try:
            r = resume(server.port, url, args.megabytes)
            print(
                f"\n1. Resume: {r['size'] / MB:.1f} MB cut after {r['first'] / MB:.1f} MB "
                f"({r['first'] / r['size']:.0%}); the server had {r['offset'] / MB:.2f} MB; "
                f"sent {r['rest'] / MB:.2f} MB more in {r['rest_seconds']:.2f} s.\n"
                f"   Bytes sent in all: {(r['first'] + r['rest']) / MB:.2f} MB; "
                f"sent twice: {r['again']:,} bytes."
            )
            print("\n2. One worker's peak memory (VmHWM) and the time to accept a PDF:")
            for how, megabytes, seconds, kb in memory(server, url):
                label = f"{how} {megabytes} MB" if megabytes else "after start-up"
                timing = f"{seconds:6.2f} s" if megabytes else " " * 8
                print(f"   {label:<16} {timing}  peak {kb / 1024:6.1f} MB")
            session, token = signed_in(url)
            cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
            slow = []
            for _ in range(args.slow):
                key = new_draft(session, url, token)
                size = args.megabytes * MB
                slow.append((cookie, token, tus_create(session, url, key, token, size)))
            print(
                f"\n3. Pages, one request at a time for {args.seconds:g} s each (ms), "
                f"alone and with {args.slow} phones uploading {args.megabytes} MB at "
                f"{RATE // 1024} KB/s:"
            )
            for label, uploads in (("alone", []), ("uploads", slow)):
                results = asyncio.run(pages_while(server.port, args.seconds, uploads, size))
                for path, samples in results.items():
                    times = [ms for ms, _ in samples]
                    errors = sum(1 for _, ok in samples if not ok)
                    print(
                        f"   {label:<8} {path:<11} n={len(times):4d}  "
                        f"p50 {statistics.median(times):7.1f}  p95 {p(times, 0.95):7.1f}  "
                        f"errors {errors}"
                    )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
