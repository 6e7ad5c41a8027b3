"""Telling the applicant what happened to their dossier (received, more papers needed, fees
due, rescheduled, result ready…): by e-mail and SMS, in Vietnamese, through the outbox
``Notification`` and the ``send_notification`` task."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import default_task_backend, task

from motcua.core.sms import send_sms
from motcua.core.text import dong
from motcua.dossiers.models import Dossier, DossierEvent, Notification, State

_local = threading.local()


@contextlib.contextmanager
def suppressed():
    """No message for what happens inside (loading history, such as the demo year)."""
    _local.off = True
    try:
        yield
    finally:
        _local.off = False


def _when(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def _message(dossier: Dossier, event: DossierEvent) -> tuple[str, str] | None:
    """(subject, text) for an event that concerns the applicant; None for internal steps."""
    code, due, note = dossier.code, _when(dossier.due_at), event.note.strip()
    action, state = event.action, dossier.state
    if action == "submit":
        return (
            _("Dossier %(code)s submitted online") % {"code": code},
            _("We have your dossier. The one-stop desk checks it and tells you the outcome."),
        )
    if action in ("receive", "accept", "supplement") and state == State.RECEIVED:
        if action == "supplement" and event.from_state != State.SUPPLEMENT:
            return None
        return (
            _("Dossier %(code)s received") % {"code": code},
            _("Your dossier is received. Appointment for the result: %(due)s.") % {"due": due}
            if due
            else _("Your dossier is received."),
        )
    if action in ("receive", "request_supplement") and state == State.SUPPLEMENT:
        return (
            _("Dossier %(code)s: more papers needed") % {"code": code},
            _("Please supply: %(missing)s") % {"missing": note.replace("\n", "; ")},
        )
    if action in ("receive", "refuse") and state == State.REFUSED:
        return (
            _("Dossier %(code)s not accepted") % {"code": code},
            _("Reason: %(reason)s") % {"reason": note},
        )
    if action == "request_payment":
        amount = dong(int(event.data.get("amount") or 0))
        return (
            _("Dossier %(code)s: fees due") % {"code": code},
            _("Please pay %(amount)s đồng, online or at the one-stop desk.") % {"amount": amount},
        )
    if action == "apologize":
        return (
            _("Dossier %(code)s: new appointment") % {"code": code},
            _("We apologise: your result will be late. New appointment: %(due)s. %(reason)s")
            % {"due": due, "reason": note},
        )
    if action == "record_result":
        return (
            _("Dossier %(code)s: result ready") % {"code": code},
            _("The result of your dossier is ready."),
        )
    if action == "stop":
        return (_("Dossier %(code)s stopped") % {"code": code}, note or _("Processing stopped."))
    return None


def queue(dossier: Dossier, event: DossierEvent) -> list[Notification]:
    """The messages ``event`` calls for, written now and sent once the change is committed."""
    if getattr(_local, "off", False) or not settings.NOTIFY_APPLICANTS:
        return []
    owner = dossier.owner
    email = dossier.email or (owner.email if owner else "")
    phone = dossier.phone or (owner.phone if owner else "")
    if not email and not phone:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        message = _message(dossier, event)
        if message is None:
            return []
        subject, text = message
        link = f"{settings.MOTCUA_PUBLIC_URL.rstrip('/')}/portal/tra-cuu/?ma={dossier.code}"
        follow = _("Follow your dossier")
        body = f"{text}\n\n{follow}: {link}\n"
    rows = []
    if email:
        rows.append(Notification(channel=Notification.Channel.EMAIL, to=email, body=body))
    if phone:
        rows.append(Notification(channel=Notification.Channel.SMS, to=phone, body=text[:300]))
    for row in rows:
        row.dossier, row.event, row.subject = dossier, event, subject[:255]
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created]
    transaction.on_commit(lambda: _enqueue(ids))
    return created


def _enqueue(ids: list[int]) -> None:
    for pk in ids:
        send_notification.enqueue(pk)


def deliver(pk: int) -> str:
    """Send one notification if it is still to be sent; returns its status. A failure is
    recorded and retried later (``NOTIFY_RETRIES`` attempts, backing off), never sent twice."""
    with transaction.atomic():
        notice = (
            Notification.objects.select_for_update()
            .filter(pk=pk, status=Notification.Status.PENDING)
            .first()
        )
        if notice is None:
            return "skipped"
        try:
            if notice.channel == Notification.Channel.EMAIL:
                send_mail(notice.subject, notice.body, None, [notice.to])
            else:
                send_sms(notice.to, f"motcua {notice.dossier.code}: {notice.body}")
        except Exception as error:  # any provider failure: keep it for the next attempt
            notice.attempts += 1
            notice.last_error = f"{type(error).__name__}: {error}"[:500]
            if notice.attempts >= settings.NOTIFY_RETRIES:
                notice.status = Notification.Status.FAILED
            else:
                notice.next_attempt_at = timezone.now() + dt.timedelta(minutes=2**notice.attempts)
            notice.save()
            return notice.status if notice.status == Notification.Status.FAILED else "retry"
        notice.status = Notification.Status.SENT
        notice.sent_at = timezone.now()
        notice.attempts += 1
        notice.save()
        return notice.status


def due_for_retry() -> list[int]:
    """Messages whose retry time has come, and first sends left behind: a worker killed while
    it held a send leaves the row pending with no retry time, and its task is not run again."""
    now = timezone.now()
    stale = now - dt.timedelta(minutes=settings.NOTIFY_STALE_MINUTES)
    return list(
        Notification.objects.filter(status=Notification.Status.PENDING)
        .filter(
            Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, created_at__lte=stale)
        )
        .values_list("pk", flat=True)
    )


@task()
def send_notification(notification_id: int) -> str:
    """Send one message to an applicant (the background task ``queue`` starts); on failure,
    try again later if the backend can."""
    status = deliver(notification_id)
    if status == "retry" and default_task_backend.supports_defer:
        notice = Notification.objects.get(pk=notification_id)
        send_notification.using(run_after=notice.next_attempt_at).enqueue(notification_id)
    return status
