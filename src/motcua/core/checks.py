"""Checks ``motcua check --deploy`` adds to Django's: what a deployment without DEBUG must not
run with. A deployment starts only after this check passes (docs/deploy.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def test_aids_are_off(app_configs=None, **kwargs) -> list[Error]:
    if settings.DEBUG:
        return []
    errors = []
    if settings.PAYMENT_SANDBOX:
        errors.append(
            Error(
                "MOTCUA_PAYMENT_SANDBOX is on without DEBUG: the test payment gateway would "
                "confirm payments no money paid.",
                hint="Unset MOTCUA_PAYMENT_SANDBOX and set MOTCUA_PAYMENT_GATEWAY_URL.",
                id="motcua.E001",
            )
        )
    if settings.SIGNING_TEST_CA:
        errors.append(
            Error(
                "MOTCUA_SIGNING_TEST_CA is on without DEBUG: results would be signed by keys "
                "this server made itself, and signatures they make trusted.",
                hint="Unset MOTCUA_SIGNING_TEST_CA; give each agency its key in MOTCUA_SIGNING_DIR.",
                id="motcua.E003",
            )
        )
    if not settings.SECRET_KEY_FROM_ENVIRONMENT:
        errors.append(
            Error(
                "SECRET_KEY is not set in the environment: every node would make its own, "
                "and sessions, payment signatures and reset links would not hold across them.",
                hint="Set SECRET_KEY (50 random characters or more) for every node alike.",
                id="motcua.E002",
            )
        )
    return errors
