"""Reads of dossiers, and the audit of one: its journal replayed."""

from __future__ import annotations

import datetime as dt
import hmac
import re
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.permissions import Action as Perm
from motcua.accounts.permissions import agencies_for
from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion
from motcua.core.errors import NotFound
from motcua.core.text import fold, phone_digits
from motcua.dossiers import deadlines
from motcua.dossiers.models import Dossier, DossierStep, State
from motcua.workdays import selectors as workdays


def replay(dossier: Dossier) -> tuple[int | None, dt.datetime | None]:
    """The state and the appointment the journal alone leads to: the receipt moment, the
    pauses and the extensions it records, counted again on the dossier's calendar version."""
    state, received, paused, extension = None, None, 0, 0
    for event in dossier.events.order_by("sequence"):
        state = event.to_state
        if "received_at" in event.data:
            received = dt.datetime.fromisoformat(event.data["received_at"])
        paused += int(event.data.get("paused_seconds", 0))
        extension += int(event.data.get("extension", 0))
    if received is None or dossier.limit_value is None:
        return state, None
    cal = workdays.calendar(dossier.calendar_version or None, dossier.schedule or "default")
    _legal, due = deadlines.due(
        cal,
        received,
        dossier.limit_value,
        dossier.limit_unit,
        cutoff=dossier.cutoff_seconds,
        paused=paused,
        extension=extension,
    )
    return state, due


def visible_to(user) -> QuerySet[Dossier]:
    """The dossiers ``user`` may see (DESIGN rule 7): an applicant their own; an officer those of
    the agencies where they may view dossiers — received there, decided there, held there, or
    transferred there for a step."""
    qs = Dossier.objects.all()
    if getattr(user, "is_applicant", False):
        return qs.filter(owner=user)  # a citizen or a business: their own, nothing else
    agencies = agencies_for(user, Perm.DOSSIER_VIEW)
    if agencies is None:
        return qs
    if not agencies:
        return qs.none()
    transferred = DossierStep.objects.filter(dossier=OuterRef("pk"), agency__in=agencies)
    return qs.filter(
        Q(receiving_agency__in=agencies)
        | Q(deciding_agency__in=agencies)
        | Q(holder__in=agencies)
        | Exists(transferred)
    )


def newest(user, limit: int, below: int | None = None) -> list[int]:
    """The ids of the ``limit`` newest dossiers ``user`` may see (older than the id ``below``,
    for the next page). Each way an agency has a
    dossier (received, decides, holds, a step) is walked newest first on its own index and the
    walks merged: one condition joining them with OR makes the database read and sort every
    dossier the agency ever had (half a second at a department's year; more with the years)."""
    dossiers = Dossier.objects.filter(id__lt=below) if below is not None else Dossier.objects
    if getattr(user, "is_applicant", False):
        mine = dossiers.filter(owner=user).order_by("-id")
        return list(mine.values_list("id", flat=True)[:limit])
    agencies = agencies_for(user, Perm.DOSSIER_VIEW)
    if agencies is None:
        return list(dossiers.order_by("-id").values_list("id", flat=True)[:limit])
    found: set[int] = set()
    for agency in agencies:
        for column in ("receiving_agency", "deciding_agency", "holder"):
            rows = dossiers.filter(**{column: agency}).order_by("-id")
            found.update(rows.values_list("id", flat=True)[:limit])
        steps = DossierStep.objects.filter(agency=agency).order_by("-dossier_id")
        if below is not None:
            steps = steps.filter(dossier_id__lt=below)
        found.update(steps.values_list("dossier_id", flat=True).distinct()[:limit])
    return sorted(found, reverse=True)[:limit]


def may_see(user, dossier: Mapping[str, int], step_agencies: Iterable[int]) -> bool:
    """``visible_to``'s rule for one dossier already read (its ``owner_id`` and the ids of its
    agencies), with the agencies of its steps."""
    if getattr(user, "is_applicant", False):
        return dossier["owner_id"] == user.pk
    agencies = agencies_for(user, Perm.DOSSIER_VIEW)
    if agencies is None:
        return True
    held = (dossier["receiving_agency_id"], dossier["deciding_agency_id"], dossier["holder_id"])
    return not set(agencies).isdisjoint((*held, *step_agencies))


def no_such_dossier(code: str) -> NotFound:
    """What a caller is told of a code that does not exist or that they may not see."""
    return NotFound(_("Dossier %(code)s does not exist.") % {"code": code}, code="not_found")


# The one-stop shop's queues (the page's tabs, the API's ``queue``): what waits for the caller,
# what is due within a working day, what is late.
QUEUES = ("todo", "soon", "late")
RECEPTION_STATES = (
    State.SUBMITTED,
    State.RECEIVED,
    State.SUPPLEMENT,
    State.PAYMENT,
    State.STOP_REQUESTED,
    State.RESOLVED,
)


def queue_of(user) -> Q:
    """What waits for ``user``: reception-side states at the desks where they receive, dossiers
    in processing held by the agencies where they process."""
    desks = agencies_for(user, Perm.DOSSIER_RECEIVE)
    processing = agencies_for(user, Perm.DOSSIER_PROCESS)
    reception = Q(state__in=RECEPTION_STATES)
    if desks is not None:
        reception &= Q(receiving_agency__in=desks)
    work = Q(state=State.PROCESSING)
    if processing is not None:
        work &= Q(holder__in=processing)
    return reception | work


def in_queue(
    qs: QuerySet[Dossier], user, queue: str, *, now: dt.datetime | None = None
) -> QuerySet[Dossier]:
    """``qs`` narrowed to one of ``QUEUES`` for ``user`` at ``now``. An online submission
    waiting for the desk's check counts by its checking deadline."""
    now = now or timezone.now()
    qs = qs.filter(queue_of(user))
    waiting = Q(state=State.SUBMITTED)
    if queue == "soon":
        tomorrow = workdays.calendar().add_working_days(now, 1)
        return qs.filter(
            Q(due_at__gte=now, due_at__lte=tomorrow)
            | (waiting & Q(check_due_at__gte=now, check_due_at__lte=tomorrow))
        )
    if queue == "late":
        # Past its appointment with no result yet, or resolved after the legal deadline.
        return qs.filter(
            Q(due_at__lt=now, resolved_at__isnull=True)
            | Q(late=True)
            | (waiting & Q(check_due_at__lt=now))
        )
    return qs


def search(
    qs: QuerySet[Dossier],
    *,
    state: int | None = None,
    agency: str | None = None,
    procedure: str | None = None,
    q: str | None = None,
    received_from: dt.date | None = None,
    received_to: dt.date | None = None,
    due_before: dt.datetime | None = None,
) -> QuerySet[Dossier]:
    if state:
        qs = qs.filter(state=state)
    if agency:
        qs = qs.filter(
            Q(receiving_agency__code=agency)
            | Q(deciding_agency__code=agency)
            | Q(holder__code=agency)
        )
    if procedure:
        qs = qs.filter(procedure__code=procedure)
    # Whole local days, as a range on the indexed moment (no per-row date conversion).
    if received_from:
        qs = qs.filter(received_at__gte=day_start(received_from))
    if received_to:
        qs = qs.filter(received_at__lt=day_start(received_to + dt.timedelta(days=1)))
    if due_before:
        qs = qs.filter(due_at__lt=due_before)
    text = (q or "").strip()
    if text:
        if "-" in text and text[0].isdigit():
            qs = qs.filter(code=text.upper())  # a dossier code
        elif text.isdigit():
            qs = qs.filter(id_number=text)
        else:
            qs = qs.filter(applicant_folded__contains=fold(text))
    return qs


def day_start(day: dt.date) -> dt.datetime:
    """Midnight opening a local day, as an aware moment (ranges on indexed moments)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


RELATED = ("procedure", "version", "deciding_agency", "receiving_agency", "holder")
# The version's original record: decoding it for every row of a list costs more than the rest of
# the row.
HEAVY = ("version__raw",)


def with_related(qs: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """What a list or a page shows of each dossier, in one query."""
    return qs.select_related(*RELATED).defer(*HEAVY)


def dossier_for(user, code: str) -> Dossier:
    """The dossier ``code`` with everything its page shows, if ``user`` may see it. Not found and
    not visible look the same: a code reveals nothing."""
    dossier = (
        with_related(visible_to(user).filter(code=code))
        .prefetch_related(
            "documents__scans__vouched_by",
            "scans__vouched_by",
            "steps__agency",
            "steps__assignee",
            "events__actor",
            "events__agency",
        )
        .first()
    )
    if dossier is None:
        raise no_such_dossier(code)
    return dossier


def missing_documents(version: ProcedureVersion, attached: set[int | None]) -> list[str]:
    """The required documents not attached. Documents under sub-cases ("a) in case…") are
    alternatives: one sub-case must be complete, and the one the applicant began is named."""
    documents = list(version.documents.all())
    missing = [d.name for d in documents if d.required and not d.group and d.pk not in attached]
    cases: dict[str, list] = {}
    for d in documents:
        if d.group:
            cases.setdefault(d.group, []).append(d)
    gaps = {
        case: [d.name for d in docs if d.required and d.pk not in attached]
        for case, docs in cases.items()
    }
    if gaps and all(gaps.values()):
        begun = max(cases, key=lambda c: sum(d.pk in attached for d in cases[c]))
        missing += gaps[begun]
    return missing


def deciding_agencies(version: ProcedureVersion, day: dt.date):
    """Where an online dossier of ``version`` may go: the agencies its record names, or, for a
    record that names only levels (a district's or a commune's procedure), every agency of those
    levels. A service centre receives; it does not decide."""
    named = Agency.objects.valid_on(day).filter(pk__in=version.agencies.values("pk"))
    if not named.exists():
        named = Agency.objects.valid_on(day).filter(level__in=version.level_list)
    return named.exclude(level="center").order_by("code")


def fee_of(dossier: Dossier) -> int | None:
    """The fee the procedure version publishes for the dossier's way of submitting (the first
    one with an amount), or None when the law gives no number."""
    fees = [(f.channel, int(f.amount)) for f in dossier.version.fees.all() if f.amount is not None]
    for channel, amount in fees:
        if channel in ("", dossier.channel):
            return amount
    return fees[0][1] if fees else None


# --- the second factor that names a dossier to someone who is not signed in ----------------


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def factor_matches(dossier: Dossier, factor: str, *, strong_only: bool = False) -> bool:
    """Whether ``factor`` is the dossier's phone number, its whole ID number, or (unless
    ``strong_only``) the ID number's last digits."""
    given = _digits(factor)
    if not given:
        return False
    phone = phone_digits(dossier.phone)
    if len(phone) >= 9 and hmac.compare_digest(phone_digits(factor), phone):
        return True
    id_digits = _digits(dossier.id_number)
    wanted = settings.TRACK_ID_DIGITS
    if len(id_digits) > wanted and hmac.compare_digest(given, id_digits):
        return True
    return (
        not strong_only
        and len(id_digits) >= wanted
        and len(given) == wanted
        and hmac.compare_digest(given, id_digits[-wanted:])
    )
