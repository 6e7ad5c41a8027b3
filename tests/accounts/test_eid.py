"""Sign-in through an external OpenID Connect provider (the national eID): off unless configured;
when on, the code flow creates a citizen account from the identity's claims, signs it in, and
finds the same account next time; a forged callback signs nobody in."""

import pytest
import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.accounts.fake_provider import CLAIMS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def provider(settings, live_server):
    settings.ROOT_URLCONF = "tests.accounts.fake_provider"
    settings.OIDC_RP_CLIENT_ID = "motcua-test"
    settings.OIDC_RP_CLIENT_SECRET = "a-shared-secret-for-the-sign-in-tests-only"
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{live_server.url}/fake-op/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{live_server.url}/fake-op/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{live_server.url}/fake-op/userinfo"
    return live_server


def sign_in(client):
    start = client.get(reverse("oidc_authentication_init"))
    assert start.status_code == 302
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    back = at_provider.headers["Location"]
    return client.get(back[back.index("/accounts/eid/callback/") :])


def test_off_unless_configured(client):
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert 'data-testid="eid"' not in client.get(reverse("login")).content.decode()


def test_the_code_flow_makes_and_then_finds_a_citizen_account(client, provider):
    assert "Đăng nhập bằng VNeID" in client.get(reverse("login")).content.decode()
    done = sign_in(client)
    assert done.status_code == 302, done
    user = get_user_model().objects.get(eid_subject=f"vneid:{CLAIMS['sub']}")
    assert (user.full_name, user.id_number, user.phone) == (
        "Đặng Thị Lụa",
        "079201004321",
        "0913000444",
    )
    assert user.kind == "citizen" and not user.has_usable_password()
    assert client.get(reverse("portal:mine")).status_code == 200
    client.logout()
    sign_in(client)
    assert get_user_model().objects.filter(kind="citizen").count() == 1


def test_an_existing_account_with_the_same_email_is_not_taken_over(client, provider):
    get_user_model().objects.create_user(
        username="lua@example.vn",
        email="lua@example.vn",
        password="x-Long-pass-1",
        kind="citizen",
    )
    sign_in(client)
    eid = get_user_model().objects.get(eid_subject__isnull=False)
    assert eid.email == "" and eid.username != "lua@example.vn"


def test_a_forged_callback_signs_nobody_in(client, provider):
    client.get(reverse("oidc_authentication_init"))
    forged = client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "y"})
    assert forged.status_code == 400  # the state is not one this browser was given
    assert "_auth_user_id" not in client.session
    assert not get_user_model().objects.filter(eid_subject__isnull=False).exists()
