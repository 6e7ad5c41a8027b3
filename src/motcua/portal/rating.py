"""Rating a dossier's handling: by its applicant, once, after the result exists."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.core.errors import Conflict, DomainError
from motcua.core.text import nfc
from motcua.dossiers import selectors
from motcua.dossiers.models import State
from motcua.portal.models import Rating

RATEABLE = (State.RESOLVED, State.RETURNED)


def can_rate(dossier) -> bool:
    return dossier.state in RATEABLE and not Rating.objects.filter(dossier=dossier).exists()


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
