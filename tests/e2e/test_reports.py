"""A province leader reads the dashboard and follows a figure down to the dossier behind it."""

import pytest
from playwright.sync_api import expect

from tests.catalog.conftest import sample_subset  # noqa: F401 - fixtures
from tests.dossiers.conftest import published, receive, stp  # noqa: F401
from tests.e2e.test_one_stop import sign_in
from tests.reports.test_statistics import month  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_leader_follows_a_late_figure_to_its_dossier(page, live_server, month):  # noqa: F811
    late = month["late"]
    sign_in(page, live_server, "stp.lanhdao", "/bao-cao/?period=2023-04")
    # April: one resolved late — the form's figure is a link to the list behind it.
    page.get_by_test_id("behind-resolved_late").click()
    expect(page.get_by_test_id("behind-count")).to_have_text("1 hồ sơ")
    expect(page.get_by_test_id("behind")).to_contain_text(late.code)
    page.get_by_role("link", name=late.code).click()
    expect(page.locator("h1")).to_contain_text(late.code)
    # Back on the dashboard, indicator 2.1's denominator lists every dossier handled.
    page.go_back()
    page.go_back()
    page.locator("summary", has_text="Từng chỉ số").click()
    row = page.locator('tr[data-indicator="2.1"]')
    denominator = row.locator("td").nth(2)
    count = denominator.inner_text()
    denominator.get_by_role("link").click()
    expect(page.get_by_test_id("behind-count")).to_have_text(f"{count} hồ sơ")
