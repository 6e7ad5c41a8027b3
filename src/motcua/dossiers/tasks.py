"""Background work of the one-stop shop (Django Tasks API; see settings.TASKS)."""

from __future__ import annotations

from django_tasks import default_task_backend, task

from motcua.dossiers import notifications


@task()
def send_notification(notification_id: int) -> str:
    """Send one message to an applicant; on failure, try again later if the backend can."""
    status = notifications.deliver(notification_id)
    if status == "retry" and default_task_backend.supports_defer:
        from motcua.dossiers.models import Notification

        notice = Notification.objects.get(pk=notification_id)
        send_notification.using(run_after=notice.next_attempt_at).enqueue(notification_id)
    return status
