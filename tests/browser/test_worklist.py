"""A clerk's day starts on the worklist (کارتابل): after logging in the clerk sees what is late in
their counties, each kind's count leads to the list of exactly those records, and an overdue
obligation leads to its producer; the same in English."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.steps import login

pytestmark = pytest.mark.browser

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
LATIN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")

TEXTS = {
    "fa": {"title": "کارتابل", "overdue": "الزام‌های معوق اخذ شناسه کالا", "late": "روز تأخیر",
           "filter": "کارتابل", "state": "معوق"},
    "en": {"title": "Worklist", "overdue": "Overdue goods-ID obligations", "late": "days late",
           "filter": "worklist", "state": "overdue"},
}


@pytest.mark.parametrize("language", ["fa", "en"])
def test_clerk_follows_an_overdue_obligation_to_its_producer(page, language):
    text = TEXTS[language]
    login(page, "clerk")
    if language == "en":
        page.locator("#user-tools .language-switch button").click()
    expect(page).to_have_url("/worklist/")
    expect(page.locator("#content h1")).to_have_text(text["title"])
    expect(page.locator("#worklist-link")).to_have_text(re.compile(re.escape(text["title"]) + r" \(.+\)"))

    group = page.locator("#obligation_overdue")
    expect(group.locator("h2")).to_contain_text(text["overdue"])
    rows = group.locator("tbody tr")
    expect(rows.first.locator(".lateness")).to_contain_text(text["late"])
    shown = rows.count()
    assert shown >= 2  # the demo's two home-appliance producers past their deadline
    page.screenshot(path=ARTIFACTS / f"worklist-{language}.png", full_page=True)

    # The count is a link to the list of exactly those obligations, the filter in sight.
    count = group.locator("h2 a.count")
    expect(count).to_have_text(str(shown).translate(PERSIAN_DIGITS) if language == "fa" else str(shown))
    count.click()
    expect(page).to_have_url(re.compile(r"/admin/registry/obligation/\?worklist=obligation_overdue"))
    expect(page.locator("#result_list tbody tr")).to_have_count(shown)
    expect(page.locator("#changelist-filter li.selected", has_text=text["overdue"])).to_be_visible()
    page.go_back()

    record = rows.first.locator("td a").first
    # A number in a Persian name reads in the page's digits; the name box holds it as stored.
    producer = record.inner_text().split(" — ")[0].translate(LATIN_DIGITS)
    record.click()
    expect(page).to_have_url(re.compile(r"/admin/registry/producer/\d+/change/"))
    expect(page.locator("#id_name")).to_have_value(producer)
    # Its compliance summary names the overdue obligation the worklist showed.
    expect(page.locator(".field-compliance_summary")).to_contain_text(text["state"])
