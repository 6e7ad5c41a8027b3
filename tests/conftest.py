"""Suite-wide fixtures and the rules that make every test run.

* The suite runs twice: on SQLite and on PostgreSQL (``make test``). Tests marked ``postgres`` need
  PostgreSQL's behaviour and are *deselected* (not skipped) on the SQLite pass.
* With ``CI=true`` a skipped test fails the run: in CI nothing may be skipped for a missing service.
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by tests
# next to it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def database_vendor() -> str:
    return "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"


def pytest_report_header(config) -> str:
    return f"motcua database: {database_vendor()}"


def pytest_configure(config) -> None:
    # The suite pays through the test gateway however it is started (tests of a deployment
    # without it turn it off themselves).
    settings.PAYMENT_SANDBOX = True
    # Results are signed by the test authority, made once per run in a folder of its own.
    import tempfile

    settings.SIGNING_TEST_CA = True
    settings.SIGNING_DIR = tempfile.mkdtemp(prefix="motcua-signing-")
    settings.SIGNING_TRUST_DIR = os.path.join(settings.SIGNING_DIR, "trust")
    # Every read made for the reference cache is checked against the registered tables.
    settings.MOTCUA_REFERENCE_GUARD = True
    # The sender command lowers its own priority; in the suite it runs in the test process.
    settings.NATIONAL = {**settings.NATIONAL, "NICE": 0}


def pytest_collection_modifyitems(config, items) -> None:
    if database_vendor() == "postgresql":
        return
    kept, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("postgres") else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def pytest_sessionfinish(session, exitstatus) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if IN_CI and skipped and exitstatus == 0:
        reporter.write_line(
            f"CI: {skipped} test(s) skipped; nothing may be skipped in CI", red=True
        )
        session.exitstatus = 1


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo province once into the test database, and make it part of what a
    ``serialized_rollback`` test (and every browser test) gets back afterwards."""
    from django.core.management import call_command
    from django.db import connections

    with django_db_blocker.unblock():
        # The procedure catalog of the demo (31 decisions) is loaded only by the tests that
        # need it (tests/catalog/test_demo.py): it takes most of a minute.
        call_command("load_demo", "--no-catalog", stdout=open(os.devnull, "w"))  # noqa: SIM115
        for connection in connections.all():
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def demo(db):
    """The demo province (Bắc Kạn 2023: territory, agencies, staff), loaded once per session by
    ``django_db_setup``."""


@pytest.fixture
def page(live_server):
    """A page in headless Debian Chromium through Playwright.

    Playwright's sync API runs an asyncio loop in this thread, and while it runs Django hands out
    context-local database connections. Starting and stopping it inside each test keeps the loop
    away from the database set-up and tear-down of the next test (serialized rollback included).
    """
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"Chromium not found at {CHROMIUM}: browser tests cannot be skipped in CI")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield page
        context.close()
        browser.close()
        # Connections opened by the test while the loop ran are context-local: close them here,
        # or PostgreSQL refuses to drop the test database at the end of the session.
        from django.db import connections

        connections.close_all()
