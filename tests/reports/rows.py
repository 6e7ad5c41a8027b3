"""Payments and feedback for the report tests: rows as the payment and portal services leave
them, written directly (these tests read them; the services' own tests write them)."""

from __future__ import annotations

import datetime as dt
import hashlib

from motcua.agencies.models import Agency
from motcua.dossiers.models import Dossier
from motcua.payments.models import Payment
from motcua.quality.models import Feedback


def paid(dossier: Dossier, method: str, at: dt.datetime, sequence: int = 1) -> Payment:
    return Payment.objects.create(
        dossier=dossier,
        request_sequence=sequence,
        reference=f"T-{dossier.pk}-{sequence}",
        amount=50_000,
        method=method,
        state=Payment.State.PAID,
        paid_at=at,
    )


def feedback(
    agency: Agency,
    title: str,
    *,
    received: dt.datetime,
    due: dt.datetime,
    answered: dt.datetime | None,
    score: str = "",
) -> Feedback:
    return Feedback.objects.create(
        token=hashlib.sha256(f"{title} {received}".encode()).hexdigest()[:32],
        kind="feedback",
        title=title,
        content="…",
        name="Người dân",
        agency=agency,
        received_at=received,
        due_at=due,
        answered_at=answered,
        score=score,
    )
