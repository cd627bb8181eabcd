"""Persian first, English second: Persian whatever the browser prefers, and the button in the
header switches the whole page, direction included, and back; the choice outlives the page."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import login

pytestmark = pytest.mark.browser


def expect_language(page, lang, direction, heading):
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == direction
    assert page.evaluate("getComputedStyle(document.querySelector('#content')).direction") == direction
    expect(page.locator("#content h1")).to_have_text(heading)


def test_language_switch_to_english_and_back(new_page):
    # Persian first even in an English browser, until the user asks for English.
    page = new_page(locale="en-US")
    login(page, "clerk")
    page.goto("/admin/registry/mine/")
    expect_language(page, "fa", "rtl", "معدن را برای تغییر انتخاب کنید")

    page.locator("#user-tools .language-switch button").click()
    expect(page).to_have_url("/admin/registry/mine/")
    expect_language(page, "en", "ltr", "Select mine to change")
    expect(page.locator("#user-tools .language-switch button")).to_have_text("فارسی")
    # Another page keeps the language chosen.
    page.goto("/admin/")
    expect_language(page, "en", "ltr", "Registry of the directorate")

    page.locator("#user-tools .language-switch button").click()
    expect_language(page, "fa", "rtl", "سامانه ثبت اداره کل")
    expect(page.locator("#user-tools .language-switch button")).to_have_text("English")
