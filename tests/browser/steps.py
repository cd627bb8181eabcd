"""Steps that several journeys share: logging in, and dates as a clerk types them."""

from playwright.sync_api import expect

from registry import jalali
from tests.browser.seed import PASSWORD


def login(page, username, password=PASSWORD):
    """Log in through the real login form; the user's starting page opens (a clerk's worklist)."""
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#user-tools")).to_be_visible()


def typed_date(value):
    """A date as a clerk types it: Jalali, in Persian digits (۱۴۰۵/۰۹/۰۵)."""
    return jalali.format_date(value, digits="persian")

