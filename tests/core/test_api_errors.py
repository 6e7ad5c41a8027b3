"""Every answer under /api/v1/ is JSON, a path the API does not know included."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nowhere", "/api/v1/dossiers/x/scans/not-a-number", "/api/v1/dossiers/a%0Ab/scans/c"],
)
def test_an_unknown_api_path_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_a_mangled_page_cursor_says_so(api, demo):
    from django.contrib.auth import get_user_model

    api.force_authenticate(get_user_model().objects.get(username="stp.motcua"))
    body = api.get("/api/v1/dossiers", {"cursor": "not-a-cursor"}).json()
    assert body["code"] == "invalid_cursor"
    assert "phân trang" in body["message"] and "cursor" in body["fields"]


def test_a_request_django_refuses_itself_gets_the_error_body_under_the_api(client):
    response = client.get("/api/v1/agencies", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
    page = client.get("/portal/", HTTP_HOST="evil.example")
    assert page.status_code == 400 and "bad_request" in page.content.decode()


def test_the_schema_is_made_once_whatever_language_a_client_invents(client):
    from motcua.core.schema import OncePerProcessGenerator

    OncePerProcessGenerator._schemas.clear()
    for lang in ["vi", "en", "xx", "x" * 300, "en\x00", "zz-invented"]:
        response = client.get("/api/v1/schema/", {"format": "json", "lang": lang})
        assert response.status_code in (200, 400), lang
    # Vietnamese and English at most: an invented language is served the default one.
    assert len(OncePerProcessGenerator._schemas) <= 2
