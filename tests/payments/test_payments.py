"""Fees paid online through the built-in signed provider, or at the counter: only a genuine,
fresh, matching notice marks a payment paid; everything else changes nothing and is kept for
the daily reconciliation."""

import os
import subprocess
import sys
import time
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from motcua.core.errors import DomainError
from motcua.dossiers import services as dossiers
from motcua.dossiers.models import Dossier, State
from motcua.payments import providers, receipts, services
from motcua.payments.models import Callback, Payment
from motcua.payments.reconcile import reconcile
from tests.payments.conftest import AMOUNT

pytestmark = pytest.mark.django_db
CALLBACK = "/api/v1/payments/callback/hmac"


def start(owing, citizen):
    return services.start_online(owing.code, citizen, "hmac", return_url="http://testserver/x")


def notice(payment, secret, **changes):
    body = {
        "order": payment.reference,
        "amount": str(payment.amount),
        "transaction": "TX1",
        "status": "paid",
        "ts": str(int(time.time())),
        "nonce": uuid.uuid4().hex,
    } | changes
    body["signature"] = providers.sign(body, secret)
    return body


def unchanged(owing, payment):
    assert Dossier.objects.get(pk=owing.pk).state == State.PAYMENT
    assert Payment.objects.get(pk=payment.pk).state == Payment.State.PENDING
    assert not Dossier.objects.get(pk=owing.pk).events.filter(action="confirm_payment").exists()


def test_a_genuine_notice_pays_receipts_and_resumes_the_dossier(api, owing, citizen, settings):
    payment, url = start(owing, citizen)
    sent = parse_qs(urlparse(url).query)
    assert sent["amount"] == [str(AMOUNT)] and providers.signature_ok(
        {k: v[0] for k, v in sent.items()}, settings.PAYMENT_HMAC_SECRET
    )
    response = api.post(CALLBACK, notice(payment, settings.PAYMENT_HMAC_SECRET), format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"order": payment.reference, "state": "paid"}
    payment.refresh_from_db()
    assert payment.state == "paid" and payment.receipt_number.startswith("BL-")
    dossier = Dossier.objects.get(pk=owing.pk)
    # The reports count payments by the agency the payment carries: its dossier's.
    assert payment.deciding_agency_id == dossier.deciding_agency_id
    assert dossier.state == State.PROCESSING
    event = dossier.events.get(action="confirm_payment")
    assert event.data["payment"] == payment.reference and event.data["method"] == "online"
    assert reconcile(timezone.localdate(payment.paid_at)) == []


def test_a_forged_notice_changes_nothing(api, owing, citizen, settings):
    payment, _url = start(owing, citizen)
    forged = notice(payment, "not-the-secret")
    response = api.post(CALLBACK, forged, format="json")
    assert response.status_code == 403 and response.json()["code"] == "signature_invalid"
    unchanged(owing, payment)
    assert Callback.objects.get().outcome == "signature_invalid"
    tampered = notice(payment, settings.PAYMENT_HMAC_SECRET)
    tampered["amount"] = "1"  # signed for the full amount, then altered
    assert api.post(CALLBACK, tampered, format="json").status_code == 403
    unchanged(owing, payment)


def test_a_wrong_amount_an_old_notice_and_an_unknown_order_change_nothing(
    api, owing, citizen, settings
):
    payment, _url = start(owing, citizen)
    secret = settings.PAYMENT_HMAC_SECRET
    short = api.post(CALLBACK, notice(payment, secret, amount=str(AMOUNT - 1)), format="json")
    assert short.status_code == 400 and short.json()["code"] == "amount_mismatch"
    old = api.post(
        CALLBACK, notice(payment, secret, ts=str(int(time.time()) - 3600)), format="json"
    )
    assert old.status_code == 400 and old.json()["code"] == "callback_expired"
    unknown = api.post(CALLBACK, notice(payment, secret, order="NOPE"), format="json")
    assert unknown.status_code == 404
    unchanged(owing, payment)
    day = timezone.localdate(Callback.objects.first().received_at)
    kinds = sorted(m.detail for m in reconcile(day))
    assert kinds == ["hmac: amount_mismatch", "hmac: callback_expired", "hmac: unknown_order"]


def test_the_same_notice_twice_counts_once(api, owing, citizen, settings):
    payment, _url = start(owing, citizen)
    body = notice(payment, settings.PAYMENT_HMAC_SECRET)
    first = api.post(CALLBACK, body, format="json")
    again = api.post(CALLBACK, body, format="json")
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert Dossier.objects.get(pk=owing.pk).events.filter(action="confirm_payment").count() == 1
    assert Payment.objects.filter(state="paid").count() == 1
    # a second, different notice for the same paid order changes nothing either
    other = api.post(CALLBACK, notice(payment, settings.PAYMENT_HMAC_SECRET), format="json")
    assert other.status_code == 200
    assert Dossier.objects.get(pk=owing.pk).events.filter(action="confirm_payment").count() == 1


def test_paid_online_after_paying_at_the_counter_is_flagged_for_refund(
    api, owing, citizen, officer, settings
):
    payment, _url = start(owing, citizen)
    services.pay_at_counter(owing.code, officer, amount=AMOUNT)
    response = api.post(CALLBACK, notice(payment, settings.PAYMENT_HMAC_SECRET), format="json")
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.state == Payment.State.REFUND
    assert [m.kind for m in reconcile(timezone.localdate(payment.paid_at))] == ["paid_twice"]


def test_the_browser_journey_through_the_sandbox_gateway(client, owing, citizen):
    client.force_login(citizen)
    page = client.get(reverse("payments:pay", args=[owing.code]))
    assert "50.000 đồng" in page.content.decode()
    assert "Năm mươi nghìn đồng" in page.content.decode()
    gateway = client.post(reverse("payments:pay", args=[owing.code]), {"provider": "hmac"})
    checkout = client.get(gateway["Location"])
    assert checkout.status_code == 200
    fields = {k: v[0] for k, v in parse_qs(urlparse(gateway["Location"]).query).items()}
    back = client.post(reverse("payments:sandbox"), {**fields, "pay": "1"})
    shown = client.get(back["Location"])
    assert shown.status_code == 200
    payment = Payment.objects.get()
    assert payment.state == "paid" and payment.receipt_number in shown.content.decode()
    pdf = client.get(reverse("payments:receipt", args=[payment.reference]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # the gateway refuses a redirect whose amount was altered
    fields["amount"] = "1"
    assert client.get(reverse("payments:sandbox"), fields).status_code == 400


def test_the_counter_takes_the_amount_due_only(owing, officer):
    with pytest.raises(services.DomainError) as refused:
        services.pay_at_counter(owing.code, officer, amount=AMOUNT - 1000)
    assert refused.value.code == "amount_mismatch"
    assert Dossier.objects.get(pk=owing.pk).state == State.PAYMENT
    payment = services.pay_at_counter(owing.code, officer, amount=AMOUNT)
    assert payment.method == "counter" and payment.received_by == officer
    assert payment.deciding_agency == owing.deciding_agency
    assert Dossier.objects.get(pk=owing.pk).state == State.PROCESSING
    with pytest.raises(services.Conflict):
        services.pay_at_counter(owing.code, officer, amount=AMOUNT)


def test_a_confirmation_without_money_is_listed_and_the_command_fails(owing, capsys):
    dossier = dossiers.act(owing.code, "confirm_payment")
    day = timezone.localdate(dossier.events.get(action="confirm_payment").at)
    assert [m.kind for m in reconcile(day)] == ["confirmed_without_payment"]
    with pytest.raises(SystemExit) as exit_:
        call_command("reconcile_payments", "--date", day.isoformat())
    assert exit_.value.code == 1
    assert "confirmed_without_payment" in capsys.readouterr().out


def test_amounts_in_words():
    assert receipts.in_words(1_250_000) == "Một triệu hai trăm năm mươi nghìn đồng"
    assert receipts.dotted(1_250_000) == "1.250.000"


def test_the_fee_defaults_to_the_procedure_version(owing):
    from motcua.catalog.models import Fee

    owing.version.fees.all().delete()
    Fee.objects.create(version=owing.version, amount=None, text="Theo quy định của HĐND tỉnh")
    Fee.objects.create(version=owing.version, amount=25_000, text="25.000 đồng/hồ sơ")
    dossier = dossiers.act(owing.code, "confirm_payment")
    dossier = dossiers.act(dossier.code, "request_payment")
    assert services.due(dossier).amount == 25_000


def test_the_test_gateway_is_closed_when_turned_off(client, owing, citizen, settings):
    """Turned off (as in every deployment), nobody is offered the test gateway, nobody is sent
    to it, and what it would sign is never believed."""
    client.force_login(citizen)
    gateway = client.post(reverse("payments:pay", args=[owing.code]), {"provider": "hmac"})
    fields = {k: v[0] for k, v in parse_qs(urlparse(gateway["Location"]).query).items()}
    settings.PAYMENT_SANDBOX = False
    page = client.get(reverse("payments:pay", args=[owing.code])).content.decode()
    assert 'name="provider" value="hmac"' not in page
    refused = client.post(reverse("payments:pay", args=[owing.code]), {"provider": "hmac"})
    assert refused.status_code == 200 and "tại Bộ phận Một cửa" in refused.content.decode()
    assert client.post(reverse("payments:sandbox"), {**fields, "pay": "1"}).status_code == 404
    assert Payment.objects.get().state == Payment.State.PENDING
    with pytest.raises(DomainError) as refusal:
        start(owing, citizen)
    assert refusal.value.code == "payment_unavailable" and refusal.value.status_code == 409


def run_motcua(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_PAYMENT")}
    environment.pop("DEBUG", None)
    return subprocess.run(  # noqa: S603 - the test's own command line
        [sys.executable, "-m", "motcua.manage", *args],
        env=environment | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_test_gateway_is_off_unless_turned_on_and_never_in_a_deployment():
    read = "from django.conf import settings; print('sandbox', settings.PAYMENT_SANDBOX)"
    assert run_motcua("shell", "-c", read).stdout.splitlines()[-1] == "sandbox False"
    on = run_motcua("shell", "-c", read, MOTCUA_PAYMENT_SANDBOX="1")
    assert on.stdout.splitlines()[-1] == "sandbox True"
    deploy = run_motcua("check", "--deploy", MOTCUA_PAYMENT_SANDBOX="1", SECRET_KEY="x" * 60)
    assert deploy.returncode != 0 and "motcua.E001" in deploy.stderr
    # A real gateway's address wins over the switch.
    real = run_motcua(
        "shell", "-c", read, MOTCUA_PAYMENT_SANDBOX="1", MOTCUA_PAYMENT_GATEWAY_URL="https://x.vn/"
    )
    assert real.stdout.splitlines()[-1] == "sandbox False"
