"""Passwords are hashed with Argon2id at OWASP's cost; hashes made at Django's heavier default
still sign in, and are re-made at the project's cost."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password

pytestmark = pytest.mark.django_db


def test_new_passwords_use_46_mib_one_pass_one_lane():
    encoded = make_password("sen-hong-2026")
    assert encoded.startswith("argon2$argon2id$v=19$m=47104,t=1,p=1$")
    assert check_password("sen-hong-2026", encoded)
    assert not check_password("sen-hong-2025", encoded)


def test_a_hash_of_the_old_cost_signs_in_and_is_remade(client):
    old = Argon2PasswordHasher().encode("sen-hong-2026", Argon2PasswordHasher().salt())
    assert "m=102400,t=2,p=8" in old
    user = get_user_model().objects.create(username="hoa@example.vn", kind="citizen", password=old)
    response = client.post(
        "/accounts/login/", {"username": "hoa@example.vn", "password": "sen-hong-2026"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert "m=47104,t=1,p=1" in user.password
