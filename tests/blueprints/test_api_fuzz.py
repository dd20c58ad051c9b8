"""The JSON API under schemathesis: every operation of /api/openapi.json, driven by the document
the app serves, in-process against the WSGI app. No answer may be a 5xx, and each must be one
the document describes: its status, its content type and its body's schema.

Schema-valid requests may still be refused (an act that needs an amount, a role the process
lacks): the calculator's questions depend on each other, and its 400 is documented. So the
positive-data-acceptance check is left out, and the document's own checks are kept.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# The API reads fee tables and parses text the same on both engines: SQLite is enough here.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode))
def test_every_api_answer_is_documented_and_never_a_server_error(app, mode):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = set()

    @given(case=schema.as_strategy(generation_mode=mode))
    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        operations.add(case.path)
        # In-process, nothing undoes the app's compression: ask for the body as it is.
        case.call_and_validate(checks=CHECKS, headers={"Accept-Encoding": "identity"})

    call()
    assert len(operations) >= 2
