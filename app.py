"""Ventanilla: a court's e-services counter. Production: gunicorn "app:create_app()"."""

import logging
import os
from datetime import timedelta
from urllib.parse import urlsplit

from dotenv import load_dotenv
from flask import Flask, current_app, render_template, request
from flask_compress import Compress
from flask_wtf import CSRFProtect
from htmx_flask import Htmx
from werkzeug.exceptions import SecurityError
from werkzeug.routing import IntegerConverter

csrf = CSRFProtect()
htmx = Htmx()
compress = Compress()

# Every page may only talk to its own origin: no CDN, no third party, no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# Keys that are written down somewhere (this code, tutorials, our tests): anyone can sign with
# them, so a production server never starts with one, nor with a key short enough to guess.
KNOWN_SECRET_KEYS = {"dev", "development", "secret", "changeme", "test", "test-secret"}
MIN_SECRET_KEY_LENGTH = 32
# Links in e-mails under `flask run --debug` and in tests that set no PUBLIC_URL.
DEVELOPMENT_URL = "http://127.0.0.1:5000"


class ConfigurationError(RuntimeError):
    """A production setting is missing or unsafe; the message says what to set."""


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__)
    load_dotenv(os.path.join(app.root_path, ".env"))
    env = os.environ.get
    app.config.from_mapping(
        # The environment's, else the one scripts/start generated on first start.
        SECRET_KEY=env("SECRET_KEY") or _stored_secret_key(app.instance_path),
        DATABASE_URL=env(
            "DATABASE_URL", f"sqlite:///{os.path.join(app.instance_path, 'court.db')}"
        ),
        UPLOAD_FOLDER=env("UPLOAD_FOLDER", os.path.join(app.instance_path, "uploads")),
        # Filing files: `local` (UPLOAD_FOLDER/filings) or `s3://bucket[/prefix]` when several
        # app servers share them; S3_ENDPOINT_URL for MinIO or another S3-compatible server.
        FILES_STORAGE=env("FILES_STORAGE", "local"),
        S3_ENDPOINT_URL=env("S3_ENDPOINT_URL", ""),
        S3_REGION=env("S3_REGION", env("AWS_DEFAULT_REGION", "")),
        OUTBOX_FOLDER=env("OUTBOX_FOLDER", os.path.join(app.instance_path, "outbox")),
        MAIL_SERVER=env("MAIL_SERVER", ""),  # empty: mail goes to OUTBOX_FOLDER and the log
        MAIL_PORT=int(env("MAIL_PORT", "587")),
        MAIL_USERNAME=env("MAIL_USERNAME", ""),
        MAIL_PASSWORD=env("MAIL_PASSWORD", ""),
        MAIL_USE_TLS=env("MAIL_USE_TLS", "true").lower() == "true",
        MAIL_SENDER=env("MAIL_SENDER", "Ventanilla <no-responder@localhost>"),
        PUBLIC_URL=env("PUBLIC_URL", ""),  # base of links in e-mails, e.g. https://citas.corte.pe
        # Host names requests may carry (comma-separated); empty: PUBLIC_URL's and this machine's.
        TRUSTED_HOSTS=[h.strip() for h in env("TRUSTED_HOSTS", "").split(",") if h.strip()],
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=env("SESSION_COOKIE_SECURE", "false").lower() == "true",
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_DURATION=timedelta(days=30),
        REMEMBER_COOKIE_SECURE=env("SESSION_COOKIE_SECURE", "false").lower() == "true",
        REDIS_URL=env("REDIS_URL", ""),  # rate limits and the job queue shared across servers
        REDIS_PREFIX=env("REDIS_PREFIX", "ventanilla:"),
        # The job queue without Redis: a SQLite file for one VM (services/jobs.py).
        JOBS_DATABASE=env("JOBS_DATABASE", os.path.join(app.instance_path, "jobs.db")),
        # Run every job inline where it is enqueued, no worker (tests, a quick demo).
        JOBS_IMMEDIATE=env("JOBS_IMMEDIATE", "false").lower() == "true",
        MAIL_RETRIES=int(env("MAIL_RETRIES", "5")),  # then the mail is kept for an administrator
        MAIL_RETRY_DELAY=float(env("MAIL_RETRY_DELAY", "60")),  # seconds, doubling each retry
        PROXY_COUNT=int(env("PROXY_COUNT", "0")),  # proxies in front (nginx: 1), for client IPs
        # A filing's files (seed 003's limits by default), in MB; more than 40 for one file
        # also needs MAX_CONTENT_LENGTH and nginx's client_max_body_size raised.
        FILING_MAIN_MB=int(env("FILING_MAIN_MB", "20")),
        FILING_ANNEXES=int(env("FILING_ANNEXES", "5")),
        FILING_FIRST_ANNEX_MB=int(env("FILING_FIRST_ANNEX_MB", "30")),
        FILING_OTHER_ANNEX_MB=int(env("FILING_OTHER_ANNEX_MB", "5")),
        HUMAN_CHECK_MIN_SECONDS=int(env("HUMAN_CHECK_MIN_SECONDS", "3")),
        # The proof-of-work puzzle: PBKDF2 iterations per try, and the highest counter the
        # browser may have to reach (it tries from 0; the answer is drawn from the top half).
        # About a second on a phone, while the person types; tests make it trivial.
        HUMAN_CHECK_POW_COST=int(env("HUMAN_CHECK_POW_COST", "1000")),
        HUMAN_CHECK_POW_COUNTER=int(env("HUMAN_CHECK_POW_COUNTER", "1500")),
        MAX_CONTENT_LENGTH=int(env("MAX_CONTENT_LENGTH", str(40 * 1024 * 1024))),
        SEND_FILE_MAX_AGE_DEFAULT=31536000,  # static URLs carry a content hash (see static_url)
        WTF_CSRF_TIME_LIMIT=None,  # a slow citizen on 3G must not lose a form to a token expiry
        SETUP_CACHE_SECONDS=float(env("SETUP_CACHE_SECONDS", "30")),
        # Shifts the app's clock (tests, demos of another day); never set in production.
        CLOCK_OFFSET_SECONDS=float(env("CLOCK_OFFSET_SECONDS", "0")),
        # Pages and JSON compressed by the app itself (static files: blueprints/assets.py), so
        # a server without nginx sends a third of the bytes; not below 1 KB, where it saves
        # nothing a phone would notice, and never for PDFs, images or videos.
        COMPRESS_MIMETYPES=["text/html", "text/plain", "text/csv", "application/json"],
        COMPRESS_MIN_SIZE=1024,
        COMPRESS_ALGORITHM=["zstd", "br", "gzip"],
        # zstd's level 1 is about a fifth faster than its default 3 on these pages and within
        # 2.5 % of its size (slot list 1,668 bytes instead of 1,680; identity step 2,599 instead
        # of 2,555); brotli 4 and gzip 6 stay Flask-Compress's defaults.
        COMPRESS_ZSTD_LEVEL=1,
        COMPRESS_STREAMS=False,
        # Only responses with an ETag have a 304 to decide after compression (_conditional).
        COMPRESS_EVALUATE_CONDITIONAL_REQUEST=False,
    )
    app.config.from_prefixed_env()  # FLASK_* for everything else
    if overrides:
        app.config.update(overrides)
    _check_settings(app)
    os.makedirs(app.instance_path, exist_ok=True)
    logging.basicConfig(level=logging.INFO)

    import db
    from blueprints import register_blueprints
    from blueprints.assets import init_app as init_assets
    from blueprints.choice_list import init_app as init_choice_list
    from blueprints.errors import init_app as init_errors
    from blueprints.links import init_app as init_links
    from blueprints.query import init_app as init_query
    from cli import init_app as init_cli
    from models.court import configure_setup_cache
    from services import clock, jobs

    if app.config["CLOCK_OFFSET_SECONDS"]:
        clock.set_offset(app.config["CLOCK_OFFSET_SECONDS"])
    db.init_app(app)
    jobs.init_app(app)
    configure_setup_cache(app.config["SETUP_CACHE_SECONDS"])
    csrf.init_app(app)
    htmx.init_app(app)
    app.after_request(_conditional)  # before Compress's hook, so it runs after it
    compress.init_app(app)
    init_assets(app)
    init_choice_list(app)
    init_query(app)
    app.url_map.converters["int"] = DatabaseId  # before any route is added
    register_blueprints(app)
    init_links(app)
    from blueprints.api import bp as api

    csrf.exempt(api)  # no session, no cookie: the kiosk's device key is in a header
    init_cli(app)

    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    app.after_request(_security_headers)
    init_errors(app)
    # A Host header not in TRUSTED_HOSTS: the page cannot link anywhere (no URL is built).
    app.register_error_handler(SecurityError, lambda e: (render_template("errors/host.html"), 400))
    return app


def _stored_secret_key(instance_path: str) -> str:
    try:
        with open(os.path.join(instance_path, "secret_key")) as stored:
            return stored.read().strip()
    except FileNotFoundError:
        return ""


def _check_settings(app: Flask) -> None:
    """Outside development and tests, refuse to start without a secret key nobody knows and the
    public address that e-mail links use; then fill in the defaults both allow."""
    config = app.config
    if app.debug or app.testing:
        config["SECRET_KEY"] = config["SECRET_KEY"] or "dev"
        config["PUBLIC_URL"] = config["PUBLIC_URL"] or DEVELOPMENT_URL
    else:
        problems = _production_problems(config["SECRET_KEY"] or "", config["PUBLIC_URL"])
        if problems:
            raise ConfigurationError(
                "Ventanilla no arranca con esta configuración:\n"
                + "\n".join(f"- {problem}" for problem in problems)
                + "\nPóngalas en el entorno o en el archivo .env junto a app.py (README,"
                " «Configuration»). bash scripts/start las define solo para probar en esta máquina."
            )
    from services import storage

    try:
        storage.parse(config["FILES_STORAGE"])
    except ValueError as error:
        raise ConfigurationError(f"Ventanilla no arranca con esta configuración: {error}") from None
    if not config["TRUSTED_HOSTS"]:
        public_host = urlsplit(config["PUBLIC_URL"]).hostname
        config["TRUSTED_HOSTS"] = [h for h in (public_host, "localhost", "127.0.0.1") if h]


def _production_problems(secret_key: str, public_url: str) -> list[str]:
    problems = []
    generate = 'python3 -c "import secrets; print(secrets.token_hex(32))"'
    if not secret_key:
        problems.append(f"falta SECRET_KEY. Genere una con: {generate}")
    elif secret_key in KNOWN_SECRET_KEYS or len(secret_key) < MIN_SECRET_KEY_LENGTH:
        problems.append(
            f"SECRET_KEY es conocida o tiene menos de {MIN_SECRET_KEY_LENGTH} caracteres: con"
            f" ella cualquiera podría falsificar sesiones y enlaces. Genere otra con: {generate}"
        )
    parts = urlsplit(public_url)
    if not public_url:
        problems.append(
            "falta PUBLIC_URL, la dirección pública del sitio (p. ej. https://citas.corte.pe):"
            " los enlaces de los correos se construyen con ella"
        )
    elif parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        problems.append(
            f"PUBLIC_URL ({public_url}) no es una dirección web como https://citas.corte.pe"
        )
    return problems


class DatabaseId(IntegerConverter):
    """<int:…> in every URL: a number past what an id column holds (PostgreSQL's integer,
    2**31 - 1) is a 404 like any other unknown id, not a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    # Personal data (pages, tickets, calendar files, uploads, exports) must not stay in a shared
    # phone's or the kiosk's cache; static files say their own (a year, under a content hash).
    ("Cache-Control", "no-store"),
)
# Behind HTTPS (directly, or per the proxy PROXY_COUNT trusts): never plain HTTP again.
HSTS = ("Strict-Transport-Security", "max-age=31536000")


def _conditional(response):
    """A 304 when the browser's copy has the ETag the response has now. Flask-Compress
    appends the encoding to an ETag ("…:zstd"), so this is decided after it compressed; it
    would do so on every response, and a page with no ETag has nothing to decide (werkzeug's
    range and date handling cost each HTML page about 20 µs for nothing)."""
    if request.method in ("GET", "HEAD") and response.headers.get("ETag"):
        response.make_conditional(request)
    return response


def _security_headers(response):
    """Each header the response does not set itself. The names present are read once: a
    lookup of a missing name in werkzeug's Headers raises and catches an exception, and this
    runs on every response."""
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    wanted = SECURITY_HEADERS
    if request.is_secure or current_app.config["PUBLIC_URL"].startswith("https://"):
        wanted += (HSTS,)
    for name, value in wanted:
        if name.lower() not in present:
            headers.add(name, value)
    return response
