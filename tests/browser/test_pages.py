"""Every admin page each kind of user can reach opens cleanly: no request leaves the app, nothing
breaks the Content-Security-Policy, no script fails (the page watch of conftest.py checks)."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import login

pytestmark = pytest.mark.browser

OTHER_PAGES = ("/admin/audit/", "/admin/two-factor/", "/admin/password_change/")


@pytest.mark.parametrize("username", ("clerk", "supervisor", "admin"))
def test_every_admin_page_opens_cleanly(page, username):
    """Each change list and add form on the index, the first record of each list and its history."""
    login(page, username)
    page.goto("/admin/")
    links = page.eval_on_selector_all("#content-main a[href^='/admin/']", "links => links.map(a => a.pathname)")
    assert len(links) > 10
    opened = 0
    for path in (*sorted(set(links)), *OTHER_PAGES):
        assert page.goto(path).status == 200, path
        opened += 1
        first_record = page.locator("#result_list tbody tr a[href*='/change/']").first
        if first_record.count():
            first_record.click()
            expect(page.locator("#content h1")).to_be_visible()
            page.locator("a.historylink").click()
            expect(page.locator("#content h1")).to_be_visible()
            opened += 2
    assert opened > 30
