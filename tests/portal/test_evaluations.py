"""The agencies' quarterly evaluation on the nine criteria of §2.9, entered in the admin by the
control office, graded by configurable floors, shown publicly beside the applicants' ratings."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.quality.models import AgencyEvaluation, Rating

pytestmark = pytest.mark.django_db


def evaluation(agency, own, verified=None):
    return AgencyEvaluation.objects.create(
        agency=agency, year=2023, quarter=2, self_scores=own, verified_scores=verified
    )


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (18, "Xuất sắc"),
        (15, "Xuất sắc"),
        (14.5, "Tốt"),
        (12, "Tốt"),
        (9, "Khá"),
        (6, "Trung bình"),
        (5.5, "Yếu"),
    ],
)
def test_grades_by_the_verified_total(demo, total, grade):
    agency = Agency.objects.get(code="000.00.03.H03")
    scores = [2.0] * 9
    scores[0] = total - 16
    if scores[0] < 0:
        scores = [total / 9] * 9
    assert evaluation(agency, [0] * 9, scores).grade == grade


@override_settings(EVALUATION_GRADES="16:excellent,12:good,9:fair,6:average")
def test_the_floors_are_configurable(demo):
    agency = Agency.objects.get(code="000.00.03.H03")
    assert evaluation(agency, [2] * 6 + [1] * 3).grade == "Tốt"  # 15 < 16


def test_the_control_office_enters_it_in_the_admin(client, demo):
    controller = get_user_model().objects.get(username="stp.kiemsoat")
    client.force_login(controller)
    agency = Agency.objects.get(code="000.00.04.H03")
    data = {"agency": agency.pk, "year": 2023, "quarter": 2, "notes": ""}
    data |= {f"self_{i}": "2" for i in range(9)}
    data |= {f"verified_{i}": "1.5" for i in range(9)}
    response = client.post(reverse("admin:quality_agencyevaluation_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = AgencyEvaluation.objects.get()
    assert saved.self_total == 18 and saved.verified_total == 13.5 and saved.grade == "Tốt"
    half = dict(data, year=2024) | {f"verified_{i}": "" for i in range(1, 9)}
    refused = client.post(reverse("admin:quality_agencyevaluation_add"), half)
    assert refused.status_code == 200 and AgencyEvaluation.objects.count() == 1
    bad = dict(data, year=2025, self_0="3")
    assert client.post(reverse("admin:quality_agencyevaluation_add"), bad).status_code == 200
    assert AgencyEvaluation.objects.count() == 1


def test_the_public_board_shows_scores_and_ratings(client, receive):
    dossier = receive()
    owner = get_user_model().objects.create_user(username="a", password="b", kind="citizen")
    rated = Rating.objects.create(dossier=dossier, owner=owner, score="satisfied")
    evaluation(dossier.deciding_agency, [2] * 9, [1] * 9)
    day = timezone.localdate(rated.created_at)
    AgencyEvaluation.objects.update(year=day.year, quarter=(day.month - 1) // 3 + 1)
    page = client.get(
        reverse("portal:evaluations"), {"nam": day.year, "quy": (day.month - 1) // 3 + 1}
    )
    text = page.content.decode()
    assert dossier.deciding_agency.name in text and "18/18" in text and "9/18" in text
    assert "(100,0%)" in text
