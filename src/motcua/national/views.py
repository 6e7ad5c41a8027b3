"""The control office's page of the interconnection: the day's reconciliation, the backlog, the
errors, the parked and blocked dossiers (released from here), and the month's history."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.accounts.permissions import Action, can
from motcua.core.dates import read_day
from motcua.national import delivery, mapping, outbox, pull, reconcile
from motcua.national.models import CatalogPull, OutboxMessage, Reconciliation, SyncState

Status = SyncState.Status
TROUBLE = (Status.RETRYING, Status.PARKED, Status.BLOCKED)


def _day(raw: str | None) -> dt.date:
    return read_day(raw) or timezone.localdate() - dt.timedelta(days=1)


@require_http_methods(["GET", "POST"])
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.CATALOG_MANAGE):
        raise PermissionDenied
    if request.method == "POST":
        return _act(request)
    day = _day(request.GET.get("ngay"))
    counts = dict(
        SyncState.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    total = sum(counts.values())
    oldest = OutboxMessage.objects.filter(acknowledged_at__isnull=True).aggregate(
        first=Min("created_at")
    )["first"]
    return render(
        request,
        "national/dashboard.html",
        {
            "enabled": outbox.enabled(),
            "day": day,
            "result": Reconciliation.objects.filter(day=day).first(),
            "kinds": reconcile.KINDS,
            "counts": [(label, counts.get(value, 0)) for value, label in Status.choices],
            "backlog": total - counts.get(Status.SYNCED, 0),
            "oldest_hours": round((timezone.now() - oldest).total_seconds() / 3600, 1)
            if oldest
            else None,
            "error_share": round(100 * sum(counts.get(s, 0) for s in TROUBLE) / total, 1)
            if total
            else 0,
            "stuck": SyncState.objects.filter(status__in=(Status.PARKED, Status.BLOCKED))
            .select_related("dossier")
            .order_by("dossier__code")[:100],
            # The month up to the day shown.
            "history": Reconciliation.objects.filter(
                day__gt=day - dt.timedelta(days=31), day__lte=day
            ).order_by("-day", "-ran_at"),
            "pulls": [
                (reading, pull.summary(reading) if reading.state == CatalogPull.State.DONE else "")
                for reading in CatalogPull.objects.select_related("decision", "created_by")[:5]
            ],
            "unmapped": mapping.unmapped_procedures(timezone.localdate()),
        },
    )


def _act(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action")
    day = _day(request.POST.get("ngay"))
    if action == "release":
        count = delivery.release()
        messages.success(request, _("%(n)s dossiers go back to the queue.") % {"n": count})
    elif action == "resend":
        result = Reconciliation.objects.filter(day=day).first()
        codes = sorted({d["code"] for d in result.differences}) if result else []
        count = reconcile.requeue(codes) if codes else 0
        messages.success(request, _("%(n)s dossiers queued again.") % {"n": count})
    elif action == "pull" and outbox.enabled():
        if CatalogPull.objects.filter(
            state__in=(CatalogPull.State.QUEUED, CatalogPull.State.RUNNING)
        ).exists():
            messages.error(request, _("A reading of the national catalog is already under way."))
        else:
            pull.start(by=request.user)
            messages.success(
                request,
                _("The national catalog is being read; the result appears below when it is done."),
            )
    elif action == "reconcile" and outbox.enabled():
        result = reconcile.run(day)
        if result.failed:
            messages.error(request, result.failed)
        else:
            messages.success(
                request,
                _("%(checked)s dossiers compared, %(n)s differences.")
                % {"checked": result.checked, "n": len(result.differences)},
            )
    else:
        messages.error(request, _("Unknown action."))
    return redirect(f"{request.path}?ngay={day.isoformat()}")
