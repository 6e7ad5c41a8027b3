"""Writes of service quality: an applicant rates the handling of their dossier; feedback and
petitions are filed, answered within their time limit and their answers rated."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.permissions import Action as Perm
from motcua.accounts.permissions import can
from motcua.catalog.models import Procedure
from motcua.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from motcua.core.text import nfc
from motcua.dossiers import selectors as dossiers
from motcua.dossiers.models import Dossier
from motcua.quality import selectors
from motcua.quality.models import Feedback, Rating
from motcua.workdays import selectors as workdays


@transaction.atomic
def rate(owner, code: str, *, score: str, comment: str = "") -> Rating:
    dossier = dossiers.visible_to(owner).filter(code=code, owner=owner).first()
    if dossier is None:
        raise DomainError(
            _("Dossier %(code)s does not exist.") % {"code": code}, code="not_found", status=404
        )
    if score not in Rating.Score.values:
        raise DomainError(
            _("Choose one of the ratings."), code="invalid", fields={"score": [_("Choose one.")]}
        )
    if dossier.state not in selectors.RATEABLE:
        raise Conflict(_("A dossier is rated once its result exists."), code="not_rateable")
    try:
        with transaction.atomic():
            return Rating.objects.create(
                dossier=dossier, owner=owner, score=score, comment=nfc(comment)[:2000]
            )
    except IntegrityError as err:
        raise Conflict(_("This dossier is rated already."), code="already_rated") from err


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
        if dossier is None or not (mine or dossiers.factor_matches(dossier, filing.dossier_factor)):
            errors["dossier_code"] = [_("No dossier matches this code and second factor.")]
    if errors:
        raise DomainError(_("Check the form."), code="invalid", fields=errors)
    agency = selectors.responsible(dossier, procedure)
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
