"""Payment providers behind one interface, found in a registry by name (``PAYMENT_PROVIDERS``),
the way Open Forms plugs in its payment plugins. A provider sends the payer to its checkout page
and later tells us, server to server, how the payment ended; it proves that notice is its own.

The built-in provider speaks a signed-redirect + signed-callback protocol: every message carries
an HMAC-SHA256 of its other fields (sorted ``key=value`` pairs joined by ``&``) under a secret
shared with the provider, a timestamp, and (in callbacks) a nonce that is used once."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import DomainError


class CallbackRefused(DomainError):
    """The notice is not believed (bad signature, too old, malformed): nothing changes."""


@dataclass(frozen=True)
class Notice:
    """What a verified callback says."""

    reference: str
    amount: int
    transaction: str
    paid: bool
    nonce: str
    at: dt.datetime


class Provider(ABC):
    name: str = ""
    label = gettext_lazy("Payment provider")

    @property
    def available(self) -> bool:
        """Whether payers can be sent to it now (a provider not configured is not offered)."""
        return True

    @abstractmethod
    def checkout_url(self, payment, *, return_url: str) -> str:
        """Where to send the payer to pay ``payment``."""

    @abstractmethod
    def verify(self, body: Mapping[str, str]) -> Notice:
        """The notice, if ``body`` is genuinely this provider's; else ``CallbackRefused``."""


def sign(fields: Mapping[str, object], secret: str) -> str:
    message = "&".join(f"{k}={fields[k]}" for k in sorted(fields) if k != "signature")
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def signature_ok(fields: Mapping[str, object], secret: str) -> bool:
    given = str(fields.get("signature") or "")
    return hmac.compare_digest(given, sign(fields, secret))


class HmacGateway(Provider):
    """The built-in provider. Its checkout page is ``PAYMENT_GATEWAY_URL``, or the test gateway
    served by this system where ``PAYMENT_SANDBOX`` turns it on (demonstrations and tests);
    with neither it is not offered."""

    name = "hmac"
    label = gettext_lazy("Online payment (card, bank account, e-wallet)")
    FIELDS = ("order", "amount", "transaction", "status", "ts", "nonce", "signature")

    @property
    def secret(self) -> str:
        return settings.PAYMENT_HMAC_SECRET

    @property
    def available(self) -> bool:
        return bool(settings.PAYMENT_GATEWAY_URL or settings.PAYMENT_SANDBOX)

    def checkout_url(self, payment, *, return_url: str) -> str:
        params = {
            "order": payment.reference,
            "amount": payment.amount,
            "return": return_url,
            "ts": int(time.time()),
        }
        params["signature"] = sign(params, self.secret)
        base = settings.PAYMENT_GATEWAY_URL or reverse("payments:sandbox")
        return f"{base}?{urlencode(params)}"

    def verify(self, body: Mapping[str, str]) -> Notice:
        fields = {k: str(body.get(k, "")).strip() for k in self.FIELDS}
        if any(not fields[k] for k in self.FIELDS):
            raise CallbackRefused(
                _("The payment notice is incomplete."),
                code="invalid",
                fields={k: [_("This field is required.")] for k in self.FIELDS if not fields[k]},
            )
        if not signature_ok(fields, self.secret):
            raise CallbackRefused(
                _("The payment notice's signature is not valid."),
                code="signature_invalid",
                status=403,
            )
        try:
            amount, stamp = int(fields["amount"]), int(fields["ts"])
        except ValueError as err:
            raise CallbackRefused(_("The payment notice is malformed."), code="invalid") from err
        age = time.time() - stamp
        if not -60 <= age <= settings.PAYMENT_CALLBACK_MAX_AGE:
            raise CallbackRefused(
                _("The payment notice is too old or from the future; it is not accepted."),
                code="callback_expired",
            )
        if fields["status"] not in ("paid", "failed"):
            raise CallbackRefused(_("Unknown payment status."), code="invalid")
        return Notice(
            reference=fields["order"],
            amount=amount,
            transaction=fields["transaction"],
            paid=fields["status"] == "paid",
            nonce=fields["nonce"],
            at=dt.datetime.fromtimestamp(stamp, dt.UTC),
        )


def registry() -> dict[str, Provider]:
    providers = [import_string(path)() for path in settings.PAYMENT_PROVIDERS]
    return {p.name: p for p in providers}


def offered() -> dict[str, Provider]:
    """The providers a payer may choose now."""
    return {name: p for name, p in registry().items() if p.available}


def unavailable() -> DomainError:
    return DomainError(
        _("Online payment is not available at the moment; please pay at the one-stop desk."),
        code="payment_unavailable",
        status=409,
    )


def get(name: str) -> Provider:
    provider = registry().get(name)
    if provider is None:
        raise DomainError(
            _("No payment provider is called %(name)s.") % {"name": name},
            code="not_found",
            status=404,
        )
    return provider
