"""The API described for the kiosk's developers (OpenAPI 3.1), served at /api/openapi.json.

Keys and parameters are English snake_case; the texts in the values are Spanish; the paths
stay Spanish like every URL of the app. Every response body is described whole (no key
left out, none extra), and tests/blueprints/test_api.py holds each response to it.
"""

from blueprints.errors import REQUEST
from domain.fees import ACTS, INSTANCES, PERSONS, PROCESSES, ROLES
from domain.queue import PreferenceReason, TicketKind
from domain.states import TicketStatus


def _query(
    name: str, description: str, required: bool = False, example: str = "", keys=None
) -> dict:
    """A query parameter; `keys`: the only values it takes (listed in /api/aranceles/opciones)."""
    parameter = {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": {"type": "string", "enum": list(keys)} if keys else {"type": "string"},
    }
    if example:
        parameter["example"] = example
    return parameter


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _object(properties: dict, description: str = "") -> dict:
    """An object with exactly these keys."""
    schema = {
        "type": "object",
        "required": list(properties),
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _list(items: dict) -> dict:
    return {"type": "array", "items": items}


def _errors(keys: list[str]) -> dict:
    """The one error shape: what to correct, per parameter, in Spanish."""
    return _object(
        {
            "errors": {
                "type": "object",
                "description": "Por cada parámetro que corregir, qué hacer, en castellano.",
                "propertyNames": {"enum": keys},
                "additionalProperties": {**_list(TEXT), "minItems": 1},
            }
        }
    )


TEXT = {"type": "string"}
OPTIONAL_TEXT = {"type": ["string", "null"]}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
SOLES = {"type": "string", "description": 'Soles con punto decimal, como texto: "82.50"'}
OPTIONAL_URP = {"type": ["string", "null"], "description": "URP con punto decimal"}
DATE = {"type": "string", "format": "date"}
FIGURE_STATUS = {"type": "string", "enum": ["official", "secondary", "computed"]}

CALCULATOR_PARAMETERS = [
    _query("act", "Clave del acto", True, "ofrecimiento_pruebas", ACTS),
    _query("process", "Clave del tipo de proceso", True, "civil", PROCESSES),
    _query("role", "Clave del rol de quien presenta", True, "demandante", ROLES),
    _query("person", "Clave del tipo de persona", True, "natural", PERSONS),
    _query(
        "amount",
        "La cuantía (o el valor que pida el acto: su amount_label), en soles con punto "
        "decimal; vacío o ausente: no cuantificable",
        example="60000",
    ),
    _query(
        "monthly_amount",
        "En alimentos, la pensión mensual que se reclama, en soles con punto decimal: el límite "
        "de 20 URP se mide sobre ella (art. 10 a). Obligatoria cuando una regla la lee (el "
        "demandante de alimentos; quien ejecuta un acta de conciliación de alimentos)",
        example="1500",
    ),
    _query("situations", "Claves de situaciones separadas por comas", example="auxilio_judicial"),
    _query(
        "parties",
        "Partes a notificar (0 si ninguna). En el acto derecho_notificacion es el número de "
        "derechos (1 o más, art. 35.2)",
        example="2",
    ),
    _query(
        "filers",
        "Cuántas personas lo presentan juntas como demandantes o demandados: cada una paga "
        "sus aranceles y derechos (art. 7.2; una sociedad conyugal cuenta como una). Por "
        "defecto, 1",
        example="1",
    ),
    _query("instance", "Clave de la instancia", example="especializado", keys=INSTANCES),
    _query("quantity", "Unidades de un concepto por unidad (folios)", example="1"),
    _query(
        "day",
        "Fecha de pago AAAA-MM-DD; elige el año del cuadro. Por defecto, hoy en la corte.",
        example="2026-03-02",
    ),
]
# A problem with no single parameter (an unknown parameter, numbers that cannot be computed).
WHOLE_QUERY = "query"

PAYMENT = _object(
    {
        "code": TEXT,
        "concept": TEXT,
        "kind": {"type": "string", "enum": ["arancel", "notificacion"]},
        "bracket": OPTIONAL_TEXT,
        "unit_amount": SOLES,
        "quantity": INTEGER,
        "amount": SOLES,
        "status": FIGURE_STATUS,
        "trail": {**_list(TEXT), "description": "Cómo se decidió el monto, con sus artículos"},
    }
)
RESULT = _object(
    {
        "year": INTEGER,
        "urp": SOLES,
        "total": SOLES,
        "referential": BOOLEAN,
        "valid_until": DATE,
        "where_to_pay": TEXT,
        "notes": _list(TEXT),
        "payments": _list(PAYMENT),
    }
)
TIER = _object(
    {
        "bracket": OPTIONAL_TEXT,
        "label": OPTIONAL_TEXT,
        "above_urp": OPTIONAL_URP,
        "up_to_urp": OPTIONAL_URP,
        "amount": SOLES,
        "fraction": OPTIONAL_URP,
        "status": FIGURE_STATUS,
        "source": TEXT,
    }
)
TABLE = _object(
    {
        "year": INTEGER,
        "urp": SOLES,
        "uit": SOLES,
        "rounding": TEXT,
        "referential": BOOLEAN,
        "concepts": _list(
            _object(
                {
                    "code": TEXT,
                    "name": TEXT,
                    "section": TEXT,
                    "unit": OPTIONAL_TEXT,
                    "tiers": _list(TIER),
                }
            )
        ),
    }
)
LABELLED = _list(_object({"key": TEXT, "label": TEXT}))
CHOICES = _object(
    {
        "acts": _list(
            _object(
                {
                    "key": TEXT,
                    "label": TEXT,
                    "code": TEXT,
                    "citation": TEXT,
                    "amount_label": {**TEXT, "description": "Qué monto pide (cuantía, tasación)"},
                    "amount_required": BOOLEAN,
                    "unit": OPTIONAL_TEXT,
                    "note": TEXT,
                }
            )
        ),
        "act_groups": _list(_object({"label": TEXT, "acts": _list(TEXT)})),
        "processes": LABELLED,
        "roles": LABELLED,
        "persons": LABELLED,
        "situations": _list(_object({"key": TEXT, "label": TEXT, "hint": TEXT})),
        "instances": LABELLED,
        "years": _list(INTEGER),
        "where_to_pay": TEXT,
        "referential_notice": TEXT,
    }
)
HEALTHY = _object({"status": {"type": "string", "const": "ok"}})
UNHEALTHY = _object(
    {"status": {"type": "string", "const": "error"}, **_errors(["database"])["properties"]}
)
# Any other error (an address or method the API does not have, a request too long, too many
# requests, a fault of the server): the same shape, under the key "request".
OTHER_ERROR = _json(
    "Cualquier otro error (dirección o método que la API no tiene, solicitud demasiado larga, "
    "demasiadas solicitudes, falla del servidor): qué hacer, en castellano",
    _errors([REQUEST]),
)
CACHED = "Lleva ETag y Cache-Control; con If-None-Match igual responde 304 sin cuerpo."
STILL_VALID = {"description": "La copia del quiosco sigue vigente"}

# --- the queue ------------------------------------------------------------------------------

DEVICE_KEY = "device_key"  # the security scheme: the kiosk's key, in the X-Device-Key header
SEDE_CODE = {
    "name": "code",
    "in": "path",
    "required": True,
    "description": "El código de la sede (el de su página pública /sedes/<code>)",
    "schema": {"type": "string", "minLength": 1, "maxLength": 40},
    "example": "alzamora",
}
NO_SEDE = _json(
    "No hay una sede activa con ese código (sede), o la dirección no existe (request)",
    _errors(["sede", REQUEST]),
)
SEDE = _object({"code": TEXT, "name": TEXT, "address": TEXT})
KIOSK_SETUP = _object(
    {
        "sede": SEDE,
        "services": _list(
            _object(
                {
                    "id": {**INTEGER, "description": "El service_id que pide POST …/turnos"},
                    "name": TEXT,
                    "description": TEXT,
                    "prefix": {"type": "string", "pattern": "^[A-Z]$"},
                }
            )
        ),
        "preferences": {
            **_list(
                _object(
                    {
                        "key": {"type": "string", "enum": list(PreferenceReason.choices())},
                        "label": TEXT,
                    }
                )
            ),
            "description": "Quién puede pedir atención preferencial (Ley 28683)",
        },
    }
)
DEVICE = _object({"name": TEXT, "sede": TEXT})
NOT_AUTHORIZED = _json(
    "Falta la clave del terminal (X-Device-Key), es de otra sede o fue revocada: no se da "
    "ningún turno",
    _errors(["device"]),
)
STATUS = {"type": "string", "enum": list(TicketStatus.choices())}
PLACE = _object(
    {
        "ticket": {**TEXT, "description": "El número como se llama y se imprime: E-014"},
        "service": TEXT,
        "sede": TEXT,
        "status": STATUS,
        "status_label": TEXT,
        "ahead": {**INTEGER, "minimum": 0, "description": "Personas que serán llamadas antes"},
        "estimated_wait_minutes": {
            **INTEGER,
            "minimum": 0,
            "description": "Espera estimada según los tiempos de atención de hoy",
        },
        "window": {**TEXT, "description": "Adónde acudir, una vez llamado; vacío si no"},
    },
    "Dónde está un turno. Sin datos personales.",
)
TICKET = _object(
    {
        **PLACE["properties"],
        "kind": {"type": "string", "enum": list(TicketKind.choices())},
        "kind_label": TEXT,
        "issued_at": {**TEXT, "description": "Hora de la corte: DD/MM/AAAA HH:MM"},
        "court": TEXT,
        "follow_url": {
            "type": "string",
            "format": "uri",
            "description": "La página /cola/<token> que sigue el turno, siempre sobre la "
            "dirección pública del sitio (PUBLIC_URL), nunca sobre el Host de la solicitud",
        },
        "qr_svg": {**TEXT, "description": "El código QR de follow_url, como <svg>"},
        "appointment": {
            "oneOf": [
                {"type": "null"},
                _object(
                    {
                        "code": {
                            **TEXT,
                            "description": "El código de la cita, enmascarado: solo sus "
                            "últimos cuatro caracteres",
                        },
                        "starts": {**TEXT, "pattern": "^[0-2][0-9]:[0-5][0-9]$"},
                        "names": {**TEXT, "description": "Solo el primer nombre"},
                    }
                ),
            ],
            "description": "La cita registrada (null en un turno sin cita)",
        },
    },
    "El turno como el quiosco lo muestra e imprime",
)
REQUEST_KEY = {
    "type": "string",
    "minLength": 8,
    "maxLength": 64,
    "description": "Clave única del toque en el quiosco: si se repite (un reintento), "
    "responde el mismo turno con 200 en vez de dar otro",
}
WALK_IN = {
    "type": "object",
    "required": ["service_id", "request_key"],
    "properties": {
        "service_id": {
            "type": "integer",
            "minimum": 1,
            "description": "El id de uno de los servicios de GET …/quiosco",
        },
        "preference": {
            "type": "string",
            "enum": ["", *PreferenceReason.choices()],
            "description": "Vacío, o la razón de la atención preferencial",
        },
        "request_key": REQUEST_KEY,
    },
}
CHECK_IN = {
    "type": "object",
    "required": ["request_key"],
    "description": "code (escrito o leído del QR de la cita) o doc_number (con cita hoy)",
    "properties": {
        "code": {"type": "string", "maxLength": 200, "example": "7K3M-9QXD-2P4A"},
        "doc_number": {"type": "string", "maxLength": 20},
        "request_key": REQUEST_KEY,
    },
}
NOT_JSON = _json(
    "El cuerpo no es un objeto JSON de menos de 2 KB, o lleva un carácter NUL (request)",
    _errors([REQUEST]),
)
TOO_MANY = _json(
    "Este terminal pidió demasiados turnos seguidos: lleva Retry-After (request)",
    _errors([REQUEST]),
)
BOARD = _object(
    {
        "sede": TEXT,
        "calls": _list(
            _object(
                {
                    "ticket": TEXT,
                    "window": TEXT,
                    "called_at": {"type": "string", "format": "date-time"},
                    "recall": {**BOOLEAN, "description": "Un nuevo llamado del mismo turno"},
                    "call_id": {**INTEGER, "description": "Cambia con cada llamado"},
                }
            )
        ),
    },
    "Los últimos llamados del día, el más reciente primero",
)


def _issuing(summary: str, description: str, body: dict, fields: list[str]) -> dict:
    return {
        "post": {
            "summary": summary,
            "description": description,
            "security": [{DEVICE_KEY: []}],
            "parameters": [SEDE_CODE],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": body}},
            },
            "responses": {
                "201": _json("El turno nuevo", TICKET),
                "200": _json("El mismo turno de antes: se repitió su request_key", TICKET),
                "400": NOT_JSON,
                "403": NOT_AUTHORIZED,
                "404": NO_SEDE,
                "422": _json(
                    "Qué corregir, en castellano, bajo el campo que lo causó",
                    _errors([*fields, "request_key"]),
                ),
                "429": TOO_MANY,
                "default": OTHER_ERROR,
            },
        }
    }


QUEUE_PATHS = {
    "/api/sedes/{code}/quiosco": {
        "get": {
            "summary": "Lo que ofrece el quiosco en una sede: servicios y atención preferencial",
            "description": "Pública, como la página de la sede. " + CACHED,
            "parameters": [SEDE_CODE],
            "responses": {
                "200": _json("La sede, sus servicios con su letra y las razones", KIOSK_SETUP),
                "304": STILL_VALID,
                "404": NO_SEDE,
                "default": OTHER_ERROR,
            },
        }
    },
    "/api/sedes/{code}/dispositivo": {
        "get": {
            "summary": "Si la clave de este terminal puede dar turnos en la sede",
            "description": "Para la pantalla de configuración del quiosco. Nunca se guarda "
            "en caché.",
            "security": [{DEVICE_KEY: []}],
            "parameters": [SEDE_CODE],
            "responses": {
                "200": _json("El nombre del terminal y de su sede", DEVICE),
                "403": NOT_AUTHORIZED,
                "404": NO_SEDE,
                "default": OTHER_ERROR,
            },
        }
    },
    "/api/sedes/{code}/turnos": _issuing(
        "Un turno sin cita (o preferencial)",
        "Numerado por sede, día y letra (E-014; P-002 los preferenciales). Nunca se guarda "
        "en caché.",
        WALK_IN,
        ["service_id", "preference"],
    ),
    "/api/sedes/{code}/citas": _issuing(
        "El turno de una cita: por su código o por el documento de quien la tiene hoy",
        "Desde 60 minutos antes de la hora de la cita hasta 15 después. Muy temprano, muy "
        "tarde, otra sede, ya registrada o anulada: 422 con el mensaje para la persona, bajo "
        "code o doc_number (el campo con que se buscó). Nunca se guarda en caché.",
        CHECK_IN,
        ["code", "doc_number"],
    ),
    "/api/turnos/{token}": {
        "get": {
            "summary": "Dónde está un turno: lo que lee la página de su QR",
            "description": "Pública y sin datos personales (ni nombres, ni documento, ni "
            "código de cita); su única llave es el token aleatorio del turno. Nunca se "
            "guarda en caché.",
            "parameters": [
                {
                    "name": "token",
                    "in": "path",
                    "required": True,
                    "description": "El token del turno (el final de su follow_url)",
                    "schema": {"type": "string", "minLength": 1, "maxLength": 64},
                }
            ],
            "responses": {
                "200": _json("Su lugar en la cola", PLACE),
                "404": _json(
                    "No hay un turno con ese token (token), o la dirección no existe (request)",
                    _errors(["token", REQUEST]),
                ),
                "default": OTHER_ERROR,
            },
        }
    },
    "/api/sedes/{code}/tablero": {
        "get": {
            "summary": "Los últimos llamados de la sede, para la pantalla de la sala",
            "description": "Lleva ETag y Cache-Control: no-cache; la pantalla pregunta cada "
            "segundo con If-None-Match y, si nadie fue llamado, recibe 304 sin cuerpo.",
            "parameters": [SEDE_CODE],
            "responses": {
                "200": _json("Los llamados", BOARD),
                "304": {"description": "Nadie fue llamado desde su copia"},
                "404": NO_SEDE,
                "default": OTHER_ERROR,
            },
        }
    },
}


OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "Ventanilla judicial: aranceles y cola de atención",
        "version": "3",
        "description": "Para el quiosco de la sede y la pantalla de su sala de espera: el "
        "calculador de aranceles judiciales y derechos de notificación, los Cuadros de "
        "Valores por año, y la cola de atención (los servicios de una sede, turnos sin cita "
        "y de citas, dónde está un turno, los últimos llamados). Sin cookies ni sesión. Todo "
        "se lee con GET; solo dar un turno es POST, con la clave del terminal en la "
        "cabecera X-Device-Key (la crea un administrador para cada quiosco). Claves y "
        "parámetros en inglés; los textos, en castellano. Los montos van como texto decimal "
        'en soles ("82.50"), nunca como número de coma flotante. Todo error responde '
        '{"errors": {"<parámetro>": ["qué corregir"]}}; el que no viene de un parámetro '
        '(una dirección o un método que la API no tiene, por ejemplo), bajo "request".',
    },
    "components": {
        "securitySchemes": {
            DEVICE_KEY: {
                "type": "apiKey",
                "in": "header",
                "name": "X-Device-Key",
                "description": "La clave de un quiosco: la crea un administrador para cada "
                "terminal y se muestra una sola vez; vale solo en su sede y hasta que se revoca",
            }
        }
    },
    "paths": {
        "/api/aranceles/calcular": {
            "get": {
                "summary": "Cada pago que requiere un acto, con su regla y el total",
                "description": "El mismo cálculo que la página /aranceles/resultado, con los "
                "mismos parámetros que su enlace salvo amount y monthly_amount, que allí se "
                "llaman cuantia y monthly. Las "
                "claves válidas están en /api/aranceles/opciones. Un parámetro desconocido es "
                "un error 400, para que ningún nombre mal escrito cambie el monto en silencio.",
                "parameters": CALCULATOR_PARAMETERS,
                "responses": {
                    "200": _json("El cálculo", RESULT),
                    "400": _json(
                        "Qué corregir, en castellano (request: la solicitud no se puede leer, "
                        "por ejemplo un carácter NUL)",
                        _errors(
                            [p["name"] for p in CALCULATOR_PARAMETERS] + [WHOLE_QUERY, REQUEST]
                        ),
                    ),
                    "default": OTHER_ERROR,
                },
            }
        },
        "/api/aranceles/tabla/{year}": {
            "get": {
                "summary": "El Cuadro de Valores completo de un año, para guardarlo",
                "description": CACHED,
                "parameters": [
                    {
                        "name": "year",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 9999},
                        "example": 2026,
                    }
                ],
                "responses": {
                    "200": _json("El cuadro", TABLE),
                    "304": STILL_VALID,
                    "default": OTHER_ERROR,
                    "404": _json(
                        "No hay cuadro cargado para ese año (year), o lo que sigue a tabla/ no "
                        "es un año (request)",
                        _errors(["year", REQUEST]),
                    ),
                },
            }
        },
        "/api/aranceles/opciones": {
            "get": {
                "summary": "Las opciones de cada pregunta del calculador, con sus textos",
                "description": CACHED,
                "responses": {
                    "200": _json(
                        "Actos, procesos, roles, personas, situaciones, "
                        "instancias y años con cuadro",
                        CHOICES,
                    ),
                    "304": STILL_VALID,
                    "default": OTHER_ERROR,
                },
            }
        },
        "/api/salud": {
            "get": {
                "summary": "Si este servidor llega a su base de datos",
                "description": "Para el balanceador de carga y para que el quiosco sepa si "
                "tiene conexión. Nunca se guarda en caché.",
                "responses": {
                    "200": _json("Funciona", HEALTHY),
                    "503": _json("No llega a la base de datos", UNHEALTHY),
                    "default": OTHER_ERROR,
                },
            }
        },
        **QUEUE_PATHS,
    },
}
