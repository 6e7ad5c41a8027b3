"""The demo catalog states the reform report's figures for the first half of 2023."""

import datetime as dt

import pytest

from motcua.catalog import selectors
from motcua.demo import catalog

pytestmark = pytest.mark.django_db


def test_h1_2023_statistics_equal_the_report(demo, api):
    assert catalog.load() is True
    stats = selectors.catalog_statistics(dt.date(2023, 1, 1), dt.date(2023, 6, 30))
    assert stats["decisions"] == 31
    procedures = stats["procedures"]
    assert procedures["total"] == 519
    assert procedures["new"] == 14
    assert procedures["amended"] + procedures["replaced"] == 448
    assert procedures["abolished"] == 57
    # The same figures through the API integrators use.
    body = api.get("/api/v1/catalog/statistics", {"from": "2023-01-01", "to": "2023-06-30"}).json()
    assert body["decisions"] == 31 and body["procedures"]["total"] == 519
    # The province's list changed accordingly: 505 before, 505 + 14 + 8 − 57 − 8 after, besides
    # the 219 procedures of the justice sector published in December 2022 and left unchanged.
    assert selectors.catalog_size(dt.date(2022, 12, 31))["total"] == 505 + 219
    assert selectors.catalog_size(dt.date(2023, 6, 30))["total"] == 462 + 219
    # Civil status at the commune is in the list, and some procedures are fully online.
    on = dt.date(2023, 6, 30)
    assert selectors.province_version_of("1.001193", on).name == "Thủ tục đăng ký khai sinh"
    online = selectors.versions_in_force(on, source="province").values_list("online", flat=True)
    assert {"full", "partial", "none"} <= set(online)
    # Loading again changes nothing.
    assert catalog.load() is False
