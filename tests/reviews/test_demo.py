"""The demo's 2023 review states the reform report's figures."""

import datetime as dt

import pytest

from motcua.demo import catalog, reviews
from motcua.reviews import selectors
from motcua.reviews.models import ReviewPlan, SimplificationPlan

pytestmark = pytest.mark.django_db


def test_h1_2023_review_figures_equal_the_report(demo, api, client):
    catalog.load()
    assert reviews.load() == 92
    stats = selectors.statistics(dt.date(2023, 1, 1), dt.date(2023, 6, 30))
    assert stats["procedures_reviewed"] == 92
    assert stats["recommendations"] == 73
    assert stats["plans_approved"] == 1
    assert stats["recommendations_in_approved_plans"] == 73
    assert stats["by_kind"]["abolish"] == 3
    assert sum(stats["by_kind"].values()) == 73
    assert 0 < stats["cost_after"] < stats["cost_before"]
    assert stats["drafts"]["drafts"] == 2 and stats["drafts"]["answered"] == 1
    # The same figures through the API integrators use.
    body = api.get("/api/v1/reviews/statistics", {"from": "2023-01-01", "to": "2023-06-30"})
    assert body.json()["procedures_reviewed"] == 92 and body.json()["recommendations"] == 73
    # Every assignment of the plan is done on time.
    plan = ReviewPlan.objects.get(number=reviews.PLAN_NUMBER)
    states = {s.state for s in selectors.assignment_statuses(plan, today=dt.date(2023, 7, 1))}
    assert states == {"done"}
    year = selectors.statistics(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert year["outcomes"]["accepted"] == 12 and year["outcomes"]["rejected"] == 2
    # The control office's pages show the same figures.
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="stp.kiemsoat"))
    page = client.get("/ra-soat/", {"year": 2023}).content.decode()
    assert 'data-testid="procedures-reviewed">92<' in page
    assert 'data-testid="recommendations">73<' in page
    approved = SimplificationPlan.objects.get(decision_number=reviews.APPROVAL[0])
    page = client.get(f"/ra-soat/phuong-an/{approved.pk}/").content.decode()
    assert page.count('data-testid="plan-recommendation"') == 73
    assert reviews.load() == 0  # loading again changes nothing
