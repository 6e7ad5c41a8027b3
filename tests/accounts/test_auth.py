"""POST /api/v1/auth/token, Token and Bearer headers, lock-out."""

import pytest

from motcua.demo.agencies import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token"
ME = "/api/v1/auth/me"


def token_for(api, username, password=DEMO_PASSWORD):
    return api.post(TOKEN, {"username": username, "password": password}, format="json")


def test_a_token_for_good_credentials_works_with_token_and_bearer(api, demo):
    response = token_for(api, "stp.motcua")
    assert response.status_code == 200
    token = response.json()["token"]
    for keyword in ("Token", "Bearer"):
        api.credentials(HTTP_AUTHORIZATION=f"{keyword} {token}")
        me = api.get(ME).json()
        assert me["username"] == "stp.motcua"
        assert me["roles"][0]["agency"] == "000.00.03.H03"
        assert "dossier.receive" in me["roles"][0]["actions"]


def test_the_same_token_is_returned_twice(api, demo):
    assert token_for(api, "stp.motcua").json() == token_for(api, "stp.motcua").json()


def test_wrong_credentials(api, demo):
    response = token_for(api, "stp.motcua", "wrong")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert response.json()["message"] == "Sai tên đăng nhập hoặc mật khẩu."


def test_missing_fields(api):
    response = api.post(TOKEN, {"username": "x"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()["fields"]


def test_a_broken_body(api):
    response = api.post(TOKEN, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_bad_token_is_refused(api):
    api.credentials(HTTP_AUTHORIZATION="Token nope")
    response = api.get(ME)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_token_stops_working_when_its_user_is_disabled_or_it_is_deleted(api, demo):
    from rest_framework.authtoken.models import Token

    key = token_for(api, "stp.motcua").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(ME).status_code == 200
    token = Token.objects.select_related("user").get(key=key)
    token.user.is_active = False
    token.user.save(update_fields=["is_active"])
    refused = api.get(ME)
    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed"
    token.user.is_active = True
    token.user.save(update_fields=["is_active"])
    assert api.get(ME).status_code == 200
    token.delete()
    assert api.get(ME).status_code == 401


def test_me_needs_a_token(api):
    response = api.get(ME)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_lock_out_after_repeated_failures(api, demo, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        token_for(api, "skhdt.motcua", "wrong")
    locked = token_for(api, "skhdt.motcua")  # even the right password now
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert token_for(api, "skhdt.chuyenvien").status_code == 200  # others are not affected


def test_one_address_trying_many_accounts_is_stopped_and_nobody_else(api, client, demo, settings):
    settings.SIGNIN_ADDRESS_FAILURES = "3/3600"
    guesser = {"REMOTE_ADDR": "10.1.1.1"}
    for username in ("stp.motcua", "stp.lanhdao", "skhdt.motcua"):
        body = {"username": username, "password": "wrong"}
        assert api.post(TOKEN, body, format="json", **guesser).status_code in (400, 401)
    stopped = api.post(
        TOKEN, {"username": "tpbk.motcua", "password": DEMO_PASSWORD}, format="json", **guesser
    )
    assert stopped.status_code == 429 and stopped.json()["code"] == "rate_limited"
    page = client.post("/accounts/login/", {"username": "tpbk.motcua", "password": "x"}, **guesser)
    assert page.status_code == 429
    # The accounts it tried are not locked for their owners elsewhere.
    owner = {"username": "stp.motcua", "password": DEMO_PASSWORD}
    assert api.post(TOKEN, owner, format="json", REMOTE_ADDR="10.2.2.2").status_code == 200


def test_passwords_are_hashed_with_argon2(settings):
    from django.contrib.auth.hashers import Argon2PasswordHasher, get_hasher

    assert isinstance(get_hasher("default"), Argon2PasswordHasher)
