"""The committed OpenAPI schema is the code's, and the API never answers a generated request —
as an anonymous caller, a one-stop officer or a superuser, on both databases — with a 5xx, a
status its schema does not list, or a body its schema does not describe (schemathesis)."""

import os
from pathlib import Path

import pytest
import schemathesis
import yaml
from django.core.management import call_command
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from motcua.wsgi import application

COMMITTED = Path(__file__).resolve().parent.parent / "docs" / "api" / "openapi.yaml"
# Examples per operation and caller: the suite's short form (set more for a longer run).
EXAMPLES = int(os.environ.get("MOTCUA_FUZZ_EXAMPLES", "25"))

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


def test_the_committed_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate")
    assert yaml.safe_load(generated.read_text()) == yaml.safe_load(COMMITTED.read_text()), (
        "docs/api/openapi.yaml is stale: run `make schema` and commit it"
    )


@pytest.fixture
def in_process_requests():
    """Keep the test's connection open across the in-process WSGI calls, as Django's test client
    does: a request's end would otherwise close it under the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "stp.motcua", "admin"])
def caller(request, demo, in_process_requests) -> dict[str, str]:
    """An anonymous caller, a one-stop officer, and a superuser (who passes every permission,
    so the checks run deep)."""
    if request.param == "anonymous":
        return {}
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    user = get_user_model().objects.get(username=request.param)
    token, _ = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}"}


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_generated_requests(case, caller):
    """Every operation, as each caller: generated requests (valid and not) never get a 5xx, a
    status the schema does not list, or a body it does not describe. Business rules rightly
    refuse some schema-valid input (a year outside the calendar, an unknown agency) and treat an
    empty query parameter as absent: those two checks do not apply."""
    case.call_and_validate(
        headers=caller, excluded_checks=[negative_data_rejection, positive_data_acceptance]
    )
