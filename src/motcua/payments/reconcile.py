"""The daily reconciliation of payments against dossiers: every case where the money and the
dossier's journal do not tell the same story, for a person to settle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import DossierEvent
from motcua.payments.models import Callback, Payment

KINDS = {
    "paid_not_confirmed": _("Paid, but the dossier still waits for the money"),
    "confirmed_without_payment": _("Marked paid in the dossier with no payment recorded"),
    "amount_differs": _("Amount paid differs from the amount asked"),
    "paid_twice": _("Paid twice: to be refunded"),
    "callback_refused": _("A provider's notice was refused"),
}


@dataclass(frozen=True)
class Mismatch:
    kind: str
    dossier: str
    reference: str
    detail: str

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])


def _bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def reconcile(day: dt.date) -> list[Mismatch]:
    start, end = _bounds(day)
    found: list[Mismatch] = []
    paid = list(
        Payment.objects.filter(paid_at__gte=start, paid_at__lt=end)
        .select_related("dossier")
        .order_by("paid_at")
    )
    asked = {
        (e.dossier_id, e.sequence): int(e.data.get("amount") or 0)
        for e in DossierEvent.objects.filter(
            action="request_payment",
            dossier_id__in={p.dossier_id for p in paid},
        )
    }
    confirmed = set(
        DossierEvent.objects.filter(
            action="confirm_payment", dossier_id__in={p.dossier_id for p in paid}
        ).values_list("data__payment", flat=True)
    )
    for payment in paid:
        code = payment.dossier.code
        if payment.state == Payment.State.REFUND:
            found.append(Mismatch("paid_twice", code, payment.reference, f"{payment.amount}"))
            continue
        if payment.state != Payment.State.PAID:
            continue
        if payment.reference not in confirmed:
            found.append(Mismatch("paid_not_confirmed", code, payment.reference, ""))
        wanted = asked.get((payment.dossier_id, payment.request_sequence))
        if wanted is not None and wanted != payment.amount:
            found.append(
                Mismatch("amount_differs", code, payment.reference, f"{payment.amount}≠{wanted}")
            )
    confirmations = list(
        DossierEvent.objects.filter(
            action="confirm_payment", at__gte=start, at__lt=end
        ).select_related("dossier")
    )
    references = {e.data.get("payment") for e in confirmations} - {None, ""}
    settled = set(
        Payment.objects.filter(reference__in=references, state=Payment.State.PAID).values_list(
            "reference", flat=True
        )
    )
    for event in confirmations:
        reference = event.data.get("payment")
        if not reference or reference not in settled:
            found.append(
                Mismatch("confirmed_without_payment", event.dossier.code, reference or "", "")
            )
    for callback in Callback.objects.filter(
        received_at__gte=start, received_at__lt=end, accepted=False
    ):
        found.append(
            Mismatch(
                "callback_refused",
                "",
                callback.reference,
                f"{callback.provider}: {callback.outcome}",
            )
        )
    return found
