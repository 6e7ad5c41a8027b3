"""Messages to applicants: written with the event (outbox), sent once by the task, retried on
failure, and nothing for steps that do not concern them."""

import pytest
from django.core import mail
from django.test import override_settings

from motcua.dossiers import notifications, services
from motcua.dossiers.models import Notification
from motcua.dossiers.tasks import send_notification
from tests.dossiers.conftest import moment, user

pytestmark = pytest.mark.django_db


def test_receipt_writes_an_email_and_an_sms_in_vietnamese(receive, settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path
    dossier = receive(email="an@example.vn")
    email, sms = dossier.notifications.order_by("channel")
    assert (email.channel, email.to) == ("email", "an@example.vn")
    assert (sms.channel, sms.to) == ("sms", "0912345678")
    assert email.subject == f"Hồ sơ {dossier.code} đã được tiếp nhận"
    assert "Hẹn trả kết quả" in email.body and "/portal/tra-cuu/?ma=" in email.body
    for notice in (email, sms):
        assert notifications.deliver(notice.pk) == "sent"
        assert notifications.deliver(notice.pk) == "skipped"  # never twice
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["an@example.vn"]
    (text,) = tmp_path.iterdir()
    assert dossier.code in text.read_text()


def test_internal_steps_send_nothing(receive):
    dossier = receive()
    before = Notification.objects.count()
    services.act(dossier.code, "hand_over", user=user("stp.motcua"), at=moment(2023, 3, 6, 10))
    assert Notification.objects.count() == before


def test_the_task_is_queued_only_when_the_change_commits(
    receive, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        receive()
    assert len(callbacks) == 1


@override_settings(NOTIFY_RETRIES=2, SMS_BACKEND="tests.dossiers.test_notifications.Broken")
def test_a_failing_provider_is_retried_then_given_up(receive):
    dossier = receive()
    sms = dossier.notifications.get(channel="sms")
    assert send_notification.call(sms.pk) == "retry"
    sms.refresh_from_db()
    assert sms.attempts == 1 and "provider down" in sms.last_error and sms.next_attempt_at
    assert notifications.deliver(sms.pk) == "failed"
    sms.refresh_from_db()
    assert sms.status == "failed" and sms.sent_at is None


def test_nothing_while_suppressed(receive):
    with notifications.suppressed():
        dossier = receive()
    assert not dossier.notifications.exists()


class Broken:
    def send(self, to, text):
        raise ConnectionError("provider down")


def test_a_first_send_left_behind_by_a_dead_worker_is_taken_up_again(receive, settings):
    """A worker killed while holding a send leaves the message pending with no retry time, and
    its task is not run again: ``send_notifications`` takes it up once it is stale."""
    dossier = receive()
    waiting = set(dossier.notifications.values_list("pk", flat=True))
    assert waiting and not set(notifications.due_for_retry()) & waiting  # still fresh
    settings.NOTIFY_STALE_MINUTES = 0
    assert waiting <= set(notifications.due_for_retry())
    for pk in waiting:
        notifications.deliver(pk)
    assert not set(notifications.due_for_retry()) & waiting
