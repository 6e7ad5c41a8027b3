"""The committed OpenAPI schema is the code's, and the API never answers a generated request
with a 500 or with a body its schema does not describe (schemathesis)."""

from pathlib import Path

import pytest
import schemathesis
import yaml
from django.core.management import call_command
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from motcua.wsgi import application

COMMITTED = Path(__file__).resolve().parent.parent / "docs" / "api" / "openapi.yaml"

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


@pytest.mark.django_db
@pytest.mark.usefixtures("in_process_requests")
@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_generated_requests(case):
    # Business rules rightly refuse some schema-valid input (a year outside the calendar, an
    # unknown agency) and treat an empty query parameter as absent: those two checks do not apply.
    case.call_and_validate(excluded_checks=[negative_data_rejection, positive_data_acceptance])


@pytest.mark.django_db
@pytest.mark.usefixtures("in_process_requests")
@schema.include(
    path_regex="^/api/v1/(dossiers|reviews|review-plans|simplification-plans|recommendations|draft-regulations|reform)"
).parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_generated_requests_of_a_signed_in_officer(case):
    """The dossier and review endpoints behind sign-in: generated bodies get a 4xx the schema describes,
    never a 500 (a superuser passes every permission, so the checks run deep)."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    admin = get_user_model().objects.get(username="admin")
    token, _ = Token.objects.get_or_create(user=admin)
    case.call_and_validate(
        headers={"Authorization": f"Token {token.key}"},
        excluded_checks=[negative_data_rejection, positive_data_acceptance],
    )
