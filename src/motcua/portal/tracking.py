"""The public look-up of a dossier (DESIGN rule 7): its code plus a second factor the applicant
holds — the phone number given at receipt, or the last digits of the ID number. The answer is the
status and the appointment, never personal data; an unknown code and a wrong factor look alike.

Guessing is slowed without locking the owner out: an address may ask only so often and fail only
so often (``TRACK_RATE``, ``TRACK_ADDRESS_FAILURES``); a code that met too many wrong factors
from anywhere (``TRACK_FAILURES``) no longer takes the short factor — four digits are guessable by
many addresses together — but still answers its owner, who gives the whole phone number or the
whole ID number instead. Unknown codes count alike, so the stricter answer tells nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core import throttle
from motcua.core.errors import NotFound
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier, State


@dataclass(frozen=True)
class Tracked:
    code: str
    state: int
    state_name: str
    procedure_code: str
    procedure_name: str
    agency_name: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    resolved_at: dt.datetime | None
    returned_at: dt.datetime | None
    late: bool

    @property
    def result_ready(self) -> bool:
        return self.state == State.RESOLVED


class StrongFactorNeeded(NotFound):
    code = "strong_factor_required"


def track(code: str, factor: str, *, client: str) -> Tracked:
    """The dossier's public status, or ``NotFound`` for an unknown code and a wrong factor alike;
    ``RateLimited`` when the address asks or fails too often."""
    code = code.strip().upper()
    throttle.hit(f"track:ip:{client}", throttle.Rate.parse(settings.TRACK_RATE))
    address_failures = throttle.Rate.parse(settings.TRACK_ADDRESS_FAILURES)
    throttle.check(f"track:fail:{client}", address_failures)
    failures = throttle.Rate.parse(settings.TRACK_FAILURES)
    guarded = throttle.used(f"track:code:{code}", failures) >= failures.limit
    dossier = (
        Dossier.objects.select_related("procedure", "version", "receiving_agency")
        .filter(code=code)
        .first()
    )
    if dossier is None or not selectors.factor_matches(dossier, factor, strong_only=guarded):
        throttle.hit(f"track:code:{code}", failures, quiet=True)
        throttle.hit(f"track:fail:{client}", address_failures, quiet=True)
        if guarded:
            raise StrongFactorNeeded(
                _(
                    "This code has met too many wrong answers. Enter the whole phone number "
                    "given at receipt, or the whole ID number."
                )
            )
        raise NotFound(
            _("No dossier matches this code and second factor. Check both and try again."),
            code="not_found",
        )
    return Tracked(
        code=dossier.code,
        state=dossier.state,
        state_name=State(dossier.state).label,
        procedure_code=dossier.procedure.code,
        procedure_name=dossier.version.name,
        agency_name=dossier.receiving_agency.name,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        resolved_at=dossier.resolved_at,
        returned_at=dossier.returned_at,
        late=dossier.late,
    )
