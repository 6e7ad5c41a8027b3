"""Rating a dossier once its result exists; feedback and petitions routed, answered in time
(or counted late), and rated."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from motcua.core.errors import Conflict, PermissionDenied
from motcua.dossiers import services
from motcua.dossiers.models import State
from motcua.quality import selectors as quality
from motcua.quality import services as quality_services
from motcua.quality.models import Feedback, Rating
from tests.dossiers.conftest import CODE, moment, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(receive):
    owner = get_user_model().objects.create_user(
        username="an@example.vn", password="x-Long-pass-1", kind="citizen"
    )
    dossier = receive()
    dossier.owner = owner
    dossier.save()
    return dossier


def finish(dossier):
    at = moment(2023, 3, 7, 9)
    services.act(dossier.code, "hand_over", at=at)
    return services.act(dossier.code, "record_result", at=at, number="12/GP", signer="Lê Văn Chánh")


def test_a_dossier_is_rated_once_after_its_result(client, owned):
    client.force_login(owned.owner)
    url = reverse("portal:rate", args=[owned.code])
    early = client.post(url, {"score": "satisfied"}, follow=True)
    assert not Rating.objects.exists()
    assert "khi đã có kết quả" in early.content.decode()
    finish(owned)
    page = client.get(reverse("portal:dossier", args=[owned.code]))
    assert 'data-testid="rate-form"' in page.content.decode()
    client.post(url, {"score": "unsatisfied", "comment": "Chờ  lâu"})
    assert Rating.objects.get().comment == "Chờ lâu"
    with pytest.raises(Conflict):
        quality_services.rate(owned.owner, owned.code, score="satisfied")
    assert Rating.objects.get().score == "unsatisfied"


def test_nobody_rates_someone_elses_dossier(client, owned):
    finish(owned)
    other = get_user_model().objects.create_user(username="x", password="y", kind="citizen")
    client.force_login(other)
    assert (
        client.post(reverse("portal:rate", args=[owned.code]), {"score": "satisfied"}).status_code
        == 404
    )
    assert not Rating.objects.exists()


def test_feedback_about_a_dossier_goes_to_its_agency_and_is_answered(client, receive, stp):
    dossier = receive()
    response = client.post(
        reverse("portal:feedback-new"),
        {
            "kind": "feedback",
            "title": "Chậm trả kết quả",
            "content": "Đã quá hẹn.",
            "name": "Nguyễn Văn An",
            "phone": "0912345678",
            "dossier_code": dossier.code,
            "dossier_factor": "1234",
        },
    )
    item = Feedback.objects.get()
    assert response["Location"] == reverse("portal:feedback", args=[item.token])
    assert item.agency == stp and item.dossier == dossier
    # 10 working days: from whenever it is sent, at least two weekends and nine nights away.
    assert item.due_at > item.received_at + dt.timedelta(days=11)
    leader = user("stp.lanhdao")
    client.force_login(leader)
    inbox = client.get(reverse("portal:feedback-inbox"))
    assert "Chậm trả kết quả" in inbox.content.decode()
    assert "tiếp nhận 1, đã trả lời 0" in inbox.content.decode()
    client.post(reverse("portal:feedback-answer", args=[item.pk]), {"answer": "Đã xử lý."})
    item.refresh_from_db()
    assert item.answer == "Đã xử lý." and not item.late
    client.logout()
    client.post(reverse("portal:feedback", args=[item.token]), {"score": "satisfied"})
    item.refresh_from_db()
    assert item.score == "satisfied"
    stats = quality.statistics(
        timezone.localdate(item.received_at), timezone.localdate(item.received_at)
    )
    assert stats["received"] == stats["answered"] == stats["satisfied"] == 1
    assert stats["late"] == 0


def test_naming_a_dossier_needs_its_second_factor(client, receive):
    dossier = receive()
    response = client.post(
        reverse("portal:feedback-new"),
        {
            "kind": "petition",
            "title": "x",
            "content": "y",
            "name": "z",
            "email": "a@b.vn",
            "dossier_code": dossier.code,
            "dossier_factor": "0000",
        },
    )
    assert response.status_code == 400 and "dossier_code" in response.context["form"].errors
    assert not Feedback.objects.exists()


def test_an_officer_of_another_agency_cannot_answer(receive, demo):
    item = quality_services.file(
        quality_services.Filing(
            kind="feedback", title="t", content="c", name="n", email="a@b.vn", procedure_code=CODE
        )
    )
    outsider = user("skhdt.lanhdao")
    if item.agency.code != "000.00.04.H03":
        with pytest.raises(PermissionDenied):
            quality_services.answer(item.pk, outsider, "x")
    assert Feedback.objects.get().answered_at is None


def test_an_unanswered_one_past_its_due_is_counted_late(receive, stp):
    at = moment(2023, 3, 1, 9)
    item = quality_services.file(
        quality_services.Filing(kind="feedback", title="t", content="c", name="n", email="a@b.vn"),
        at=at,
    )
    stats = quality.statistics(dt.date(2023, 3, 1), dt.date(2023, 3, 31))
    assert stats["overdue"] == 1 and stats["late"] == 1
    quality_services.answer(item.pk, user("stp.kiemsoat"), "Trả lời muộn")
    stats = quality.statistics(dt.date(2023, 3, 1), dt.date(2023, 3, 31))
    assert stats["answered_late"] == 1 and stats["overdue"] == 0


def test_bad_feedback_is_refused_and_nothing_is_stored(client, demo):
    response = client.post(
        reverse("portal:feedback-new"), {"kind": "feedback", "title": "", "content": "", "name": ""}
    )
    assert response.status_code == 400 and not Feedback.objects.exists()
    assert State.RECEIVED  # the one-stop states are untouched by feedback


def test_an_anonymous_filer_must_leave_a_way_to_be_answered(client, demo):
    response = client.post(
        reverse("portal:feedback-new"),
        {"kind": "feedback", "title": "t", "content": "c", "name": "n", "email": "", "phone": ""},
    )
    assert response.status_code == 400 and "email" in response.context["form"].errors
    assert not Feedback.objects.exists()
