"""The service-quality indicators of Decision 766/QĐ-TTg for a month, per agency and for the
province (domain/README.md §7): every indicator's numerator, denominator, maximum, target and
points, the group scores, the total, and the ranking of agencies.

The indicator table (groups, maxima, targets) is secondary in the sources (🔶), so it is data:
``settings.INDICATOR_OVERRIDES`` changes a maximum or a target by indicator id. An indicator
whose data this system does not hold (the population database; the synchronisation with the
national portal while the interconnection is off) has no score, as the rule says for missing
data — it is listed, never invented. Indicator 1.4 counts the dossiers received in the period
that the national portal acknowledged (by their ``NgayTiepNhan``) over those received.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import FollowUpDuty, ProcedureVersion
from motcua.catalog.selectors import versions_in_force
from motcua.core import reference, request_cache
from motcua.dossiers.models import DailyCount
from motcua.national import outbox
from motcua.national.models import SyncState
from motcua.payments.models import Payment
from motcua.quality.models import Feedback, Rating
from motcua.reports import scoring, statistics
from motcua.reports.periods import Period, calendar_period


@dataclass(frozen=True)
class Indicator:
    id: str
    group: str
    name: object  # a lazy translation
    max_points: Decimal
    target: Decimal | None = None
    province_only: bool = False  # about the province's catalog, not an agency's dossiers


GROUPS = {
    "CKMB": _("Transparency"),
    "TDGQ": _("On-time resolution"),
    "CLGQ": _("Online services"),
    "TTTT": _("Online payment"),
    "MDHL": _("Satisfaction"),
    "MDSH": _("Digitization"),
}
D = Decimal
TABLE = [
    Indicator("1.1", "CKMB", _("Procedures published on time"), D(6), province_only=True),
    Indicator("1.2", "CKMB", _("Procedures made public on time"), D(4), province_only=True),
    Indicator("1.3", "CKMB", _("Procedures with complete components"), D(2), province_only=True),
    Indicator("1.4", "CKMB", _("Dossiers synchronised to the national portal"), D(6)),
    Indicator("2.1", "TDGQ", _("Dossiers processed early or on time"), D(20)),
    Indicator("3.x", "CLGQ", _("Full-process online dossiers"), D(12)),
    Indicator(
        "3.5a", "TTTT", _("Procedures with fees offered on the national portal"), D(2), D(80)
    ),
    Indicator("3.5b", "TTTT", _("Procedures with online payment transactions"), D(2), D(80)),
    Indicator("3.6", "TTTT", _("Dossiers paid online"), D(6), D(100)),
    Indicator("4.1", "MDSH", _("Dossiers with an electronic result"), D(6)),
    Indicator("4.2", "MDSH", _("Dossiers with digitised components"), D(4), D(80)),
    Indicator("4.x", "MDSH", _("Electronic certified copies from originals"), D(2)),
    Indicator("4.3", "MDSH", _("Dossiers reusing digitised data"), D(2), D(80)),
    Indicator("4.4", "MDSH", _("Digitised data shared for reuse"), D(4)),
    Indicator("4.5a", "MDSH", _("Procedures connected to the population database"), D(2)),
    Indicator("4.5b", "MDSH", _("Dossiers using population-database data"), D(2)),
    Indicator("5.2", "MDHL", _("Feedback handled on time"), D(6)),
    Indicator("5.3", "MDHL", _("Satisfaction with feedback handling"), D(6)),
    Indicator("5.4", "MDHL", _("Satisfaction with procedure handling"), D(6), D(90)),
]


def table() -> list[Indicator]:
    overrides = getattr(settings, "INDICATOR_OVERRIDES", {})
    rows = []
    for indicator in TABLE:
        change = overrides.get(indicator.id, {})
        rows.append(
            replace(
                indicator,
                max_points=D(str(change.get("max", indicator.max_points))),
                target=(
                    D(str(change["target"]))
                    if change.get("target") is not None
                    else indicator.target
                ),
            )
        )
    return rows


@dataclass
class Value:
    indicator: Indicator
    numerator: int | None
    denominator: int | None

    @property
    def drill(self) -> dict | None:
        """Where the dossiers (or feedback) behind the numerator and the denominator are listed,
        as query strings for the drill-down page (``count=a&count=b``, ``by=procedure`` when
        the indicator counts procedures), and ``less``: the lists subtracted from the
        denominator when the numerator is a difference rather than a list (5.4)."""
        parts = DRILL.get(self.indicator.id)
        if parts is None or self.denominator is None:  # no data held: nothing to list
            return None

        def query(names: tuple[str, ...] | None) -> str | None:
            if names is None:
                return None
            return "&".join(f"count={name}" for name in names) + parts.get("suffix", "")

        return {
            "numerator": query(parts["numerator"]),
            "denominator": query(parts["denominator"]),
            "less": [(label, query(names)) for label, names in parts.get("less", ())],
        }

    @property
    def ratio(self) -> Decimal | None:
        if self.numerator is None or not self.denominator:
            return None
        return (D(self.numerator) * 100 / D(self.denominator)).quantize(D("0.01"))

    @cached_property  # a ranking sorts and prints every agency's points
    def points(self) -> Decimal | None:
        if self.numerator is None or self.denominator is None:
            return None
        return scoring.score(
            self.numerator, self.denominator, self.indicator.max_points, self.indicator.target
        )


HANDLED = ("resolved", "in_progress")
LATE = ("resolved_late", "in_progress_overdue")
# The lists behind each indicator's numerator and denominator: unions of the statistics' counts
# (statistics.dossiers_behind), the feedback's (feedback_behind) or the catalog's
# (catalog_behind), by the same conditions as the figures.
DRILL: dict[str, dict] = {
    "1.1": {"numerator": ("duties_sync_on_time",), "denominator": ("duties_sync",)},
    "1.2": {"numerator": ("duties_configure_on_time",), "denominator": ("duties_configure",)},
    "1.3": {"numerator": ("versions_complete",), "denominator": ("versions_in_force",)},
    "1.4": {"numerator": ("synchronised",), "denominator": ("received",)},
    "2.1": {
        "numerator": ("resolved_early", "resolved_on_time", "in_progress_on_time"),
        "denominator": HANDLED,
    },
    "3.x": {"numerator": ("online_full",), "denominator": ("received_full",)},
    # Procedures, not dossiers: the page groups the paid dossiers by procedure.
    "3.5b": {"numerator": ("paid_online",), "denominator": ("paid",), "suffix": "&by=procedure"},
    "3.6": {"numerator": ("paid_online",), "denominator": ("paid",)},
    "4.1": {"numerator": ("e_result",), "denominator": ("resolved",)},
    "4.2": {"numerator": ("digitized",), "denominator": ("received",)},
    "4.3": {"numerator": ("reused",), "denominator": ("received",)},
    "4.4": {"numerator": ("shared",), "denominator": ("received",)},
    "5.2": {"numerator": ("feedback_on_time",), "denominator": ("feedback",)},
    "5.3": {"numerator": ("feedback_satisfied",), "denominator": ("feedback",)},
    # 5.4's numerator is those handled less the late and less the unsatisfied (a dossier both
    # late and unsatisfied is subtracted twice): no one list, so its two parts are listed.
    "5.4": {
        "numerator": None,
        "denominator": HANDLED,
        "less": (
            (_("late"), LATE),
            (_("rated unsatisfied"), ("rated_unsatisfied",)),
        ),
    },
}


def feedback_filters(start: dt.datetime, end: dt.datetime) -> dict[str, Q]:
    """Indicators 5.2 and 5.3 as conditions on one feedback (received in [start, end)): answered
    by its due moment, or still within it at the end; satisfied — neither rated unsatisfied
    nor answered late nor overdue unanswered."""
    received = Q(received_at__gte=start, received_at__lt=end)
    unhappy = (
        Q(score=Rating.Score.UNSATISFIED)
        | Q(answered_at__gt=F("due_at"))
        | Q(answered_at__isnull=True, due_at__lt=end)
    )
    return {
        "feedback": received,
        "feedback_on_time": received
        & (
            Q(answered_at__isnull=False, answered_at__lte=F("due_at"))
            | Q(answered_at__isnull=True, due_at__gte=end)
        ),
        "feedback_satisfied": received & ~unhappy,
    }


FEEDBACK_NAMES = tuple(feedback_filters(dt.datetime.min, dt.datetime.max))


def feedback_behind(
    names: list[str], period: Period, agency: Agency | None = None
) -> QuerySet[Feedback]:
    """The feedback a figure of 5.2 or 5.3 is made of (drill-down)."""
    conditions = feedback_filters(*statistics.bounds(period))
    wanted = Q()
    for name in names:
        wanted |= conditions[name]
    rows = Feedback.objects.filter(wanted)
    return rows.filter(agency=agency) if agency is not None else rows


def month_period(month: str) -> Period:
    return calendar_period(month)


Counts = dict[str, tuple[int, int]]


@request_cache.once_by_agency  # the scorecard's whole comes from the ranking's read
def _dossier_counts(
    period: Period, agency: Agency | None, grouped: bool
) -> dict[int | None, Counts]:
    """The dossier indicators' (numerator, denominator) for the scope (key ``None``: the
    province, or ``agency``) and, when ``grouped``, for each deciding agency: the statistics'
    counts (the day book), then payments and ratings in a few grouped queries."""
    scope = statistics.Scope(agency=agency)
    start, end = statistics.bounds(period)
    stats = statistics._statistics(period, scope, grouped=grouped)
    paid = scope.apply(
        Payment.objects.filter(state=Payment.State.PAID, paid_at__gte=start, paid_at__lt=end),
        via="dossier__",
    )

    counted = _fee_procedures(paid, grouped) | {
        "synchronised": statistics.distinct_by_agency(
            scope.apply(
                SyncState.objects.filter(
                    dossier__received_at__gte=start,
                    dossier__received_at__lt=end,
                    first_acknowledged_at__isnull=False,
                ),
                via="dossier__",
            ),
            "dossier",
            grouped,
        ),
        "unsatisfied": statistics.distinct_by_agency(
            scope.apply(
                Rating.objects.filter(
                    dossier__received_at__gte=start,
                    dossier__received_at__lt=end,
                    score=Rating.Score.UNSATISFIED,
                ),
                via="dossier__",
            ),
            "dossier",
            grouped,
        ),
    }
    out = {}
    for key, counts in stats.items():
        n = {name: values.get(key, 0) for name, values in counted.items()}
        handled = counts["resolved"] + counts["in_progress"]
        on_time = (
            counts["resolved_early"] + counts["resolved_on_time"] + counts["in_progress_on_time"]
        )
        late = counts["resolved_late"] + counts["in_progress_overdue"]
        out[key] = {
            "2.1": (on_time, handled),
            # 1.4 only while the interconnection runs: off, the system does not hold the data.
            **({"1.4": (n["synchronised"], counts["received"])} if outbox.enabled() else {}),
            "3.x": (counts["online_full"], counts["received_full"]),
            "3.5b": (n["online_procedures"], n["fee_procedures"]),
            "3.6": (counts["paid_online"], counts["paid"]),
            "4.1": (counts["e_result"], counts["resolved"]),
            "4.2": (counts["digitized"], counts["received"]),
            "4.3": (counts["reused"], counts["received"]),
            # 4.4: components taken from the applicant's data store, or results kept for reuse.
            "4.4": (counts["shared"], counts["received"]),
            # 5.4: 100% − (late share + unsatisfied share), as a numerator over those handled.
            "5.4": (max(0, handled - late - n["unsatisfied"]), handled),
        }
    return out


def _fee_procedures(paid: QuerySet, grouped: bool) -> dict[str, dict[int | None, int]]:
    """Indicator 3.5b's parts: the procedures with a fee paid, and those paid online, in all
    (key ``None``) and by deciding agency — from one read of the distinct (agency, procedure,
    way of paying) of the payments: a few hundred rows, where a count per agency and one for
    the province (distinct procedures do not add up) would each read the payments again."""
    fee: dict[int | None, set] = {None: set()}
    online: dict[int | None, set] = {None: set()}
    triples = (
        paid.values_list("deciding_agency", "dossier__procedure", "method").order_by().distinct()
    )
    for agency, procedure, method in triples:
        keys = (None, agency) if grouped else (None,)
        for key in keys:
            fee.setdefault(key, set()).add(procedure)
            if method == Payment.Method.ONLINE:
                online.setdefault(key, set()).add(procedure)
    return {
        "fee_procedures": {key: len(procedures) for key, procedures in fee.items()},
        "online_procedures": {key: len(procedures) for key, procedures in online.items()},
    }


@request_cache.once_by_agency
def _feedback_counts(
    period: Period, agency: Agency | None, grouped: bool
) -> dict[int | None, Counts]:
    conditions = feedback_filters(*statistics.bounds(period))
    rows = Feedback.objects.filter(conditions["feedback"])
    if agency is not None:
        rows = rows.filter(agency=agency)
    counts = {name: Count("pk", filter=condition) for name, condition in conditions.items()}
    if grouped:
        found = {
            row.pop("agency"): row for row in rows.values("agency").annotate(**counts).order_by()
        }
        # Every piece of feedback is routed to one agency: the province's is their sum.
        found[None] = {name: sum(n[name] for n in found.values()) for name in counts}
    else:
        found = {None: rows.aggregate(**counts)}
    return {
        key: {
            "5.2": (n["feedback_on_time"], n["feedback"]),
            "5.3": (n["feedback_satisfied"], n["feedback"]),
        }
        for key, n in found.items()
    }


def catalog_behind(name: str, period: Period) -> QuerySet:
    """The rows a catalog indicator's figure counts: follow-up duties due in the period (1.1
    synchronised, 1.2 configured; ``…_on_time``: done by the due moment), or the province's
    versions in force at its end (1.3; ``versions_complete``: with documents, a time limit,
    steps and a result)."""
    start, end = statistics.bounds(period)
    if name in DUTIES:
        kind, on_time = DUTIES[name]
        rows = FollowUpDuty.objects.filter(due_at__gte=start, due_at__lt=end, kind=kind)
        if on_time:
            rows = rows.filter(done_at__isnull=False, done_at__lte=F("due_at"))
        return rows
    versions = versions_in_force(period.end, source=ProcedureVersion.Source.PROVINCE)
    if name == "versions_complete":
        versions = (
            versions.alias(
                n_documents=Count("documents", distinct=True),
                n_limits=Count("time_limits", distinct=True),
            )
            .filter(n_documents__gt=0, n_limits__gt=0)
            .exclude(steps="")
            .exclude(result="")
        )
    return versions


# A duty figure's kind, and whether it counts only those done by their due moment.
DUTIES = {
    "duties_sync": (FollowUpDuty.Kind.SYNC, False),
    "duties_sync_on_time": (FollowUpDuty.Kind.SYNC, True),
    "duties_configure": (FollowUpDuty.Kind.CONFIGURE, False),
    "duties_configure_on_time": (FollowUpDuty.Kind.CONFIGURE, True),
}
CATALOG_NAMES = (*DUTIES, "versions_in_force", "versions_complete")


def _catalog_counts(period: Period) -> dict[str, tuple[int, int]]:
    start, end = statistics.bounds(period)
    done_in_time = Q(done_at__isnull=False, done_at__lte=F("due_at"))
    # The four duty figures in one read, by the conditions ``catalog_behind`` lists them by.
    duties = FollowUpDuty.objects.filter(due_at__gte=start, due_at__lt=end).aggregate(
        **{
            name: Count("pk", filter=Q(kind=kind) & done_in_time if on_time else Q(kind=kind))
            for name, (kind, on_time) in DUTIES.items()
        }
    )

    # 1.3 depends on the catalog alone: kept until it changes (core.reference), where counting
    # the complete versions joins each to its documents and time limits.
    versions = reference.cached(
        ("indicators.1.3", period.end),
        lambda: tuple(
            catalog_behind(name, period).count()
            for name in ("versions_complete", "versions_in_force")
        ),
    )
    return {
        "1.1": (duties["duties_sync_on_time"], duties["duties_sync"]),
        "1.2": (duties["duties_configure_on_time"], duties["duties_configure"]),
        "1.3": versions,
    }


@dataclass
class Scorecard:
    agency: Agency | None
    values: list[Value]

    @cached_property
    def total(self) -> Decimal:
        return sum((v.points for v in self.values if v.points is not None), D(0))

    @property
    def groups(self) -> list[dict]:
        rows = []
        for code, label in GROUPS.items():
            mine = [v for v in self.values if v.indicator.group == code]
            rows.append(
                {
                    "code": code,
                    "label": label,
                    "max": sum((v.indicator.max_points for v in mine), D(0)),
                    "points": sum((v.points for v in mine if v.points is not None), D(0)),
                }
            )
        return rows


def scorecard(month: str, agency: Agency | None = None) -> Scorecard:
    period = month_period(month)
    known = _dossier_counts(period, agency, grouped=False)[None]
    known = known | _feedback_counts(period, agency, grouped=False)[None]  # a new mapping
    if agency is None:
        known |= _catalog_counts(period)
    return _card(agency, known)


def _card(agency: Agency | None, known: Counts) -> Scorecard:
    values = []
    for indicator in table():
        numerator, denominator = known.get(indicator.id, (None, None))
        if indicator.province_only and agency is not None:
            numerator = denominator = None
        values.append(Value(indicator, numerator, denominator))
    return Scorecard(agency, values)


def ranking(month: str) -> list[Scorecard]:
    """Agencies that decided dossiers or received feedback in the month, best total first —
    every agency's indicators counted together, in a few grouped queries."""
    period = month_period(month)
    # From the day book (a line per deciding agency and local day): the month's dossiers
    # themselves are a hundred thousand rows at a province's volume.
    ids = set(
        DailyCount.objects.filter(day__gte=period.start, day__lte=period.end)
        .filter(Q(received__gt=0) | Q(resolved__gt=0))
        .order_by()
        .values_list("agency", flat=True)
        .distinct()
    )
    dossiers = _dossier_counts(period, None, grouped=True)  # every agency in ``ids`` is there
    feedback = _feedback_counts(period, None, grouped=True)
    none = {"5.2": (0, 0), "5.3": (0, 0)}
    cards = [
        _card(agency, dossiers[agency.pk] | feedback.get(agency.pk, none))
        for agency in Agency.objects.filter(pk__in=ids)
    ]
    return sorted(cards, key=lambda card: (-card.total, card.agency.code))
