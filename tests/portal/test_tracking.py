"""The public look-up by code and second factor: status and appointment for the right factor,
nothing at all for a wrong one, and no guessing by trying."""

import pytest
from django.test import override_settings
from django.urls import reverse

from motcua.core.models import RateCount
from motcua.dossiers.models import State

pytestmark = pytest.mark.django_db

PERSONAL = ("Nguyễn Văn An", "006090001234", "0912345678", "Nguyen Van An")


def track(client, code, factor):
    return client.get(reverse("api:track"), {"code": code, "factor": factor})


@pytest.mark.parametrize("factor", ["0912345678", "+84 912 345 678", "091-234-5678", "1234"])
def test_the_right_factor_shows_status_and_appointment_only(client, receive, factor):
    dossier = receive()
    response = track(client, dossier.code.lower(), factor)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["code"] == dossier.code
    assert body["state"] == State.RECEIVED
    assert body["due_at"] is not None and body["result_ready"] is False
    assert response["Cache-Control"] == "no-store"
    assert not any(value in response.content.decode() for value in PERSONAL)


@pytest.mark.parametrize("factor", ["0912345679", "234", "01234", "0001234", "x", "0000"])
def test_a_wrong_factor_reads_like_an_unknown_code(client, receive, factor):
    dossier = receive()
    wrong = track(client, dossier.code, factor)
    unknown = track(client, "000.00.00.H03-230306-9999", "0912345678")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    assert not any(value in wrong.content.decode() for value in PERSONAL)


def test_a_dossier_without_phone_or_id_cannot_be_tracked_by_an_empty_factor(client, receive):
    dossier = receive(phone="", id_number="")
    assert track(client, dossier.code, "0000").status_code == 404
    assert track(client, dossier.code, "").status_code == 400


def track_from(client, address, code, factor):
    return client.get(reverse("api:track"), {"code": code, "factor": factor}, REMOTE_ADDR=address)


@override_settings(TRACK_FAILURES="3/3600")
def test_wrong_factors_from_many_addresses_never_lock_the_owner_out(client, receive):
    """Guessers spread over many addresses make the code ask for the whole phone or ID number;
    the owner, who has it, still gets the answer."""
    dossier = receive()
    for number, guess in enumerate(("1111", "2222", "3333")):
        assert track_from(client, f"10.0.0.{number}", dossier.code, guess).status_code == 404
    short = track_from(client, "10.0.1.1", dossier.code, "1234")
    assert short.status_code == 404 and short.json()["code"] == "strong_factor_required"
    assert "toàn bộ" in short.json()["message"] or "đầy đủ" in short.json()["message"]
    for factor in ("0912345678", "006090001234"):
        assert track_from(client, "10.0.1.1", dossier.code, factor).status_code == 200
    # An unknown code under the same guessing answers alike: nothing tells which codes exist.
    for number in range(3):
        track_from(client, f"10.0.2.{number}", "000.00.00.H03-230306-9999", "0000")
    unknown = track_from(client, "10.0.1.1", "000.00.00.H03-230306-9999", "1234")
    assert unknown.json() == short.json()
    # another dossier is not affected
    other = receive()
    assert track(client, other.code, "1234").status_code == 200


@override_settings(TRACK_ADDRESS_FAILURES="4/3600")
def test_one_address_that_keeps_failing_is_stopped_and_nobody_else(client, receive):
    dossier = receive()
    answers = [
        track_from(client, "10.9.9.9", dossier.code, f"{n:04d}").status_code for n in range(6)
    ]
    assert answers == [404] * 4 + [429] * 2
    assert track_from(client, "10.9.9.9", dossier.code, "0912345678").status_code == 429
    assert track_from(client, "10.8.8.8", dossier.code, "1234").status_code == 200


@override_settings(TRACK_RATE="5/60")
def test_one_address_may_ask_only_so_often(client, receive):
    dossier = receive()
    answers = [track(client, dossier.code, "1234").status_code for _ in range(6)]
    assert answers == [200] * 5 + [429]
    assert RateCount.objects.filter(key__startswith="track:ip:").get().count == 6


def test_the_page_takes_the_factor_by_post_and_shows_the_status(client, receive):
    dossier = receive()
    url = reverse("portal:track")
    page = client.get(url, {"ma": dossier.code})
    assert page.status_code == 200 and dossier.code in page.content.decode()
    shown = client.post(url, {"ma": dossier.code, "xac_thuc": "0912345678"})
    text = shown.content.decode()
    assert shown.status_code == 200
    assert "Đã được tiếp nhận" in text or str(State.RECEIVED.label) in text
    assert not any(value in text for value in PERSONAL)
    refused = client.post(url, {"ma": dossier.code, "xac_thuc": "0999999999"})
    assert refused.status_code == 404
    assert 'data-testid="tracked"' not in refused.content.decode()
    assert not any(value in refused.content.decode() for value in PERSONAL)


def test_the_tracking_page_names_the_agency_and_the_time_apart(client, receive):
    import re

    dossier = receive()
    page = client.post(
        reverse("portal:track"), {"ma": dossier.code, "xac_thuc": "0912345678"}
    ).content.decode()
    assert re.search(r"<dt>Nơi tiếp nhận</dt><dd>[^<,]+</dd>", page)
    assert re.search(r"<dt>Thời điểm tiếp nhận</dt><dd>\d\d:\d\d \d\d/\d\d/\d{4}</dd>", page)
