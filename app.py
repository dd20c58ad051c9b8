"""Ventanilla: a court's e-services counter. Production: gunicorn "app:create_app()"."""

import logging
import os
from datetime import timedelta

from dotenv import load_dotenv
from flask import Flask, render_template
from flask_wtf import CSRFProtect
from flask_wtf.csrf import CSRFError
from htmx_flask import Htmx
from werkzeug.routing import IntegerConverter

csrf = CSRFProtect()
htmx = Htmx()

# Every page may only talk to its own origin: no CDN, no third party, no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__)
    load_dotenv(os.path.join(app.root_path, ".env"))
    env = os.environ.get
    app.config.from_mapping(
        SECRET_KEY=env("SECRET_KEY", "dev"),  # production must set it; the README says how
        DATABASE_URL=env(
            "DATABASE_URL", f"sqlite:///{os.path.join(app.instance_path, 'court.db')}"
        ),
        UPLOAD_FOLDER=env("UPLOAD_FOLDER", os.path.join(app.instance_path, "uploads")),
        OUTBOX_FOLDER=env("OUTBOX_FOLDER", os.path.join(app.instance_path, "outbox")),
        MAIL_SERVER=env("MAIL_SERVER", ""),  # empty: mail goes to OUTBOX_FOLDER and the log
        MAIL_PORT=int(env("MAIL_PORT", "587")),
        MAIL_USERNAME=env("MAIL_USERNAME", ""),
        MAIL_PASSWORD=env("MAIL_PASSWORD", ""),
        MAIL_USE_TLS=env("MAIL_USE_TLS", "true").lower() == "true",
        MAIL_SENDER=env("MAIL_SENDER", "Ventanilla <no-responder@localhost>"),
        PUBLIC_URL=env("PUBLIC_URL", ""),  # base of links in e-mails, e.g. https://citas.corte.pe
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
    )
    app.config.from_prefixed_env()  # FLASK_* for everything else
    if overrides:
        app.config.update(overrides)
    os.makedirs(app.instance_path, exist_ok=True)
    logging.basicConfig(level=logging.INFO)

    import db
    from blueprints import register_blueprints
    from blueprints.assets import init_app as init_assets
    from blueprints.choice_list import init_app as init_choice_list
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
    init_assets(app)
    init_choice_list(app)
    app.url_map.converters["int"] = DatabaseId  # before any route is added
    register_blueprints(app)
    init_cli(app)

    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    app.after_request(_security_headers)
    app.register_error_handler(404, lambda e: (render_template("errors/404.html"), 404))
    app.register_error_handler(405, _method_not_allowed)
    app.register_error_handler(413, lambda e: (render_template("errors/413.html"), 413))
    app.register_error_handler(500, lambda e: (render_template("errors/500.html"), 500))
    app.register_error_handler(CSRFError, lambda e: (render_template("errors/csrf.html"), 400))
    return app


def _method_not_allowed(error):
    """A form's action opened as a page (a bookmark, a link pasted from a POST): Spanish, with
    the Allow header HTTP asks for."""
    allow = {"Allow": ", ".join(error.valid_methods)} if error.valid_methods else {}
    return render_template("errors/405.html"), 405, allow


class DatabaseId(IntegerConverter):
    """<int:…> in every URL: a number past what an id column holds (PostgreSQL's integer,
    2**31 - 1) is a 404 like any other unknown id, not a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def _security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if response.mimetype == "text/html":
        # Personal data must not stay in a shared phone's or the kiosk's cache.
        headers.setdefault("Cache-Control", "no-store")
    return response
