"""The leaders' dashboard and the public statistics page."""

import pytest

from tests.dossiers.conftest import user
from tests.reports.test_statistics import month  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_the_public_page_shows_the_forms_counts_without_names(client, month):  # noqa: F811
    page = client.get("/thong-ke/", {"period": "2023-03"}).content.decode()
    assert 'data-testid="form"' in page and "Tiếp nhận trong kỳ" in page
    assert page.count('role="img"') == 1  # the trend chart, beside its table
    assert month["waiting"].code not in page and "Nguyễn Văn An" not in page
    bad = client.get("/thong-ke/", {"period": "2023-13"}).content.decode()
    assert "Ghi kỳ báo cáo dạng" in bad


def test_leaders_see_late_dossiers_indicators_and_the_reform_plan(client, month, stp):  # noqa: F811
    client.force_login(user("stp.lanhdao"))
    page = client.get("/bao-cao/", {"period": "2023-04"}).content.decode()
    assert 'data-testid="on-time-rate">50.0%<' in page  # April: one on time, one late
    assert "Sở Tư pháp tỉnh Bắc Kạn" in page and 'data-testid="ranking"' in page
    assert 'data-testid="indicator-total"' in page
    assert 'data-testid="reform-summary"' in page  # the demo's 2023 plan
    client.force_login(user("stp.motcua"))  # a one-stop officer does not read reports
    assert client.get("/bao-cao/").status_code == 403


def test_the_form_by_agency_downloads_and_adds_up(client, month):  # noqa: F811
    import io

    from openpyxl import load_workbook

    response = client.get("/thong-ke/xlsx/", {"period": "2023-04"})
    assert response.status_code == 200
    rows = [
        [c.value for c in r] for r in load_workbook(io.BytesIO(response.content)).active.iter_rows()
    ]
    assert "01/04/2023" in rows[0][0]
    agencies, total = rows[3:-1], rows[-1]
    assert agencies[0][0] == "Sở Tư pháp tỉnh Bắc Kạn"
    # April: 4 carried over; resolved 2 (1 on time, 1 late); 2 in progress, both overdue.
    assert total[1:] == [4, 4, 0, 0, 2, 0, 1, 1, 2, 0, 2]
    assert [sum(r[i] for r in agencies) for i in range(1, 12)] == total[1:]
