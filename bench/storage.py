"""A 20 MB filing file through each store: the local folder and an S3-compatible bucket (moto's
server in a process of its own: the network is the loopback, so this measures our side, not S3's).

Run: python bench/storage.py [--megabytes 20]

For each store: the time to receive it (stream to a local file, hash, check the PDF, put), the
time to download it as the filer through the app (test client, the whole body read) with the
Python memory peak while it streams (it must stay far below the file's size), and the time of a
`flask backup` that copies it.
"""

import argparse
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import boto3
import common
from filing_uploads import big_pdf

MB = 1024 * 1024


def measure(name: str, settings: dict, body: bytes, folder: Path) -> None:
    from db import database
    from domain.filings import FileLimits, FileRole
    from domain.states import IdentityStatus
    from models import Dependencia, FilingFile
    from services import backup, filing_drafts, filing_files, storage
    from services.actor import Actor
    from services.clock import utc_now
    from tests.helpers import citizen, sign_in

    app = common.demo_app(folder, WTF_CSRF_ENABLED=False, **settings)
    with app.app_context(), database.connection_context():
        person = citizen(identity_status=IdentityStatus.APROBADA)
        start = time.perf_counter()
        received = filing_files.receive(io.BytesIO(body), "grande.pdf", 25 * MB, ("pdf",))
        took_receive = time.perf_counter() - start
        filing_files.remove(received.stored_name)
        # A filing of the citizen's, made through the use cases the pages call.
        draft = filing_drafts.start(person, utc_now())
        filing_drafts.keep(
            draft,
            {
                "dependencia_id": Dependencia.get(Dependencia.code == "1JCL").id,
                "document_type": "solicitud",
                "document_number": "SN",
                "subject": "Prueba de almacenamiento",
                "folios": 1,
                "privacy": "y",
            },
            utc_now(),
        )
        filing_drafts.add_file(
            draft, FileRole.PRINCIPAL, io.BytesIO(body), "grande.pdf", utc_now(), FileLimits()
        )
        filing = filing_drafts.submit(draft, actor=Actor(person), now=utc_now())
        file_id = FilingFile.get(FilingFile.filing == filing.id).id
    client = app.test_client()
    sign_in(client)
    tracemalloc.start()
    start = time.perf_counter()
    reply = client.get(f"/tramites/{filing.id}/archivos/{file_id}", buffered=False)
    size = sum(len(chunk) for chunk in reply.response)
    took_download = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    reply.close()
    assert reply.status_code == 200 and size == len(body), (reply.status_code, size)
    start = time.perf_counter()
    backup.backup(
        app.config["DATABASE_URL"],
        app.config["UPLOAD_FOLDER"],
        str(folder / "copia"),
        utc_now(),
        files=storage.of(app.config),
    )
    took_backup = time.perf_counter() - start
    database.close()
    print(
        f"{name}: receive {took_receive * 1000:.0f} ms, download {took_download * 1000:.0f} ms "
        f"(Python peak {peak / MB:.2f} MB for a {len(body) / MB:.0f} MB file), "
        f"backup {took_backup * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=20)
    args = parser.parse_args()
    body = big_pdf(args.megabytes * MB)
    print(common.cpu_check())
    with socket.socket() as probe:  # a free port for the server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(
        Bucket="ventanilla-bench"
    )
    try:
        with tempfile.TemporaryDirectory(prefix="bench-storage-") as root:
            for name, settings in (
                ("local folder", {}),
                (
                    "S3 bucket (moto)",
                    {
                        "FILES_STORAGE": "s3://ventanilla-bench",
                        "S3_ENDPOINT_URL": endpoint,
                        "S3_REGION": "us-east-1",
                    },
                ),
            ):
                folder = Path(root) / name.split()[0]
                folder.mkdir()
                measure(name, settings, body, folder)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
