from __future__ import annotations

import datetime as dt
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.accounts.permissions import Action as Perm
from motcua.accounts.permissions import agencies_for
from motcua.core.dates import read_day
from motcua.core.errors import DomainError
from motcua.dossiers import selectors as dossier_selectors
from motcua.payments import providers, receipts, services
from motcua.payments.models import Payment
from motcua.payments.reconcile import reconcile


def _own_dossier(request: HttpRequest, code: str):
    try:
        return dossier_selectors.dossier_for(request.user, code)
    except DomainError as error:
        raise Http404 from error


@require_http_methods(["GET", "POST"])
@login_required
def pay(request: HttpRequest, code: str) -> HttpResponse:
    """What the applicant owes on one dossier, and the way to pay it online."""
    dossier = _own_dossier(request, code)
    owed = services.due(dossier)
    offered = providers.offered()
    if request.method == "POST" and owed is not None:
        name = request.POST.get("provider", "")
        back = request.build_absolute_uri(reverse("payments:returned"))
        try:
            payment, url = services.start_online(code, request.user, name, return_url=back)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            request.session["payment_reference"] = payment.reference
            return redirect(url)
    paid = dossier.payments.filter(state=Payment.State.PAID).order_by("-paid_at")
    return render(
        request,
        "payments/pay.html",
        {
            "dossier": dossier,
            "owed": owed,
            "amount": receipts.dotted(owed.amount) if owed else "",
            "words": receipts.in_words(owed.amount) if owed else "",
            "providers": offered.values(),
            "paid": paid,
        },
    )


@require_GET
@login_required
def returned(request: HttpRequest) -> HttpResponse:
    """Back from the provider's page. What the browser brings back proves nothing: the page
    shows what the provider's own notice recorded."""
    reference = request.GET.get("order") or request.session.get("payment_reference", "")
    payment = (
        Payment.objects.filter(reference=reference, dossier__owner=request.user)
        .select_related("dossier")
        .first()
    )
    if payment is None:
        raise Http404
    return render(request, "payments/returned.html", {"payment": payment})


@require_GET
@login_required
def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """The e-receipt, for the payer or an officer who may see the dossier."""
    payment = (
        Payment.objects.filter(
            reference=reference,
            state=Payment.State.PAID,
            dossier__in=dossier_selectors.visible_to(request.user),
        )
        .select_related("dossier__version", "dossier__procedure", "dossier__receiving_agency")
        .first()
    )
    if payment is None:
        raise Http404
    response = HttpResponse(receipts.pdf(payment), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="bien-lai-{payment.receipt_number}.pdf"'
    )
    return response


@require_POST
@login_required
def counter(request: HttpRequest, code: str) -> HttpResponse:
    """The one-stop officer takes the fee at the desk."""
    try:
        amount = int(request.POST.get("amount", ""))
    except ValueError:
        amount = -1
    try:
        payment = services.pay_at_counter(
            code, request.user, amount=amount, payer_name=request.POST.get("payer", "").strip()
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Fee received; e-receipt %(number)s.") % {"number": payment.receipt_number},
        )
    return redirect("dossiers:detail", code=code)


@require_GET
@login_required
def reconciliation(request: HttpRequest) -> HttpResponse:
    """The day's mismatches between payments and dossiers, for the control office and leaders."""
    allowed = agencies_for(request.user, Perm.REPORTS_VIEW)
    if allowed is not None and not allowed:
        raise PermissionDenied
    day = read_day(request.GET.get("ngay")) or timezone.localdate() - dt.timedelta(days=1)
    return render(
        request, "payments/reconciliation.html", {"day": day, "mismatches": reconcile(day)}
    )


@require_http_methods(["GET", "POST"])
def sandbox(request: HttpRequest) -> HttpResponse:
    """A stand-in for a provider's checkout page (``PAYMENT_SANDBOX``): it checks the signed
    redirect, lets the payer pay or cancel, sends the signed server-to-server notice the real
    provider would, and takes the payer back."""
    if not settings.PAYMENT_SANDBOX:
        raise Http404
    params = request.POST if request.method == "POST" else request.GET
    fields = {k: params.get(k, "") for k in ("order", "amount", "return", "ts", "signature")}
    if not providers.signature_ok(fields, settings.PAYMENT_HMAC_SECRET):
        return HttpResponseBadRequest(_("The payment request's signature is not valid."))
    back = fields["return"]
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return HttpResponseBadRequest(_("The return address is not allowed."))
    if request.method == "POST":
        notice = {
            "order": fields["order"],
            "amount": fields["amount"],
            "transaction": f"SBX{uuid.uuid4().hex[:12].upper()}",
            "status": "paid" if "pay" in request.POST else "failed",
            "ts": str(int(time.time())),
            "nonce": uuid.uuid4().hex,
        }
        notice["signature"] = providers.sign(notice, settings.PAYMENT_HMAC_SECRET)
        try:
            services.handle_callback(providers.HmacGateway.name, notice)
        except DomainError as error:
            return HttpResponseBadRequest(error.message)
        return redirect(f"{back}?order={fields['order']}")
    return render(
        request,
        "payments/sandbox.html",
        {"fields": fields, "amount": receipts.dotted(int(fields["amount"] or 0))},
    )
