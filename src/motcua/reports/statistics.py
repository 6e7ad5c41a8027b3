"""Dossier statistics for a period and a scope, named as in the official reporting form
(domain/README.md §8.5; API-CONTRACT.md ``statistics/dossiers``).

A dossier counts where its deciding agency is. "Received" means accepted as complete (the clock
started); a dossier refused at reception is counted as refused, never as received. Within the
period [start, end]:

* carried_over — received before the start, neither resolved nor stopped before it;
* received — received in the period (counter / online / post);
* resolved — result recorded in the period: late when the legal deadline had passed (whatever a
  new appointment said), early when recorded on a day before the appointment day, else on time;
* in_progress — received by the end, neither resolved nor stopped by then: overdue when its legal
  deadline passed before the end, else within time;
* refused, withdrawn (stopped at the applicant's request), returned — events in the period.

Every fact a count needs is a column of the dossier that the services keep (``refused_at``,
``stopped_at``, ``early``, ``late``, ``digitized``, ``reused``): a report is one pass over the
dossiers, without the journal.

So that carried_over + received = resolved + withdrawn_after_receipt + in_progress, which the
tests check on every run.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.catalog.models import Channel, ProcedureVersion
from motcua.core import request_cache
from motcua.dossiers import tally
from motcua.dossiers.models import DailyCount, Dossier
from motcua.national.models import SyncState
from motcua.payments.models import Payment
from motcua.quality.models import Rating
from motcua.reports.periods import Period, calendar_period


@dataclass(frozen=True)
class Scope:
    """Which dossiers: an agency (the deciding one), an agency level, a field, a procedure."""

    agency: Agency | None = None
    level: str = ""
    field_id: int | None = None
    procedure_code: str = ""

    def apply(self, dossiers: QuerySet, via: str = "") -> QuerySet:
        """``dossiers`` in the scope; ``via`` is the path to the dossier from another model
        ("dossier__" for payments and ratings): a join, not a subquery over every dossier."""
        if self.agency is not None:
            dossiers = dossiers.filter(**{f"{via}deciding_agency": self.agency})
        if self.level:
            dossiers = dossiers.filter(**{f"{via}deciding_agency__level": self.level})
        if self.field_id:
            dossiers = dossiers.filter(**{f"{via}version__field_id": self.field_id})
        if self.procedure_code:
            dossiers = dossiers.filter(**{f"{via}procedure__code": self.procedure_code})
        return dossiers


def year_with_data(today: dt.date) -> int:
    """The year the dashboards open on: this one when it has dossiers, else the last that has
    (a province connected last year, the demo's 2023), never an empty page by default."""
    last = Dossier.objects.aggregate(last=Max("received_at"))["last"]
    if last is None:
        return today.year
    return min(today.year, timezone.localtime(last).year)


def bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period as [start, end) moments in local time."""
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=local)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=local)
    return start, end


def annotated(scope: Scope) -> QuerySet[Dossier]:
    """The dossiers of ``scope`` (every fact a count needs is a column of the dossier)."""
    return scope.apply(Dossier.objects.all())


def filters(start: dt.datetime, end: dt.datetime) -> dict[str, Q]:
    """Each count of the form as a condition on one dossier (also serves the drill-down)."""
    received = Q(received_at__gte=start, received_at__lt=end)
    resolved = Q(resolved_at__gte=start, resolved_at__lt=end)
    open_at_start = (
        Q(received_at__lt=start)
        & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=start))
        & (Q(stopped_at__isnull=True) | Q(stopped_at__gte=start))
    )
    open_at_end = (
        Q(received_at__lt=end)
        & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=end))
        & (Q(stopped_at__isnull=True) | Q(stopped_at__gte=end))
    )
    late = resolved & Q(late=True)
    early = resolved & Q(early=True)
    online = received & Q(channel=Channel.ONLINE)
    return {
        "carried_over": open_at_start,
        "received": received,
        "received_direct": received & Q(channel=Channel.DIRECT),
        "received_online": online,
        "received_post": received & Q(channel=Channel.POST),
        "resolved": resolved,
        "resolved_early": early,
        "resolved_on_time": resolved & Q(late=False, early=False),
        "resolved_late": late,
        "in_progress": open_at_end,
        "in_progress_on_time": open_at_end
        & (Q(legal_due_at__isnull=True) | Q(legal_due_at__gte=end)),
        "in_progress_overdue": open_at_end & Q(legal_due_at__lt=end),
        "refused": Q(refused_at__gte=start, refused_at__lt=end),
        "withdrawn": Q(stopped_at__gte=start, stopped_at__lt=end),
        "withdrawn_after_receipt": Q(stopped_at__gte=start, stopped_at__lt=end)
        & Q(received_at__isnull=False),
        "returned": Q(returned_at__gte=start, returned_at__lt=end),
        "received_full": received & Q(version__online=ProcedureVersion.Online.FULL),
        "online_full": online & Q(version__online=ProcedureVersion.Online.FULL),
        "online_partial": online & Q(version__online=ProcedureVersion.Online.PARTIAL),
        "digitized": received & Q(digitized=True),
        "reused": received & Q(reused=True),
        "e_result": resolved & Q(result_digitized=True),
        "shared": received & (Q(reused=True) | Q(result_digitized=True)),
    }


def through_payments_and_ratings(start: dt.datetime, end: dt.datetime) -> dict[str, Q]:
    """The counts made from a dossier's payments and ratings, as conditions on the dossier —
    for the drill-down; the figures themselves are grouped over the payments and ratings
    (``_with_payments_and_ratings``, the indicators' ``_dossier_counts``)."""
    paid = Payment.objects.filter(
        dossier=OuterRef("pk"), state=Payment.State.PAID, paid_at__gte=start, paid_at__lt=end
    )
    unsatisfied = Rating.objects.filter(dossier=OuterRef("pk"), score=Rating.Score.UNSATISFIED)
    synchronised = SyncState.objects.filter(
        dossier=OuterRef("pk"), first_acknowledged_at__isnull=False
    )
    return {
        # Indicator 1.4: received in the period and acknowledged by the national portal.
        "synchronised": Q(received_at__gte=start, received_at__lt=end) & Q(Exists(synchronised)),
        "paid": Q(Exists(paid)),
        "paid_online": Q(Exists(paid.filter(method=Payment.Method.ONLINE))),
        # Indicator 5.4: received in the period and rated unsatisfied (whenever rated).
        "rated_unsatisfied": Q(received_at__gte=start, received_at__lt=end)
        & Q(Exists(unsatisfied)),
    }


# Counts the indicators use (3.x, 4.1, 4.4) that the reporting form does not show.
DRILL_ONLY = frozenset({"received_full", "e_result", "shared"})


def _filter_names() -> list[str]:
    return list(_names_once())


@functools.cache
def _names_once() -> tuple[str, ...]:  # they do not depend on the moment
    now = timezone.now()
    return tuple(filters(now, now))


def count_names() -> list[str]:
    """The names of the report's counts."""
    return [name for name in _filter_names() if name not in DRILL_ONLY]


def drill_names() -> list[str]:
    """What ``dossiers_behind`` accepts: every count, the payments' counts, and a few parts of
    indicators."""
    now = timezone.now()
    return _filter_names() + list(through_payments_and_ratings(now, now))


def dossier_statistics(period: Period, scope: Scope | None = None) -> dict:
    """The reporting form's counts for the period and the scope."""
    counts = _statistics(period, scope or Scope())[None]
    return {name: value for name, value in counts.items() if name not in DRILL_ONLY}


def by_agency(period: Period, scope: Scope | None = None) -> dict[int, dict]:
    """The counts (and the indicators' extra ones) for each deciding agency, in one pass
    (agencies with nothing to count are left out)."""
    rows = _statistics(period, scope or Scope(), grouped=True)
    rows.pop(None)
    return rows


@request_cache.once_by_agency  # a dashboard shows them in its form, by agency, as indicators
def _statistics(period: Period, scope: Scope, grouped: bool = False) -> dict[int | None, dict]:
    """The counts for the scope (key ``None``) and, when ``grouped``, for each deciding agency:
    from the day book for the province, an agency or a level; over the dossiers themselves for
    a field or a procedure (the day book does not split by them). Then payments and ratings."""
    if scope.field_id or scope.procedure_code:
        out = _counted_over_dossiers(period, scope, grouped)
    else:
        out = _counted_from_day_book(period, scope, grouped)
    return _with_payments_and_ratings(out, period, scope, grouped)


FLOWS = [c for c in tally.COLUMNS if c not in ("due", "due_closed")]  # counted as they are


def _day_book(scope: Scope) -> QuerySet[DailyCount]:
    rows = DailyCount.objects.all()
    if scope.agency is not None:
        rows = rows.filter(agency=scope.agency)
    if scope.level:
        rows = rows.filter(agency__level=scope.level)
    return rows


def _sums(rows: QuerySet) -> list[dict]:
    """The rows of a ``values(…).annotate(Sum(…))`` read of whole numbers, as the database
    sends them: Django's conversion calls ``int()`` on every sum of every row (a dashboard reads
    some 500 rows of twenty sums: 10–15 ms), and the database's sums are whole numbers already."""
    query = rows.query
    sql, params = query.get_compiler(rows.db).as_sql()
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _counted_from_day_book(period: Period, scope: Scope, grouped: bool) -> dict[int | None, dict]:
    start, after = period.start, period.end + dt.timedelta(days=1)
    rows = _day_book(scope)
    # Two reads: the period's days (the flows), and every day before it summed into the two
    # stocks at its start — open, and open past the legal deadline.
    within = rows.filter(day__gte=start, day__lt=after)
    flows = {c: Sum(c) for c in tally.COLUMNS}
    before = rows.filter(day__lt=start)
    stocks = {
        "open": Sum(F("received") - F("resolved") - F("withdrawn_after_receipt")),
        "overdue": Sum(F("due") - F("due_closed")),
    }
    if grouped:
        found: dict[int | None, dict] = {}
        for row in _sums(within.values("agency").annotate(**flows).order_by()):
            found[row.pop("agency")] = row
        for row in _sums(before.values("agency").annotate(**stocks).order_by()):
            found.setdefault(row.pop("agency"), {}).update(row)
        found[None] = _summed(found.values())  # every line is one agency's: no second read
    else:
        found = {None: within.aggregate(**flows) | before.aggregate(**stocks)}
    out = {}
    for key, found_n in found.items():
        n = dict.fromkeys((*tally.COLUMNS, "open", "overdue"), 0)
        n |= {name: value or 0 for name, value in found_n.items()}
        counts = {c: n[c] for c in FLOWS}
        counts["resolved_on_time"] = (
            counts["resolved"] - counts["resolved_early"] - counts["resolved_late"]
        )
        counts["carried_over"] = n["open"]
        counts["in_progress"] = (
            n["open"] + n["received"] - n["resolved"] - n["withdrawn_after_receipt"]
        )
        counts["in_progress_overdue"] = n["overdue"] + n["due"] - n["due_closed"]
        counts["in_progress_on_time"] = counts["in_progress"] - counts["in_progress_overdue"]
        out[key] = {name: counts[name] for name in _filter_names()}
    return out


def _counted_over_dossiers(period: Period, scope: Scope, grouped: bool) -> dict[int | None, dict]:
    start, end = bounds(period)
    # Only the dossiers the period can touch: received (or refused, or stopped) before its end.
    dossiers = annotated(scope).filter(
        Q(received_at__lt=end) | Q(refused_at__lt=end) | Q(stopped_at__lt=end)
    )
    names = filters(start, end)
    # Aliased: a count named like a column (digitized, reused) would hide the column from the
    # conditions after it.
    counts = {f"n_{name}": Count("pk", filter=condition) for name, condition in names.items()}
    out: dict[int | None, dict] = {None: dossiers.aggregate(**counts)}
    if grouped:
        for row in dossiers.values("deciding_agency").annotate(**counts).order_by():
            out[row.pop("deciding_agency")] = row
    return {key: {k.removeprefix("n_"): v for k, v in row.items()} for key, row in out.items()}


def _with_payments_and_ratings(
    out: dict[int | None, dict], period: Period, scope: Scope, grouped: bool
) -> dict[int | None, dict]:
    start, end = bounds(period)
    paid = scope.apply(
        Payment.objects.filter(state=Payment.State.PAID, paid_at__gte=start, paid_at__lt=end),
        via="dossier__",
    )
    # Each a count of distinct dossiers, all of one table read in one pass.
    paying = {
        "paid": Count("dossier", distinct=True),
        "paid_online": Count("dossier", distinct=True, filter=Q(method="online")),
    }
    by_agency = counts_by_agency(paid, paying, grouped, agency="deciding_agency", additive=True)
    for agency, counts in by_agency.items():
        if agency in out:
            out[agency].update(counts)
    ratings = scope.apply(
        Rating.objects.filter(created_at__gte=start, created_at__lt=end), via="dossier__"
    )
    scores = {
        score: Count("dossier", distinct=True, filter=Q(score=score))
        for score in Rating.Score.values
    }
    for agency, counts in counts_by_agency(ratings, scores, grouped, additive=True).items():
        if agency in out:
            out[agency]["ratings"] = counts
    for counts_ in out.values():
        counts_.setdefault("paid", 0)
        counts_.setdefault("paid_online", 0)
        counts_["ratings"] = {
            score: counts_.get("ratings", {}).get(score, 0) for score in Rating.Score.values
        }
        counts_["period"] = {"from": period.start, "to": period.end}
        counts_["computed_at"] = timezone.now()
    return out


def _summed(rows) -> dict:
    total: dict = {}
    for row in rows:
        for name, value in row.items():
            total[name] = (total.get(name) or 0) + (value or 0)
    return total


def counts_by_agency(
    rows: QuerySet,
    counts: dict,
    grouped: bool,
    *,
    dossier: str = "dossier",
    agency: str = "",
    additive: bool = False,
) -> dict[int | None, dict[str, int]]:
    """``counts`` (aggregates over ``rows``, which reach their dossier by the path ``dossier``)
    in all (key ``None``) and, when ``grouped``, by the dossier's deciding agency (``agency``:
    the path to it when the rows carry it themselves): one query each. ``additive``: the
    agencies' counts add up to the whole (distinct dossiers do — a dossier has one deciding
    agency; distinct procedures do not), which is then not read again."""
    out: dict[int | None, dict[str, int]] = {}
    agency = agency or f"{dossier}__deciding_agency"
    if grouped:
        for row in rows.values(agency).annotate(**counts).order_by():
            out[row.pop(agency)] = row
    if grouped and additive:
        out[None] = {name: 0 for name in counts} | _summed(out.values())
    else:
        out[None] = rows.aggregate(**counts)
    return out


def distinct_by_agency(
    rows: QuerySet, dossier: str, grouped: bool, what: str | None = None
) -> dict[int | None, int]:
    """Distinct ``what`` (default: the dossiers) among ``rows``, whose dossier is reached by the
    path ``dossier``: in all (key ``None``) and, when ``grouped``, by deciding agency."""
    counted = counts_by_agency(
        rows,
        {"n": Count(what or dossier, distinct=True)},
        grouped,
        dossier=dossier,
        additive=what is None,  # distinct dossiers add up; distinct anything else may not
    )
    return {agency: n["n"] for agency, n in counted.items()}


def dossiers_behind(
    names: str | list[str], period: Period, scope: Scope | None = None
) -> QuerySet[Dossier]:
    """The dossiers a count is made of (drill-down); of several counts, those in any of them."""
    start, end = bounds(period)
    conditions = filters(start, end) | through_payments_and_ratings(start, end)
    wanted = Q()
    for name in [names] if isinstance(names, str) else names:
        wanted |= conditions[name]
    return annotated(scope or Scope()).filter(wanted)


def monthly(period: Period, scope: Scope | None = None) -> list[dict]:
    """Received, resolved and resolved late in each calendar month the period touches: from
    the day book (or, for a field or a procedure, in one pass over the dossiers)."""
    scope = scope or Scope()
    months = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        months.append((f"{month:02d}/{year}", calendar_period(f"{year}-{month:02d}")))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if not (scope.field_id or scope.procedure_code):
        by_day = _day_book(scope).filter(day__gte=months[0][1].start, day__lte=months[-1][1].end)
        totals = dict.fromkeys(((label, n) for label, _p in months for n in range(3)), 0)
        for day, received, resolved, late in (
            by_day.values_list("day")
            .annotate(Sum("received"), Sum("resolved"), Sum("resolved_late"))
            .order_by()
        ):
            label = f"{day:%m/%Y}"
            totals[label, 0] += received
            totals[label, 1] += resolved
            totals[label, 2] += late
        return [
            {
                "month": label,
                "received": totals[label, 0],
                "resolved": totals[label, 1],
                "late": totals[label, 2],
            }
            for label, _p in months
        ]
    counts = {}
    for index, (_label, month_period) in enumerate(months):
        start, end = bounds(month_period)
        received = Q(received_at__gte=start, received_at__lt=end)
        resolved = Q(resolved_at__gte=start, resolved_at__lt=end)
        counts[f"received_{index}"] = Count("pk", filter=received)
        counts[f"resolved_{index}"] = Count("pk", filter=resolved)
        counts[f"late_{index}"] = Count("pk", filter=resolved & Q(late=True))
    first, last = bounds(months[0][1])[0], bounds(months[-1][1])[1]
    totals = (
        annotated(scope)
        .filter(
            Q(received_at__gte=first, received_at__lt=last)
            | Q(resolved_at__gte=first, resolved_at__lt=last)
        )
        .aggregate(**counts)
    )
    return [
        {
            "month": label,
            "received": totals[f"received_{index}"],
            "resolved": totals[f"resolved_{index}"],
            "late": totals[f"late_{index}"],
        }
        for index, (label, _p) in enumerate(months)
    ]
