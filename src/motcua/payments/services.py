"""Paying a dossier's fees: the amount the officer asked for (``request_payment``, from the
procedure version's fees unless they said otherwise), paid online through a provider or at the
counter. The provider's callback alone marks an online payment paid — never the payer's
browser coming back — and only when its signature, order, amount and nonce all check out."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.permissions import Action as Perm
from motcua.accounts.permissions import can
from motcua.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from motcua.core.text import dong
from motcua.dossiers import selectors as dossier_selectors
from motcua.dossiers import services as dossiers
from motcua.dossiers.models import Dossier, DossierEvent, State
from motcua.payments import providers
from motcua.payments.models import Callback, Payment, ReceiptCounter


@dataclass(frozen=True)
class Due:
    sequence: int  # the journal entry that asked for it
    amount: int


def due(dossier: Dossier) -> Due | None:
    """What the applicant owes now: the last payment request, while the dossier waits for it."""
    if dossier.state != State.PAYMENT:
        return None
    event = (
        DossierEvent.objects.filter(dossier=dossier, action="request_payment")
        .order_by("-sequence")
        .first()
    )
    if event is None:
        return None
    return Due(event.sequence, int(event.data.get("amount") or 0))


def _owed(dossier: Dossier) -> Due:
    owed = due(dossier)
    if owed is None:
        raise Conflict(_("Nothing is due on this dossier now."), code="nothing_due")
    return owed


def _receipt_number(at: dt.datetime) -> str:
    year = timezone.localtime(at).year
    counter, _created = ReceiptCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"BL-{year}-{counter.last:07d}"


@transaction.atomic
def start_online(code: str, owner, provider_name: str, *, return_url: str) -> tuple[Payment, str]:
    """An order for what the applicant owes, and the provider's checkout address. Asking again
    for the same amount reuses the open order."""
    dossier = (
        dossier_selectors.visible_to(owner)
        .select_for_update(of=("self",))
        .filter(code=code)
        .first()
    )
    if dossier is None:
        raise NotFound(_("Dossier %(code)s does not exist.") % {"code": code})
    provider = providers.get(provider_name)
    if not provider.available:
        raise providers.unavailable()
    owed = _owed(dossier)
    payment = Payment.objects.filter(
        dossier=dossier,
        request_sequence=owed.sequence,
        state=Payment.State.PENDING,
        provider=provider.name,
        amount=owed.amount,
    ).first()
    if payment is None:
        payment = Payment.objects.create(
            dossier=dossier,
            request_sequence=owed.sequence,
            reference=uuid.uuid4().hex[:20].upper(),
            amount=owed.amount,
            method=Payment.Method.ONLINE,
            provider=provider.name,
            state=Payment.State.PENDING,
            payer_name=dossier.applicant_name,
        )
    return payment, provider.checkout_url(payment, return_url=return_url)


def _settle(payment: Payment, *, at: dt.datetime, user=None) -> None:
    """Paid: the e-receipt number, and the dossier resumes if it still waits for this money."""
    payment.state = Payment.State.PAID
    payment.paid_at = at
    payment.receipt_number = _receipt_number(at)
    payment.save()
    dossier = Dossier.objects.get(pk=payment.dossier_id)
    owed = due(dossier)
    if owed is not None and owed.sequence == payment.request_sequence:
        dossiers.act(
            dossier.code,
            "confirm_payment",
            user=user,
            at=at,
            payment=payment.reference,
            method=payment.method,
        )


def handle_callback(provider_name: str, body: Mapping[str, str]) -> Payment:
    """A provider's notice. The same notice twice is answered like the first and changes
    nothing; a forged, stale, unknown-order or wrong-amount notice changes nothing and is kept
    (refused) for the reconciliation."""
    provider = providers.get(provider_name)
    raw = {str(k): str(v)[:500] for k, v in body.items()}
    try:
        notice = provider.verify(body)
    except providers.CallbackRefused as refusal:
        Callback.objects.create(
            provider=provider.name,
            nonce=f"refused-{uuid.uuid4().hex}",  # an unproven nonce must not block a real one
            reference=raw.get("order", "")[:64],
            outcome=refusal.code,
            body=raw,
        )
        raise
    return accept_notice(provider.name, notice, raw)


def accept_notice(provider: str, notice: providers.Notice, raw: dict | None = None) -> Payment:
    """Apply a notice whose authenticity is established (``handle_callback`` checked it; the
    demo makes its own): once per nonce, for the right order and amount only."""
    seen = Callback.objects.filter(provider=provider, nonce=notice.nonce).first()
    if seen is not None:
        return _answer_again(seen)
    try:
        payment, error = _apply(provider, notice, raw or {})
    except IntegrityError:  # the same notice, delivered twice at once: the other one counted
        seen = Callback.objects.get(provider=provider, nonce=notice.nonce)
        return _answer_again(seen)
    if error:
        raise error
    return payment


def _answer_again(seen: Callback) -> Payment:
    payment = Payment.objects.filter(reference=seen.reference).first()
    if not seen.accepted or payment is None:
        raise Conflict(
            _("This payment notice was already received and refused."), code="callback_replayed"
        )
    return payment


@transaction.atomic
def _apply(
    provider: str, notice: providers.Notice, raw: dict
) -> tuple[Payment | None, Exception | None]:
    record = Callback(
        provider=provider, nonce=notice.nonce, reference=notice.reference[:64], body=raw
    )
    payment = (
        Payment.objects.select_for_update()
        .filter(reference=notice.reference, provider=provider)
        .first()
    )
    error: Exception | None = None
    if payment is None:
        record.outcome = "unknown_order"
        error = NotFound(_("No payment order has this reference."), code="payment_not_found")
    elif notice.amount != payment.amount:
        record.outcome = "amount_mismatch"
        error = DomainError(
            _("The amount paid differs from the amount due; the payment is not accepted."),
            code="amount_mismatch",
        )
    elif payment.state == Payment.State.PAID:
        record.outcome, record.accepted = "already_paid", True
    elif (
        notice.paid
        and Payment.objects.filter(
            dossier_id=payment.dossier_id,
            request_sequence=payment.request_sequence,
            state=Payment.State.PAID,
        ).exists()
    ):
        # Settled meanwhile (at the counter, or by another order): the money goes back.
        payment.state = Payment.State.REFUND
        payment.transaction = notice.transaction[:100]
        payment.paid_at = timezone.now()
        payment.save()
        record.outcome, record.accepted = "paid_twice", True
    elif not notice.paid:
        payment.state = Payment.State.FAILED
        payment.transaction = notice.transaction[:100]
        payment.save()
        record.outcome, record.accepted = "failed", True
    else:
        payment.transaction = notice.transaction[:100]
        _settle(payment, at=min(notice.at, timezone.now()))  # when the provider says it was paid
        record.outcome, record.accepted = "paid", True
    with transaction.atomic():
        record.save()
    return payment, error


@transaction.atomic
def pay_at_counter(
    code: str, officer, *, amount: int, payer_name: str = "", at: dt.datetime | None = None
) -> Payment:
    """Money taken at the one-stop desk: recorded, receipted, and the dossier resumes."""
    dossier = dossiers.lock(code)
    owed = _owed(dossier)
    if not can(officer, Perm.DOSSIER_CHECK, dossier.receiving_agency):
        raise PermissionDenied(
            _("Your role in your agency does not allow this action on this dossier."),
            code="not_allowed",
        )
    if amount != owed.amount:
        raise DomainError(
            _("The amount due is %(amount)s đồng.") % {"amount": dong(owed.amount)},
            code="amount_mismatch",
            fields={"amount": [_("Not the amount due.")]},
        )
    payment = Payment.objects.create(
        dossier=dossier,
        request_sequence=owed.sequence,
        reference=f"Q{uuid.uuid4().hex[:19].upper()}",
        amount=amount,
        method=Payment.Method.COUNTER,
        state=Payment.State.PENDING,
        payer_name=payer_name or dossier.applicant_name,
        received_by=officer,
    )
    _settle(payment, at=at or timezone.now(), user=officer)
    return payment
