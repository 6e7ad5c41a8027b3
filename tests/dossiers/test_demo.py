"""The demo dossiers: made through the service layer, every waiting state present, each journal
replaying to its dossier."""

import io

import pytest
from django.utils import timezone

from motcua.demo import catalog, dossiers
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier, State

pytestmark = pytest.mark.django_db


def test_the_demo_has_counter_and_online_dossiers(demo):
    # One test: loading the demo catalog takes a while, and both stories stand on it.
    catalog.load()
    counter_dossiers_in_every_state()
    online_dossiers_paid_and_rated()
    the_year_at_volume()
    scans_read_and_found()


def scans_read_and_found() -> None:
    """A few counter scans are pictures, read into searchable PDFs the desk finds by their words."""
    from motcua.core.text import fold
    from motcua.demo import scans
    from motcua.dossiers import ocr
    from motcua.dossiers.models import DigitizedCopy

    assert scans.load() == scans.HOW_MANY
    read = DigitizedCopy.objects.filter(name__startswith="ban-quet-")
    assert {c.ocr_state for c in read} == {"done"} and all(c.searchable for c in read)
    some = read.select_related("dossier").first()
    words = " ".join(fold(some.dossier.applicant_name).split()[-2:])
    assert some in ocr.search(DigitizedCopy.objects.all(), f"cong hoa {words}")
    assert scans.load() == 0


def counter_dossiers_in_every_state() -> None:
    made = dossiers.load()
    assert 250 <= made == Dossier.objects.count()
    states = set(Dossier.objects.values_list("state", flat=True))
    assert states >= set(State) - {State.SUBMITTED}  # online submissions come next
    assert Dossier.objects.filter(late=True).exists()
    assert Dossier.objects.filter(apologies__gt=0).exists()
    for dossier in Dossier.objects.order_by("?")[:40]:
        assert selectors.replay(dossier) == (dossier.state, dossier.due_at)
    assert not Dossier.objects.filter(events__at__year__gt=2023).exists()
    assert dossiers.load() == 0  # loading again changes nothing


def online_dossiers_paid_and_rated() -> None:
    from motcua.demo import online
    from motcua.payments.models import Payment
    from motcua.payments.reconcile import reconcile
    from motcua.quality.models import Feedback, Rating

    made = online.load()
    mine = Dossier.objects.filter(owner__username="congdan@motcua.vn", channel="online")
    assert made == mine.count() >= 5
    assert {State.SUBMITTED, State.PAYMENT, State.RETURNED} <= set(
        mine.values_list("state", flat=True)
    )
    paid = Payment.objects.filter(method="online", state="paid")
    assert paid.exists() and not any(reconcile(timezone.localdate(p.paid_at)) for p in paid)
    assert Rating.objects.filter(dossier__in=mine).exists()
    assert Feedback.objects.filter(answered_at__isnull=False, score="satisfied").exists()
    assert not mine.filter(events__at__year__gt=2023).exists()
    for dossier in mine:
        assert selectors.replay(dossier) == (dossier.state, dossier.due_at)
    returned_online_have_their_result_to_download(mine.filter(state=State.RETURNED))
    assert online.load() == 0


def returned_online_have_their_result_to_download(returned) -> None:
    """Asked for online, the result is issued electronically: the applicant's page offers it,
    and says when the time limit started rather than calling the submission "received"."""
    import re

    from django.test import Client

    client = Client()
    client.force_login(returned.first().owner)
    assert returned.count() >= 2
    for dossier in returned:
        page = client.get(f"/portal/ho-so/{dossier.code}/").content.decode()
        links = re.findall(r'href="([^"]+)" data-testid="result-file"', page)
        assert len(links) == 1, dossier.code
        assert "Thời hạn tính từ" in page and "Thời điểm tiếp nhận" not in page
        result = client.get(links[0])
        assert result.status_code == 200
        body = b"".join(result.streaming_content)
        assert body.startswith(b"%PDF") and len(body) > 1000
        # Signed by the department (the demo's test authority), and checked as such.
        from motcua.dossiers import results

        verdict = results.verify_file(body)
        assert verdict.issued_here and verdict.signature_valid and verdict.test
        assert verdict.dossier == dossier.code and verdict.signed_by == dossier.deciding_agency.name


def the_year_at_volume() -> None:
    """The whole year at every desk, small: lifecycles through the services, then copies moved
    by whole weeks, each of which must replay from its journal like one the services wrote."""
    from motcua.demo import volume
    from motcua.reports import periods, statistics
    from tests.reports.test_statistics import direct

    before = Dossier.objects.count()
    made = volume.load(scale=0.02, lifecycles=60, least=1)
    year = Dossier.objects.filter(pk__gt=Dossier.objects.order_by("pk")[before - 1].pk)
    assert made == year.count() > 2000
    levels = set(year.values_list("deciding_agency__level", flat=True))
    assert levels == {"department", "district", "commune"}
    months = {
        timezone.localdate(at).month for at in year.values_list("received_at", flat=True) if at
    }
    assert months == set(range(1, 13))
    # Copies have no account; each replays to its state and appointment.
    copies = year.filter(owner__isnull=True).order_by("?")[:200]
    for dossier in copies:
        assert selectors.replay(dossier) == (dossier.state, dossier.due_at), dossier.code
    assert year.filter(late=True).exists() and year.filter(state=State.STOPPED).exists()
    assert year.filter(channel="online", owner__isnull=False).exists()
    assert year.filter(digitized=True, channel="direct").exists()
    # Whatever made them, the year's figures are the ones counted dossier by dossier.
    period = periods.calendar_period("2023")
    counts = statistics.dossier_statistics(period)
    expected = direct(period, list(Dossier.objects.prefetch_related("events", "scans")))
    assert {k: counts[k] for k in expected} == expected
    assert volume.load(scale=0.02, lifecycles=60, least=1) == 0  # loading again changes nothing


def test_the_2026_era_loads_without_a_2023_demo_before_it(settings, tmp_path):
    """``load_demo --era 2026`` on a database with nothing but the territory tells the 2023 year
    first, then closes the Bắc Kạn agencies on the reform day — not the other way round, which
    left their staff unable to receive the 2023 dossiers — and a second run changes nothing."""
    from django.core.management import call_command

    from motcua.agencies.models import Agency

    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", era="2026", volume=0, stdout=io.StringIO())
    assert Dossier.objects.filter(received_at__year=2023).count() >= 250
    closed = Agency.objects.get(code="000.00.04.H03")  # the Bắc Kạn planning department
    assert closed.valid_to is not None and closed.valid_to.isoformat() == "2025-06-30"
    today_s_province(Agency)
    count = Dossier.objects.count()
    call_command("load_demo", era="2026", volume=0, stdout=io.StringIO())
    assert Dossier.objects.count() == count


def today_s_province(Agency) -> None:
    """Thái Nguyên from 01/07/2025 to today: its list, dossiers at its centre and communes under
    Decree 118, this month's among them, its 2026 plans, and the dashboards showing them."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.test import Client

    from motcua.catalog.models import PublicationDecision
    from motcua.dossiers import slips
    from motcua.reform.models import ReformPlan
    from motcua.reviews.models import Review, ReviewPlan

    reform = PublicationDecision.objects.get(number=catalog.REFORM_DECISION)
    assert reform.effective_from == dt.date(2025, 7, 1)
    assert reform.items.count() >= 600 and reform.issuer.code == "000.00.00.H55"
    now = Dossier.objects.filter(deciding_agency__code__endswith=".H55")
    assert now.count() >= 60
    assert not now.filter(received_at__date__lt=dt.date(2025, 7, 1)).exists()
    assert {d.regime for d in now} == {"nd118-2025"}
    # Two tiers: the departments and the communes decide; nothing at a district.
    levels = set(now.values_list("deciding_agency__level", flat=True))
    assert levels <= {"department", "commune"} and "commune" in levels
    assert not Agency.objects.valid_on(timezone.localdate()).filter(level="district").exists()
    # The communes take the Ministry of Justice's commune procedures, among others.
    assert now.filter(receiving_agency__level="commune", procedure__code__in=_justice_codes())
    assert now.filter(channel="online").exists() and now.filter(state=State.RETURNED).exists()
    # This month has its dossiers, as a desk's queue has today.
    month = timezone.localdate().replace(day=1)
    assert (
        now.filter(created_at__date__gte=month).exists()
        or now.filter(received_at__date__gte=month).exists()
    )
    # Forms by the receipt day: before 15/09/2025 the 2018 circular's, after it the 2025 one's.
    for dossier in now.exclude(received_at=None).order_by("received_at")[:200]:
        html = slips.render(dossier, "receipt").html
        wanted = (
            "03/2025/TT-VPCP"
            if dossier.received_at.date() >= dt.date(2025, 9, 15)
            else ("01/2018/TT-VPCP")
        )
        assert wanted in html, dossier.code
    assert ReformPlan.objects.filter(number__startswith="15/KH-UBND").exists()
    assert ReviewPlan.objects.filter(year=2026).exists()
    assert Review.objects.filter(plan__year=2026, cost_basis="per_dossier").exists()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="tn.stp.lanhdao"))
    page = client.get("/bao-cao/", {"period": str(timezone.localdate().year)})
    assert page.status_code == 200 and "Thái Nguyên" in page.content.decode()
    assert client.get("/bao-cao/", {"period": "2025-H2"}).status_code == 200
    assert client.get("/cai-cach/").status_code == 200


def _justice_codes() -> set[str]:
    import gzip
    import json
    from pathlib import Path

    path = Path(catalog.JUSTICE)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {json.loads(line)["ma_thu_tuc"] for line in fh}
