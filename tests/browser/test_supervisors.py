"""A supervisor reads everything and changes nothing: an add form is refused with a Persian 403
page, and a record opens read-only, its licences too."""

import pytest
from playwright.sync_api import expect

from tests.browser.seed import SEED_PRODUCER_NAME
from tests.browser.steps import login

pytestmark = pytest.mark.browser


def test_supervisor_cannot_reach_an_add_form(page, watch):
    login(page, "supervisor")
    watch.expect_console_error(r"/admin/registry/producer/add/: Failed to load resource: .* 403")
    response = page.goto("/admin/registry/producer/add/")
    assert response.status == 403
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    expect(page.locator("#content h1")).to_have_text("به این صفحه دسترسی ندارید")
    expect(page.locator("#id_national_id")).to_have_count(0)
    # Still in the admin's frame: the way back, the language switch and logging out are there.
    expect(page.locator("#user-tools .language-switch button")).to_have_text("English")
    expect(page.locator("#content-main a")).to_have_attribute("href", "/admin/")


def test_supervisor_sees_read_only_change_pages(page):
    login(page, "supervisor")
    page.goto("/admin/registry/producer/")
    expect(page.locator(".object-tools .addlink")).to_have_count(0)
    page.locator("#searchbar").fill(SEED_PRODUCER_NAME)
    page.locator("#searchbar").press("Enter")
    page.locator("#result_list tbody tr .field-name a").click()

    expect(page.locator(".form-row.field-name .readonly")).to_have_text(SEED_PRODUCER_NAME)
    expect(page.locator(".form-row.field-county .readonly")).to_have_text("سنندج")
    expect(page.locator("#licences-group td.field-number")).to_contain_text("BROWSER-OP-0001")
    # Nothing to type into, nothing to press.
    expect(page.locator("#producer_form input:not([type=hidden]), #producer_form select, #producer_form textarea")
           ).to_have_count(0)
    expect(page.locator("input[name=_save], input[name=_continue], .add-row a:visible")).to_have_count(0)
    expect(page.locator(".submit-row a.closelink").first).to_be_visible()
