"""Static files: URLs with a content hash (phones cache CSS and htmx for a year safely), served
by WhiteNoise with gzip and brotli copies made once, so a server without nginx in front still
sends htmx as 17 KB instead of 52."""

import hashlib
import logging
import os
import tempfile
from functools import cache

from flask import request, url_for
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

ONE_YEAR = 31536000
KIOSK_MAX_AGE = 300
# The kiosk's pages: their own scripts and styles only, the API on the same site, the QR
# codes the API draws (SVG markup) and the chime the board plays (Web Audio, no file).
KIOSK_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
log = logging.getLogger(__name__)


def init_app(app):
    @cache
    def digest(filename: str) -> str:
        with open(os.path.join(app.static_folder, filename), "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()[:10]

    @cache
    def versioned_url(script_root: str, filename: str) -> str:
        # Every page links the same three files: build each URL once per mount point.
        return url_for("static", filename=filename, v=digest(filename))

    def static_url(filename: str) -> str:
        return versioned_url(request.script_root, filename)

    app.jinja_env.globals["static_url"] = static_url

    precompress(app.static_folder)
    # WhiteNoise answers /static/ before Flask (no session, no database) and picks the .br or
    # .gz copy the browser accepts. Far-future caching is safe: every URL carries the hash.
    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=app.static_folder,
        prefix=app.static_url_path,
        max_age=ONE_YEAR,
        allow_all_origins=False,  # nothing of ours is meant for other sites
        add_headers_function=_static_headers,
    )
    # The lobby's kiosk and board (kiosk/): plain files, equally servable by nginx. They
    # carry no hash, so a terminal revalidates them after a few minutes (304 when unchanged).
    kiosk = os.path.join(app.root_path, "kiosk")
    if os.path.isdir(kiosk):
        precompress(kiosk)
        app.wsgi_app = WhiteNoise(
            app.wsgi_app,
            root=kiosk,
            prefix="/kiosk/",
            max_age=KIOSK_MAX_AGE,
            index_file=True,
            allow_all_origins=False,
            add_headers_function=_kiosk_headers,
        )


def _static_headers(headers, path, url):
    # Flask's after_request never sees these responses; a script must not be sniffed as HTML.
    headers["X-Content-Type-Options"] = "nosniff"


def _kiosk_headers(headers, path, url):
    _static_headers(headers, path, url)
    headers["Content-Security-Policy"] = KIOSK_POLICY
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"


class _Compressor(Compressor):
    def write_data(self, path, data, suffix, stat_result):
        """Written beside the file and renamed into place: another worker starting at the same
        moment never serves half a copy. The copy keeps the file's modification time, which is
        how the next start knows it is up to date."""
        fd, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".compressing-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.utime(temp, ns=(stat_result.st_atime_ns, stat_result.st_mtime_ns))
        os.replace(temp, path + suffix)
        return path + suffix


def precompress(folder: str) -> None:
    """gzip and brotli copies of every text file in `folder`, made at start-up only for files
    that changed since, never per request. Where the folder is read-only the files are served
    uncompressed (and a warning says so)."""
    compressor = _Compressor(log=log.debug)
    for directory, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(directory, name)
            if name.startswith(".") or not compressor.should_compress(name):
                continue
            mtime = os.stat(path).st_mtime_ns
            copies = [path + ".br", path + ".gz"]
            if all(os.path.exists(c) and os.stat(c).st_mtime_ns == mtime for c in copies):
                continue
            try:
                compressor.compress(path)
            except OSError as error:
                log.warning("No compressed copy of %s (%s): it is served as it is", path, error)
