"""Reads of service quality: the agency answering feedback, an applicant's feedback by its key,
an agency's inbox, the counts the indicators use and the quarter's board of evaluations and
ratings."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.permissions import Action as Perm
from motcua.accounts.permissions import agencies_for
from motcua.agencies.models import Agency, Role, StaffRole
from motcua.catalog import selectors as catalog
from motcua.catalog.models import Procedure
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.models import Dossier, State
from motcua.dossiers.selectors import deciding_agencies
from motcua.quality.models import AgencyEvaluation, Feedback, Rating

RATEABLE = (State.RESOLVED, State.RETURNED)


def control_office() -> Agency:
    """Where feedback not tied to an agency goes: ``FEEDBACK_AGENCY``, else the agency of the
    TTHC control office (its controllers' agency), else the province."""
    if settings.FEEDBACK_AGENCY:
        found = Agency.objects.filter(code=settings.FEEDBACK_AGENCY).first()
        if found:
            return found
    today = timezone.localdate()
    role = (
        StaffRole.objects.valid_on(today)
        .filter(role=Role.TTHC_CONTROLLER)
        .select_related("agency")
        .order_by("agency__code")
        .first()
    )
    if role:
        return role.agency
    agency = Agency.objects.valid_on(today).filter(level="province").order_by("code").first()
    if agency is None:
        raise DomainError(_("No agency can receive feedback yet."), code="not_configured")
    return agency


def responsible(dossier: Dossier | None, procedure: Procedure | None) -> Agency:
    if dossier is not None:
        return dossier.deciding_agency
    if procedure is not None:
        version = catalog.province_version(procedure, timezone.localdate())
        if version is not None:
            agency = deciding_agencies(version, timezone.localdate()).first()
            if agency is not None:
                return agency
    return control_office()


def by_token(token: str) -> Feedback:
    found = Feedback.objects.select_related("agency", "dossier").filter(token=token).first()
    if found is None:
        raise NotFound(_("Not found."))
    return found


def inbox(user) -> QuerySet[Feedback]:
    """What ``user`` may answer: feedback routed to the agencies where they answer it."""
    agencies = agencies_for(user, Perm.FEEDBACK_ANSWER)
    qs = Feedback.objects.select_related("agency", "dossier", "procedure")
    return qs if agencies is None else qs.filter(agency__in=agencies)


def agencies_answering(user) -> list[int] | None:
    """The agencies whose feedback ``user`` answers (None: all)."""
    found = agencies_for(user, Perm.FEEDBACK_ANSWER)
    return None if found is None else list(found)


def statistics(
    start: dt.date, end: dt.date, agency: Agency | None = None, agencies: list[int] | None = None
) -> dict[str, int]:
    """Counts for the indicators: received, answered, answered late, open and overdue, and the
    ratings of the answers."""
    qs = Feedback.objects.filter(received_at__date__gte=start, received_at__date__lte=end)
    if agency is not None:
        qs = qs.filter(agency=agency)
    if agencies is not None:
        qs = qs.filter(agency__in=agencies)
    now = timezone.now()
    answered = qs.filter(answered_at__isnull=False)
    return {
        "received": qs.count(),
        "answered": answered.count(),
        "answered_late": answered.filter(answered_at__gt=F("due_at")).count(),
        "overdue": qs.filter(answered_at__isnull=True, due_at__lt=now).count(),
        "satisfied": qs.filter(score=Rating.Score.SATISFIED).count(),
        "normal": qs.filter(score=Rating.Score.NORMAL).count(),
        "unsatisfied": qs.filter(score=Rating.Score.UNSATISFIED).count(),
        "late": qs.filter(
            Q(answered_at__gt=F("due_at")) | Q(answered_at__isnull=True, due_at__lt=now)
        ).count(),
    }


def rating_of(dossier: Dossier) -> Rating | None:
    """The applicant's rating of ``dossier``, if given."""
    return Rating.objects.filter(dossier=dossier).first()


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, end - dt.timedelta(days=1)


def board(year: int, quarter: int) -> list[dict]:
    """Per agency for one quarter: its evaluation on the nine criteria and its applicants'
    ratings (by the agency that decided the dossier)."""
    start, end = quarter_bounds(year, quarter)
    counts: dict[int, Counter] = {}
    rows = Rating.objects.filter(
        created_at__date__gte=start, created_at__date__lte=end
    ).values_list("dossier__deciding_agency_id", "score")
    for agency_id, score in rows:
        counts.setdefault(agency_id, Counter())[score] += 1
    evaluations = {
        e.agency_id: e
        for e in AgencyEvaluation.objects.filter(year=year, quarter=quarter).select_related(
            "agency"
        )
    }
    agencies = Agency.objects.filter(pk__in=set(counts) | set(evaluations)).order_by("code")
    board_rows = []
    for agency in agencies:
        tally = counts.get(agency.pk, Counter())
        total = sum(tally.values())
        board_rows.append(
            {
                "agency": agency,
                "evaluation": evaluations.get(agency.pk),
                "ratings": total,
                "satisfied": tally[Rating.Score.SATISFIED],
                "normal": tally[Rating.Score.NORMAL],
                "unsatisfied": tally[Rating.Score.UNSATISFIED],
                "satisfied_share": round(100 * tally[Rating.Score.SATISFIED] / total, 1)
                if total
                else None,
            }
        )
    return board_rows
