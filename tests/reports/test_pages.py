"""The leaders' dashboard and the public statistics page."""

import pytest

from tests.dossiers.conftest import moment, user
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
    assert 'data-testid="on-time-rate">50,0%<' in page  # April: one on time, one late
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
    body, total = rows[3:-1], rows[-1]
    agencies = [r for r in body if not r[0].startswith("Cộng")]
    subtotals = [r for r in body if r[0].startswith("Cộng")]
    assert agencies[0][0] == "Sở Tư pháp tỉnh Bắc Kạn"
    assert subtotals[0][0] == "Cộng: Sở, ban, ngành" and body[1] == subtotals[0]
    # April: 4 carried over; resolved 2 (1 on time, 1 late); 2 in progress, both overdue.
    assert total[1:] == [4, 4, 0, 0, 2, 0, 1, 1, 2, 0, 2]
    assert [sum(r[i] for r in agencies) for i in range(1, 12)] == total[1:]
    assert [sum(r[i] for r in subtotals) for i in range(1, 12)] == total[1:]


def test_every_figure_lists_the_dossiers_behind_it(client, month, stp):  # noqa: F811
    import re

    client.force_login(user("stp.lanhdao"))
    page = client.get("/bao-cao/", {"period": "2023-04"}).content.decode()
    # The late one: the form's row, then the agency's row, both lead to it alone.
    link = re.search(r'href="([^"]+)" data-testid="behind-resolved_late"', page).group(1)
    late = client.get(link.replace("&amp;", "&")).content.decode()
    assert 'data-testid="behind-count">1 hồ sơ<' in late and month["late"].code in late
    assert month["on_time"].code not in late
    by_agency = client.get(
        "/bao-cao/ho-so/",
        {"count": "resolved_late", "agency": stp.code, "period": "2023-04"},
    ).content.decode()
    assert month["late"].code in by_agency and "Sở Tư pháp" in by_agency
    # Indicator 2.1 of April: early or on time among those handled, as two lists.
    on_time = client.get(
        "/bao-cao/ho-so/",
        {
            "count": ["resolved_early", "resolved_on_time", "in_progress_on_time"],
            "period": "2023-04",
        },
    ).content.decode()
    assert month["on_time"].code in on_time and month["late"].code not in on_time
    # A figure that does not exist, or an unknown agency: a clear error, nothing listed.
    bad = client.get("/bao-cao/ho-so/", {"count": "everything", "period": "2023-04"})
    assert bad.status_code == 400 and "Chọn một số liệu" in bad.content.decode()
    bad = client.get("/bao-cao/ho-so/", {"count": "received", "agency": "X"})
    assert bad.status_code == 400
    # The public page names no dossier and links to none.
    client.logout()
    assert "/bao-cao/ho-so/" not in client.get("/thong-ke/", {"period": "2023-04"}).content.decode()
    assert client.get("/bao-cao/ho-so/", {"count": "received"}).status_code == 302


def test_payment_feedback_and_satisfaction_indicators_drill_down(client, month, stp):  # noqa: F811
    """3.5b lists procedures, 3.6 the paid dossiers, 5.2/5.3 the feedback, and 5.4 its
    denominator and the two lists it subtracts — each list as long as the figure it explains."""
    import re

    from motcua.payments.models import Payment
    from motcua.quality.models import Rating
    from motcua.reports import indicators
    from tests.reports.rows import feedback, paid

    paid(month["online"], Payment.Method.ONLINE, moment(2023, 3, 16, 10))
    paid(month["early"], Payment.Method.COUNTER, moment(2023, 3, 2, 10))
    Rating.objects.create(dossier=month["early"], owner=user("stp.motcua"), score="unsatisfied")
    for title, answered, score in (
        ("Trả lời đúng hạn", moment(2023, 3, 6, 9), "satisfied"),
        ("Trả lời muộn", moment(2023, 3, 29, 9), ""),
    ):
        feedback(
            stp,
            title,
            received=moment(2023, 3, 2, 9),
            due=moment(2023, 3, 16, 17),
            answered=answered,
            score=score,
        )
    client.force_login(user("stp.lanhdao"))
    card = {v.indicator.id: v for v in indicators.scorecard("2023-03").values}
    assert (card["3.6"].numerator, card["3.6"].denominator) == (1, 2)
    assert (card["5.2"].numerator, card["5.2"].denominator) == (1, 2)
    assert (card["5.3"].numerator, card["5.3"].denominator) == (1, 2)
    page = client.get("/bao-cao/", {"period": "2023-03"}).content.decode()

    def cell_links(indicator: str) -> list[str]:
        row = re.search(rf'<tr data-indicator="{re.escape(indicator)}">(.*?)</tr>', page).group(1)
        return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', row)]

    def listed(link: str) -> str:
        response = client.get(link)
        assert response.status_code == 200, link
        return response.content.decode()

    paid_online, paid = cell_links("3.6")
    assert month["online"].code in listed(paid_online)
    assert month["early"].code not in listed(paid_online)
    assert 'behind-count">2 hồ sơ<' in listed(paid)
    procedures_online, procedures_paid = cell_links("3.5b")
    assert 'behind-count">1 thủ tục<' in listed(procedures_online)
    assert month["online"].procedure.code in listed(procedures_paid)
    on_time, received = cell_links("5.2")
    assert "Trả lời đúng hạn" in listed(on_time) and "Trả lời muộn" not in listed(on_time)
    assert 'behind-count">2 phản ánh, kiến nghị<' in listed(received)
    satisfied, _received = cell_links("5.3")
    assert "Trả lời muộn" not in listed(satisfied)
    # 5.4: handled less late less unsatisfied; the unsatisfied list holds the rated dossier.
    late, unsatisfied, handled = cell_links("5.4")
    assert month["early"].code in listed(unsatisfied)
    assert 'behind-count">1 hồ sơ<' in listed(late) and month["online"].code in listed(late)
    handled_count = card["5.4"].denominator
    assert f'behind-count">{handled_count} hồ sơ<' in listed(handled)
    # The catalog's indicators list the decision's follow-up duties and the procedures.
    (sync_due,) = cell_links("1.1")  # none done yet: only the denominator is a link
    assert 'behind-count">1 nhiệm vụ sau công bố<' in listed(sync_due)
    assert "100/QĐ-UBND" in listed(sync_due)
    in_force = cell_links("1.3")[-1]
    assert month["online"].procedure.code in listed(in_force)
    # A procedure's row lists its dossiers.
    per_procedure = re.search(r'href="(\?[^"]*procedure=[^"]+)"', listed(procedures_paid))
    assert per_procedure and "by=procedure" not in per_procedure.group(1)


def test_the_pages_open_on_the_last_year_with_dossiers(client, month):  # noqa: F811
    # The dossiers are of 2023: the pages open there, not on this year's empty page.
    page = client.get("/thong-ke/").content.decode()
    assert 'value="2023"' in page and "01/01/2023" in page
    client.force_login(user("stp.lanhdao"))
    assert "01/01/2023" in client.get("/bao-cao/").content.decode()


def test_long_lists_of_agencies_open_on_demand(client, stp):
    """A province has a hundred agencies: the dashboard shows the ten with the most late and
    keeps the rest one click away, instead of a page thousands of pixels long."""
    import datetime as dt

    from motcua.agencies.models import Agency
    from motcua.dossiers.models import DailyCount

    agencies = list(Agency.objects.order_by("code")[:15])
    for index, agency in enumerate(agencies):
        DailyCount.objects.create(
            day=dt.date(2023, 4, 10), agency=agency, received=20, resolved=20, resolved_late=index
        )
    client.force_login(user("stp.lanhdao"))
    page = client.get("/bao-cao/", {"period": "2023-04"}).content.decode()
    shown = page.split('data-testid="agencies"')[1].split("</table>")[0]
    folded = page.split('data-testid="agencies-all"')[1].split("</details>")[0]
    assert shown.count("<tr>") == 1 + 10 and folded.count("<tr>") == 1 + 5
    assert "Xem tất cả 15 cơ quan" in folded
    assert agencies[-1].name in shown and agencies[0].name in folded  # most late first
