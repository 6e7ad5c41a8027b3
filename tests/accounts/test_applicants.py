"""Citizens' and businesses' accounts: sign-up, sign-in by e-mail or phone, lock-out that no
spelling escapes, password reset by e-mail or SMS, the profile."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db
PASSWORD = "hoa-sen-no-19"


def sign_up(client, **fields):
    data = {
        "kind": "citizen",
        "full_name": "Trần Thị Bình",
        "email": "binh@example.vn",
        "phone": "+84 912 000 111",
        "id_number": "006190001111",
        "password1": PASSWORD,
        "password2": PASSWORD,
    } | fields
    return client.post(reverse("signup"), data)


def test_sign_up_signs_in_and_leads_to_my_dossiers(client):
    response = sign_up(client)
    assert response.status_code == 302 and response["Location"] == reverse("portal:mine")
    user = get_user_model().objects.get(email="binh@example.vn")
    assert user.kind == "citizen" and user.phone == "0912000111" and user.is_applicant
    assert user.password.startswith("argon2")
    page = client.get(reverse("portal:mine"))
    assert page.status_code == 200 and "Trần Thị Bình" in page.content.decode()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"email": "", "phone": ""}, None),
        ({"phone": "12345"}, "phone"),
        ({"password2": "other-password-1"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password1"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_bad_sign_ups_are_refused_and_store_nothing(client, fields, field):
    response = sign_up(client, **fields)
    assert response.status_code == 400
    assert not get_user_model().objects.filter(kind="citizen").exists()
    if field:
        assert field in response.context["form"].errors


def test_an_address_or_a_phone_belongs_to_one_account(client):
    sign_up(client)
    client.logout()
    again = sign_up(client, email="BINH@example.vn", phone="0988000222")
    assert "email" in again.context["form"].errors
    again = sign_up(client, email="other@example.vn", phone="0912 000 111")
    assert "phone" in again.context["form"].errors


@pytest.mark.parametrize(
    "identifier", ["binh@example.vn", "BINH@EXAMPLE.VN", "0912000111", "+84912000111"]
)
def test_sign_in_by_email_or_phone(client, identifier):
    sign_up(client)
    client.logout()
    response = client.post(reverse("login"), {"username": identifier, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("workspace"))["Location"] == reverse("portal:mine")


@override_settings(AXES_FAILURE_LIMIT=3)
def test_failures_lock_the_account_whatever_spelling_is_tried(client):
    sign_up(client)
    client.logout()
    for identifier in ("binh@example.vn", "0912000111", "+84 912 000 111"):
        client.post(reverse("login"), {"username": identifier, "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "binh@example.vn", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def _link(text):
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", text).group(1)


def test_password_reset_by_email(client):
    sign_up(client)
    client.logout()
    sent = client.post(reverse("password_reset"), {"email": "binh@example.vn"})
    assert sent.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["binh@example.vn"]
    link = client.get(_link(mail.outbox[0].body), follow=True)
    new = "sen-hong-moi-27"
    done = client.post(link.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    client.logout()
    signed_in = client.post(reverse("login"), {"username": "0912000111", "password": new})
    assert signed_in.status_code == 302


def test_password_reset_by_phone_goes_by_sms(client, settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path
    sign_up(client)
    client.logout()
    client.post(reverse("password_reset"), {"email": "0912 000 111"})
    assert mail.outbox == []
    (message,) = tmp_path.iterdir()
    text = message.read_text()
    assert text.startswith("To: 0912000111") and "/accounts/reset/" in text


def test_an_unknown_account_gets_the_same_answer_and_nothing_is_sent(client, settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path
    response = client.post(reverse("password_reset"), {"email": "nobody@example.vn"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == [] and list(tmp_path.iterdir()) == []


def test_the_profile_keeps_what_fills_in_new_dossiers(client):
    sign_up(client)
    response = client.post(
        reverse("profile"),
        {
            "full_name": "Trần  Thị Bình",
            "id_number": "006190001111",
            "address": "Tổ 1, phường Đức Xuân",
            "email": "binh@example.vn",
            "phone": "",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="binh@example.vn")
    assert user.full_name == "Trần Thị Bình" and user.address == "Tổ 1, phường Đức Xuân"
    refused = client.post(
        reverse("profile"),
        {"full_name": "x", "id_number": "", "address": "", "email": "", "phone": ""},
    )
    assert refused.status_code == 400
    assert get_user_model().objects.get(pk=user.pk).email == "binh@example.vn"
