"""Steps that several journeys share: logging in, dates as a clerk types them, waiting for a
feature that is still on another branch."""

import pytest
from playwright.sync_api import expect

from registry import jalali
from tests.browser.seed import PASSWORD


def login(page, username, password=PASSWORD):
    """Log in through the real login form; the admin's index opens."""
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#user-tools")).to_be_visible()


def typed_date(value):
    """A date as a clerk types it: Jalali, in Persian digits (۱۴۰۵/۰۹/۰۵)."""
    return jalali.format_date(value, digits="persian")


def skip_unless_merged(page, path, feature):
    """Skip a journey whose feature is still on another branch: `path` must answer this user 200.

    (A missing admin view answers 404, or a redirect to the index for an unknown object; delete
    the call once the feature is on main, so that a broken page fails instead of skipping.)
    """
    status = page.request.get(path, max_redirects=0).status
    if status != 200:
        pytest.skip(f"{feature} is not merged yet: GET {path} answered {status}")
