"""Every HTTP error the app answers, in Spanish: a short page in the site's layout, or for the
JSON API its one error shape, {"errors": {"request": ["qué hacer"]}}.

Werkzeug's own pages are English HTML; none of them may reach a citizen, a clerk or the kiosk.
"""

import logging

from flask import json, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

API_PREFIX = "/api/"
# The key of an error that no single parameter caused (blueprints/api/openapi.py documents it).
REQUEST = "request"

# status → (what happened, what to do). The heading is the page's title as well.
MESSAGES = {
    400: ("La solicitud no es válida", "Vuelva a la página anterior y revise lo que escribió."),
    401: ("Tiene que ingresar", "Ingrese con su cuenta y vuelva a intentarlo."),
    403: (
        "No puede abrir esta página",
        "Su cuenta no tiene permiso para esto. Si lo necesita para su trabajo, pídaselo a un "
        "administrador.",
    ),
    404: ("No encontramos esa página", "Revise la dirección o vuelva al inicio."),
    405: (
        "Esa página no se abre así",
        "Esta dirección es un botón de un formulario, no una página para abrir.",
    ),
    408: ("La solicitud tardó demasiado", "Vuelva a intentarlo."),
    409: ("Ese cambio choca con otro", "Recargue la página y vuelva a intentarlo."),
    413: ("El envío es demasiado grande", "Vuelva atrás y envíe archivos más pequeños."),
    414: (
        "La dirección es demasiado larga",
        "Vuelva al inicio y busque la página desde allí.",
    ),
    415: ("No podemos leer ese formato", "Envíe el formulario desde la página."),
    429: (
        "Demasiados intentos seguidos",
        "Espere unos minutos y vuelva a intentarlo.",
    ),
    431: (
        "La solicitud es demasiado grande",
        "Borre las cookies de este sitio e intente otra vez.",
    ),
    500: (
        "Algo falló de nuestro lado",
        "No se perdió lo que ya estaba guardado. Intente de nuevo en unos minutos.",
    ),
    503: ("El servicio no está disponible ahora", "Intente de nuevo en unos minutos."),
}
API_MESSAGES = {
    404: (
        "No existe esa dirección en la API",
        "Las direcciones y sus parámetros están en /api/openapi.json.",
    ),
    413: (
        "El envío es demasiado grande",
        "La API recibe objetos JSON de pocos KB (los de /api/openapi.json).",
    ),
    # {methods}: what the address answers (its Allow header): GET, or POST to issue a ticket.
    405: (
        "Esta dirección solo responde a {methods}",
        "Las direcciones y sus métodos están en /api/openapi.json.",
    ),
}
# Methods every route answers by itself, not worth naming in a 405's message.
IMPLIED = ("HEAD", "OPTIONS")
# What the browser is told when the error page itself cannot be drawn (say, the database is
# down and the layout asks who is signed in): still Spanish, with nothing that can fail.
BARE_PAGE = (
    '<!doctype html><html lang="es"><meta charset="utf-8"><title>{0} · Ventanilla judicial'
    "</title><h1>{0}</h1><p>{1}</p></html>"
)

log = logging.getLogger(__name__)


def init_app(app):
    app.register_error_handler(HTTPException, answer)
    app.register_error_handler(InternalServerError, answer)


def wording(status: int, api: bool = False) -> tuple[str, str]:
    if api and status in API_MESSAGES:
        return API_MESSAGES[status]
    if status in MESSAGES:
        return MESSAGES[status]
    return MESSAGES[500] if status >= 500 else MESSAGES[400]


def answer(error: HTTPException):
    if error.code is None or error.code < 400 or error.response is not None:
        return error  # redirects, and errors that already carry their own response
    status = error.code
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if request.path.startswith(API_PREFIX):
        heading, advice = wording(status, api=True)
        methods = [m for m in getattr(error, "valid_methods", None) or [] if m not in IMPLIED]
        heading = heading.format(methods=" o ".join(methods) or "otro método")
        body = json.dumps({"errors": {REQUEST: [f"{heading}. {advice}"]}}, ensure_ascii=False)
        return body, status, [*headers, ("Content-Type", "application/json")]
    heading, advice = wording(status)
    templates = ["errors/csrf.html"] if isinstance(error, CSRFError) else []
    templates += [f"errors/{status}.html", "errors/error.html"]
    try:
        page = render_template(templates, heading=heading, advice=advice)
    except Exception:  # the layout needs the database; the error may be that it is gone
        log.exception("The error page %s could not be drawn", status)
        page = BARE_PAGE.format(heading, advice)
    return page, status, headers
