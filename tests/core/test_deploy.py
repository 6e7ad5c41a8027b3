"""A production configuration passes Django's deploy checks and ours, with the variables that
docs/deploy.md documents; every page is served under a CSP without inline scripts."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "dichvucong.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://dichvucong.example.vn",
    "MOTCUA_HTTPS": "1",
    "MOTCUA_HSTS_INCLUDE_SUBDOMAINS": "1",
    "MOTCUA_HSTS_PRELOAD": "1",
    "MOTCUA_PROXY_SSL_HEADER": "X-Forwarded-Proto: https",
    "MOTCUA_PAYMENT_GATEWAY_URL": "https://pay.example.vn/checkout",
}


def check_deploy(**env: str) -> subprocess.CompletedProcess:
    # The suite's own switches (the test gateway, async-unsafe ORM calls beside Playwright) are
    # not a deployment's.
    test_only = (
        "MOTCUA_PAYMENT",
        "MOTCUA_SIGNING_TEST_CA",
        "SECRET",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DEBUG",
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith(test_only)}
    return subprocess.run(
        [sys.executable, "-m", "motcua.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_documented_production_configuration_is_clean():
    result = check_deploy(**PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_a_configuration_without_https_or_with_test_aids_is_not():
    plain = check_deploy(SECRET_KEY=PRODUCTION["SECRET_KEY"])
    assert plain.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012"):
        assert warning in plain.stderr
    sandbox = check_deploy(
        **(PRODUCTION | {"MOTCUA_PAYMENT_GATEWAY_URL": ""}), MOTCUA_PAYMENT_SANDBOX="1"
    )
    assert sandbox.returncode != 0 and "motcua.E001" in sandbox.stderr
    test_keys = check_deploy(**PRODUCTION, MOTCUA_SIGNING_TEST_CA="1")
    assert test_keys.returncode != 0 and "motcua.E003" in test_keys.stderr
    keyless = check_deploy(**{k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"})
    assert keyless.returncode != 0 and "motcua.E002" in keyless.stderr


def test_no_page_runs_inline_scripts(client):
    for url in ("/", "/portal/", "/accounts/login/", "/api/v1/docs/"):
        policy = client.get(url)["Content-Security-Policy"]
        scripts = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
        assert "unsafe-inline" not in scripts, url
        assert "frame-ancestors 'none'" in policy
