"""The periodic reform report's figures for the first half of 2023 on the demo data are the seed
report's."""

import datetime as dt

import pytest

from motcua.demo import catalog, dossiers, reviews
from motcua.dossiers.models import Dossier
from motcua.reports.periods import calendar_period
from motcua.reports.statistics import bounds

pytestmark = pytest.mark.django_db


def test_h1_2023_quotes_the_seed_report(demo, api):
    catalog.load()
    reviews.load()
    dossiers.load()
    body = api.get("/api/v1/reports/reform", {"period": "2023-H1"}).json()
    assert body["period"] == {"from": "2023-01-01", "to": "2023-06-30", "key": "2023-H1"}
    published = body["catalog"]
    assert (published["decisions"], published["procedures"]) == (31, 519)
    assert (published["new"], published["amended_or_replaced"], published["abolished"]) == (
        14,
        448,
        57,
    )
    plan = body["reform"]
    assert (plan["tasks"], plan["done"], plan["in_progress"], plan["not_started"]) == (66, 2, 63, 1)
    assert plan["objectives"] == 40 and plan["unit_plans"]["filed"] == 27
    assert body["reviews"]["procedures_reviewed"] == 92
    assert body["reviews"]["recommendations"] == 73
    # The dossier figures are those of the demo's counters, counted directly.

    start, end = bounds(calendar_period("2023-H1"))
    received = Dossier.objects.filter(received_at__gte=start, received_at__lt=end).count()
    assert received > 200 and body["dossiers"]["received"] == received
    resolved = Dossier.objects.filter(resolved_at__gte=start, resolved_at__lt=end)
    assert body["dossiers"]["resolved_late"] == resolved.filter(late=True).count()
    assert dt.date.fromisoformat(body["dossiers"]["period"]["to"]) == dt.date(2023, 6, 30)
    assert api.get("/api/v1/reports/reform", {"period": "2023-H3"}).status_code == 400
