"""How long one ticket PDF takes to build and how big it is.

Run: python bench/ticket_pdf.py [--runs 200]

Calls domain.pdf.ticket.ticket_pdf() directly (no Flask, no database) with realistic
Spanish tickets, a few times to warm up, then --runs times; prints min, median and p95
milliseconds and the PDF's size. Every build is for another person (code, name, document,
issue time), as in production, so the ticket's cache of wrapped lines only helps with
what really repeats (court, sede, what to bring). Targets: p95 <= 25 ms, size <= 40 KB.
The booking builds this PDF for the e-mail inside the POST that books, so it adds to that
request's latency.
"""

import argparse
import dataclasses
import itertools
import os
import statistics
import time

import common  # puts the repository on sys.path

from domain.codes import new_code
from domain.pdf.ticket import TicketData, ticket_pdf

TARGET_P95_MS = 25
TARGET_BYTES = 40 * 1024
WARMUP = 20  # fpdf2's font metrics and segno's tables load on the first calls

# What the demo court's ticket says (see cli.py), with long-ish but real values.
TICKET = TicketData(
    court="Corte Superior de Justicia de Lima",
    code="7K3M-9QXD-2P4A",
    sede="Sede Nicolás de Piérola",
    address="Av. Nicolás de Piérola 745, Cercado de Lima",
    service="Demandas",
    day="miércoles 2 de diciembre de 2026",
    time="09:40 a 10:00",
    person="María del Carmen Huamán Quispe de Ñahuincopa",
    document="DNI ••••8901",
    issued="22/11/2026 09:41:07 (hora de Lima)",
    what_to_bring=(
        "La demanda firmada con sus anexos y copias para cada demandado, su DNI y, si "
        "corresponde, los aranceles judiciales y derechos de notificación pagados."
    ),
    instructions=(
        "Llegue 10 minutos antes. Muestre su ticket (impreso o en el celular) y su "
        "documento de identidad en la mesa de partes."
    ),
    priority=True,  # one more line on the ticket: the heavier case
)


GIVEN = ["María del Carmen", "José Luis", "Ana", "Juan Pablo", "Rosa Elvira", "Ñusta"]
SURNAMES = ["Huamán", "Quispe", "de Ñahuincopa", "Mamani", "Rodríguez", "Villanueva Cárdenas"]


def people():
    """Ticket data for one person after another: no two builds share a code or a name."""
    names = itertools.cycle(itertools.product(GIVEN, SURNAMES, SURNAMES))
    for n in itertools.count():
        given, first, second = next(names)
        yield dataclasses.replace(
            TICKET,
            code=new_code(),
            person=f"{given} {first} {second}",
            document=f"DNI ••••{n % 10000:04d}",
            issued=f"22/11/2026 09:{n // 60 % 60:02d}:{n % 60:02d} (hora de Lima)",
        )


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile, the same definition ab uses."""
    index = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def time_builds(runs: int) -> tuple[list[float], int]:
    """Milliseconds of each of `runs` builds (sorted) and the size of the last PDF."""
    tickets = people()
    for _ in range(WARMUP):
        ticket_pdf(next(tickets))
    timings = []
    for ticket in itertools.islice(tickets, runs):
        start = time.perf_counter()
        pdf = ticket_pdf(ticket)
        timings.append((time.perf_counter() - start) * 1000)
    return sorted(timings), len(pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    timings, size = time_builds(args.runs)
    p95 = percentile(timings, 0.95)
    print(
        f"ticket_pdf(): {args.runs} builds after {WARMUP} warm-up builds, one process "
        f"(load average {os.getloadavg()[0]:.2f} at the end)"
    )
    print(common.cpu_check())
    print(f"  min    {timings[0]:6.2f} ms")
    print(f"  median {statistics.median(timings):6.2f} ms")
    print(
        f"  p95    {p95:6.2f} ms   (target <= {TARGET_P95_MS} ms: "
        f"{'ok' if p95 <= TARGET_P95_MS else 'OVER'})"
    )
    print(
        f"  size   {size} bytes = {size / 1024:.1f} KB   (target <= 40 KB: "
        f"{'ok' if size <= TARGET_BYTES else 'OVER'})"
    )


if __name__ == "__main__":
    main()
