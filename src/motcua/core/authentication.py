"""API authentication (kept apart from api.py: DRF imports it while its own views load)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header


class TokenOrBearerAuthentication(TokenAuthentication):
    """``Authorization: Token <key>`` as DRF has it, and ``Bearer <key>`` as most clients send."""

    keywords = ("token", "bearer")

    def authenticate(self, request):  # type: ignore[override]
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower().decode() not in self.keywords:
            return None
        if len(auth) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid authorization header."))
        try:
            key = auth[1].decode()
        except UnicodeError as err:
            raise exceptions.AuthenticationFailed(_("Invalid authorization header.")) from err
        return self.authenticate_credentials(key)
