"""Sign-in through an external OpenID Connect identity provider, as the national electronic
identification (VNeID) is offered to public-service portals (domain/README.md §3.5). Off until
configured (``MOTCUA_OIDC_*``); the code flow, token checks and nonce are mozilla-django-oidc's.

An account is the provider's subject (``sub``): the first sign-in makes a citizen account from
the identity's claims, later ones refresh its name and ID number. An existing local account is
never taken over by matching an e-mail address or a phone number."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from motcua.core.text import nfc, phone_digits


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


def only_when_enabled(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class EidBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs) -> None:
        self.UserModel = get_user_model()
        if enabled():  # the parent checks the provider's settings, which exist only then
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        if not enabled() or "password" in kwargs:
            return None  # a password sign-in is the other backends' business
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims: dict) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict):
        return self.UserModel.objects.filter(eid_subject=self._subject(claims))

    def describe_user_by_claims(self, claims: dict) -> str:
        return f"subject {claims.get('sub')}"

    @staticmethod
    def _subject(claims: dict) -> str:
        return f"{settings.OIDC_PROVIDER_NAME}:{claims.get('sub')}"[:255]

    def create_user(self, claims: dict):
        users = self.UserModel.objects
        email = (claims.get("email") or "").strip().lower()
        phone = phone_digits(claims.get("phone_number") or "")
        user = users.create_user(
            username=f"eid-{claims['sub']}"[:150],
            email=email if email and not users.filter(email__iexact=email).exists() else "",
            phone=phone if len(phone) == 10 and not users.filter(phone=phone).exists() else "",
            kind=self.UserModel.Kind.CITIZEN,
            eid_subject=self._subject(claims),
        )
        user.set_unusable_password()  # it signs in through the provider only
        return self.update_user(user, claims)

    def update_user(self, user, claims: dict):
        name = nfc(claims.get("name") or "")
        id_number = str(claims.get(settings.OIDC_ID_NUMBER_CLAIM) or "").strip()
        if name:
            user.full_name = name[:255]
        if id_number:
            user.id_number = id_number[:20]
        user.save()
        return user
