"""How long one filing's constancia PDF takes to build and how big it is.

Run: python bench/constancia_pdf.py [--runs 200] [--files 6]

Calls domain.pdf.constancia.constancia_pdf() directly (no Flask, no database) with a
realistic filing (main document, --files - 1 annexes, a fee note), a few times to warm up,
then --runs times, each for another filing and filer; prints min, median and p95
milliseconds and the PDF's size. The filing's e-mail job builds it once per filing, and the
filer's and the clerk's download builds it each time it is asked for. Targets: p95 <= 40 ms,
size <= 60 KB.
"""

import argparse
import dataclasses
import hashlib
import itertools
import os
import statistics
import time

import common  # puts the repository on sys.path

from domain.codes import new_code
from domain.pdf.constancia import ConstanciaData, FileLine, constancia_pdf

TARGET_P95_MS = 40
TARGET_BYTES = 60 * 1024
WARMUP = 20

FILING = ConstanciaData(
    court="Corte Superior de Justicia de Lima",
    tracking_number="2026-000123",
    verification_code="7K3M-9QXD-2P4A",
    submitted="04/12/2026 19:30:12 (hora de Lima)",
    received="07/12/2026 08:00:00 (hora de Lima)",
    late=True,
    filer="María del Carmen Huamán Quispe de Ñahuincopa",
    filer_document="DNI 45678901",
    company="",
    dependencia="1.er Juzgado Especializado en lo Civil de Lima",
    document_type="Escrito",
    document_number="SN",
    case_number="00123-2026-0-1801-JR-CI-01",
    subject=(
        "Apersonamiento al proceso, señala domicilio procesal y casilla electrónica, ofrece "
        "medios probatorios y solicita copias certificadas de lo actuado"
    ),
    folios=37,
    files=(),
    fee_note="Falta el arancel por ofrecimiento de pruebas (07900).",
    verify_url="https://ventanilla.pj.gob.pe/verificar/tramite/7K3M-9QXD-2P4A",
)


def files(n: int, seed: int) -> tuple[FileLine, ...]:
    def digest(k):
        return hashlib.sha256(f"{seed}-{k}".encode()).hexdigest()

    main = FileLine("Documento principal", "escrito-apersonamiento.pdf", "2,3 MB", 37, digest(0))
    annexes = (
        FileLine(f"Anexo {k}", f"anexo-{k}-medio-probatorio.pdf", "4,1 MB", 12, digest(k))
        for k in range(1, n)
    )
    return (main, *annexes)


def filings(count_of_files: int):
    """One filing after another: no two builds share a number, a code or the hashes."""
    for n in itertools.count(1):
        code = new_code()
        yield dataclasses.replace(
            FILING,
            tracking_number=f"2026-{n:06d}",
            verification_code=code,
            verify_url=f"https://ventanilla.pj.gob.pe/verificar/tramite/{code}",
            files=files(count_of_files, n),
        )


def percentile(sorted_values: list[float], fraction: float) -> float:
    index = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def time_builds(runs: int, count_of_files: int) -> tuple[list[float], int]:
    source = filings(count_of_files)
    for _ in range(WARMUP):
        constancia_pdf(next(source))
    timings = []
    for data in itertools.islice(source, runs):
        start = time.perf_counter()
        pdf = constancia_pdf(data)
        timings.append((time.perf_counter() - start) * 1000)
    return sorted(timings), len(pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--files", type=int, default=6, help="main document + annexes")
    args = parser.parse_args()

    timings, size = time_builds(args.runs, args.files)
    p95 = percentile(timings, 0.95)
    print(
        f"constancia_pdf(): {args.runs} builds of a filing with {args.files} files after "
        f"{WARMUP} warm-up builds, one process (load average {os.getloadavg()[0]:.2f} at the end)"
    )
    print(common.cpu_check())
    print(f"  min    {timings[0]:6.2f} ms")
    print(f"  median {statistics.median(timings):6.2f} ms")
    print(
        f"  p95    {p95:6.2f} ms   (target <= {TARGET_P95_MS} ms: "
        f"{'ok' if p95 <= TARGET_P95_MS else 'OVER'})"
    )
    print(
        f"  size   {size} bytes = {size / 1024:.1f} KB   (target <= 60 KB: "
        f"{'ok' if size <= TARGET_BYTES else 'OVER'})"
    )


if __name__ == "__main__":
    main()
