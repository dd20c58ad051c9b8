"""A production install is requirements.txt alone: whatever the web and worker processes import
must come from it, not from a test tool that happens to be installed beside it (gunicorn 27
loads its gevent worker through `packaging` without declaring it; only pytest had brought it)."""

import importlib.metadata as metadata
import re
import subprocess
import sys
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parents[1] / "requirements.txt"
# Loaded here only because something else installed them, and used only when present.
OPTIONAL = {
    "setuptools",  # its _distutils_hack comes with every virtualenv, not with the app
    "cryptography",  # pypdf decrypts AES PDFs with it; encrypted PDFs are refused anyway
}
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned() -> set[str]:
    names = set()
    for line in REQUIREMENTS.read_text().splitlines():
        found = NAME.match(line.strip())
        if found and not line.strip().startswith("#"):
            names.add(canonical(found.group(0)))
    return names


def closure(names: set[str]) -> set[str]:
    """The distributions pip installs for `names`: their requirements without extras, whose
    markers hold here."""
    seen, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for requirement in requires:
            text, _, marker = requirement.partition(";")
            if "extra" in marker:
                continue
            if marker.strip() and not _holds(marker):
                continue
            found = NAME.match(text.strip())
            if found:
                todo.append(canonical(found.group(0)))
    return seen


def _holds(marker: str) -> bool:
    from packaging.markers import Marker

    return Marker(marker).evaluate()


def test_what_the_web_and_worker_processes_import_is_installed_by_requirements_txt():
    # A fresh interpreter imports what `web` (the app and gunicorn's gevent worker) and
    # `worker` (huey's consumer through the app) load, and lists the modules it ended with.
    script = (
        "import sys, gunicorn.workers.ggevent, huey.consumer, app\n"
        "app.create_app({'TESTING': True, 'DATABASE_URL': 'sqlite://', 'SECRET_KEY': 'x'})\n"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REQUIREMENTS.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    owners = metadata.packages_distributions()
    installed = closure(pinned())
    missing = sorted(
        {
            canonical(dist)
            for module in loaded
            for dist in owners.get(module.split(".")[0], [])
            if canonical(dist) not in installed | OPTIONAL
        }
    )
    assert missing == [], f"imported but not installed by requirements.txt: {missing}"
