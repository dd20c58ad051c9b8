"""What the API tests share: the fee calculator's civil example as the API takes it, and a
check of a response against the schema /api/openapi.json documents for it."""

from blueprints.api.openapi import OPENAPI
from tests.blueprints.fee_steps import CIVIL as CIVIL_LINK

# The result page's link calls the amount "cuantia"; the API, "amount".
CIVIL = {("amount" if key == "cuantia" else key): value for key, value in CIVIL_LINK.items()}


def schema(path: str, status: int | str, method: str = "get") -> dict:
    """The documented body of a response."""
    responses = OPENAPI["paths"][path][method]["responses"]
    return responses[str(status)]["content"]["application/json"]["schema"]


JSON_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def conforms(value, schema: dict, where: str = "$") -> list[str]:
    """Where `value` strays from `schema`, for the JSON Schema words the document uses."""
    types = schema.get("type", [])
    types = [types] if isinstance(types, str) else types
    is_integer = isinstance(value, int) and not isinstance(value, bool)
    if types and not any(
        is_integer if kind == "integer" else isinstance(value, JSON_TYPES[kind]) for kind in types
    ):
        return [f"{where}: {value!r} is not {types}"]
    if value not in schema.get("enum", [value]) or schema.get("const", value) != value:
        return [f"{where}: {value!r} is not one of the documented values"]
    problems = []
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        allowed_names = schema.get("propertyNames", {}).get("enum")
        problems += [
            f"{where}: {key} missing" for key in schema.get("required", []) if key not in value
        ]
        for key, item in value.items():
            if allowed_names is not None and key not in allowed_names:
                problems.append(f"{where}: {key} is not a documented name")
            if key in properties:
                problems += conforms(item, properties[key], f"{where}.{key}")
            elif extra is False:
                problems.append(f"{where}: {key} is not documented")
            elif isinstance(extra, dict):
                problems += conforms(item, extra, f"{where}.{key}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            problems.append(f"{where}: fewer than {schema['minItems']} items")
        for index, item in enumerate(value):
            problems += conforms(item, schema.get("items", {}), f"{where}[{index}]")
    return problems
