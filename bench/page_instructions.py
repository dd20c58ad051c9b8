"""Instructions per page of the booking journey, next to the floor (/api/salud, the same
cookie): page_cpu.py's pages, counted by valgrind's callgrind instead of timed.

Run: python bench/page_instructions.py [--requests 50]     (needs valgrind; about a minute)

Why: on a shared virtual machine a page's CPU time drifts by a fifth from one minute to the
next (page_cpu.py's "CPU check" line says how much), so a change worth 2 % cannot be seen in
milliseconds. Callgrind counts the instructions the Python process executes: the same count
for the same code and inputs, whatever else the machine is doing. Instructions are not time
(a page that misses the CPU's caches costs more time per instruction than the tiny floor),
so page_cpu.py stays the figure the target is read on; this one says which change helped.

The script runs itself again under `valgrind --tool=callgrind --instr-atstart=no`: the demo
court is built and the journey walked with counting off, each page is asked a few times to
warm up, then for each page counting is switched on, the page asked --requests times, and
the count dumped (callgrind_control). Prints per page the instructions per request in
millions and the multiple of the floor's, and floor ÷ slot page.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import common

INNER = "--inner"


def count(name: str) -> None:
    """Switch callgrind's counting for this process on or off, or dump and zero its counts
    under `name` (callgrind_control talks to the valgrind running this process)."""
    subprocess.run(
        ["callgrind_control", *name.split(), str(os.getpid())], check=True, capture_output=True
    )


def inner(requests: int, out: str) -> None:
    import page_cpu

    with tempfile.TemporaryDirectory(prefix="bench-ir-") as folder:
        app = common.demo_app(Path(folder), JOBS_IMMEDIATE=False)
        client, pages = page_cpu.prepare(app)
        Path(out, "pages.json").write_text(json.dumps(list(pages)))
        for _ in range(5):
            for path in pages.values():
                client.get(path, headers=page_cpu.HEADERS).get_data()
        for number, path in enumerate(pages.values()):
            count("--zero")
            count("--instr=on")
            for _ in range(requests):
                client.get(path, headers=page_cpu.HEADERS).get_data()
            count("--instr=off")
            count(f"--dump=page{number}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument(INNER, metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        return inner(args.requests, args.inner)
    if not shutil.which("valgrind"):
        raise SystemExit("Needs valgrind: apt-get install -y valgrind")
    print(common.cpu_check(), "(instruction counts do not depend on it)")
    with tempfile.TemporaryDirectory(prefix="bench-ir-out-") as out:
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}/callgrind.out",
            sys.executable,
            __file__,
            INNER,
            out,
            f"--requests={args.requests}",
        ]
        subprocess.run(command, check=True, capture_output=True)
        names = json.loads(Path(out, "pages.json").read_text())
        counts = {}
        for dump in Path(out).glob("callgrind.out.*"):
            text = dump.read_text(errors="replace")
            page = re.search(r"^desc: Trigger: .*?page(\d+)", text, re.M)
            if page:
                counts[int(page.group(1))] = int(re.search(r"^totals: (\d+)", text, re.M).group(1))
    per_request = {name: counts[n] / args.requests / 1e6 for n, name in enumerate(names)}
    floor = per_request["floor /api/salud"]
    slot = per_request["hora (slot page)"]
    print(f"{'page':<18} {'M instr':>8} {'x floor':>8}")
    for name, value in per_request.items():
        print(f"{name:<18} {value:>8.3f} {value / floor:>8.2f}")
    print(
        f"floor ÷ slot page in instructions: {floor / slot:.1%} (page_cpu.py reads it in CPU time)"
    )


if __name__ == "__main__":
    main()
