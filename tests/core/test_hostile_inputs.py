"""Hostile input against every route in ``urls.py``, pages and admin included, read from the URL
resolver so that a route added tomorrow is covered the day it is added: NUL, huge, tiny, long
and impossible values in every path parameter and in the query parameters the code reads, and
deep or huge JSON bodies posted everywhere. Nothing may answer 5xx, and an API error is the usual
error body."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# What a path parameter may be given, by converter.
HOSTILE_SEGMENTS = {
    "int": ["99999999999999999999", "9223372036854775807", "0"],
    "str": ["abc\x00def", "x" * 3000, "0001-01-01", "99999999999999999999", "%", "'\"<b>"],
    "slug": ["a" * 3000, "0001-01"],
    "path": ["a\x00/b", "../../etc/passwd", "9999999999999999999999/x"],
}
# Every query parameter the code base reads (request.GET, query_params, filter sets), and the
# values that pass the edge checks and reach the views.
PARAMETERS = [
    "page",
    "offset",
    "limit",
    "cursor",
    "from",
    "to",
    "start",
    "end",
    "month",
    "year",
    "period",
    "as_of",
    "due_before",
    "received_from",
    "received_to",
    "days",
    "hours",
    "calendar_days",
    "agency",
    "field",
    "level",
    "q",
    "code",
    "factor",
    "state",
    "format",
    "tab",
    "plan",
    "quy",
    "nam",
    "ngay",
    "ma",
    "so",  # the result check: a result's number
    "ho_so",  # the document search within one dossier
    "thu_tuc",
    "procedure",
    "cutoff",
    "scope",
    "order",
    "by",
    "count",
    "channel",
    "kind",
    "status",
    "applicant",
    "id_number",
    "queue",  # the dossiers list's queues
    "script",  # the API docs page serves its start-up script
    "lang",  # the OpenAPI schema's language
    "version",
]
QUERY_VALUES = [
    "9223372036854775807",
    "-9223372036854775808",
    "-1",
    "2023-02-30",
    "2030-12-31T23:59:59+14:00",
    "x" * 2000,
    "",
    "[]",
    "H03.22-230306-0001",
]
# Values the edge itself refuses (400 before any view runs).
REFUSED_QUERY_VALUES = ["99999999999999999999", "0001-01-01", "0001-01", "9999-12-31", "a\x00b"]


def routes() -> list[str]:
    """Every route, each path parameter a placeholder ``{converter}``."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            text = str(entry.pattern)
            if isinstance(entry.pattern, type(get_resolver().pattern)) or text.startswith("^"):
                text = re.sub(r"\(\?P<\w+>[^)]*\)", "{str}", text.lstrip("^").rstrip("$"))
                text = text.replace("\\", "")
            text = re.sub(r"<(?:(\w+):)?\w+>", lambda m: "{%s}" % (m.group(1) or "str"), text)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + text)
            elif isinstance(entry, URLPattern):
                found.append("/" + prefix + text)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def concrete(route: str, value_for) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: value_for(m.group(1)), route)


def harmless(route: str) -> str:
    return concrete(route, lambda conv: "1" if conv == "int" else "x")


def clients() -> dict[str, Client]:
    users = get_user_model().objects
    made = {"anonymous": Client(raise_request_exception=False)}
    for name in ("admin", "stp.lanhdao", "congdan@motcua.vn"):
        user = users.filter(username=name).first()
        if user is not None:
            client = Client(raise_request_exception=False)
            client.force_login(user)
            made[name] = client
    return made


def assert_answered(response, what: str) -> None:
    assert response.status_code < 500, f"{response.status_code} on {what!r}"
    is_json = response.get("Content-Type", "").startswith("application/json")
    if response.status_code >= 400 and what.startswith("/api/") and is_json:
        assert {"code", "message", "fields"} <= set(response.json()), what


def test_the_routes_are_found(demo):
    found = routes()
    assert "/api/v1/dossiers/{str}" in found and "/portal/thu-tuc/{str}/" in found
    assert len(found) > 100


def test_hostile_path_parameters(demo):
    everyone = clients()
    for route in routes():
        if "{" not in route:
            continue
        for converter in {m for m in re.findall(r"\{(\w+)\}", route)}:
            for value in HOSTILE_SEGMENTS.get(converter, HOSTILE_SEGMENTS["str"]):
                url = concrete(route, lambda c, v=value, k=converter: v if c == k else "1")
                for client in everyone.values():
                    assert_answered(client.get(url), url)


def test_hostile_query_parameters(demo):
    everyone = clients()
    for route in routes():
        url = harmless(route)
        for value in QUERY_VALUES:
            query = {name: value for name in PARAMETERS}
            for client in (everyone["anonymous"], everyone["admin"]):
                assert_answered(client.get(url, query), f"{url}?*={value[:30]}")


def test_values_no_endpoint_can_take_are_refused_at_the_edge(demo, api):
    for route in ("/api/v1/dossiers", "/api/v1/statistics/dossiers", "/portal/thu-tuc/"):
        for value in REFUSED_QUERY_VALUES:
            response = Client().get(route, {"page": value})
            assert response.status_code == 400, (route, value)
    body = api.get("/api/v1/indicators", {"month": "0001-01"}).json()
    assert body["code"] == "out_of_calendar_range" and body["fields"] == {
        "month": [body["message"]]
    }
    huge = api.get("/api/v1/agencies/99999999999999999999").json()
    assert huge["code"] == "invalid" and "path" in huge["fields"]


DEEP = "[" * 50_000 + "]" * 50_000
BODIES = {
    "deep": DEEP,
    "deep object": '{"a":' * 10_000 + "1" + "}" * 10_000,
    "huge list": json.dumps({"documents": [{"name": "x"}] * 20_000, "missing": ["x"] * 20_000}),
    "huge integer": json.dumps({"document": 10**20, "id": 10**20, "amount": -(10**20)}),
    "ancient date": json.dumps({"date": "0001-01-01", "signed_on": "0001-01-01"}),
    "not json": "{",
    "nul": json.dumps({"name": "a\x00b", "code": "\x00"}),
}


def test_hostile_bodies_everywhere(demo):
    everyone = clients()
    for route in routes():
        url = harmless(route)
        for name, body in BODIES.items():
            for client in (everyone["anonymous"], everyone["admin"]):
                response = client.post(url, body, content_type="application/json")
                assert_answered(response, f"POST {url} {name}")


def test_deep_json_is_refused_with_the_error_body(api):
    for url in ("/api/v1/auth/token", "/api/v1/payments/callback/hmac"):
        response = api.generic("POST", url, DEEP, content_type="application/json")
        assert response.status_code == 400, url
        assert response.json()["code"] == "parse_error"


REPORTED = [
    "/portal/thu-tuc/?page=99999999999999999999",
    "/api/v1/statistics/dossiers/behind?offset=99999999999999999999",
    "/portal/thu-tuc/abc%00def/",
    "/api/v1/procedures/abc%00",
    "/api/v1/agencies/abc%00",
    "/portal/phan-anh/abc%00/",
    "/api/v1/dossiers/abc%00def",
    "/api/v1/calendar/due?start=0001-01-01T00:00:00%2B07:00&days=1",
    "/api/v1/reports/reform?from=0001-01-01&to=2023-12-31",
    "/api/v1/dossiers?due_before=0001-01-01",
    "/api/v1/dossiers?received_from=0001-01-01",
    "/api/v1/statistics/dossiers?from=0001-01-01",
    "/api/v1/indicators?month=0001-01",
]


def test_the_reported_server_errors_are_clear_refusals(demo):
    """The 500s found by hand, each now a 400 with the reason (on both databases)."""
    for client in clients().values():
        for url in REPORTED:
            response = client.get(url)
            assert response.status_code == 400, url
            if url.startswith("/api/"):
                assert response.json()["code"] in ("invalid", "out_of_calendar_range"), url
