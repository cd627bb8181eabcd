"""An idle mine goes back to work through an auction, every step taken with the admin's buttons:
a draft with one lot, publish, two bids, close, award, the winner's contract; the mine is active
with the winner as its operator."""

import datetime

import pytest
from playwright.sync_api import expect

from registry import jalali
from tests.browser.seed import SEED_MINE_LICENCE, SEED_MINE_NAME
from tests.browser.steps import login, typed_date

pytestmark = pytest.mark.browser


def take_step(page, label, done):
    """Press a lifecycle button of the auction page, read what it will do, confirm, read the outcome."""
    step = page.locator(".lifecycle-steps li", has_text=label)
    explanation = step.locator(".step-explanation").inner_text()
    step.locator("a.button").click()
    expect(page.locator(".step-explanation")).to_have_text(explanation)
    page.locator("#content-main form [type=submit]").click()
    expect(page.locator(".messagelist .success")).to_have_text(done)


def record_bid(page, national_id, name, amount, submitted_on):
    page.locator("#lots-and-bids a.button", has_text="ثبت پیشنهاد").click()
    page.locator("#id_bidder_national_id").fill(national_id)
    page.locator("#id_bidder_name").fill(name)
    page.locator("#id_amount_rials").fill(amount)
    page.locator("#id_deposit_paid").check()
    page.locator("#id_submitted_on").fill(typed_date(submitted_on))
    page.locator("#content-main [type=submit]").click()
    expect(page.locator(".messagelist .success")).to_have_text("پیشنهاد ثبت شد.")


def test_an_idle_mine_goes_through_an_auction_to_active(page):
    day = jalali.today()
    login(page, "clerk")
    page.goto("/admin/registry/auction/add/")
    page.locator("#id_number").fill("AU-BROWSER-1")
    page.locator("#id_title").fill("مزایده معادن راکد سقز")
    # The bidding is already over: bids must be dated by the deadline, the award comes after it.
    page.locator("#id_announced_on").fill(typed_date(day - datetime.timedelta(days=40)))
    page.locator("#id_bid_deadline").fill(typed_date(day - datetime.timedelta(days=10)))
    page.locator("#id_opening_on").fill(typed_date(day - datetime.timedelta(days=5)))

    page.locator("#lots-group .add-row a").click()
    lot = page.locator("#lots-0")
    lot.locator(".field-lot_number input").fill("۱")
    # The mine picker searches idle mines as the clerk types.
    lot.locator(".field-mine .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(SEED_MINE_LICENCE)
    page.locator(".select2-results__option", has_text=SEED_MINE_NAME).click()
    expect(lot.locator(".field-mine .select2-selection__rendered")).to_contain_text(SEED_MINE_NAME)
    # Copied from a report, with Persian thousands separators.
    lot.locator(".field-base_price_rials input").fill("۱٬۰۰۰٬۰۰۰٬۰۰۰")
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("AU-BROWSER-1")
    expect(page.locator(".field-status .readonly")).to_have_text("پیش‌نویس")

    take_step(page, "انتشار مزایده", "مزایده منتشر شد.")
    expect(page.locator(".field-status .readonly")).to_have_text("منتشرشده")
    record_bid(page, "0499370899", "شرکت معدنی زاگرس", "1200000000", day - datetime.timedelta(days=20))
    record_bid(page, "0790419904", "شرکت سنگ آبیدر", "۱۵۰۰۰۰۰۰۰۰", day - datetime.timedelta(days=15))
    expect(page.locator("#lot-1 tbody tr")).to_have_count(2)

    take_step(page, "پایان دریافت پیشنهاد", "دریافت پیشنهاد برای مزایده پایان یافت.")
    take_step(page, "واگذاری قطعه‌ها", "مزایده تعیین تکلیف شد: واگذارشده است.")
    expect(page.locator("#lot-1 tr.winning-bid")).to_contain_text("شرکت سنگ آبیدر")

    page.locator("#lots-and-bids a.button", has_text="امضای قرارداد برنده").click()
    # The contract is dated today, which the form offers.
    expect(page.locator("#id_signed_on")).to_have_value(typed_date(day))
    page.locator("#content-main [type=submit]").click()
    expect(page.locator(".messagelist .success")).to_have_text("قرارداد امضا شد؛ معدن با بهره‌بردار تازه‌اش فعال است.")
    expect(page.locator(".lifecycle-steps")).to_have_count(0)

    page.goto("/admin/registry/mine/")
    page.locator("#searchbar").fill(SEED_MINE_LICENCE)
    page.locator("#searchbar").press("Enter")
    mine = page.locator("#result_list tbody tr")
    expect(mine).to_have_count(1)
    expect(mine.locator(".field-status")).to_have_text("فعال")
    expect(mine.locator(".field-operator_name")).to_have_text("شرکت سنگ آبیدر")


def test_a_clerk_types_a_price_in_persian_digits_and_sees_it_grouped(page, new_page, app):
    login(page, "clerk")
    page.goto("/admin/registry/auction/add/")
    deposit = page.locator("#id_deposit_rials")
    deposit.fill("")
    deposit.press_sequentially("۳۰۰۰۰۰۰۰۰")
    expect(deposit).to_have_value("۳۰۰٬۰۰۰٬۰۰۰")
    page.locator("#lots-group .add-row a").click()
    price = page.locator("#lots-0 .field-base_price_rials input")
    # An English keyboard's digits are shown in the page's digits as they come.
    price.press_sequentially("2100000")
    expect(price).to_have_value("۲٬۱۰۰٬۰۰۰")
    price.press_sequentially("۰۰۰")
    expect(price).to_have_value("۲٬۱۰۰٬۰۰۰٬۰۰۰")
    # A digit deleted in the middle regroups what is left, the caret staying where it was.
    price.press("Home")
    price.press("ArrowRight")
    price.press("Backspace")
    expect(price).to_have_value("۱۰۰٬۰۰۰٬۰۰۰")
    price.press_sequentially("۵")
    expect(price).to_have_value("۵٬۱۰۰٬۰۰۰٬۰۰۰")

    english = new_page()
    english.context.add_cookies([{"name": "django_language", "value": "en", "url": app.origin}])
    login(english, "clerk")
    english.goto("/admin/registry/auction/add/")
    english.locator("#id_deposit_rials").fill("")
    english.locator("#id_deposit_rials").press_sequentially("۷۲۰۰۰۰۰")
    expect(english.locator("#id_deposit_rials")).to_have_value("7,200,000")
