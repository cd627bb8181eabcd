"""An idle mine goes back to work through an auction, every step taken with the admin's buttons:
a draft with one lot, publish, two bids, close, award, the winner's contract; the mine is active
with the winner as its operator. Second chances: a winner who withdraws leaves the lot to the
runner-up; a lot that failed is offered again 10 % lower and, after its second auction, its mine
is active, which the supervisor's report counts as its second attempt."""

import datetime

import pytest
from playwright.sync_api import expect

from registry import jalali
from tests.browser.seed import (
    REOFFER_AUCTION,
    REOFFER_MINE_LICENCE,
    REOFFER_MINE_NAME,
    RUNNER_UP_AUCTION,
    RUNNER_UP_BIDDERS,
    SEED_MINE_LICENCE,
    SEED_MINE_NAME,
)
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


def fill_auction(page, number, title, announced_days_ago):
    """Type a new auction's terms: announced so many days ago, its bidding over 10 days ago (bids
    must be dated by the deadline, the award comes after it), opened 5 days ago."""
    day = jalali.today()
    page.locator("#id_number").fill(number)
    page.locator("#id_title").fill(title)
    for field, days_ago in (("announced_on", announced_days_ago), ("bid_deadline", 10), ("opening_on", 5)):
        page.locator(f"#id_{field}").fill(typed_date(day - datetime.timedelta(days=days_ago)))


def sign_the_winners_contract(page):
    page.locator("#lots-and-bids a.button", has_text="امضای قرارداد برنده").click()
    # The contract is dated today, which the form offers.
    expect(page.locator("#id_signed_on")).to_have_value(typed_date(jalali.today()))
    page.locator("#content-main [type=submit]").click()
    expect(page.locator(".messagelist .success")).to_have_text("قرارداد امضا شد؛ معدن با بهره‌بردار تازه‌اش فعال است.")


def test_an_idle_mine_goes_through_an_auction_to_active(page):
    day = jalali.today()
    login(page, "clerk")
    page.goto("/admin/registry/auction/add/")
    fill_auction(page, "AU-BROWSER-1", "مزایده معادن راکد سقز", announced_days_ago=40)

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

    sign_the_winners_contract(page)
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


def open_auction(page, number):
    page.goto(f"/admin/registry/auction/?q={number}")
    page.locator("#result_list tbody tr a[href*='/change/']").first.click()
    expect(page.locator("#lots-and-bids")).to_be_visible()


def test_a_lot_whose_winner_withdraws_goes_to_the_runner_up(page, new_page, app):
    winner, runner_up = RUNNER_UP_BIDDERS
    login(page, "clerk")
    open_auction(page, RUNNER_UP_AUCTION)
    expect(page.locator("#lot-1 tr.winning-bid")).to_contain_text(winner)

    page.locator("#lots-and-bids a.step-runner_up").click()
    expect(page.locator(".step-explanation")).to_contain_text("پیشنهاد برنده همراه با سپرده‌اش ضبط می‌شود")
    expect(page.locator(".step-details")).to_contain_text(f"نفر دوم: {runner_up}، ۱٬۳۰۰٬۰۰۰٬۰۰۰ ریال")
    # The winner has until 15 days from now: a contract not signed in time is not a reason yet, so the
    # form does not offer it (the service would refuse it); the withdrawal is the one reason, chosen.
    expect(page.locator("input[name=reason]")).to_have_count(1)
    expect(page.locator("input[name=reason][value=withdrew]")).to_be_checked()
    expect(page.locator("#id_forfeited_on")).to_have_value(typed_date(jalali.today()))
    page.locator("#content-main form [type=submit]").click()
    expect(page.locator(".messagelist .success")).to_contain_text(f"قطعه به نفر دوم، {runner_up}، رسید")
    expect(page.locator("#lot-1 tr.winning-bid")).to_contain_text(runner_up)
    expect(page.locator("#lot-1 tr.forfeited-bid")).to_contain_text("ضبط شد (انصراف برنده)")

    sign_the_winners_contract(page)
    expect(page.locator("#lots-and-bids a.step-runner_up")).to_have_count(0)

    english = new_page()
    english.context.add_cookies([{"name": "django_language", "value": "en", "url": app.origin}])
    login(english, "clerk")
    open_auction(english, RUNNER_UP_AUCTION)
    expect(english.locator("#lot-1 tr.forfeited-bid")).to_contain_text("(the winner withdrew)")


def test_a_failed_lot_is_offered_again_ten_percent_lower_and_its_mine_ends_active(page, new_page, app):
    day = jalali.today()
    login(page, "clerk")
    open_auction(page, REOFFER_AUCTION)
    page.locator("#lots-and-bids a.step-reoffer").click()
    expect(page.locator(".step-details")).to_contain_text("قیمت پایه با ۱۰ درصد کاهش (ریال): ۹۰۰٬۰۰۰٬۰۰۰")
    expect(page.locator("#id_reduction_percent")).to_have_value("۱۰")
    # A new draft auction, announced after the failed one closed to bids.
    fill_auction(page, "BROWSER-AU-AGAIN", "تجدید مزایده معدن بی‌خریدار", announced_days_ago=60)
    page.locator("#content-main form [type=submit]").click()
    expect(page.locator(".messagelist .success")).to_have_text(
        "معدن در قطعه ۱ مزایده BROWSER-AU-AGAIN با قیمت پایهٔ ۹۰۰٬۰۰۰٬۰۰۰ ریال دوباره عرضه شد.")
    expect(page.locator("#lot-1 caption")).to_contain_text(f"پس از بی‌نتیجه ماندن قطعه {REOFFER_AUCTION} / 1")

    take_step(page, "انتشار مزایده", "مزایده منتشر شد.")
    record_bid(page, "0499370899", "شرکت معدنی دور دوم", "950000000", day - datetime.timedelta(days=20))
    take_step(page, "واگذاری قطعه‌ها", "مزایده تعیین تکلیف شد: واگذارشده است.")
    sign_the_winners_contract(page)
    page.goto(f"/admin/registry/mine/?q={REOFFER_MINE_LICENCE}")
    expect(page.locator("#result_list tbody tr .field-status")).to_have_text("فعال")

    # The supervisor sees how many tries it took, and follows them to the two lots.
    for language in ("fa", "en"):
        reader = new_page()
        reader.context.add_cookies([{"name": "django_language", "value": language, "url": app.origin}])
        login(reader, "supervisor")
        reader.goto("/reports/auctions/")
        row = reader.locator(".report-table tbody tr", has_text=REOFFER_MINE_NAME)
        expect(row.locator("td").nth(3)).to_have_text("۲" if language == "fa" else "2")
        if language == "fa":
            row.locator("td").nth(3).locator("a").click()
            expect(reader.locator("#result_list tbody tr")).to_have_count(2)
            expect(reader.locator("#changelist-filter")).to_contain_text("BROWSER-AU-AGAIN / 1")
