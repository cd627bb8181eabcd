"""Every admin page each kind of user can reach opens cleanly: no request leaves the app, nothing
breaks the Content-Security-Policy, no script fails (the page watch of conftest.py checks), and
nothing scrolls sideways in a 1,366 px window, in Persian or in English."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import login

pytestmark = pytest.mark.browser

OTHER_PAGES = ("/admin/audit/", "/admin/two-factor/", "/admin/password_change/")
# The records with the most rows in their inlines (the widest pages): each list sorted by the
# column that counts them, most first.
FULLEST = {"/admin/registry/producer/": "products_count", "/admin/registry/estate/": "units_count",
           "/admin/registry/auction/": "lots_count"}


def sideways(page):
    """How far the page scrolls sideways (0 when it fits the window)."""
    return page.evaluate("document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")


@pytest.mark.parametrize(("username", "language"), [
    ("clerk", "fa"), ("supervisor", "fa"), ("admin", "fa"), ("clerk", "en"),
])
def test_every_admin_page_opens_cleanly_and_fits_the_window(page, app, username, language):
    """The index, each change list and add form on it, the first record of each list (and the
    fullest producer, estate and auction) with its history, and the other pages of the header."""
    page.context.add_cookies([{"name": "django_language", "value": language, "url": app.origin}])
    login(page, username)
    page.goto("/admin/")  # (supervisors land on the reports)
    too_wide = {"/admin/": sideways(page)}
    links = page.eval_on_selector_all("#content-main a[href^='/admin/']", "links => links.map(a => a.pathname)")
    assert len(links) > 10
    opened = 0
    for path in (*sorted(set(links)), *OTHER_PAGES):
        assert page.goto(path).status == 200, path
        too_wide[path] = sideways(page)
        opened += 1
        for most_first in (False, True) if path in FULLEST else (False,):
            page.goto(path)
            if most_first:
                ascending = page.locator(f"th.column-{FULLEST[path]} .text a").get_attribute("href")
                page.goto(path + ascending.replace("o=", "o=-"))
            first_record = page.locator("#result_list tbody tr a[href*='/change/']").first
            if not first_record.count():
                continue
            first_record.click()
            expect(page.locator("#content h1")).to_be_visible()
            too_wide[page.url] = sideways(page)
            page.locator("a.historylink").click()
            expect(page.locator("#content h1")).to_be_visible()
            too_wide[page.url] = sideways(page)
            opened += 2
    assert opened > 30
    assert {path: width for path, width in too_wide.items() if width > 0} == {}


def test_a_clerk_types_an_area_and_a_tonnage_in_persian_digits_and_sees_them_grouped(page, new_page, app):
    login(page, "clerk")
    page.goto("/admin/registry/estate/add/")
    area = page.locator("#id_total_area_m2")
    area.press_sequentially("1250000.5")
    expect(area).to_have_value("۱٬۲۵۰٬۰۰۰٫۵")
    page.goto("/admin/registry/shipment/add/")
    tonnes = page.locator("#id_quantity_tonnes")
    tonnes.press_sequentially("۱۲۳۴۵٫۶۷۸")
    expect(tonnes).to_have_value("۱۲٬۳۴۵٫۶۷۸")

    english = new_page()
    english.context.add_cookies([{"name": "django_language", "value": "en", "url": app.origin}])
    login(english, "clerk")
    english.goto("/admin/registry/mine/add/")
    english.locator("#id_capacity_tonnes").fill("")
    english.locator("#id_capacity_tonnes").press_sequentially("۲۵۰۰۰٫۵")
    expect(english.locator("#id_capacity_tonnes")).to_have_value("25,000.5")
