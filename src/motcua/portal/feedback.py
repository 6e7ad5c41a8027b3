"""Feedback and petitions (phản ánh, kiến nghị, §2.10): anyone files one; it goes to the agency
responsible for the dossier or the procedure (else to the TTHC control office), is answered
within ``FEEDBACK_DAYS`` working days, and the filer rates the answer."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.permissions import Action as Perm
from motcua.accounts.permissions import agencies_for, can
from motcua.agencies.models import Agency, Role, StaffRole
from motcua.catalog import selectors as catalog
from motcua.catalog.models import Procedure
from motcua.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from motcua.core.text import nfc
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import deciding_agencies
from motcua.portal.models import Feedback, Rating
from motcua.portal.tracking import factor_matches
from motcua.workdays import selectors as workdays


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


def _responsible(dossier: Dossier | None, procedure: Procedure | None) -> Agency:
    if dossier is not None:
        return dossier.deciding_agency
    if procedure is not None:
        version = catalog.province_version(procedure, timezone.localdate())
        if version is not None:
            agency = deciding_agencies(version, timezone.localdate()).first()
            if agency is not None:
                return agency
    return control_office()


@dataclass
class Filing:
    kind: str
    title: str
    content: str
    name: str
    email: str = ""
    phone: str = ""
    procedure_code: str = ""
    dossier_code: str = ""
    dossier_factor: str = ""  # the phone or last ID digits: a dossier is named only by its owner


@transaction.atomic
def file(filing: Filing, *, owner=None, at: dt.datetime | None = None) -> Feedback:
    at = at or timezone.now()
    errors: dict[str, list[str]] = {}
    if filing.kind not in Feedback.Kind.values:
        errors["kind"] = [_("Choose one.")]
    for name in ("title", "content", "name"):
        if not nfc(getattr(filing, name) or ""):
            errors[name] = [_("This field is required.")]
    signed_in = getattr(owner, "is_authenticated", False)
    if not filing.email.strip() and not filing.phone.strip() and not signed_in:
        errors["email"] = [_("Give an e-mail address or a phone number for the answer.")]
    procedure = None
    if filing.procedure_code.strip():
        procedure = Procedure.objects.filter(code=filing.procedure_code.strip()).first()
        if procedure is None:
            errors["procedure_code"] = [_("No procedure has this code.")]
    dossier = None
    if filing.dossier_code.strip():
        dossier = Dossier.objects.filter(code=filing.dossier_code.strip().upper()).first()
        mine = (
            dossier is not None
            and getattr(owner, "is_authenticated", False)
            and dossier.owner_id == owner.pk
        )
        if dossier is None or not (mine or factor_matches(dossier, filing.dossier_factor)):
            errors["dossier_code"] = [_("No dossier matches this code and second factor.")]
    if errors:
        raise DomainError(_("Check the form."), code="invalid", fields=errors)
    agency = _responsible(dossier, procedure)
    schedule = workdays.schedule_for_agency(agency.code) or "default"
    due = workdays.calendar(schedule=schedule).add_working_days(at, settings.FEEDBACK_DAYS)
    return Feedback.objects.create(
        token=secrets.token_hex(16),
        kind=filing.kind,
        title=nfc(filing.title)[:255],
        content=nfc(filing.content)[:5000],
        procedure=procedure or (dossier.procedure if dossier else None),
        dossier=dossier,
        name=nfc(filing.name)[:255],
        email=filing.email.strip(),
        phone=filing.phone.strip(),
        owner=owner if getattr(owner, "is_authenticated", False) else None,
        agency=agency,
        received_at=at,
        due_at=due,
    )


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


@transaction.atomic
def answer(pk: int, user, text: str, *, at: dt.datetime | None = None) -> Feedback:
    item = Feedback.objects.select_for_update().filter(pk=pk).first()
    if item is None:
        raise NotFound(_("Not found."))
    if not can(user, Perm.FEEDBACK_ANSWER, item.agency):
        raise PermissionDenied(_("You may not answer for this agency."), code="not_allowed")
    if item.answered_at is not None:
        raise Conflict(_("This one is answered already."), code="already_answered")
    if not nfc(text):
        raise DomainError(
            _("Write the answer."),
            code="invalid",
            fields={"answer": [_("This field is required.")]},
        )
    item.answer, item.answered_by, item.answered_at = nfc(text)[:10000], user, at or timezone.now()
    item.save()
    return item


@transaction.atomic
def rate_answer(token: str, score: str) -> Feedback:
    item = Feedback.objects.select_for_update().filter(token=token).first()
    if item is None:
        raise NotFound(_("Not found."))
    if item.answered_at is None:
        raise Conflict(_("The answer is rated once it is given."), code="not_answered")
    if item.score:
        raise Conflict(_("This answer is rated already."), code="already_rated")
    if score not in Rating.Score.values:
        raise DomainError(
            _("Choose one of the ratings."), code="invalid", fields={"score": [_("Choose one.")]}
        )
    item.score = score
    item.save(update_fields=["score"])
    return item


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
