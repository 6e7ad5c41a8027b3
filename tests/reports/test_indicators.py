"""The Decision 766 indicators of a month: each numerator and denominator counted directly over
the dossiers it names, the points by the scoring rule, the ranking, the API."""

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token

from motcua.catalog.models import FollowUpDuty, ProcedureVersion
from motcua.dossiers.models import DigitizedCopy, Dossier
from motcua.reports import indicators, scoring, statistics
from motcua.reports.periods import calendar_period
from tests.dossiers.conftest import user
from tests.reports.test_statistics import month  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def by_id(card):
    return {v.indicator.id: v for v in card.values}


def test_each_indicator_is_counted_from_the_dossiers_it_names(month, stp):  # noqa: F811
    from motcua.dossiers import digitization

    digitization.digitize(  # the early one's result, kept as an electronic copy
        month["early"].code,
        data=b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        name="ket-qua.pdf",
        pages=1,
        user=user("stp.motcua"),
    )
    for key in ("2023-03", "2023-04"):
        start, end = statistics.bounds(calendar_period(key))
        values = by_id(indicators.scorecard(key, stp))
        dossiers = list(Dossier.objects.filter(deciding_agency=stp).select_related("version"))
        received = [d for d in dossiers if d.received_at and start <= d.received_at < end]
        resolved = [d for d in dossiers if d.resolved_at and start <= d.resolved_at < end]
        open_at_end = [
            d
            for d in dossiers
            if d.received_at
            and d.received_at < end
            and not (d.resolved_at and d.resolved_at < end)
            and d.state != 8
        ]
        on_time = [d for d in resolved if not d.late] + [
            d for d in open_at_end if not (d.legal_due_at and d.legal_due_at < end)
        ]
        assert (values["2.1"].numerator, values["2.1"].denominator) == (
            len(on_time),
            len(resolved) + len(open_at_end),
        ), key
        full = [d for d in received if d.version.online == "full"]
        assert values["3.x"].denominator == len(full)
        assert values["3.x"].numerator == len([d for d in full if d.channel == "online"])
        assert values["4.2"].denominator == len(received)
        with_result = {c.dossier_id for c in DigitizedCopy.objects.filter(kind="result")}
        reusing = {c.dossier_id for c in DigitizedCopy.objects.filter(reused_from__isnull=False)}
        assert (values["4.1"].numerator, values["4.1"].denominator) == (
            len([d for d in resolved if d.pk in with_result]),
            len(resolved),
        )
        assert values["4.4"].numerator == len(
            [d for d in received if d.pk in with_result | reusing]
        )
        if key == "2023-03":
            assert values["4.1"].numerator == 1
        late = [d for d in resolved if d.late] + [
            d for d in open_at_end if d.legal_due_at and d.legal_due_at < end
        ]
        assert values["5.4"].numerator == len(resolved) + len(open_at_end) - len(late)
        for value in values.values():
            if value.numerator is None or not value.denominator:
                assert value.points is None
            else:
                assert value.points == scoring.score(
                    value.numerator,
                    value.denominator,
                    value.indicator.max_points,
                    value.indicator.target,
                )
        # Province-only indicators have no score for an agency; data this system does not hold
        # has none anywhere.
        assert values["1.1"].points is None and values["1.4"].points is None


def test_the_province_scores_and_ranks_its_agencies(month, stp, api):  # noqa: F811
    card = indicators.scorecard("2023-03")
    assert card.total == sum(v.points for v in card.values if v.points is not None)
    assert sum(g["max"] for g in card.groups) == 100
    ranking = indicators.ranking("2023-03")
    assert [c.agency for c in ranking] == [stp]
    # The ranking counts every agency in grouped reads; each card says what the agency's own
    # scorecard says, and the province's whole is theirs together.
    fractions = {
        i: (v.numerator, v.denominator)
        for i, v in by_id(indicators.scorecard("2023-03", stp)).items()
    }
    assert {i: (v.numerator, v.denominator) for i, v in by_id(ranking[0]).items()} == fractions
    for i, value in by_id(card).items():
        if fractions[i] != (None, None):  # the month's dossiers are all the department's
            assert (value.numerator, value.denominator) == fractions[i], i
    body = api.get("/api/v1/indicators", {"month": "2023-03"}).json()
    assert body["ranking"][0]["agency"] == stp.code
    assert Decimal(str(body["total"])) == card.total
    ids = [row["id"] for row in body["indicators"]]
    assert "2.1" in ids and "5.4" in ids
    assert api.get("/api/v1/indicators", {"month": "2023-13"}).status_code == 400
    mine = api.get("/api/v1/indicators", {"month": "2023-03", "agency": stp.code}).json()
    assert mine["agency"] == stp.code and "ranking" not in mine


def test_a_count_drills_down_to_its_dossiers(month, stp, api):  # noqa: F811
    token, _ = Token.objects.get_or_create(user=user("stp.lanhdao"))
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    body = api.get(
        "/api/v1/statistics/dossiers/behind",
        {"count": "in_progress_overdue", "from": "2023-04-01", "to": "2023-04-30"},
    ).json()
    assert body["count"] == 2
    codes = {row["code"] for row in body["results"]}
    assert codes == {month["waiting"].code, month["online"].code}
    bad = api.get("/api/v1/statistics/dossiers/behind", {"count": "everything"})
    assert bad.status_code == 400
    api.credentials()
    assert api.get("/api/v1/statistics/dossiers/behind", {"count": "received"}).status_code in (
        401,
        403,
    )


def test_the_scoring_rule_of_w5():
    assert scoring.score(60, 100, 2, 80) == Decimal("1.50")


def test_a_nul_character_in_a_parameter_is_a_clear_error(api):
    for path in ("/api/v1/indicators", "/api/v1/statistics/dossiers"):
        for name in ("agency", "field", "procedure", "level"):
            response = api.get(path, {"month": "2023-03", "period": "2023-03", name: "a\x00b"})
            assert response.status_code == 400 and name in response.json()["fields"], (path, name)


def test_every_indicator_with_data_reconciles_with_the_lists_behind_it(month, stp):  # noqa: F811
    """Payments, ratings and feedback added to the month: each numerator and denominator equals
    a count made in Python over the rows it names, and equals the length of its drill-down list
    (for 3.5b, the number of procedures on it)."""
    from motcua.payments.models import Payment
    from motcua.quality.models import Feedback, Rating
    from tests.dossiers.conftest import moment
    from tests.reports.rows import feedback, paid

    for dossier, method, day in (
        (month["online"], Payment.Method.ONLINE, 16),
        (month["early"], Payment.Method.COUNTER, 2),
        (month["early"], Payment.Method.COUNTER, 3),  # paid twice: one dossier
    ):
        paid(dossier, method, moment(2023, 3, day, 10), sequence=day)
    Rating.objects.create(dossier=month["early"], owner=user("stp.motcua"), score="unsatisfied")
    Rating.objects.create(dossier=month["waiting"], owner=user("stp.motcua"), score="satisfied")
    for index, (answered, score) in enumerate(
        [(moment(2023, 3, 6, 9), "satisfied"), (moment(2023, 3, 29, 9), ""), (None, "")]
    ):
        feedback(
            stp,
            f"Phản ánh {index}",
            received=moment(2023, 3, 2, 9),
            due=moment(2023, 3, 16, 17),
            answered=answered,
            score=score,
        )
    # The decision publishing the month's procedure: its configuration done an hour early.
    duties = list(FollowUpDuty.objects.all())
    configure = next(d for d in duties if d.kind == "configure")
    configure.done_at = configure.due_at - dt.timedelta(hours=1)
    configure.save()
    period = calendar_period("2023-03")
    start, end = statistics.bounds(period)
    values = by_id(indicators.scorecard("2023-03"))
    due = [d for d in FollowUpDuty.objects.all() if start <= d.due_at < end]
    for indicator, kind in (("1.1", "sync"), ("1.2", "configure")):
        mine = [d for d in due if d.kind == kind]
        done = [d for d in mine if d.done_at and d.done_at <= d.due_at]
        assert (values[indicator].numerator, values[indicator].denominator) == (
            len(done),
            len(mine),
        ), indicator
    assert (values["1.2"].numerator, values["1.2"].denominator) == (1, 1)
    in_force = [
        v
        for v in ProcedureVersion.objects.filter(source="province", status="published")
        if (v.effective_from or dt.date.min) <= period.end <= (v.effective_to or dt.date.max)
    ]
    assert values["1.3"].denominator == len(in_force) == 1
    assert values["1.3"].numerator == len(
        [
            v
            for v in in_force
            if v.documents.exists() and v.time_limits.exists() and v.steps and v.result
        ]
    )
    paid = Payment.objects.filter(state="paid", paid_at__gte=start, paid_at__lt=end)
    assert (
        (values["3.6"].numerator, values["3.6"].denominator)
        == (
            len({p.dossier_id for p in paid if p.method == "online"}),
            len({p.dossier_id for p in paid}),
        )
        == (1, 2)
    )
    assert (values["3.5b"].numerator, values["3.5b"].denominator) == (
        len({p.dossier.procedure_id for p in paid if p.method == "online"}),
        len({p.dossier.procedure_id for p in paid}),
    )
    feedback = list(Feedback.objects.all())
    on_time = [f for f in feedback if f.answered_at and f.answered_at <= f.due_at]
    satisfied = [
        f for f in feedback if f.score != "unsatisfied" and (f.answered_at or end) <= f.due_at
    ]
    assert (values["5.2"].numerator, values["5.2"].denominator) == (len(on_time), 3) == (1, 3)
    assert values["5.3"].numerator == len(satisfied) == 1
    received = [d for d in Dossier.objects.all() if d.received_at and start <= d.received_at < end]
    reusing = {c.dossier_id for c in DigitizedCopy.objects.filter(reused_from__isnull=False)}
    assert values["4.3"].numerator == len([d for d in received if d.pk in reusing])
    # Every drill-down list is as long as the figure it explains.
    for value in values.values():
        drill = value.drill
        if drill is None:
            continue
        for figure, query in (
            (value.numerator, drill["numerator"]),
            (value.denominator, drill["denominator"]),
        ):
            if query is None:
                continue
            names = [
                part.split("=", 1)[1] for part in query.split("&") if part.startswith("count=")
            ]
            if set(names) <= set(indicators.CATALOG_NAMES):
                listed = indicators.catalog_behind(names[0], period).count()
            elif set(names) <= set(indicators.FEEDBACK_NAMES):
                listed = indicators.feedback_behind(names, period).count()
            else:
                rows = statistics.dossiers_behind(names, period)
                if "by=procedure" in query:
                    listed = rows.values("procedure").distinct().count()
                else:
                    listed = rows.count()
            assert listed == figure, (value.indicator.id, query)
