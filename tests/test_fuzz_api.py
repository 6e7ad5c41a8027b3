"""The committed OpenAPI (docs/api/openapi.yaml) fuzzed with schemathesis, as an anonymous
caller, a one-stop officer and a superuser: every operation, bodies and parameters generated from
the schema (valid and not), sent through the WSGI application. No answer may be a 5xx, and every
answer must match the schema the integrators read. ``MOTCUA_FUZZ_EXAMPLES`` sets the examples per
operation and caller (the suite's short form; ``bench`` may run it longer)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "api" / "openapi.yaml"
EXAMPLES = int(os.environ.get("MOTCUA_FUZZ_EXAMPLES", "10"))

schema = schemathesis.openapi.from_path(SCHEMA)


@pytest.fixture
def wsgi(db):
    """The application in this test's transaction: the WSGI handler would close the connection
    (and with it the transaction) at the end of every request, as Django's test client avoids."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "stp.motcua", "admin"])
def credentials(request, wsgi, demo) -> dict[str, str]:
    if request.param == "anonymous":
        return {}
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    user = get_user_model().objects.get(username=request.param)
    token, _ = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}"}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_contract(case, wsgi, credentials):
    case.call_and_validate(
        app=wsgi,
        headers=credentials,
        checks=[not_a_server_error, response_schema_conformance],
    )
