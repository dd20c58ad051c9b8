"""The API described for the kiosk's developers (OpenAPI 3.1), served at /api/openapi.json."""


def _query(name: str, description: str, required: bool = False, example: str = "") -> dict:
    parameter = {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": {"type": "string"},
    }
    if example:
        parameter["example"] = example
    return parameter


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "type": "object",
    "required": ["errores"],
    "properties": {"errores": {"type": "array", "items": {"type": "string"}}},
}
HEALTH = {
    "type": "object",
    "required": ["estado"],
    "properties": {"estado": {"type": "string", "enum": ["ok", "sin base de datos"]}},
}
CACHED = "Lleva ETag y Cache-Control; con If-None-Match igual responde 304 sin cuerpo."

OPENAPI = {
    "openapi": "3.1.0",
    "info": {
        "title": "Ventanilla judicial: aranceles",
        "version": "1",
        "description": "El calculador de aranceles judiciales y derechos de notificación y "
        "los Cuadros de Valores por año, para el quiosco. Solo GET; sin cookies. Los montos "
        'van como texto decimal en soles ("82.50"), nunca como número de coma flotante.',
    },
    "paths": {
        "/api/aranceles/calcular": {
            "get": {
                "summary": "Cada pago que requiere un acto, con su regla y el total",
                "description": "Los mismos parámetros que el enlace de la página "
                "/aranceles/resultado. Las claves válidas están en /api/aranceles/opciones.",
                "parameters": [
                    _query("act", "Clave del acto", True, "ofrecimiento_pruebas"),
                    _query("process", "Clave del tipo de proceso", True, "civil"),
                    _query("role", "Clave del rol de quien presenta", True, "demandante"),
                    _query("person", "Clave del tipo de persona", True, "natural"),
                    _query(
                        "cuantia",
                        "Soles con punto decimal; vacío: no cuantificable",
                        example="60000",
                    ),
                    _query(
                        "situations",
                        "Claves de situaciones separadas por comas",
                        example="auxilio_judicial",
                    ),
                    _query("parties", "Partes a notificar (0 si ninguna)", example="2"),
                    _query("instance", "Clave de la instancia", example="especializado"),
                    _query("quantity", "Unidades de un concepto por unidad (folios)", example="1"),
                    _query(
                        "day",
                        "Fecha de pago AAAA-MM-DD; elige el año del cuadro. "
                        "Por defecto, hoy en la corte.",
                        example="2026-03-02",
                    ),
                ],
                "responses": {
                    "200": _json(
                        "El cálculo",
                        {
                            "type": "object",
                            "required": [
                                "year",
                                "urp",
                                "total",
                                "referential",
                                "valid_until",
                                "where_to_pay",
                                "notes",
                                "payments",
                            ],
                        },
                    ),
                    "400": _json("Qué corregir, en castellano", ERRORS),
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
                        "schema": {"type": "integer"},
                        "example": 2026,
                    }
                ],
                "responses": {
                    "200": _json(
                        "El cuadro",
                        {
                            "type": "object",
                            "required": [
                                "year",
                                "urp",
                                "uit",
                                "rounding",
                                "referential",
                                "concepts",
                            ],
                        },
                    ),
                    "304": {"description": "La copia del quiosco sigue vigente"},
                    "404": _json("No hay cuadro cargado para ese año", ERRORS),
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
                        {"type": "object"},
                    ),
                    "304": {"description": "La copia del quiosco sigue vigente"},
                },
            }
        },
        "/api/salud": {
            "get": {
                "summary": "Si este servidor llega a su base de datos",
                "description": "Para el balanceador de carga y para que el quiosco sepa si "
                "tiene conexión. Nunca se guarda en caché.",
                "responses": {
                    "200": _json("Funciona", HEALTH),
                    "503": _json("No llega a la base de datos", HEALTH),
                },
            }
        },
    },
}
