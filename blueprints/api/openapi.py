"""The API described for the kiosk's developers (OpenAPI 3.1), served at /api/openapi.json.

Keys and parameters are English snake_case; the texts in the values are Spanish; the paths
stay Spanish like every URL of the app. Every response body is described whole (no key
left out, none extra), and tests/blueprints/test_api.py holds each response to it.
"""

from blueprints.errors import REQUEST
from domain.fees import ACTS, INSTANCES, PERSONS, PROCESSES, ROLES


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

OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "Ventanilla judicial: aranceles",
        "version": "2",
        "description": "El calculador de aranceles judiciales y derechos de notificación y "
        "los Cuadros de Valores por año, para el quiosco. Solo GET; sin cookies. Claves y "
        "parámetros en inglés; los textos, en castellano. Los montos van como texto decimal "
        'en soles ("82.50"), nunca como número de coma flotante. Todo error responde '
        '{"errors": {"<parámetro>": ["qué corregir"]}}; el que no viene de un parámetro '
        '(una dirección o un método que la API no tiene, por ejemplo), bajo "request".',
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
    },
}
