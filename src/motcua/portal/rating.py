"""Rating a dossier's handling: by its applicant, once, after the result exists."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.core.errors import Conflict, DomainError
from motcua.core.text import nfc
from motcua.dossiers import selectors
from motcua.dossiers.models import State
from motcua.portal.models import AgencyEvaluation, Rating

RATEABLE = (State.RESOLVED, State.RETURNED)


@transaction.atomic
def rate(owner, code: str, *, score: str, comment: str = "") -> Rating:
    dossier = selectors.visible_to(owner).filter(code=code, owner=owner).first()
    if dossier is None:
        raise DomainError(
            _("Dossier %(code)s does not exist.") % {"code": code}, code="not_found", status=404
        )
    if score not in Rating.Score.values:
        raise DomainError(
            _("Choose one of the ratings."), code="invalid", fields={"score": [_("Choose one.")]}
        )
    if dossier.state not in RATEABLE:
        raise Conflict(_("A dossier is rated once its result exists."), code="not_rateable")
    try:
        with transaction.atomic():
            return Rating.objects.create(
                dossier=dossier, owner=owner, score=score, comment=nfc(comment)[:2000]
            )
    except IntegrityError as err:
        raise Conflict(_("This dossier is rated already."), code="already_rated") from err


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
